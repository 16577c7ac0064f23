import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { batchIndices, epochOrder, gatherRows, splitIntoBatches } from './batches.js';

function flatten(batches: Int32Array[]): number[] {
  return batches.flatMap((batch) => Array.from(batch));
}

describe('batchIndices', () => {
  it('without shuffle, batches are consecutive and the last one is partial', () => {
    const batches = batchIndices(7, 3);
    expect(batches.map((batch) => Array.from(batch))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('dropLast drops only an incomplete final batch', () => {
    expect(batchIndices(7, 3, { dropLast: true }).map((batch) => batch.length)).toEqual([3, 3]);
    expect(batchIndices(6, 3, { dropLast: true }).map((batch) => batch.length)).toEqual([3, 3]);
    expect(batchIndices(2, 3, { dropLast: true })).toEqual([]);
  });

  it('shuffled batches are reproducible from the seed and cover every index exactly once', () => {
    const first = batchIndices(1000, 64, { shuffle: true, rng: new Rng(7) });
    const again = batchIndices(1000, 64, { shuffle: true, rng: new Rng(7) });
    const other = batchIndices(1000, 64, { shuffle: true, rng: new Rng(8) });
    expect(flatten(again)).toEqual(flatten(first));
    expect(flatten(other)).not.toEqual(flatten(first));
    expect(first).toHaveLength(16);
    expect(first.at(-1)).toHaveLength(1000 - 15 * 64);
    const sorted = flatten(first).sort((a, b) => a - b);
    expect(sorted).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(flatten(first).slice(0, 20)).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('successive calls on one Rng give different orders (a new shuffle per epoch)', () => {
    const rng = new Rng('epochs');
    expect(flatten(batchIndices(100, 10, { shuffle: true, rng }))).not.toEqual(
      flatten(batchIndices(100, 10, { shuffle: true, rng })),
    );
  });

  it('validates its arguments with messages naming them', () => {
    expect(() => batchIndices(10, 0)).toThrow('batchSize must be an integer >= 1; got 0');
    expect(() => batchIndices(10, 2.5)).toThrow('batchSize must be an integer >= 1; got 2.5');
    expect(() => batchIndices(-1, 2)).toThrow('count must be an integer >= 0; got -1');
    expect(() => batchIndices(10, 2, { shuffle: true })).toThrow(
      'options.rng must be an Rng when options.shuffle is true',
    );
  });
});

describe('epochOrder', () => {
  it('depends only on (seed, epoch), so a resumed run repeats the same order', () => {
    expect(Array.from(epochOrder(500, 42, 3))).toEqual(Array.from(epochOrder(500, 42, 3)));
    expect(Array.from(epochOrder(500, 42, 3))).not.toEqual(Array.from(epochOrder(500, 42, 4)));
    expect(Array.from(epochOrder(500, 42, 3))).not.toEqual(Array.from(epochOrder(500, 43, 3)));
    expect(Array.from(epochOrder(500, 'run-a', 0)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 500 }, (_, i) => i),
    );
  });

  it('splits into batches like batchIndices', () => {
    const order = epochOrder(10, 1, 0);
    const batches = splitIntoBatches(order, 4);
    expect(batches.map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect(flatten(batches)).toEqual(Array.from(order));
    expect(splitIntoBatches(order, 4, true).map((batch) => batch.length)).toEqual([4, 4]);
  });

  it('validates epoch and seed', () => {
    expect(() => epochOrder(10, 1, -1)).toThrow('epoch must be an integer >= 0; got -1');
    expect(() => epochOrder(10, '', 0)).toThrow('seed must be a finite number or a non-empty string');
    expect(() => epochOrder(10, Number.NaN, 0)).toThrow('seed must be a finite number or a non-empty string');
  });
});

describe('gatherRows', () => {
  it('copies the selected rows, in order, into a new array of the same type', () => {
    const data = Uint8Array.from({ length: 12 }, (_, i) => i); // 4 rows of 3
    const gathered = gatherRows(data, 3, Int32Array.from([3, 0, 3]));
    expect(gathered).toBeInstanceOf(Uint8Array);
    expect(Array.from(gathered)).toEqual([9, 10, 11, 0, 1, 2, 9, 10, 11]);
    gathered[0] = 99;
    expect(data[9]).toBe(9);

    const floats = gatherRows(Float32Array.from([0.5, 1.5, 2.5]), 1, [2, 1]);
    expect(floats).toBeInstanceOf(Float32Array);
    expect(Array.from(floats)).toEqual([2.5, 1.5]);
  });

  it('validates rowSize, the data length and every index', () => {
    const data = new Uint8Array(12);
    expect(() => gatherRows(data, 0, [0])).toThrow('rowSize must be an integer >= 1; got 0');
    expect(() => gatherRows(data, 5, [0])).toThrow('data length 12 is not a multiple of rowSize 5');
    expect(() => gatherRows(data, 3, [0, 4])).toThrow('indices[1] must be an integer in 0..3; got 4');
    expect(() => gatherRows(data, 3, [-1])).toThrow('indices[0] must be an integer in 0..3; got -1');
  });
});
