// The word2vec vector file formats of the original C tool, which gensim's save/load_word2vec_format
// read and write: a "<count> <dim>\n" header, then one record per word, either
//   text:   word v1 v2 ... vdim\n          (values as decimal numbers)
//   binary: word<space><dim float32 LE>\n  (gensim writes no '\n' and skips it on reading)
// Files are read in chunks (any size that fits in memory as Float32Array), the format told from the
// content, and written to a temporary sibling that is renamed into place, so a reader never sees half
// a file.
import { closeSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { FileError, fileError, writeFileAtomicStreaming } from '@hw7/tensor-utils/base';
import { KeyedVectors } from './keyed-vectors.js';
import { parsePythonFloat } from './python-float.js';

export interface SaveWord2VecOptions {
  /** Binary format (default: true when `path` ends with `.bin`), otherwise text. */
  binary?: boolean;
}

export interface LoadWord2VecOptions {
  /**
   * The format the file must be in: binary (true) or text (false); a file in the other one is an
   * error. Default: whichever the file holds, told from its content (not its name).
   */
  binary?: boolean;
  /** Read only the first `limit` vectors (gensim's `limit`). */
  limit?: number;
}

const CHUNK_BYTES = 1 << 20;
/** Longest word or text line accepted; past it the file is surely not in the format expected. */
const MAX_RECORD_BYTES = 64 << 20;
/** How much of the file after the header tells the text format from the binary one. */
const FORMAT_SAMPLE_BYTES = 4096;
const SPACE = 0x20;
const NEWLINE = 0x0a;
/** A control character (C0, DEL, C1) other than the newlines binary readers skip before a word. */
const CONTROL_CHARACTER = /\p{Cc}/u;

/** Saves `vectors` in word2vec text or binary format, in vocabulary order, replacing `path` atomically. */
export async function saveWord2VecFormat(
  vectors: KeyedVectors,
  path: string,
  { binary = path.endsWith('.bin') }: SaveWord2VecOptions = {},
): Promise<void> {
  const { words, dim } = vectors;
  words.forEach((word, index) => {
    if (word === '' || /\s/u.test(word) || CONTROL_CHARACTER.test(word)) {
      throw new Error(
        `cannot save word #${index} ${JSON.stringify(word)}: word2vec files need non-empty words without whitespace or control characters`,
      );
    }
  });
  await writeFileAtomicStreaming(path, async (write) => {
    await write(Buffer.from(`${words.length} ${dim}\n`));
    for (let index = 0; index < words.length; index++) {
      const row = vectors.vectors.subarray(index * dim, (index + 1) * dim);
      await write(binary ? binaryRecord(words[index], row) : Buffer.from(`${words[index]} ${textValues(row)}\n`));
    }
  });
}

/**
 * Loads a word2vec text or binary file like gensim's load_word2vec_format, telling the format from
 * the content: words are UTF-8, leading '\n's of binary words are skipped, and a repeated word keeps
 * its first vector. Throws, naming the file (and the record), on anything else: a path that is not a
 * regular file, a bad header, a header declaring more vectors than the file can hold or fewer than
 * it holds, a truncated record, a text line with the wrong number of values or a non-numeric value,
 * or an empty word or one with a control character (a damaged file, or one in neither format).
 */
export async function loadWord2VecFormat(path: string, options: LoadWord2VecOptions = {}): Promise<KeyedVectors> {
  const { binary, limit } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
  if (binary !== undefined && typeof binary !== 'boolean') {
    throw new TypeError(`binary must be true, false or undefined, got ${String(binary)}`);
  }
  const handle = await openRegularFile(path);
  try {
    const reader = new ChunkedReader(handle, path, 0);
    const { count: declared, dim } = parseHeader(await reader.readUntil(NEWLINE), path);
    const body: Body = { start: reader.consumed, declared, count: Math.min(declared, limit ?? declared), dim };
    const printable = isPrintable(await reader.peek(FORMAT_SAMPLE_BYTES));
    if (binary === false && !printable) throw formatMismatch(path, 'binary', false);
    if (binary === true || !printable) {
      return await readBody(handle, path, 'binary', body).catch((error: unknown) => {
        throw binary === true && printable && error instanceof FileError ? formatMismatch(path, 'text', true) : error;
      });
    }
    // Printable: text. (Binary records are printable only by chance, for vectors of a few dimensions
    // whose float bytes all happen to be printable; binary: true reads those.)
    return await readBody(handle, path, 'text', body);
  } finally {
    await handle.close();
  }
}

async function openRegularFile(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(error, path, 'read');
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new FileError(path, `${path}: is not a regular file, expected a word2vec vectors file`);
  }
  return handle;
}

type Format = 'text' | 'binary';

/** Where the records start, how many the header declares, how many to read, and their size. */
interface Body {
  start: number;
  declared: number;
  count: number;
  dim: number;
}

/** Text records are printable UTF-8; binary ones hold float32 bytes, which almost never all are. */
function isPrintable(sample: Uint8Array): boolean {
  if (sample.some((byte) => byte < 0x20 && byte !== NEWLINE && byte !== 0x0d && byte !== 0x09)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function formatMismatch(path: string, actual: Format, binary: boolean): FileError {
  return new FileError(
    path,
    `${path}: is a word2vec ${actual} file, but it was loaded with binary: ${binary}; leave binary out to load either`,
  );
}

/** Reads the records of `body` in `format`, after checking the file is large enough to hold them. */
async function readBody(handle: FileHandle, path: string, format: Format, body: Body): Promise<KeyedVectors> {
  const { start, declared, count, dim } = body;
  await checkFileCanHold(handle, path, { headerBytes: start, count, dim, format });
  const reader = new ChunkedReader(handle, path, start);
  const records = format === 'binary' ? new BinaryRecords(reader, path, dim) : new TextRecords(reader, path, dim);
  const vectors = await readRecords(records, path, { declared, count, dim });
  if (count === declared) await checkNothingFollows(reader, path, declared);
  return vectors;
}

/** Refuses a header declaring more vectors than the file's size allows, before allocating them. */
async function checkFileCanHold(
  handle: FileHandle,
  path: string,
  { headerBytes, count, dim, format }: { headerBytes: number; count: number; dim: number; format: Format },
): Promise<void> {
  // The shortest record: a one-byte word, then ' ' and four bytes per value, or ' 0' per value.
  const recordBytes = format === 'binary' ? 2 + 4 * dim : 1 + 2 * dim;
  const needed = headerBytes + count * recordBytes;
  const { size } = await handle.stat();
  if (needed > size) {
    throw new FileError(
      path,
      `${path}: truncated file, or not a word2vec file: the header declares ${count} vectors of ${dim} values, ` +
        `which need at least ${needed} bytes in the ${format} format; the file has ${size}`,
    );
  }
}

/** Reads `count` records into vectors; a repeated word keeps its first vector, like gensim. */
async function readRecords(
  records: RecordReader,
  path: string,
  { declared, count, dim }: { declared: number; count: number; dim: number },
): Promise<KeyedVectors> {
  const words: string[] = [];
  const seen = new Set<string>();
  const values = allocateMatrix(count, dim, path);
  for (let index = 0; index < count; index++) {
    const word = await records.next(index, values.subarray(words.length * dim, (words.length + 1) * dim));
    if (word === null) {
      throw new FileError(
        path,
        `${path}: truncated file: the header declares ${declared} vectors but the file ends in vector #${index}`,
      );
    }
    if (word === '') {
      throw new FileError(
        path,
        `${path}: word #${index} is empty: a damaged file, or not in the ${records.format} word2vec format`,
      );
    }
    if (CONTROL_CHARACTER.test(word)) {
      throw new FileError(
        path,
        `${path}: word #${index} ${JSON.stringify(word.slice(0, 60))} contains a control character: a damaged file, or not in the ${records.format} word2vec format`,
      );
    }
    // A repeated word keeps its first vector: the next record overwrites this row.
    if (seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  const used = words.length * dim;
  return new KeyedVectors(words, used === values.length ? values : values.slice(0, used), dim);
}

/** Refuses records after the declared ones: the header's count would be wrong, and vectors lost. */
async function checkNothingFollows(reader: ChunkedReader, path: string, declared: number): Promise<void> {
  for (;;) {
    const rest = await reader.peek(FORMAT_SAMPLE_BYTES);
    const extra = rest.findIndex((byte) => byte !== NEWLINE && byte !== 0x0d && byte !== SPACE && byte !== 0x09);
    if (extra >= 0) {
      throw new FileError(
        path,
        `${path}: more follows the ${declared} vectors its header declares (at byte ${reader.consumed + extra}): a wrong header, or not a word2vec file`,
      );
    }
    if (rest.length < FORMAT_SAMPLE_BYTES) return;
    await reader.readExactly(rest.length);
  }
}

/** The records of one format: `next` reads record `index`'s word and fills `row`; null at the end of the file. */
abstract class RecordReader {
  abstract readonly format: Format;
  constructor(
    protected readonly reader: ChunkedReader,
    protected readonly path: string,
    protected readonly dim: number,
  ) {}

  abstract next(index: number, row: Float32Array): Promise<string | null>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array, path: string, record: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new FileError(path, `${path}: ${record} is not valid UTF-8`);
  }
}

/** `word<space><dim float32 LE>` records, '\n's before a word skipped (the C tool writes one after each). */
class BinaryRecords extends RecordReader {
  readonly format = 'binary';

  async next(index: number, row: Float32Array): Promise<string | null> {
    const wordBytes = await this.reader.readUntil(SPACE);
    if (!wordBytes?.found) return null;
    let start = 0;
    while (wordBytes.bytes[start] === NEWLINE) start++;
    const word = decodeUtf8(wordBytes.bytes.subarray(start), this.path, `word #${index}`);
    const vectorBytes = await this.reader.readExactly(this.dim * 4);
    if (!vectorBytes) return null;
    for (let d = 0; d < this.dim; d++) row[d] = vectorBytes.readFloatLE(d * 4);
    return word;
  }
}

/** `word v1 ... vdim` lines. */
class TextRecords extends RecordReader {
  readonly format = 'text';

  async next(index: number, row: Float32Array): Promise<string | null> {
    const line = await this.reader.readUntil(NEWLINE);
    if (!line) return null;
    const lineNumber = index + 2;
    // Like gensim: strip trailing whitespace (the C tool ends lines with ' \n'), split on single spaces.
    const fields = decodeUtf8(line.bytes, this.path, `line ${lineNumber}`).trimEnd().split(' ');
    const word = fields[0];
    if (fields.length - 1 !== this.dim) {
      throw new FileError(
        this.path,
        `${this.path}: line ${lineNumber} (${JSON.stringify(word.slice(0, 60))}) has ${fields.length - 1} values, the header says ${this.dim}`,
      );
    }
    for (let d = 0; d < this.dim; d++) {
      const value = parsePythonFloat(fields[d + 1]);
      if (value === undefined) {
        throw new FileError(
          this.path,
          `${this.path}: line ${lineNumber} (${JSON.stringify(word.slice(0, 60))}): value #${d + 1} ${JSON.stringify(fields[d + 1]?.slice(0, 60))} is not a number`,
        );
      }
      row[d] = value;
    }
    return word;
  }
}

function allocateMatrix(count: number, dim: number, path: string): Float32Array {
  try {
    return new Float32Array(count * dim);
  } catch {
    throw new FileError(
      path,
      `${path}: the header declares ${count} x ${dim} values, more than a Float32Array can hold`,
    );
  }
}

const HEADER = /^(\d+)\s+(\d+)$/;

/**
 * Whether writing vectors to `path` loses nothing but vectors: true when there is no file there, it
 * is empty, or it begins with a word2vec header line (`<count> <dim>`).
 */
export function holdsOnlyVectors(path: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch {
    return true;
  }
  try {
    const head = Buffer.alloc(64);
    const bytes = readSync(descriptor, head, 0, head.length, 0);
    if (bytes === 0) return true;
    const end = head.indexOf(NEWLINE);
    return end >= 0 && HEADER.test(head.subarray(0, end).toString('latin1').trim());
  } finally {
    closeSync(descriptor);
  }
}

function parseHeader(line: { bytes: Buffer } | null, path: string): { count: number; dim: number } {
  if (!line) throw new FileError(path, `${path}: empty file, expected a '<count> <dim>' header`);
  const text = line.bytes.toString('utf8').trim();
  const match = HEADER.exec(text);
  const count = Number(match?.[1]);
  const dim = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || !(Number.isSafeInteger(dim) && dim > 0)) {
    throw new FileError(
      path,
      `${path}: bad header ${JSON.stringify(text.slice(0, 80))}, expected '<count> <dim>' with dim > 0`,
    );
  }
  return { count, dim };
}

function binaryRecord(word: string, row: Float32Array): Buffer {
  const wordBytes = Buffer.from(`${word} `);
  const record = Buffer.allocUnsafe(wordBytes.length + row.length * 4 + 1);
  wordBytes.copy(record);
  for (let d = 0; d < row.length; d++) record.writeFloatLE(row[d], wordBytes.length + d * 4);
  record[record.length - 1] = NEWLINE;
  return record;
}

function textValues(row: Float32Array): string {
  return Array.from(row, shortestFloat32).join(' ');
}

/**
 * The shortest decimal that reads back as the same float32 (what numpy's repr, and so gensim,
 * writes), so text files are exact and compact. 9 significant digits always suffice for float32,
 * and if p digits read back exactly so do p+1, so shorten until it stops working.
 */
export function shortestFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Object.is(value, -0)) return '-0'; // String(-0) is '0'
  let shortest = Number(value.toPrecision(9));
  for (let digits = 8; digits >= 1; digits--) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) !== value) break;
    shortest = candidate;
  }
  return String(shortest);
}

/** Reads a file in chunks, handing out delimited records or fixed-size blocks. */
class ChunkedReader {
  private buffer = Buffer.alloc(0);
  private position = 0;
  private ended = false;
  /** The file offset of `buffer[0]`. */
  private bufferStart: number;

  /** Reads `handle` from byte `start` on. */
  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
    start: number,
  ) {
    this.bufferStart = start;
  }

  /** The file offset of the next byte to hand out. */
  get consumed(): number {
    return this.bufferStart + this.position;
  }

  /**
   * The bytes up to the next `delimiter` (which is consumed), with `found: false` for a last record
   * without it; null at the end of the file.
   */
  async readUntil(delimiter: number): Promise<{ bytes: Buffer; found: boolean } | null> {
    let scanned = 0;
    for (;;) {
      const at = this.buffer.indexOf(delimiter, this.position + scanned);
      if (at >= 0) {
        const bytes = this.buffer.subarray(this.position, at);
        this.position = at + 1;
        return { bytes, found: true };
      }
      scanned = this.buffer.length - this.position;
      if (scanned > MAX_RECORD_BYTES) {
        const what = delimiter === SPACE ? 'space' : 'newline';
        throw new FileError(
          this.path,
          `${this.path}: no ${what} within ${MAX_RECORD_BYTES} bytes: not a word2vec file, or a damaged one`,
        );
      }
      if (!(await this.fill())) {
        if (scanned === 0) return null;
        const bytes = this.buffer.subarray(this.position);
        this.position = this.buffer.length;
        return { bytes, found: false };
      }
    }
  }

  /** The next (up to) `length` bytes, without consuming them; fewer only at the end of the file. */
  async peek(length: number): Promise<Buffer> {
    while (this.buffer.length - this.position < length) {
      if (!(await this.fill())) break;
    }
    return this.buffer.subarray(this.position, this.position + length);
  }

  /** The next `length` bytes, or null when the file ends before them. */
  async readExactly(length: number): Promise<Buffer | null> {
    while (this.buffer.length - this.position < length) {
      if (!(await this.fill())) return null;
    }
    const bytes = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return bytes;
  }

  /** Appends the next chunk to the unread bytes (which move to the front); false at end of file. */
  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const unread = this.buffer.subarray(this.position);
    const next = Buffer.allocUnsafe(unread.length + CHUNK_BYTES);
    unread.copy(next);
    const { bytesRead } = await this.handle.read(
      next,
      unread.length,
      CHUNK_BYTES,
      this.bufferStart + this.buffer.length,
    );
    this.bufferStart += this.position;
    this.buffer = next.subarray(0, unread.length + bytesRead);
    this.position = 0;
    if (bytesRead === 0) this.ended = true;
    return bytesRead > 0;
  }
}
