// Seeded batching. Every shuffle comes from an explicit `Rng` or from (seed, epoch), so a run can be
// repeated exactly and a resumed run sees the same batches it would have seen without stopping.
import { Rng } from '../random.js';

/** The typed arrays `gatherRows` can copy from (plain numeric element types). */
export type NumericArray =
  | Uint8Array
  | Uint8ClampedArray
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

export interface BatchIndicesOptions {
  /** Visit the examples in a random order drawn from `rng`; default false (0, 1, 2, ...). */
  shuffle?: boolean;
  /** Source of the shuffle; required when `shuffle` is true, so the order is always reproducible. */
  rng?: Rng;
  /** Drop the last batch when it is smaller than `batchSize` (keeps batch shapes fixed); default false. */
  dropLast?: boolean;
}

function assertInteger(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer >= ${min}; got ${value}`);
}

/** Splits an ordering of example indices into consecutive batches of `batchSize`. */
export function splitIntoBatches(order: Int32Array, batchSize: number, dropLast = false): Int32Array[] {
  assertInteger(batchSize, 'batchSize', 1);
  const batches: Int32Array[] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const end = Math.min(start + batchSize, order.length);
    if (dropLast && end - start < batchSize) break;
    batches.push(order.slice(start, end));
  }
  return batches;
}

/** The example indices of each batch of one pass over `count` examples. */
export function batchIndices(count: number, batchSize: number, options: BatchIndicesOptions = {}): Int32Array[] {
  const { shuffle = false, rng, dropLast = false } = options;
  assertInteger(count, 'count', 0);
  assertInteger(batchSize, 'batchSize', 1);
  if (shuffle && !(rng instanceof Rng)) {
    throw new TypeError('options.rng must be an Rng when options.shuffle is true, so the order is reproducible');
  }
  const order = shuffle && rng ? rng.permutation(count) : Int32Array.from({ length: count }, (_, i) => i);
  return splitIntoBatches(order, batchSize, dropLast);
}

/**
 * The shuffled order of `count` examples for one epoch. It depends only on (seed, epoch), not on
 * how many random numbers were drawn before, so training resumed at `epoch` repeats it exactly.
 */
export function epochOrder(count: number, seed: number | string, epoch: number): Int32Array {
  assertInteger(count, 'count', 0);
  assertInteger(epoch, 'epoch', 0);
  if (!(typeof seed === 'number' && Number.isFinite(seed)) && !(typeof seed === 'string' && seed !== '')) {
    throw new TypeError(`seed must be a finite number or a non-empty string; got ${String(seed)}`);
  }
  return new Rng(`epoch-order:${seed}:${epoch}`).permutation(count);
}

/**
 * Copies the rows `indices` of `data` (rows of `rowSize` elements, back to back) into a new array of
 * the same type, e.g. to build one batch of images from a whole dataset.
 */
export function gatherRows<T extends NumericArray>(data: T, rowSize: number, indices: ArrayLike<number>): T {
  assertInteger(rowSize, 'rowSize', 1);
  if (data.length % rowSize !== 0) {
    throw new RangeError(`data length ${data.length} is not a multiple of rowSize ${rowSize}`);
  }
  const rows = data.length / rowSize;
  const out = new (data.constructor as new (length: number) => T)(indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    if (!Number.isInteger(row) || row < 0 || row >= rows) {
      throw new RangeError(`indices[${i}] must be an integer in 0..${rows - 1}; got ${row}`);
    }
    out.set(data.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
  }
  return out;
}
