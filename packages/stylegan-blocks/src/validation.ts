// Argument checks shared by the blocks: every error names the argument and the expected value.
import type { tf } from '@hw7/tensor-utils';

/** `[2, 3]` -> `'[2, 3]'`. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

export function assertRank(name: string, t: tf.Tensor, rank: number, expected: string): void {
  if (t.rank !== rank) {
    throw new Error(`${name} must have rank ${rank} (${expected}), got shape ${shapeText(t.shape)}`);
  }
}

export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got ${value}`);
  }
}

export function assertFinitePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a finite number > 0, got ${value}`);
  }
}

export function assertProbability(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new Error(`${name} must be a probability in [0, 1], got ${value}`);
  }
}

/** A weight or sub-layer that exists once the layer is built (or constructed in that mode). */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not available: build the layer first`);
  return value;
}
