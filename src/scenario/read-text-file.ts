import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/**
 * Reads a UTF-8 file the user named, turning the usual failures into one-line InputErrors:
 * `<path>: cannot read the <what>: no such file` (or "is a directory", "permission denied").
 */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new InputError(`${path}: cannot read the ${what}: ${why}`);
  }
}
