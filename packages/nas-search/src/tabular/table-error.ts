// The one error of the table readers: what is wrong, where (the file or text, and the line), and what
// was expected; its message has the shape of the command line's errors, `problem (where): expected`.

/** A table that cannot be read, naming its source and, for a problem in one row, the line. */
export class TableError extends Error {
  override name = 'TableError';

  constructor(
    /** The file's path, or a description of the text ('CSV text'). */
    readonly source: string,
    /** 1-based line of the problem, when it lies in one row. */
    readonly line: number | undefined,
    readonly problem: string,
    readonly expected: string,
  ) {
    super(`${problem} (${line === undefined ? source : `${source}, line ${line}`}): ${expected}`);
  }
}
