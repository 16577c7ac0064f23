// Single-path one-shot on a tiny supernet: uniform paths, training one path per batch without
// leaking tensors, and ranking candidates by their accuracy with inherited weights.
import { initBackend, Rng, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeLabeled, type LabeledTensors } from '../cell/labeled-tensors.js';
import { NB201_EDGES, NB201_OPERATIONS } from '../spaces/nb201-cell.js';
import { evaluateWithInheritedWeights } from './inherited-weights.js';
import { sampleUniformPath } from './path-sampling.js';
import { rankCandidates } from './rank-candidates.js';
import { Supernet } from './supernet.js';
import { trainSupernet } from './train-supernet.js';

let data: LabeledTensors;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  data = {
    x: tf.randomUniform([16, 12, 12, 1], 0, 1, 'float32', 1) as tf.Tensor4D,
    y: tf.randomUniform([16], 0, 10, 'int32', 2) as tf.Tensor1D,
  };
});

afterAll(() => disposeLabeled(data));

describe('sampleUniformPath', () => {
  it('draws every operation on every edge about equally often', () => {
    const rng = new Rng(0);
    const draws = 2000;
    const counts = NB201_EDGES.map(() => new Map(NB201_OPERATIONS.map((op) => [op, 0])));
    for (let i = 0; i < draws; i++) {
      sampleUniformPath(rng).edges.forEach((op, edge) => {
        counts[edge].set(op, (counts[edge].get(op) ?? 0) + 1);
      });
    }
    // Binomial(2000, 0.2): standard deviation ~18, so +-80 is more than 4 of them.
    for (const edgeCounts of counts)
      for (const count of edgeCounts.values()) expect(Math.abs(count - 400)).toBeLessThan(80);
  });
});

describe('single-path one-shot', () => {
  it('trains one path per batch, leaks no tensors, and ranks candidates with inherited weights', async () => {
    const supernet = new Supernet({ channels: 2, stages: 2, stemStride: 2 });
    const first = await trainSupernet(supernet, data, { steps: 2, batchSize: 8, seed: 1 });
    const tensors = tf.memory().numTensors;
    const more = await trainSupernet(supernet, data, { steps: 3, batchSize: 8, seed: 2 });
    // The second run's optimizer is disposed too, so nothing is left behind.
    expect(tf.memory().numTensors).toBe(tensors);
    expect(first.paths).toHaveLength(2);
    expect([...first.losses, ...more.losses].every(Number.isFinite)).toBe(true);

    const candidates = [sampleUniformPath(new Rng(5)), sampleUniformPath(new Rng(6)), sampleUniformPath(new Rng(7))];
    const accuracy = evaluateWithInheritedWeights(supernet, candidates[0], data);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
    const ranked = rankCandidates(supernet, candidates, data);
    expect(ranked).toHaveLength(3);
    expect(ranked.map(({ accuracy: a }) => a)).toEqual(ranked.map(({ accuracy: a }) => a).sort((a, b) => b - a));
    expect(ranked.find(({ genotype }) => genotype === candidates[0])?.accuracy).toBe(accuracy);
    supernet.dispose();
  });
});
