import { initBackend, Rng } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { kendallTau } from './kendall-tau.js';
import { leaveOneOutPredictions } from './surrogate-ranking.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu', quiet: true });
});

describe('leaveOneOutPredictions', () => {
  it('ranks held-out points like a smooth target function', () => {
    const rng = new Rng(3);
    const encodings = Array.from({ length: 10 }, () => [rng.next(), rng.next()]);
    const rewards = encodings.map(([a, b]) => 0.9 + 0.05 * a - 0.03 * b);
    const predictions = leaveOneOutPredictions(encodings, rewards, { epochs: 100, seed: 1 });
    expect(predictions).toHaveLength(10);
    expect(kendallTau(predictions, rewards)).toBeGreaterThan(0.6);
    expect(() => leaveOneOutPredictions([[1], [2]], [1, 2])).toThrow(/at least 3; got 2 and 2/);
  });
});
