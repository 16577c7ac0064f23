// Argument checks shared by the package: each error names the function, the argument and the expected
// value, so a wrong call (swapped images, a scalar score, a negative weight) fails at once.
import type { tf } from '@hw7/tensor-utils';

/** `[2, 6, 6, 3]`. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function assertTensor(value: unknown, name: string, context: string): asserts value is tf.Tensor {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as tf.Tensor).shape) &&
    typeof (value as tf.Tensor).dtype === 'string';
  if (!ok) throw new TypeError(`${context}: ${name} must be a tf.Tensor; got ${describe(value)}`);
  if ((value as tf.Tensor).isDisposed) throw new TypeError(`${context}: ${name} is a disposed tensor`);
  if ((value as tf.Tensor).dtype !== 'float32') {
    throw new TypeError(`${context}: ${name} must have dtype float32; got ${(value as tf.Tensor).dtype}`);
  }
}

/** An image batch `[N, H, W, C]`. */
export function assertImages(value: unknown, name: string, context: string): asserts value is tf.Tensor4D {
  assertTensor(value, name, context);
  if (value.rank !== 4) {
    throw new RangeError(
      `${context}: ${name} must be an image batch of rank 4 [N, H, W, C]; got rank ${value.rank} ${shapeText(value.shape)}`,
    );
  }
}

/** Discriminator scores: a PatchGAN map `[N, h, w, 1]`, `[N, 1]` or `[N]` (anything but a scalar). */
export function assertPrediction(value: unknown, name: string, context: string): asserts value is tf.Tensor {
  assertTensor(value, name, context);
  if (value.rank < 1 || value.rank > 4 || value.size === 0) {
    throw new RangeError(
      `${context}: ${name} must be discriminator scores of rank 1 to 4 ([N], [N, 1] or a PatchGAN map [N, h, w, 1]), ` +
        `non-empty; got rank ${value.rank} ${shapeText(value.shape)}`,
    );
  }
}

/** Paired tensors (a real image and its reconstruction) must have exactly the same shape. */
export function assertSameShape(a: tf.Tensor, aName: string, b: tf.Tensor, bName: string, context: string): void {
  const same = a.rank === b.rank && a.shape.every((size, i) => size === b.shape[i]);
  if (!same) {
    throw new RangeError(
      `${context}: ${bName} must have the same shape as ${aName}, ${shapeText(a.shape)}; got ${shapeText(b.shape)}`,
    );
  }
}

export function assertNonNegativeNumber(value: unknown, name: string, context: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${context}: ${name} must be a finite number >= 0; got ${describe(value)}`);
  }
}

export function assertObject(value: unknown, name: string, context: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isTensorLike(value)) {
    throw new TypeError(`${context}: ${name} must be an options object ({ ... }); got ${describe(value)}`);
  }
}

function isTensorLike(value: object): boolean {
  return Array.isArray((value as { shape?: unknown }).shape);
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null && isTensorLike(value)) {
    return `a tensor of shape ${shapeText((value as tf.Tensor).shape)}`;
  }
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}
