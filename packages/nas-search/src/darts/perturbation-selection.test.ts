// Perturbation-based selection (DARTS-PT) on a tiny supernet and random images: the mixture it
// scores, the rule that picks an edge's operation, and a whole selection.
import { initBackend, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeLabeled, type LabeledTensors } from '../cell/labeled-tensors.js';
import { assertCell, NB201_EDGES, NB201_OPERATIONS, type Nb201Operation } from '../spaces/nb201-cell.js';
import { DartsSupernet } from './darts-supernet.js';
import { mostImportantOperation, projectedMixture, selectByPerturbation } from './perturbation-selection.js';

const TINY = { channels: 2, stages: 2, stemStride: 2, seed: 1 } as const;

const randomImages = (seed: number): LabeledTensors => ({
  x: tf.randomUniform([16, 12, 12, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
  y: tf.randomUniform([16], 0, 10, 'int32', seed + 1) as tf.Tensor1D,
});

let data: { train: LabeledTensors; validation: LabeledTensors };

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  data = { train: randomImages(1), validation: randomImages(3) };
});

afterAll(() => {
  disposeLabeled(data.train);
  disposeLabeled(data.validation);
});

describe('projectedMixture', () => {
  it('fixes decided edges, leaves one operation out of one edge and keeps softmax(alpha) elsewhere', () => {
    const alpha = tf.tensor2d(NB201_EDGES.map((_, edge) => NB201_OPERATIONS.map((_, op) => 0.1 * edge * op)));
    const decided = new Map<number, Nb201Operation>([[2, 'nor_conv_3x3']]);
    tf.tidy(() => {
      const mixture = projectedMixture(alpha, decided, { edge: 4, operation: 'skip_connect' });
      expect(mixture[2]).toEqual([{ operation: 'nor_conv_3x3' }]);
      expect(mixture[4].map(({ operation }) => operation)).toEqual(
        NB201_OPERATIONS.filter((operation) => operation !== 'skip_connect'),
      );
      const expected = tf.softmax(alpha).arraySync() as number[][];
      for (const edge of [0, 1, 3, 4, 5]) {
        for (const { operation, weight } of mixture[edge]) {
          const index = NB201_OPERATIONS.indexOf(operation);
          // The left-out operation's weight is not handed to the others.
          expect(weight?.arraySync()).toBeCloseTo(expected[edge][index], 6);
        }
      }
    });
    alpha.dispose();
  });
});

describe('mostImportantOperation', () => {
  it('picks the operation whose removal leaves the lowest accuracy, ties by the higher loss', () => {
    expect(
      mostImportantOperation([
        { operation: 'skip_connect', accuracy: 0.9, loss: 0.3 },
        { operation: 'nor_conv_3x3', accuracy: 0.7, loss: 0.5 },
        { operation: 'avg_pool_3x3', accuracy: 0.8, loss: 0.9 },
      ]),
    ).toBe('nor_conv_3x3');
    expect(
      mostImportantOperation([
        { operation: 'skip_connect', accuracy: 0.7, loss: 0.4 },
        { operation: 'nor_conv_1x1', accuracy: 0.7, loss: 0.6 },
      ]),
    ).toBe('nor_conv_1x1');
    expect(() => mostImportantOperation([])).toThrow(/without must score at least one operation/);
  });
});

describe('selectByPerturbation', () => {
  it('decides every edge once by the rule, never none, and frees its tensors', () => {
    const model = new DartsSupernet(TINY);
    const before = model.weights.map((weight) => weight.dataSync().slice());
    const tensors = tf.memory().numTensors;
    const result = selectByPerturbation(model, data, { tuneSteps: 2, batchSize: 8, evaluationExamples: 16 });
    // tfjs's MomentumOptimizer.dispose() leaves its learning-rate scalar behind; nothing else may stay.
    expect(tf.memory().numTensors).toBeLessThanOrEqual(tensors + 1);
    assertCell(result.genotype);
    expect(result.genotype.edges).not.toContain('none');
    expect(result.decisions.map(({ edge }) => edge).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const { edge, without, chosen } of result.decisions) {
      expect(without.map(({ operation }) => operation)).toEqual(NB201_OPERATIONS.filter((op) => op !== 'none'));
      expect(chosen).toBe(mostImportantOperation(without));
      expect(result.genotype.edges[edge]).toBe(chosen);
    }
    // Accuracies are fractions of the 16 validation images.
    for (const { accuracy } of [result.projected, ...result.decisions.flatMap(({ without }) => without)]) {
      expect(accuracy * 16).toBeCloseTo(Math.round(accuracy * 16), 4);
    }
    // The fine-tuning trained the weights in place.
    expect(model.weights.some((weight, i) => weight.dataSync().some((value, j) => value !== before[i][j]))).toBe(true);
    model.dispose();
  });

  it('is reproducible for a seed and names bad options', () => {
    const select = (seed: number) => {
      const model = new DartsSupernet(TINY);
      const { decisions } = selectByPerturbation(model, data, { tuneSteps: 1, batchSize: 8, seed });
      model.dispose();
      return decisions;
    };
    expect(select(3)).toEqual(select(3));
    const model = new DartsSupernet(TINY);
    expect(() => selectByPerturbation(model, data, { tuneSteps: -1 })).toThrow(/options.tuneSteps must be/);
    expect(() => selectByPerturbation(model, data, { evaluationExamples: 0 })).toThrow(
      /options.evaluationExamples must be/,
    );
    model.dispose();
  });
});
