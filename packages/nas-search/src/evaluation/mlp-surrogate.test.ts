import { initBackend, Rng } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { MlpSurrogate } from './mlp-surrogate.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu', quiet: true });
});

describe('MlpSurrogate', () => {
  it('ranks unseen encodings like the function it was fitted to', () => {
    const rng = new Rng(1);
    const target = (x: number[]) => 90 + 3 * x[0] - 2 * x[1] + x[2];
    const train = Array.from({ length: 40 }, () => [rng.next(), rng.next(), rng.next()]);
    const surrogate = new MlpSurrogate(3, { seed: 1 });
    surrogate.fit(train, train.map(target));
    const [low, high] = surrogate.predict([
      [0, 1, 0],
      [1, 0, 1],
    ]);
    expect(high - low).toBeGreaterThan(4);
    expect(Math.abs(high - target([1, 0, 1]))).toBeLessThan(2);
    expect(() => surrogate.fit([[1, 2]], [1])).toThrow(/at least 2; got 1 and 1/);
    surrogate.dispose();
  });
});
