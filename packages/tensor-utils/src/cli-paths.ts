// Up-front checks of the paths a command reads and writes, so that a wrong path fails before any
// work starts instead of after an hour of training: inputs exist and have the right kind, outputs
// can be written, and no output is, or lies inside, an input.
import { accessSync, constants, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { CliError } from './cli-error.js';

/** What a path argument must be. */
export type PathKind = 'file' | 'directory' | 'file-or-directory';

/**
 * What to do when an output already exists. 'overwrite' (files) / 'reuse' (directories): allowed;
 * 'refuse': an error, whatever it holds; 'refuse-non-empty' (directories): allowed only while empty.
 */
export type ExistingOutputPolicy = 'overwrite' | 'reuse' | 'refuse' | 'refuse-non-empty';

export interface PathRule {
  role: 'input' | 'output';
  kind: PathKind;
  /** Outputs only; default 'overwrite' for files and 'reuse' for directories. */
  existing?: ExistingOutputPolicy;
  /**
   * Outputs only: may lie inside an input directory (or be one), e.g. a new picture written next to the
   * checkpoints it was drawn from. Default false.
   */
  mayOverlapInputs?: boolean;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (error) {
    // ENOTDIR: a component of the path is a file, so the path does not exist either.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function kindText(kind: PathKind): string {
  return kind === 'file' ? 'a file' : kind === 'directory' ? 'a directory' : 'a file or a directory';
}

function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** Checks that `path` exists with the right kind and can be read. */
export function checkInputPath(path: string, kind: PathKind, subject: string): void {
  const stats = statOrUndefined(path);
  if (stats === undefined) throw new CliError('does not exist', subject, `an existing ${kindText(kind).slice(2)}`);
  if (kind === 'file' && !stats.isFile()) {
    throw new CliError(stats.isDirectory() ? 'is a directory' : 'is not a regular file', subject, 'a file');
  }
  if (kind === 'directory' && !stats.isDirectory()) throw new CliError('is not a directory', subject, 'a directory');
  if (!canAccess(path, constants.R_OK | (stats.isDirectory() ? constants.X_OK : 0))) {
    throw new CliError('cannot be read (permission denied)', subject, `${kindText(kind)} this user may read`);
  }
}

/** The nearest existing ancestor of `path` (itself if it exists). */
function nearestExisting(path: string): string {
  let current = resolve(path);
  while (statOrUndefined(current) === undefined) {
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return current;
}

/** Checks that `path` can be created or written as `kind` under `policy`. */
export function checkOutputPath(
  path: string,
  kind: 'file' | 'directory',
  subject: string,
  policy: ExistingOutputPolicy = kind === 'file' ? 'overwrite' : 'reuse',
): void {
  const stats = statOrUndefined(path);
  const where = kind === 'file' ? 'a file path' : 'a directory, or a path where one can be created';
  if (stats !== undefined) {
    if (kind === 'file' && stats.isDirectory()) throw new CliError('is a directory', subject, where);
    if (kind === 'directory' && !stats.isDirectory()) throw new CliError('is an existing file', subject, where);
    if (policy === 'refuse') throw new CliError('already exists', subject, `a ${kind} that does not exist yet`);
    if (policy === 'refuse-non-empty' && readdirSync(path).length > 0) {
      throw new CliError('is not empty', subject, 'an empty or new directory, so that no earlier output is mixed in');
    }
    if (!canAccess(path, constants.W_OK | (stats.isDirectory() ? constants.X_OK : 0))) {
      throw new CliError('cannot be written (permission denied)', subject, `${where} this user may write`);
    }
    return;
  }
  const ancestor = nearestExisting(dirname(resolve(path)));
  if (!statSync(ancestor).isDirectory()) {
    throw new CliError(`cannot be created: ${ancestor} is a file`, subject, where);
  }
  if (!canAccess(ancestor, constants.W_OK | constants.X_OK)) {
    throw new CliError(`cannot be created: ${ancestor} is not writable`, subject, `${where} this user may write`);
  }
}

/** The absolute path with symbolic links resolved as far as the path exists. */
export function canonicalPath(path: string): string {
  const absolute = resolve(path);
  const existing = nearestExisting(absolute);
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    // An unreadable ancestor: compare the paths as written.
  }
  const rest = relative(existing, absolute);
  return rest === '' ? real : resolve(real, rest);
}

/** True when `inner` is `outer` or lies inside it (both canonical). */
function isWithin(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

export interface NamedPath {
  subject: string;
  path: string;
  rule: PathRule;
}

/**
 * Refuses an output that is an input or lies inside an input directory: writing it could overwrite
 * the user's data. (An output directory may hold inputs, e.g. `--out .`.)
 */
export function checkOutputsApartFromInputs(paths: readonly NamedPath[]): void {
  const canonical = paths.map((entry) => ({ ...entry, canonical: canonicalPath(entry.path) }));
  const inputs = canonical.filter((entry) => entry.rule.role === 'input');
  for (const output of canonical) {
    if (output.rule.role !== 'output' || output.rule.mayOverlapInputs) continue;
    for (const input of inputs) {
      const problem =
        output.canonical === input.canonical
          ? `is also the input ${input.subject}`
          : isWithin(output.canonical, input.canonical)
            ? `lies inside the input ${input.subject}`
            : undefined;
      if (problem)
        throw new CliError(problem, output.subject, 'an output apart from every input, so no input is overwritten');
    }
  }
}
