import { didYouMean } from './did-you-mean.js';
import { formatDuration, readDuration } from './duration.js';
import { parsePlainNumber } from './number.js';
import { parseRate } from './rate.js';
import { InputError } from '../errors.js';
import type { Stage } from '../sim/config.js';

/** What the targets of a staged profile count: arrivals per second, or active clients. */
export type StageUnit = 'rate' | 'clients';

/** A staged load profile as given on the command line: its unit and its stages. */
export interface StagedProfile {
  readonly unit: StageUnit;
  readonly stages: Stage[];
}

/** What `--stages` accepts, for the end of error messages. */
export const STAGES_FORM =
  'comma-separated <duration>:<target> or <duration>:<from>-><to>, with rates per /s, /m or /h ' +
  '(e.g. "30s:0->200/s,60s:200/s,30s:200->0/s") or client counts (e.g. "1m:0->50,2m:50,1m:0")';

/** Arrows people type for `->`. */
const ARROW_LOOKALIKES = ['=>', '→', '—>', '–>', '>', '-'];

/**
 * Parses k6-style stages: comma-separated `<duration>:<target>` or `<duration>:<from>-><to>`,
 * each a linear ramp over the duration (a hold when both ends are equal). Targets are rates with
 * a unit (`200/s`, `6000/m`, `1/h`; on the target, or on both ends; 0 allowed), converted to per
 * second, or plain non-negative integers counting clients; every stage uses the same kind. A
 * stage without `from` starts at the previous stage's target (the first at 0). Durations as
 * `parseDuration`, > 0. Surrounding whitespace is ignored. Throws `InputError` naming the value,
 * the stage at fault and the accepted form.
 *
 * @example parseStages('30s:0->200/s,60s:200/s,30s:200->0/s') // rate, 30 s ramp up, 60 s hold, 30 s down
 * @example parseStages('1m:0->50,2m:50,1m:0') // clients
 */
export function parseStages(text: string): StagedProfile {
  const fail = (problem: string): never => {
    throw new InputError(`"${text}": ${problem}`);
  };
  const pieces = text.split(',').map((piece) => piece.trim());
  if (pieces.length === 1 && pieces[0] === '') return fail(`no stages given; accepted: ${STAGES_FORM}`);

  const stages: Stage[] = [];
  let unit: StageUnit | undefined;
  let firstUnitStage = 0;
  let previous = 0;
  pieces.forEach((piece, i) => {
    const where = pieces.length === 1 ? '' : `stage ${i + 1} "${piece}": `;
    const stageFail = (problem: string): never => fail(`${where}${problem}`);
    if (piece === '') return stageFail(`an empty stage (two commas, or one at an end); accepted: ${STAGES_FORM}`);

    const colon = piece.indexOf(':');
    if (colon < 0) return stageFail(`a stage needs a duration, a colon and a target; accepted: ${STAGES_FORM}`);
    const durationText = piece.slice(0, colon).trim();
    const targetText = piece.slice(colon + 1).trim();
    const duration = readDuration(durationText);
    if (!duration.ok) return stageFail(`the duration "${durationText}" ${duration.problem}`);
    if (duration.ms === 0) return stageFail(`the duration "${durationText}" must be > 0`);

    const arrow = targetText.indexOf('->');
    if (arrow < 0) {
      const lookalike = ARROW_LOOKALIKES.find((a) => targetText.indexOf(a) > 0);
      if (lookalike !== undefined) {
        const at = targetText.indexOf(lookalike);
        const fixed = `${targetText.slice(0, at).trim()}->${targetText.slice(at + lookalike.length).trim()}`;
        return stageFail(`"${lookalike}" is not an arrow (did you mean "${fixed}"?); accepted: ${STAGES_FORM}`);
      }
    }
    const fromText = arrow < 0 ? undefined : targetText.slice(0, arrow).trim();
    const toText = arrow < 0 ? targetText : targetText.slice(arrow + 2).trim();
    if (toText === '') return stageFail(`a stage needs a target after the ${arrow < 0 ? 'colon' : 'arrow'}; accepted: ${STAGES_FORM}`);
    if (fromText === '') {
      return stageFail(`nothing before the arrow: write <from>-><to>, or <to> alone to start from the previous stage's target`);
    }
    if (toText.includes('->')) return stageFail(`one arrow per stage: <from>-><to>; accepted: ${STAGES_FORM}`);

    const stageUnit: StageUnit = toText.includes('/') ? 'rate' : 'clients';
    if (unit === undefined) {
      unit = stageUnit;
      firstUnitStage = i;
    } else if (stageUnit !== unit) {
      return stageFail(
        unit === 'rate'
          ? `no rate unit, but stage ${firstUnitStage + 1} is a rate: every stage must use the same unit (e.g. "${durationText}:${toText}/s")`
          : `a rate, but stage ${firstUnitStage + 1} counts clients: every stage must use the same unit, rates like "200/s" or client counts like "50"`,
      );
    }

    let from: number;
    let to: number;
    if (stageUnit === 'rate') {
      to = readStageRate(toText, stageFail);
      if (fromText === undefined) from = previous;
      else if (fromText.includes('/')) from = readStageRate(fromText, stageFail);
      else from = readStageRate(`${fromText}${toText.slice(toText.indexOf('/'))}`, stageFail, fromText);
    } else {
      if (fromText !== undefined && fromText.includes('/')) {
        return stageFail(`"${fromText}" has a rate unit but "${toText}" has none: put the unit on the target (e.g. "${fromText}->${toText}${fromText.slice(fromText.indexOf('/'))}")`);
      }
      to = readClients(toText, stageFail);
      from = fromText === undefined ? previous : readClients(fromText, stageFail);
    }
    stages.push({ durationMs: duration.ms, from, to });
    previous = to;
  });
  return { unit: unit ?? 'clients', stages };
}

/** Reads a rate target (per second): `parseRate`'s form, or zero with a valid unit. */
function readStageRate(text: string, fail: (problem: string) => never, shown = text): number {
  if (text.startsWith('-')) return fail(`the rate "${shown}" must not be negative`);
  const slash = text.indexOf('/');
  const number = parsePlainNumber(text.slice(0, slash).trim());
  try {
    // parseRate wants a positive rate; a stage may ramp from or to 0, with a unit all the same.
    if (number === 0) {
      parseRate(`1${text.slice(slash)}`);
      return 0;
    }
    return parseRate(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const problem = error.message.replace(/^"[^"]*": /, '');
    return fail(`the rate "${shown}": ${problem}`);
  }
}

/** Reads a client count: a plain non-negative integer. */
function readClients(text: string, fail: (problem: string) => never): number {
  if (!/^\d+$/.test(text)) {
    // "50s" or "50rps" is most likely a rate without its slash.
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text);
    const unit = match === null ? undefined : didYouMean(match[2] ?? '', ['s', 'm', 'h']);
    const hint = match === null || unit === undefined ? '' : ` (did you mean the rate "${match[1] ?? ''}/${unit}"?)`;
    return fail(`the client count "${text}" must be a non-negative integer${hint}; rates need a unit, e.g. "200/s"`);
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n)) return fail(`the client count "${text}" is too large`);
  return n;
}

/**
 * Formats stages as the canonical `--stages` shorthand that `parseStages` reads back to the same
 * stages: `<duration>:<from>-><to>` for a ramp, `<duration>:<target>` for a hold that starts
 * where the previous stage ended (the first at 0), `<duration>:<x>-><x>` for a hold after a jump.
 * Rates are written per second with `/s` on the target, e.g. `30s:0->200/s,60s:200/s,30s:200->0/s`;
 * clients as plain numbers, e.g. `1m:0->50,2m:50,1m:50->0`.
 */
export function formatStages(stages: readonly Stage[], unit: StageUnit): string {
  const suffix = unit === 'rate' ? '/s' : '';
  let previous = 0;
  return stages
    .map((stage) => {
      const target =
        stage.from === stage.to && stage.from === previous
          ? `${String(stage.to)}${suffix}`
          : `${String(stage.from)}->${String(stage.to)}${suffix}`;
      previous = stage.to;
      return `${formatDuration(stage.durationMs)}:${target}`;
    })
    .join(',');
}
