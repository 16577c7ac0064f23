// The one error type of every hw7 command line: it prints as
// `<tool>: <what was wrong> (<argument or file>): <what was expected>`, so a user sees at once which
// argument or file to fix and how, without a stack trace.
/** 'usage': the command line is wrong (exit status 2); 'runtime': the work itself failed (exit status 1). */
export type CliErrorKind = 'usage' | 'runtime';

export interface CliErrorOptions {
  /** Default 'usage'. */
  kind?: CliErrorKind;
  /** The underlying error, shown with `--debug`. */
  cause?: unknown;
}

/**
 * A problem with an argument or a file, said in three parts: what was wrong, which argument or file,
 * and what was expected. Its message is `problem (subject): expected`; the program wrapper
 * (`runProgram`) prefixes the tool's name.
 */
export class CliError extends Error {
  override name = 'CliError';
  readonly problem: string;
  readonly subject: string;
  readonly expected: string;
  readonly kind: CliErrorKind;

  constructor(problem: string, subject: string, expected: string, { kind = 'usage', cause }: CliErrorOptions = {}) {
    super(`${problem} (${subject}): ${expected}`, cause === undefined ? undefined : { cause });
    this.problem = problem;
    this.subject = subject;
    this.expected = expected;
    this.kind = kind;
  }
}

/** Values longer than this are shortened in messages: a 1 MB bad value is not echoed whole. */
export const QUOTED_VALUE_LIMIT = 60;

/** `value` in double quotes for a message, shortened to `limit` characters with its length said. */
export function quoteValue(value: string, limit = QUOTED_VALUE_LIMIT): string {
  const json = JSON.stringify(value);
  if (value.length <= limit) return json;
  return `${JSON.stringify(value.slice(0, limit)).slice(0, -1)}..." (${value.length.toLocaleString('en-US')} characters)`;
}

/** What each common system error means, and what the user should give instead. */
const SYSTEM_ERRORS: Record<string, [problem: string, expected: string]> = {
  ENOENT: ['does not exist', 'an existing path'],
  EACCES: ['permission denied', 'a path this user may read or write'],
  EPERM: ['operation not permitted', 'a path this user may read or write'],
  EISDIR: ['is a directory', 'a file'],
  ENOTDIR: ['is not a directory', 'a directory (a component of the path is a file)'],
  EEXIST: ['already exists', 'a path that does not exist yet'],
  ENOSPC: ['no space left on the device', 'free space on the device, or an output on another device'],
  EDQUOT: ['disk quota exceeded', 'free space within the quota, or an output on another device'],
  EROFS: ['read-only file system', 'an output on a writable file system'],
  EMFILE: ['too many open files', 'a higher open-file limit (ulimit -n)'],
  ENAMETOOLONG: ['file name too long', 'a shorter path'],
};

/**
 * A Node system error (EISDIR, ENOSPC, ENOENT...) as a `CliError` naming its path, or undefined when
 * `error` is not one. Node's own messages sometimes omit the path (a write that runs out of space).
 */
export function systemErrorToCliError(error: unknown, fallbackSubject?: string): CliError | undefined {
  const { code, path, dest } = (error ?? {}) as { code?: unknown; path?: unknown; dest?: unknown };
  if (typeof code !== 'string' || !(code in SYSTEM_ERRORS)) return undefined;
  const subject = typeof path === 'string' ? path : (fallbackSubject ?? (typeof dest === 'string' ? dest : code));
  const [problem, expected] = SYSTEM_ERRORS[code];
  return new CliError(problem, subject, expected, { kind: 'runtime', cause: error });
}
