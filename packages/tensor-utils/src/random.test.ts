import { describe, expect, it } from 'vitest';
import { Rng, seedEverything } from './random.js';
import * as tf from './tf.js';

describe('Rng', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return [rng.next(), rng.int(0, 9), rng.normal(), rng.uniform(-1, 1)];
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('continues exactly from a saved state', () => {
    const rng = new Rng(42);
    rng.next();
    const restored = Rng.fromState(rng.state());
    expect(Array.from({ length: 5 }, () => restored.next())).toEqual(Array.from({ length: 5 }, () => rng.next()));
  });

  it('draws integers within bounds and permutations that cover every index once', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(rng.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    const permutation = Array.from(rng.permutation(100));
    expect([...permutation].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('has roughly standard normal deviates', () => {
    const values = new Rng(3).normalArray(20_000);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('rejects bad arguments with clear messages', () => {
    expect(() => new Rng(Number.NaN)).toThrow('seed must be a finite number or a non-empty string; got NaN');
    expect(() => new Rng(0).int(5, 1)).toThrow('low=5, high=1');
    expect(() => new Rng(0).choice([])).toThrow('non-empty');
  });
});

describe('seedEverything', () => {
  it('makes unseeded tfjs initialisers reproducible', async () => {
    await tf.setBackend('cpu');
    const initialWeights = () => {
      seedEverything(123);
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
      const values = Array.from(model.getWeights()[0].dataSync());
      model.dispose();
      return values;
    };
    expect(initialWeights()).toEqual(initialWeights());
  });

  it('saves and restores the global generator', () => {
    const { global } = seedEverything('run-a');
    Math.random();
    const state = global.state();
    const expected = [Math.random(), Math.random()];
    global.restore(state);
    expect([Math.random(), Math.random()]).toEqual(expected);
  });
});
