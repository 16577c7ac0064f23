import { describe, expect, it } from 'vitest';
import { nb201CellSpace } from '../spaces/nb201-cell.js';
import { MetaQnn } from './metaqnn.js';

describe('MetaQnn', () => {
  it("applies Q <- (1 - alpha) Q + alpha (r + gamma max Q') backwards along the trajectory", () => {
    const strategy = new MetaQnn(nb201CellSpace, { replaySize: 1, learningRate: 0.5, seed: 2 });
    const [candidate] = strategy.ask();
    const edges = candidate.architecture.edges;
    strategy.tell(candidate, 1);
    // Terminal step: 0.5 * 0.5 + 0.5 * 1; the one before: 0.5 * 0.5 + 0.5 * max(0.75, 0.5 for the others).
    expect(strategy.value(`5:${edges[4]}`, edges[5])).toBeCloseTo(0.75);
    expect(strategy.value(`4:${edges[3]}`, edges[4])).toBeCloseTo(0.625);
  });

  it('follows the epsilon schedule and turns greedy', () => {
    const strategy = new MetaQnn(nb201CellSpace, {
      epsilonSchedule: [
        { epsilon: 1, models: 2 },
        { epsilon: 0, models: 1 },
      ],
      learningRate: 1,
      seed: 4,
    });
    expect(strategy.epsilon()).toBe(1);
    const first = strategy.ask()[0];
    strategy.tell(first, 0.9);
    strategy.tell(strategy.ask()[0], 0.1);
    expect(strategy.epsilon()).toBe(0);
    // With alpha 1 the greedy walk repeats the best trajectory (0.9 beats unvisited pairs at 0.5).
    expect(strategy.ask()[0].key).toBe(first.key);
  });
});
