// Fuzz tests of the CIFAR readers: random records of both data sets, damaged by flipped, cut or
// extra bytes, give exactly the images and labels the bytes hold, or an error naming the file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanError, fuzzParameters, mutatedBytes } from '../../test/fuzz-support.js';
import { type CifarData, loadCifar10, loadCifar100 } from './cifar.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-cifar-fuzz-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const PLANE = 1024;

/** The straightforward decoding the loader must agree with: labels, and planes CHW to pixels HWC. */
function referenceDecode(bytes: Uint8Array, labelBytes: number, labelIndex: number, limit?: number) {
  const recordSize = labelBytes + 3 * PLANE;
  const count = Math.min(bytes.length / recordSize, limit ?? Number.POSITIVE_INFINITY);
  const labels: number[] = [];
  const images: number[] = [];
  for (let r = 0; r < count; r++) {
    const record = bytes.subarray(r * recordSize, (r + 1) * recordSize);
    labels.push(record[labelIndex]);
    for (let p = 0; p < PLANE; p++) {
      for (let channel = 0; channel < 3; channel++) images.push(record[labelBytes + channel * PLANE + p]);
    }
  }
  return { labels, images };
}

/** 1 to 3 records with valid labels (classes per label byte) and random pixels. */
function recordsOf(classes: number[]): fc.Arbitrary<Uint8Array> {
  const record = fc
    .tuple(
      ...classes.map((count) => fc.integer({ min: 0, max: count - 1 })),
      fc.uint8Array({ minLength: 3 * PLANE, maxLength: 3 * PLANE }),
    )
    .map((parts) => Uint8Array.from([...(parts.slice(0, -1) as number[]), ...(parts.at(-1) as Uint8Array)]));
  return fc.array(record, { minLength: 1, maxLength: 3 }).map((list) => Uint8Array.from(list.flatMap((r) => [...r])));
}

/** Either the load matched the reference decoding of the same bytes, or it failed naming the file. */
async function expectExactOrClean(
  load: () => Promise<CifarData>,
  bytes: Uint8Array,
  file: string,
  labelBytes: number,
  labelIndex: number,
  classes: number[],
  limit: number | undefined,
): Promise<void> {
  const recordSize = labelBytes + 3 * PLANE;
  const wellFormed =
    bytes.length % recordSize === 0 &&
    bytes.length > 0 &&
    Array.from({ length: bytes.length / recordSize }, (_, r) => r)
      .slice(0, limit)
      .every((r) => classes.every((count, b) => bytes[r * recordSize + b] < count));
  let data: CifarData;
  try {
    data = await load();
  } catch (error) {
    expect(wellFormed, (error as Error).message).toBe(false);
    expectCleanError(error, file);
    return;
  }
  expect(wellFormed).toBe(true);
  const expected = referenceDecode(bytes, labelBytes, labelIndex, limit);
  expect(Array.from(data.labels)).toEqual(expected.labels);
  expect(Array.from(data.images)).toEqual(expected.images);
  expect(data.count).toBe(expected.labels.length);
}

describe('CIFAR readers under fuzzing', () => {
  it('CIFAR-10 test batch: exact data or an error naming test_batch.bin', async () => {
    const folder = await mkdtemp(join(directory, 'c10-'));
    const file = join(folder, 'test_batch.bin');
    await fc.assert(
      fc.asyncProperty(
        recordsOf([10]).chain((valid) => fc.oneof(fc.constant(valid), mutatedBytes(valid))),
        fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
        async (bytes, limit) => {
          await writeFile(file, bytes);
          await expectExactOrClean(() => loadCifar10(folder, 'test', { limit }), bytes, file, 1, 0, [10], limit);
        },
      ),
      fuzzParameters(0.5),
    );
  });

  it('CIFAR-100 with coarse and fine labels: exact data or an error naming test.bin', async () => {
    const folder = await mkdtemp(join(directory, 'c100-'));
    const file = join(folder, 'test.bin');
    await fc.assert(
      fc.asyncProperty(
        recordsOf([20, 100]).chain((valid) => fc.oneof(fc.constant(valid), mutatedBytes(valid))),
        fc.constantFrom<'fine' | 'coarse'>('fine', 'coarse'),
        async (bytes, labels) => {
          await writeFile(file, bytes);
          await expectExactOrClean(
            () => loadCifar100(folder, 'test', { labels }),
            bytes,
            file,
            2,
            labels === 'fine' ? 1 : 0,
            [20, 100],
            undefined,
          );
        },
      ),
      fuzzParameters(0.5),
    );
  });
});
