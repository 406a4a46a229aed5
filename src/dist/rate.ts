import { InputError } from '../errors.js';
import { didYouMean } from './did-you-mean.js';
import { DECIMAL, scaledDecimal } from './number.js';

/** What a rate looks like, for the end of error messages. */
export const RATE_FORM = 'a positive number per second, like 100, 100/s, 6000/m or 360000/h';

/** Seconds per unit after the slash. */
const PER: Readonly<Record<string, number>> = { s: 1, m: 60, min: 60, h: 3600 };

/**
 * Parses a rate into events per second: a positive number, optionally per unit — `100`,
 * `100/s`, `6000/m`, `6000/min`, `360000/h` (all 100 per second). Surrounding whitespace is
 * ignored. Throws `InputError` naming the value and the accepted form.
 */
export function parseRate(text: string): number {
  const fail = (problem: string): never => {
    throw new InputError(`"${text}": ${problem}`);
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) return fail('a rate must be positive');
  const match = DECIMAL.exec(trimmed);
  if (match === null) return fail(`not a rate; accepted: ${RATE_FORM}`);
  const count = scaledDecimal(match[1] ?? '', match[2], 0);
  const rest = trimmed.slice(match[0].length).trim();
  let seconds = 1;
  if (rest !== '') {
    if (!rest.startsWith('/')) return fail(`not a rate; accepted: ${RATE_FORM}`);
    const unit = rest.slice(1).trim();
    const per = PER[unit];
    if (per === undefined) {
      const match = didYouMean(unit, Object.keys(PER));
      const hint = match === undefined ? '' : ` (did you mean "/${match}"?)`;
      return fail(`unknown unit "/${unit}"${hint}; accepted: /s, /m (or /min), /h`);
    }
    seconds = per;
  }
  const perSecond = count / seconds;
  if (!Number.isFinite(perSecond)) return fail('a rate must be finite');
  if (!(perSecond > 0)) return fail('a rate must be positive');
  return perSecond;
}
