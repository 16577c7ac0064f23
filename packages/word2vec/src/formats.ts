// The word2vec vector file formats of the original C tool, which gensim's save/load_word2vec_format
// read and write: a "<count> <dim>\n" header, then one record per word, either
//   text:   word v1 v2 ... vdim\n          (values as decimal numbers)
//   binary: word<space><dim float32 LE>\n  (gensim writes no '\n' and skips it on reading)
// Files are read in chunks (any size that fits in memory as Float32Array) and written to a temporary
// sibling that is renamed into place, so a reader never sees half a file.
import { closeSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { writeFileAtomicStreaming } from '@hw7/tensor-utils/base';
import { KeyedVectors } from './keyed-vectors.js';

export interface SaveWord2VecOptions {
  /** Binary format (default: true when `path` ends with `.bin`), otherwise text. */
  binary?: boolean;
}

export interface LoadWord2VecOptions {
  /** Binary format (default: true when `path` ends with `.bin`), otherwise text. */
  binary?: boolean;
  /** Read only the first `limit` vectors (gensim's `limit`). */
  limit?: number;
}

const CHUNK_BYTES = 1 << 20;
/** Longest word or text line accepted; past it the file is surely not in the format expected. */
const MAX_RECORD_BYTES = 64 << 20;
const SPACE = 0x20;
const NEWLINE = 0x0a;

/** Saves `vectors` in word2vec text or binary format, in vocabulary order, replacing `path` atomically. */
export async function saveWord2VecFormat(
  vectors: KeyedVectors,
  path: string,
  { binary = path.endsWith('.bin') }: SaveWord2VecOptions = {},
): Promise<void> {
  const { words, dim } = vectors;
  words.forEach((word, index) => {
    if (word === '' || /\s/u.test(word)) {
      throw new Error(`cannot save word #${index} '${word}': word2vec files need non-empty words without whitespace`);
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
 * Loads a word2vec text or binary file like gensim's load_word2vec_format: words are UTF-8,
 * leading '\n's of binary words are skipped, and a repeated word keeps its first vector.
 * Throws, naming the file and the record, on a bad header, a truncated file, a text line with the
 * wrong number of values or a non-numeric value.
 */
export async function loadWord2VecFormat(
  path: string,
  { binary = path.endsWith('.bin'), limit }: LoadWord2VecOptions = {},
): Promise<KeyedVectors> {
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
  const handle = await open(path, 'r');
  try {
    const reader = new ChunkedReader(handle, path);
    const { count: declared, dim } = parseHeader(await reader.readUntil(NEWLINE), path);
    const count = Math.min(declared, limit ?? declared);
    const truncated = (index: number) =>
      fileError(path, `truncated file: the header declares ${declared} vectors but the file ends in vector #${index}`);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const decode = (bytes: Uint8Array, record: string) => {
      try {
        return decoder.decode(bytes);
      } catch {
        throw fileError(path, `${record} is not valid UTF-8`);
      }
    };

    const words: string[] = [];
    const seen = new Set<string>();
    const values = allocateMatrix(count, dim, path);
    for (let index = 0; index < count; index++) {
      const offset = words.length * dim;
      let word: string;
      if (binary) {
        const wordBytes = await reader.readUntil(SPACE);
        if (!wordBytes?.found) throw truncated(index);
        let start = 0;
        while (wordBytes.bytes[start] === NEWLINE) start++;
        word = decode(wordBytes.bytes.subarray(start), `word #${index}`);
        const vectorBytes = await reader.readExactly(dim * 4);
        if (!vectorBytes) throw truncated(index);
        for (let d = 0; d < dim; d++) values[offset + d] = vectorBytes.readFloatLE(d * 4);
      } else {
        const line = await reader.readUntil(NEWLINE);
        if (!line) throw truncated(index);
        const lineNumber = index + 2;
        // Like gensim: strip trailing whitespace (the C tool ends lines with ' \n'), split on single spaces.
        const fields = decode(line.bytes, `line ${lineNumber}`).trimEnd().split(' ');
        word = fields[0];
        if (fields.length - 1 !== dim) {
          throw fileError(
            path,
            `line ${lineNumber} ('${word}') has ${fields.length - 1} values, the header says ${dim}`,
          );
        }
        for (let d = 0; d < dim; d++) {
          const value = parseDecimal(fields[d + 1]);
          if (value === undefined) {
            throw fileError(path, `line ${lineNumber} ('${word}'): value #${d + 1} '${fields[d + 1]}' is not a number`);
          }
          values[offset + d] = value;
        }
      }
      // A repeated word keeps its first vector, like gensim: the next record overwrites this row.
      if (seen.has(word)) continue;
      seen.add(word);
      words.push(word);
    }
    const used = words.length * dim;
    return new KeyedVectors(words, used === values.length ? values : values.slice(0, used), dim);
  } finally {
    await handle.close();
  }
}

function allocateMatrix(count: number, dim: number, path: string): Float32Array {
  try {
    return new Float32Array(count * dim);
  } catch {
    throw fileError(path, `the header declares ${count} x ${dim} values, more than a Float32Array can hold`);
  }
}

function fileError(path: string, message: string): Error {
  return new Error(`${path}: ${message}`);
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
  if (!line) throw fileError(path, `empty file, expected a '<count> <dim>' header`);
  const text = line.bytes.toString('utf8').trim();
  const match = HEADER.exec(text);
  const count = Number(match?.[1]);
  const dim = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || !(Number.isSafeInteger(dim) && dim > 0)) {
    throw fileError(path, `bad header '${text.slice(0, 80)}', expected '<count> <dim>' with dim > 0`);
  }
  return { count, dim };
}

const SPECIAL_VALUES: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
  '+nan': Number.NaN,
  '-nan': Number.NaN,
};

/** Parses a decimal the way Python's float() does (including inf/nan spellings); undefined if it is none. */
function parseDecimal(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? SPECIAL_VALUES[text.toLowerCase()] : value;
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

  constructor(
    private readonly handle: FileHandle,
    private readonly path: string,
  ) {}

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
        throw fileError(this.path, `no ${what} within ${MAX_RECORD_BYTES} bytes: not a word2vec file of this kind?`);
      }
      if (!(await this.fill())) {
        if (scanned === 0) return null;
        const bytes = this.buffer.subarray(this.position);
        this.position = this.buffer.length;
        return { bytes, found: false };
      }
    }
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
    const { bytesRead } = await this.handle.read(next, unread.length, CHUNK_BYTES, null);
    this.buffer = next.subarray(0, unread.length + bytesRead);
    this.position = 0;
    if (bytesRead === 0) this.ended = true;
    return bytesRead > 0;
  }
}
