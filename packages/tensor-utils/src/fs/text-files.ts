// Whole-file text and JSON reading for small inputs (tables, word-pair lists, studies, settings):
// UTF-8 with a byte-order mark removed, every error naming the file. Large corpora should be
// streamed with `readLines` instead.
import { constants as bufferConstants } from 'node:buffer';
import { promises as fs } from 'node:fs';
import { FileError, fileError } from './file-errors.js';

/** `text` without a leading UTF-8 byte-order mark (which Excel and Notepad put at the start of files). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The lines of `text`, ending at `\n`, `\r\n` or a lone `\r` (as Node's readline splits them); a
 * final line ending does not add an empty line, and empty text has no lines.
 */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Throws when `head` (the first bytes of a file) starts with a UTF-16 byte-order mark: such a file
 * decoded as UTF-8 would come out as mojibake and be parsed into wrong data without an error.
 */
export function assertNotUtf16(head: Uint8Array, path: string): void {
  const bom = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (bom) {
    const bytes = `${head[0].toString(16).toUpperCase()} ${head[1].toString(16).toUpperCase()}`;
    throw new FileError(
      path,
      `${path}: is UTF-16 text (it starts with the byte-order mark ${bytes}); save it as UTF-8`,
    );
  }
}

export interface ReadTextFileOptions {
  /**
   * Refuse files larger than this many bytes (with an error suggesting `readLines`); default the
   * longest string JavaScript can hold (about 512 MiB), so a huge file or an endless device such
   * as `/dev/zero` fails with a clear message instead of exhausting memory.
   */
  maxBytes?: number;
}

const READ_CHUNK_BYTES = 1 << 16;

function tooLarge(path: string, maxBytes: number): FileError {
  return new FileError(
    path,
    `cannot read ${path}: it is larger than ${maxBytes} bytes, too large to read as one string; read it line by line with readLines`,
  );
}

/**
 * The contents of a text file as a string: decoded as UTF-8 (invalid bytes become U+FFFD), with a
 * leading byte-order mark removed. Errors name the file and say why: missing, a directory, no
 * permission, UTF-16, or too large (see `maxBytes`). Line endings are kept; `splitLines` splits
 * at `\n`, `\r\n` and `\r`.
 */
export async function readTextFile(path: string, options: ReadTextFileOptions = {}): Promise<string> {
  const { maxBytes = bufferConstants.MAX_STRING_LENGTH } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`readTextFile: options.maxBytes must be an integer >= 0; got ${maxBytes}`);
  }
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    throw fileError(error, path, 'read');
  }
  try {
    if ((await handle.stat()).size > maxBytes) throw tooLarge(path, maxBytes);
    // Read to the end rather than trusting the size: devices and pipes report 0. (A directory
    // opens, and its first read fails with EISDIR.)
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, maxBytes - total + 1));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(path, maxBytes);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    const bytes = Buffer.concat(chunks, total);
    assertNotUtf16(bytes.subarray(0, 2), path);
    return stripBom(bytes.toString('utf8'));
  } catch (error) {
    throw fileError(error, path, 'read');
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * `JSON.parse(text)`, but a syntax error names `source` (usually the file) and, where the parser
 * says, the line and column: `study.json: invalid JSON at line 3, column 7: ...`. A leading
 * byte-order mark is ignored.
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(stripBom(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = stripBom(text).slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    const detail = text.trim() === '' ? 'the text is empty' : message;
    throw new SyntaxError(`${source}: invalid JSON${where}: ${detail}`, { cause: error });
  }
}

/** Reads a JSON file (`readTextFile`, then `parseJson`): every error names the file. */
export async function readJsonFile(path: string, options: ReadTextFileOptions = {}): Promise<unknown> {
  return parseJson(await readTextFile(path, options), path);
}
