// A whole (tiny) DARTS search: warm-up, entropy every step, accuracy at the end, a valid cell.
import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeLabeled, type LabeledTensors } from '../cell/labeled-tensors.js';
import { assertCell, NB201_EDGES, parseCell } from '../spaces/nb201-cell.js';
import { deriveGenotype } from './architecture-parameters.js';
import { searchDarts } from './search-darts.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

const randomImages = (seed: number): LabeledTensors => ({
  x: tf.randomUniform([16, 12, 12, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
  y: tf.randomUniform([16], 0, 10, 'int32', seed + 1) as tf.Tensor1D,
});

describe('searchDarts', () => {
  it('records every step, derives a cell without none and cleans up', async () => {
    const data = { train: randomImages(1), validation: randomImages(3) };
    const tensors = tf.memory().numTensors;
    const result = await searchDarts(data, {
      steps: 3,
      warmupSteps: 1,
      order: 'first',
      batchSize: 8,
      evaluateEvery: 2,
      network: { channels: 2, stages: 2, stemStride: 2 },
    });
    // tfjs's MomentumOptimizer.dispose() leaves its learning-rate scalar behind, once for the
    // search and once for the perturbation-based selection; nothing else may stay.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensors + 2);
    expect(result.history.map(({ step }) => step)).toEqual([1, 2, 3]);
    expect(result.history.map(({ validationAccuracy }) => validationAccuracy !== undefined)).toEqual([
      false,
      true,
      true,
    ]);
    expect(result.initialEntropy).toBeCloseTo(Math.log(5), 4);
    expect(result.history[2].entropy).toBeLessThan(result.initialEntropy);
    assertCell(result.genotype);
    expect(result.genotype.edges).toHaveLength(NB201_EDGES.length);
    expect(result.genotype.edges).not.toContain('none');
    expect(parseCell(result.cellString)).toEqual(result.genotype);
    // The default derivation is by perturbation; the argmax cell is reported next to it.
    expect(result.derivation).toBe('perturbation');
    expect(result.perturbation?.genotype).toEqual(result.genotype);
    assertCell(result.argmaxGenotype);
    disposeLabeled(data.train);
    disposeLabeled(data.validation);
  });

  it('keeps the argmax derivation as an option', async () => {
    const data = { train: randomImages(1), validation: randomImages(3) };
    const options = {
      steps: 2,
      order: 'first',
      batchSize: 8,
      network: { channels: 2, stages: 2, stemStride: 2 },
    } as const;
    const result = await searchDarts(data, { ...options, derivation: 'argmax' });
    expect(result.perturbation).toBeUndefined();
    expect(result.genotype).toEqual(result.argmaxGenotype);
    expect(result.genotype).toEqual(deriveGenotype(tf.tensor2d(result.alpha)));
    disposeLabeled(data.train);
    disposeLabeled(data.validation);
  });

  it('names the option that is out of range', async () => {
    const data = { train: randomImages(1), validation: randomImages(3) };
    await expect(searchDarts(data, { steps: 0 })).rejects.toThrow(/options.steps must be an integer >= 1; got 0/);
    await expect(searchDarts(data, { steps: 1, order: 'third' as never })).rejects.toThrow(/options.order must be/);
    await expect(searchDarts(data, { steps: 1, derivation: 'best' as never })).rejects.toThrow(
      /options.derivation must be/,
    );
    disposeLabeled(data.train);
    disposeLabeled(data.validation);
  });
});
