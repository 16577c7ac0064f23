// Fuzz tests of the IDX reader: valid files of every dtype round-trip, and damaged ones (flipped,
// cut, extended bytes) give the data their bytes hold or an error naming the file, never a crash.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanError, fuzzParameters, mutatedBytes } from '../../test/fuzz-support.js';
import { encodeIdx, type IdxDtype, type IdxTensor, parseIdx, readIdxFile } from './idx.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-idx-fuzz-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const VALUES: Record<IdxDtype, fc.Arbitrary<number>> = {
  ubyte: fc.integer({ min: 0, max: 255 }),
  byte: fc.integer({ min: -128, max: 127 }),
  short: fc.integer({ min: -32768, max: 32767 }),
  int: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  float: fc.float(),
  double: fc.double(),
};

/** A random IDX tensor: any dtype, 1 to 3 dimensions of 0 to 4. */
const idxTensor: fc.Arbitrary<{ dtype: IdxDtype; shape: number[]; data: number[] }> = fc
  .record({
    dtype: fc.constantFrom<IdxDtype>('ubyte', 'byte', 'short', 'int', 'float', 'double'),
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
  })
  .chain(({ dtype, shape }) => {
    const count = shape.reduce((a, b) => a * b, 1);
    return fc.array(VALUES[dtype], { minLength: count, maxLength: count }).map((data) => ({ dtype, shape, data }));
  });

const isInteger = (dtype: IdxDtype) => dtype !== 'float' && dtype !== 'double';

/** What a successful parse promises: its shape, its element count, and data that encode back to the input. */
function expectConsistent(tensor: IdxTensor, bytes: Uint8Array): void {
  expect(tensor.data.length).toBe(tensor.shape.reduce((a, b) => a * b, 1));
  const again = encodeIdx(tensor);
  // Float NaN payloads may be canonicalised on the way, so floats are compared as decoded values.
  if (isInteger(tensor.dtype)) expect(again).toEqual(Uint8Array.from(bytes));
  else expect(parseIdx(again, 'again')).toEqual(tensor);
}

describe('IDX reader under fuzzing', () => {
  it('round-trips every dtype and shape', () => {
    fc.assert(
      fc.property(idxTensor, ({ dtype, shape, data }) => {
        const parsed = parseIdx(encodeIdx({ dtype, shape, data }), 'fuzz.idx');
        expect(parsed.dtype).toBe(dtype);
        expect(parsed.shape).toEqual(shape);
        const stored = dtype === 'float' ? Array.from(Float32Array.from(data)) : data;
        expect(Array.from(parsed.data)).toEqual(stored);
      }),
      fuzzParameters(2),
    );
  });

  it('parses damaged bytes into the data they hold, or names the file', () => {
    fc.assert(
      fc.property(
        idxTensor.chain((tensor) => mutatedBytes(encodeIdx(tensor))),
        (bytes) => {
          let tensor: IdxTensor;
          try {
            tensor = parseIdx(bytes, 'fuzz.idx');
          } catch (error) {
            expectCleanError(error, 'fuzz.idx');
            return;
          }
          expectConsistent(tensor, bytes);
        },
      ),
      fuzzParameters(5),
    );
  });

  it('reads damaged files with a limit: the first rows of what parseIdx sees, or an error naming the path', async () => {
    const path = join(directory, 'damaged-idx3-ubyte');
    await fc.assert(
      fc.asyncProperty(
        idxTensor.chain((tensor) => mutatedBytes(encodeIdx(tensor))),
        fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        async (bytes, limit) => {
          await writeFile(path, bytes);
          let whole: IdxTensor | undefined;
          try {
            whole = parseIdx(bytes, path);
          } catch {
            whole = undefined;
          }
          try {
            const read = await readIdxFile(path, { limit });
            expect(whole).toBeDefined();
            const [rows, ...rowShape] = (whole as IdxTensor).shape;
            const kept = limit === undefined ? rows : Math.min(rows, limit);
            expect(read.shape).toEqual([kept, ...rowShape]);
            expect(read.data).toEqual((whole as IdxTensor).data.subarray(0, read.data.length));
          } catch (error) {
            expect(whole).toBeUndefined();
            expectCleanError(error, path);
          }
        },
      ),
      fuzzParameters(),
    );
  });
});
