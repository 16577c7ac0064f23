import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import * as tf from './tf.js';

/** d sum(w * tile(x, reps)) / dx by definition: every repetition's w added back onto x's element. */
function expectedGradient(shape: number[], reps: number[], w: Float32Array): Float64Array {
  const outShape = shape.map((size, axis) => size * (reps[axis] as number));
  const dx = new Float64Array(shape.reduce((a, b) => a * b, 1));
  const index = new Array<number>(outShape.length).fill(0);
  for (let flat = 0; flat < w.length; flat++) {
    let source = 0;
    shape.forEach((size, axis) => {
      source = source * size + ((index[axis] as number) % size);
    });
    dx[source] += w[flat] as number;
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      index[axis] = (index[axis] as number) + 1;
      if ((index[axis] as number) < (outShape[axis] as number)) break;
      index[axis] = 0;
    }
  }
  return dx;
}

const cases: Array<{ shape: number[]; reps: number[]; why: string }> = [
  { shape: [3], reps: [4], why: 'rank 1' },
  { shape: [2, 3], reps: [3, 2], why: 'rank 2' },
  { shape: [1, 1, 100], reps: [32, 48, 1], why: "tf.layers' LayerNormalization scale over batch and time" },
  { shape: [32, 48, 1], reps: [1, 1, 100], why: "LayerNormalization's statistics over features" },
  { shape: [2, 1, 3, 1], reps: [1, 4, 1, 2], why: 'rank 4, mixed' },
  { shape: [2, 3, 1, 2, 1], reps: [2, 1, 3, 1, 2], why: 'rank 5 (tfjs-core had no gradient above rank 4)' },
  { shape: [2, 3], reps: [1, 1], why: 'no repetition' },
];

describe('the summing Tile gradient (every backend)', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', quiet: true });
  });
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const { shape, reps, why } of cases) {
      it(`${backend}: d sum(w * tile(x[${shape}], [${reps}])) / dx is the sum of w over the repetitions (${why})`, async () => {
        await tf.setBackend(backend);
        const x = tf.randomNormal(shape, 0, 1, 'float32', 1);
        const outShape = shape.map((size, axis) => size * (reps[axis] as number));
        const w = tf.randomNormal(outShape, 0, 1, 'float32', 2);
        const before = tf.memory().numTensors;
        const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.tile(input, reps), w)))(x);
        expect(tf.memory().numTensors).toBe(before + 1);
        expect(dx.shape).toEqual(shape);
        const want = expectedGradient(shape, reps, w.dataSync() as Float32Array);
        dx.dataSync().forEach((value, i) => {
          expect(value).toBeCloseTo(want[i] as number, 3);
        });
        tf.dispose([x, w, dx]);
      });
    }
  }

  it('runs one Sum instead of a Slice and an Add per repetition (1,536 of each for LayerNormalization)', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([1, 1, 100], 0, 1, 'float32', 3);
    const profile = await tf.profile(() => {
      tf.grad((input: tf.Tensor) => tf.sum(tf.tile(input, [32, 48, 1])))(x).dispose();
    });
    expect(profile.kernelNames).not.toContain('Slice');
    expect(profile.kernels.filter((k) => k.name === 'Sum')).toHaveLength(2);
    x.dispose();
  });
});
