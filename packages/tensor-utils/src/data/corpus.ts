// Streaming text corpora: lines are yielded as they are read, so a multi-gigabyte (optionally
// gzipped) corpus never has to fit in memory, not even one whose text is a single line (enwik9,
// text8): lines longer than a limit come out in pieces. Gzip is detected by its magic bytes, not the
// file name, so a compressed file is decoded whatever it is called.
import { pipeline, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { errorCode, fileError } from '../fs/file-errors.js';
import { assertNotUtf16 } from '../fs/text-files.js';
import { openForReading } from './files.js';

/** The default `maxLineLength`: 1 Mi characters, a few megabytes of memory at most. */
export const DEFAULT_MAX_LINE_LENGTH = 1 << 20;

export interface ReadLinesOptions {
  /** Skip lines that are empty (after removing the line ending); default false. */
  skipEmpty?: boolean;
  /**
   * Longer lines are yielded in pieces of at most this many characters (UTF-16 code units), so
   * memory stays bounded whatever the file holds; default `DEFAULT_MAX_LINE_LENGTH` (1 Mi).
   */
  maxLineLength?: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** JavaScript's `\s` less the line breaks (which never reach a piece): where a long line may be cut. */
function isWhitespace(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0b ||
    code === 0x0c ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Splits streamed text into lines at `\n`, `\r\n` and a lone `\r` (as Node's readline does), with a
 * leading byte-order mark removed and lines longer than `maxLineLength` cut into pieces: at the last
 * whitespace character within the limit (which is dropped, so no word shorter than the limit is ever
 * split), or, in a run without whitespace, at the limit itself (never inside a surrogate pair).
 * Memory is bounded by `maxLineLength` plus one pushed chunk.
 */
export class LineSplitter {
  private pending = '';
  private atStart = true;
  /** The last chunk ended with `\r`: a `\n` starting the next one belongs to that line ending. */
  private afterCarriageReturn = false;

  constructor(private readonly maxLineLength: number = DEFAULT_MAX_LINE_LENGTH) {
    if (!Number.isSafeInteger(maxLineLength) || maxLineLength < 2) {
      throw new RangeError(`maxLineLength must be an integer >= 2; got ${maxLineLength}`);
    }
  }

  /** The lines (and pieces of long lines) that `text`, the next part of the input, completes. */
  push(text: string): string[] {
    if (this.atStart && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.atStart = false;
    }
    const out: string[] = [];
    let start = 0;
    if (this.afterCarriageReturn && text.charCodeAt(0) === 0x0a) start = 1;
    this.afterCarriageReturn = false;
    const lineBreak = /\r\n|\n|\r/g;
    lineBreak.lastIndex = start;
    for (let match = lineBreak.exec(text); match !== null; match = lineBreak.exec(text)) {
      this.pending += text.slice(start, match.index);
      this.cutPieces(out);
      out.push(this.pending);
      this.pending = '';
      start = match.index + match[0].length;
      if (match[0] === '\r' && start === text.length) this.afterCarriageReturn = true;
    }
    this.pending += text.slice(start);
    this.cutPieces(out);
    return out;
  }

  /** The last line, if the input did not end with a line ending. */
  end(): string[] {
    const last = this.pending;
    this.pending = '';
    return last === '' ? [] : [last];
  }

  private cutPieces(out: string[]): void {
    const limit = this.maxLineLength;
    while (this.pending.length > limit) {
      const text = this.pending;
      let cut = limit;
      while (cut > 0 && !isWhitespace(text.charCodeAt(cut))) cut--;
      if (cut > 0) {
        out.push(text.slice(0, cut));
        this.pending = text.slice(cut + 1);
      } else {
        // No whitespace to cut at: cut at the limit, keeping a surrogate pair whole.
        const high = text.charCodeAt(limit - 1);
        cut = high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit;
        out.push(text.slice(0, cut));
        this.pending = text.slice(cut);
      }
    }
  }
}

/** Opens `path` as a byte stream, decompressing it when it starts with the gzip magic bytes. */
async function openText(path: string): Promise<Readable> {
  const handle = await openForReading(path, 'corpus file');
  try {
    // A plain read rather than stat + ranged read: devices and pipes report size 0.
    const head = new Uint8Array(GZIP_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const gzipped = bytesRead === GZIP_MAGIC.length && GZIP_MAGIC.every((byte, i) => head[i] === byte);
    if (!gzipped) assertNotUtf16(head.subarray(0, bytesRead), path);
    // The stream closes the handle when it ends or is destroyed; pipeline forwards a read or
    // decompression error to the last stream, where iteration rethrows it.
    const file = handle.createReadStream({ start: 0 });
    return gzipped ? pipeline(file, createGunzip(), () => {}) : file;
  } catch (error) {
    await handle.close().catch(() => {});
    throw fileError(error, path, 'read');
  }
}

/**
 * Yields the lines of a plain or gzip-compressed text file: UTF-8 (invalid bytes become U+FFFD),
 * a leading byte-order mark removed, lines ending at `\n`, `\r\n` or `\r`. A line longer than
 * `options.maxLineLength` (default 1 Mi characters) is yielded in pieces, cut at whitespace where
 * possible (see `LineSplitter`), so a one-line multi-gigabyte corpus, or even `/dev/zero`, streams
 * in bounded memory. Stopping early (`break`) closes the file. Errors name the file.
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<string> {
  const { skipEmpty = false, maxLineLength = DEFAULT_MAX_LINE_LENGTH } = options;
  const splitter = new LineSplitter(maxLineLength);
  const input = await openText(path);
  const decoder = new StringDecoder('utf8');
  try {
    const chunks: AsyncIterator<Buffer> = input[Symbol.asyncIterator]();
    let done = false;
    while (!done) {
      let lines: string[];
      try {
        const next = await chunks.next();
        done = next.done === true;
        lines = done ? [...splitter.push(decoder.end()), ...splitter.end()] : splitter.push(decoder.write(next.value));
      } catch (error) {
        if (errorCode(error)?.startsWith('Z_')) {
          throw new Error(`${path}: corrupt gzip data: ${(error as Error).message}`, { cause: error });
        }
        throw fileError(error, path, 'read');
      }
      for (const line of lines) {
        if (skipEmpty && line === '') continue;
        yield line;
      }
    }
  } finally {
    input.destroy();
  }
}

/** Yields the lines of every file in `paths`, one file after another (see `readLines`). */
export async function* readCorpus(paths: readonly string[], options: ReadLinesOptions = {}): AsyncGenerator<string> {
  if (!Array.isArray(paths) || paths.length === 0) {
    throw new RangeError('readCorpus(paths) needs a non-empty array of file paths');
  }
  for (const path of paths) yield* readLines(path, options);
}
