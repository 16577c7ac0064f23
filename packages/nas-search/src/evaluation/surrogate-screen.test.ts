import { initBackend } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { nb201CellSpace } from '../spaces/nb201-cell.js';
import { RandomSearch } from '../strategies/random-search.js';
import { runSearch } from '../strategies/run-search.js';
import { MlpSurrogate } from './mlp-surrogate.js';
import { SurrogateScreen } from './surrogate-screen.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu', quiet: true });
});

describe('SurrogateScreen', () => {
  it('spends real evaluations on proposals the predictor expects to be good', async () => {
    const reward = (key: string) => (key.split('nor_conv_3x3').length - 1) / 6;
    const run = async (screen: boolean) => {
      const random = new RandomSearch(nb201CellSpace, { seed: 5 });
      const surrogate = new MlpSurrogate(nb201CellSpace.encodingLength, { epochs: 100 });
      const strategy = screen
        ? new SurrogateScreen(random, nb201CellSpace, surrogate, { minObservations: 10 })
        : random;
      const records = await runSearch(strategy, (candidate) => reward(candidate.key), { budget: 30 });
      surrogate.dispose();
      const later = records.slice(10).map((record) => record.reward);
      return {
        mean: later.reduce((a, b) => a + b, 0) / later.length,
        screened: screen ? (strategy as SurrogateScreen<unknown>).screened : 0,
      };
    };
    const plain = await run(false);
    const screened = await run(true);
    expect(screened.screened).toBeGreaterThan(10);
    expect(screened.mean).toBeGreaterThan(plain.mean);
  });
});
