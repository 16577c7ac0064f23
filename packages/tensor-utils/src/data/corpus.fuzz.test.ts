// Fuzz tests of the corpus reader: random text (any Unicode, mixed line endings, byte-order marks,
// runs without whitespace) cut into random chunks gives exactly the lines a whole-text split gives;
// with a small line limit no character but the dropped cut whitespace is lost and no word shorter
// than the limit is split; files, plain or gzipped, read as their text.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanError, fuzzParameters, mutatedBytes } from '../../test/fuzz-support.js';
import { splitLines, stripBom } from '../fs/text-files.js';
import { LineSplitter, readLines } from './corpus.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-corpus-fuzz-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Text heavy in the characters that matter here: line endings, whitespace, BOMs, astral characters. */
const text = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('a', 'bc', 'word', 'ünï', '😀', '\u2028') },
      { weight: 3, arbitrary: fc.constantFrom(' ', '\t', '  ', '\u00a0') },
      { weight: 3, arbitrary: fc.constantFrom('\n', '\r\n', '\r', '\n\n') },
      { weight: 1, arbitrary: fc.constantFrom('\uFEFF', 'x'.repeat(40)) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** Splits `input` into chunks at the given cut points. */
function chunksOf(input: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((cut) => cut % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const point of points) {
    chunks.push(input.slice(start, point));
    start = point;
  }
  chunks.push(input.slice(start));
  return chunks;
}

function splitAll(chunks: string[], maxLineLength: number): string[] {
  const splitter = new LineSplitter(maxLineLength);
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

const WHITESPACE_RUN = /[\s\r\n]+/;

describe('LineSplitter under fuzzing', () => {
  it('gives the lines of a whole-text split, however the text is chunked', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (input, cuts) => {
        expect(splitAll(chunksOf(input, cuts), 1 << 20)).toEqual(splitLines(stripBom(input)));
      }),
      fuzzParameters(5),
    );
  });

  it('with a small limit: pieces fit, words shorter than the limit stay whole, nothing else is lost', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 2, max: 12 }), (input, cuts, limit) => {
        const pieces = splitAll(chunksOf(input, cuts), limit);
        for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(limit);
        // The characters that are not whitespace or line breaks all come out, in order.
        const ink = (value: string) => value.replace(/[\s\r\n]/g, '');
        expect(pieces.map(ink).join('')).toBe(ink(stripBom(input)));
        // Words (within lines) no longer than the limit come out as they went in.
        const words = (lines: string[]) => lines.flatMap((line) => line.split(WHITESPACE_RUN)).filter(Boolean);
        const original = words(splitLines(stripBom(input)));
        if (original.every((word) => word.length <= limit - 1)) expect(words(pieces)).toEqual(original);
      }),
      fuzzParameters(5),
    );
  });
});

describe('readLines under fuzzing', () => {
  it('reads plain and gzipped files as their text split into lines', async () => {
    const path = join(directory, 'corpus.txt');
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async (input, gzipped) => {
        const bytes = Buffer.from(input, 'utf8');
        await writeFile(path, gzipped ? gzipSync(bytes) : bytes);
        const lines: string[] = [];
        for await (const line of readLines(path)) lines.push(line);
        // Lone surrogates do not survive UTF-8: compare with the text as it was stored.
        expect(lines).toEqual(splitLines(stripBom(bytes.toString('utf8'))));
      }),
      fuzzParameters(),
    );
  });

  it('reads damaged gzip files as text, or fails naming the file', async () => {
    const path = join(directory, 'damaged.txt.gz');
    await fc.assert(
      fc.asyncProperty(
        text.chain((input) => mutatedBytes(gzipSync(Buffer.from(input, 'utf8')))),
        async (bytes) => {
          await writeFile(path, bytes);
          try {
            for await (const line of readLines(path, { maxLineLength: 64 }))
              expect(line.length).toBeLessThanOrEqual(64);
          } catch (error) {
            expectCleanError(error, path);
          }
        },
      ),
      fuzzParameters(),
    );
  });
});
