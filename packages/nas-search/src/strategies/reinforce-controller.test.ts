import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { nb201CellSpace } from '../spaces/nb201-cell.js';
import { ReinforceController } from './reinforce-controller.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu', quiet: true });
});

const convFraction = (edges: string[]) => edges.filter((op) => op === 'nor_conv_3x3').length / edges.length;

describe('ReinforceController', () => {
  it('moves probability towards rewarded tokens without leaking tensors', () => {
    const controller = new ReinforceController(nb201CellSpace, {
      hiddenSize: 8,
      batchSize: 8,
      learningRate: 0.05,
      seed: 1,
    });
    const before = tf.memory().numTensors;
    const initial = controller.probabilities([0, 0, 0, 0, 0, 0]);
    expect(initial).toHaveLength(6);
    expect(initial[0].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    for (let update = 0; update < 15; update++) {
      for (const candidate of controller.ask()) controller.tell(candidate, convFraction(candidate.architecture.edges));
    }
    const conv = nb201CellSpace.decisions[0].choices.indexOf('nor_conv_3x3');
    const after = controller.probabilities([conv, conv, conv, conv, conv, conv]);
    const mean = (rows: number[][]) => rows.reduce((sum, row) => sum + row[conv], 0) / rows.length;
    expect(mean(after)).toBeGreaterThan(mean(initial) + 0.15);
    // Adam's moment estimates are created on the first update and then reused.
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(2 * 15 + 2);
    controller.dispose();
  });

  it('proposes the same batches from the same seed', () => {
    const keys = (seed: number) => {
      const controller = new ReinforceController(nb201CellSpace, { hiddenSize: 8, batchSize: 4, seed });
      const out: string[] = [];
      for (let update = 0; update < 3; update++) {
        for (const candidate of controller.ask()) {
          out.push(candidate.key);
          controller.tell(candidate, convFraction(candidate.architecture.edges));
        }
      }
      controller.dispose();
      return out;
    };
    expect(keys(9)).toEqual(keys(9));
  });

  it('refuses a candidate it did not propose', () => {
    const controller = new ReinforceController(nb201CellSpace, { hiddenSize: 4, batchSize: 2 });
    const [candidate] = controller.ask();
    controller.tell(candidate, 0.5);
    expect(() => controller.tell(candidate, 0.5)).toThrow(
      /candidate 0 was not proposed by ask\(\) or was already told/,
    );
    controller.dispose();
  });
});
