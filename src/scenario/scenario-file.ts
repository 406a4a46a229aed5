import { basename, dirname, extname } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { InputError } from '../errors.js';
import { readTextFile } from './read-text-file.js';
import { FieldProblem, readFields, type FileEntry, type FileValue, type Position } from './fields.js';
import type { RunOptions } from './resolve.js';

/** A scenario file, read and validated: a named, reproducible run. */
export interface Scenario {
  /** The file's `name`, else the file's base name without its extension. */
  readonly name: string;
  /** The file's one-line `description`, if it has one. */
  readonly description?: string;
  /** Where it came from (the path as given), for messages and reports. */
  readonly source: string;
  /** The run options the file sets (a relative `trace` already resolved against the file's directory). */
  readonly options: RunOptions;
}

/**
 * Reads a scenario file: YAML (`.yaml`, `.yml`) or JSON (`.json`; JSON is YAML too). Errors are
 * {@link InputError}s of one line, `file:line:column: field: problem`, or `file: cannot read …`.
 */
export function loadScenarioFile(path: string): Scenario {
  const text = readTextFile(path, 'scenario');

  return parseScenarioText(text, path);
}

/**
 * Parses scenario text; `source` is the file's path: it names the file in errors, gives the
 * default name and the directory a relative `trace:` is resolved against.
 */
export function parseScenarioText(text: string, source: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const locate = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const fail = (at: Position, path: string, problem: string): never => {
    throw new InputError(`${source}:${at.line}:${at.column}: ${path === '' ? '' : `${path}: `}${problem}`);
  };

  const syntax = doc.errors[0];
  if (syntax !== undefined) {
    const problem =
      syntax.code === 'MULTIPLE_DOCS'
        ? 'a scenario file holds one YAML document, but a second one starts here'
        : lowerFirst(syntax.message.replace(/\.$/, ''));
    fail(locate(syntax.pos[0]), '', `invalid YAML: ${problem}`);
  }
  if (doc.contents === null) {
    fail({ line: 1, column: 1 }, '', 'the scenario is empty; expected fields such as "capacity: 40", one per line');
  }

  let options: RunOptions;
  try {
    const root = toFileValue(doc.contents as YamlNode, '', doc, locate, new Set());
    options = readFields(root, { baseDir: dirname(source) });
  } catch (error) {
    if (error instanceof FieldProblem) fail(error.at, error.path, error.problem);
    throw error;
  }
  const name = options.name ?? basename(source, extname(source));
  return {
    name,
    ...(options.description === undefined ? {} : { description: options.description }),
    source,
    options: { ...options, name },
  };
}

/** Turns a YAML node into a {@link FileValue}; rejects what a scenario has no use for (tags, odd keys). */
function toFileValue(
  node: YamlNode | null,
  path: string,
  doc: Document,
  locate: (offset: number) => Position,
  resolving: Set<YamlNode>,
  fallback: Position = { line: 1, column: 1 },
): FileValue {
  if (node === null) return { kind: 'null', at: fallback };
  const at = node.range ? locate(node.range[0]) : fallback;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target === undefined) throw new FieldProblem(at, path, `the alias *${node.source} names no anchor`);
    if (resolving.has(target)) throw new FieldProblem(at, path, `the alias *${node.source} refers to itself`);
    resolving.add(target);
    const value = toFileValue(target, path, doc, locate, resolving, at);
    resolving.delete(target);
    return { ...value, at } as FileValue;
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return { kind: 'null', at };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, at };
    if (typeof v === 'number') return { kind: 'number', value: v, text: node.source ?? String(v), at };
    if (typeof v === 'string') return { kind: 'string', value: v, at };
    const tag = (node.tag ?? 'tagged').replace(/^tag:yaml\.org,2002:/, '!!');
    throw new FieldProblem(at, path, `a ${tag} value is not supported; write a plain number or string`);
  }
  if (isSeq(node)) {
    return {
      kind: 'list',
      items: node.items.map((item, i) => toFileValue(item as YamlNode | null, `${path}[${i}]`, doc, locate, resolving, at)),
      at,
    };
  }
  if (isMap(node)) {
    const entries: FileEntry[] = [];
    const seen = new Map<string, Position>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyAt = keyNode?.range ? locate(keyNode.range[0]) : at;
      if (!isScalar(keyNode) || (typeof keyNode.value !== 'string' && typeof keyNode.value !== 'number')) {
        throw new FieldProblem(keyAt, path, 'a key must be a plain name such as capacity');
      }
      const key = String(keyNode.source ?? keyNode.value);
      const keyPath = path === '' ? key : `${path}.${key}`;
      const first = seen.get(key);
      if (first !== undefined) throw new FieldProblem(keyAt, keyPath, `given twice (first on line ${first.line})`);
      seen.set(key, keyAt);
      const value = toFileValue(pair.value as YamlNode | null, keyPath, doc, locate, resolving, keyAt);
      entries.push({ key, keyAt, value });
    }
    return { kind: 'map', entries, at };
  }
  throw new FieldProblem(at, path, 'an unsupported YAML value');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
