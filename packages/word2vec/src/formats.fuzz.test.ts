// Fuzz tests of the word2vec vector readers (issue #24): random vectors saved in either format load
// back bit for bit, whatever the file is called; random bytes and damaged files load to exactly what
// a plain reference reader of the format sees, or fail with a FileError naming the file, never
// another error, a hang or wrong vectors. HW7_FUZZ_RUNS=N runs more cases (default 100),
// HW7_FUZZ_SEED picks another sequence.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileError } from '@hw7/tensor-utils/base';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { fuzzTest, suiteDirectory } from '../test/support.js';
import { loadWord2VecFormat, saveWord2VecFormat } from './formats.js';
import { KeyedVectors } from './keyed-vectors.js';

const directory = suiteDirectory('w2v-formats-fuzz-');
let fileNumber = 0;

/** Words as tokenisers give them: letters (any script), apostrophes, digits; no whitespace or control characters. */
const word = fc
  .array(fc.constantFrom(..."aqzéßΩ東京09'_-"), { minLength: 1, maxLength: 8 })
  .map((characters) => characters.join(''));
const vectorsArbitrary = fc
  .record({ dim: fc.integer({ min: 1, max: 6 }), words: fc.uniqueArray(word, { maxLength: 10 }) })
  .chain(({ dim, words }) =>
    fc
      .array(fc.float({ noDefaultInfinity: false }), { minLength: words.length * dim, maxLength: words.length * dim })
      .map((values) => new KeyedVectors(words, Float32Array.from(values), dim)),
  );

/** One splice: `length` bytes at `at` replaced by `bytes` (covers flips, insertions, deletions, truncation). */
const splice = fc.record({
  at: fc.nat(),
  length: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant(1 << 20)),
  bytes: fc.uint8Array({ maxLength: 8 }),
});
type Splice = typeof splice extends fc.Arbitrary<infer T> ? T : never;

function damaged(bytes: Uint8Array, splices: Splice[]): Uint8Array {
  let result = Buffer.from(bytes);
  for (const { at, length, bytes: inserted } of splices) {
    const start = at % (result.length + 1);
    result = Buffer.concat([result.subarray(0, start), inserted, result.subarray(start + length)]);
  }
  return result;
}

type Loaded = { words: string[]; values: number[]; dim: number };

function asLoaded(vectors: KeyedVectors): Loaded {
  return { words: [...vectors.words], values: Array.from(vectors.vectors), dim: vectors.dim };
}

const CONTROL = /\p{Cc}/u;
const WHITESPACE_BYTES = new Set([0x0a, 0x0d, 0x20, 0x09]);
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Python float() on one field, or undefined. */
function pythonFloat(text: string): number | undefined {
  if (DECIMAL.test(text)) return Math.fround(Number(text));
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (['nan', '-nan'].includes(lower)) return Number.NaN;
  if (['inf', 'infinity'].includes(lower)) return Number.POSITIVE_INFINITY;
  if (['-inf', '-infinity'].includes(lower)) return Number.NEGATIVE_INFINITY;
  return undefined;
}

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Text (printable UTF-8 in the first 4 KiB after the header) or binary, as the format defines. */
function isText(body: Uint8Array): boolean {
  const sample = body.subarray(0, 4096);
  if (sample.some((byte) => byte < 0x20 && !WHITESPACE_BYTES.has(byte))) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The records of a text body: word and values per line, or undefined when one is malformed. */
function textRecords(body: Uint8Array, count: number, dim: number) {
  const text = utf8(body);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length < count) return undefined;
  const records: [string, number[]][] = [];
  for (const line of lines.slice(0, count)) {
    const [first, ...fields] = line.trimEnd().split(' ');
    const values = fields.map(pythonFloat);
    if (values.length !== dim || values.some((value) => value === undefined)) return undefined;
    records.push([first, values as number[]]);
  }
  return /[^\n\r \t]/.test(lines.slice(count).join('\n')) ? undefined : records;
}

/** The records of a binary body, or undefined when one is cut short. */
function binaryRecords(body: Uint8Array, count: number, dim: number) {
  const bytes = Buffer.from(body);
  const records: [string, number[]][] = [];
  let position = 0;
  for (let index = 0; index < count; index++) {
    const space = bytes.indexOf(0x20, position);
    if (space < 0) return undefined;
    let start = position;
    while (bytes[start] === 0x0a && start < space) start++;
    const word = utf8(bytes.subarray(start, space));
    if (word === undefined || space + 1 + 4 * dim > bytes.length) return undefined;
    records.push([word, Array.from({ length: dim }, (_, d) => bytes.readFloatLE(space + 1 + 4 * d))]);
    position = space + 1 + 4 * dim;
  }
  return bytes.subarray(position).every((byte) => WHITESPACE_BYTES.has(byte)) ? records : undefined;
}

/** What a file should load to, by the format's definition; undefined when it must be refused. */
function reference(bytes: Uint8Array): Loaded | undefined {
  // A file without a line end is all header.
  const newline = bytes.includes(0x0a) ? bytes.indexOf(0x0a) : bytes.length;
  const header = /^(\d+)\s+(\d+)$/.exec(Buffer.from(bytes.subarray(0, newline)).toString('utf8').trim());
  const [count, dim] = [Number(header?.[1]), Number(header?.[2])];
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(dim) || dim === 0) return undefined;
  const body = bytes.subarray(newline + 1);
  const records = isText(body) ? textRecords(body, count, dim) : binaryRecords(body, count, dim);
  if (records?.some(([w]) => w === '' || CONTROL.test(w))) return undefined;
  if (records === undefined) return undefined;
  const seen = new Map<string, number[]>();
  for (const [w, values] of records) if (!seen.has(w)) seen.set(w, values);
  return { words: [...seen.keys()], values: [...seen.values()].flat(), dim };
}

/** Binary records are printable (and so read as text) only by chance: float bytes that all happen to be. */
function isPrintableBinary(bytes: Uint8Array): boolean {
  return isText(bytes.subarray(bytes.indexOf(0x0a) + 1));
}

async function load(bytes: Uint8Array): Promise<{ loaded: Loaded } | { error: unknown; path: string }> {
  const path = join(directory, `case-${fileNumber++}.bin`);
  writeFileSync(path, bytes);
  try {
    return { loaded: asLoaded(await loadWord2VecFormat(path)) };
  } catch (error) {
    return { error, path };
  } finally {
    rmSync(path, { force: true });
  }
}

/** Loaded exactly as the reference reads it, or refused with a FileError naming the file when it must be. */
async function expectReferenceOrNamedError(bytes: Uint8Array): Promise<void> {
  const expected = reference(bytes);
  const outcome = await load(bytes);
  if ('loaded' in outcome) {
    expect(expected, 'a file the format refuses was loaded').toBeDefined();
    expect(outcome.loaded).toEqual(expected);
  } else {
    expect(outcome.error).toBeInstanceOf(FileError);
    expect((outcome.error as Error).message).toContain(outcome.path);
    expect(expected, `a valid file was refused: ${(outcome.error as Error).message}`).toBeUndefined();
  }
}

async function saved(vectors: KeyedVectors, binary: boolean): Promise<Uint8Array> {
  const path = join(directory, `saved-${fileNumber++}`);
  await saveWord2VecFormat(vectors, path, { binary });
  const bytes = readFileSync(path);
  rmSync(path);
  return bytes;
}

describe('loadWord2VecFormat (fuzz)', () => {
  fuzzTest(
    'random vectors saved as text or binary load back bit for bit, whatever the file is called',
    fc.asyncProperty(vectorsArbitrary, fc.boolean(), async (vectors, binary) => {
      const bytes = await saved(vectors, binary);
      fc.pre(!binary || !isPrintableBinary(bytes));
      expect(await load(bytes)).toEqual({ loaded: asLoaded(vectors) });
    }),
  );

  fuzzTest(
    'damaged files load to what the format says they hold, or are refused naming the file',
    fc.asyncProperty(
      vectorsArbitrary,
      fc.boolean(),
      fc.array(splice, { minLength: 1, maxLength: 3 }),
      async (vectors, binary, splices) => {
        await expectReferenceOrNamedError(damaged(await saved(vectors, binary), splices));
      },
    ),
  );

  fuzzTest(
    'random bytes, with or without a header, load as the format says or are refused naming the file',
    fc.asyncProperty(
      fc.option(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3 }))),
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.string({ maxLength: 64 }).map((text) => Buffer.from(text)),
      ),
      async (counts, body) => {
        const head = counts === null ? Buffer.alloc(0) : Buffer.from(`${counts[0]} ${counts[1]}\n`);
        await expectReferenceOrNamedError(Buffer.concat([head, body]));
      },
    ),
  );
});
