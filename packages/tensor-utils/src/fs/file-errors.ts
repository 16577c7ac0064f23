// File-system errors that name the file: Node's own messages leave the path out for some of the
// commonest failures (EISDIR on read, ENOSPC on write), which then cannot be traced to a file.

/** Plain-words reasons for the error codes people meet when reading and writing files. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'it already exists',
  EFBIG: 'the file is too large for the file system',
  EIO: 'input/output error',
  EISDIR: 'it is a directory, not a file',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ENOENT: 'no such file or directory',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a part of the path is not a directory',
  ENOTEMPTY: 'the directory is not empty',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
};

/** The `code` of a Node.js system error (`'ENOENT'`, ...), or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A failed file operation; `message` names the file and says why, `cause` is Node's own error. */
export class FileError extends Error {
  override name = 'FileError';
  /** Node's error code (`'ENOENT'`, `'ENOSPC'`, ...), when the failure came with one. */
  readonly code: string | undefined;
  constructor(
    /** The file (or directory) the operation was on. */
    readonly path: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.code = errorCode(cause);
  }
}

/**
 * A `FileError` saying `cannot <action> <path>: <reason> (<CODE>)`, e.g. `cannot read data/x.csv:
 * it is a directory, not a file (EISDIR)`. `action` is a verb phrase such as `'read'` or `'write'`.
 * The original error is the `cause` and its `code` is kept, so callers can still branch on
 * `error.code === 'ENOENT'`; a `FileError` about the same path is returned as it is.
 */
export function fileError(error: unknown, path: string, action: string): FileError {
  if (error instanceof FileError && error.path === path) return error;
  const code = errorCode(error);
  const reason =
    code !== undefined && REASONS[code] !== undefined
      ? `${REASONS[code]} (${code})`
      : error instanceof Error
        ? error.message
        : String(error);
  return new FileError(path, `cannot ${action} ${path}: ${reason}`, error);
}
