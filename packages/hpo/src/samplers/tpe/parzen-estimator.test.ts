import { Rng } from '@hw7/tensor-utils/base';
import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../../distributions.js';
import { ParzenEstimator, type ParzenEstimatorOptions } from './parzen-estimator.js';
import { defaultWeights } from './tpe-sampler.js';

const space = { x: floatDistribution(0, 1) };

function options(multivariateBandwidth: ParzenEstimatorOptions['multivariateBandwidth']): ParzenEstimatorOptions {
  return {
    priorWeight: 1,
    considerMagicClip: true,
    considerEndpoints: false,
    multivariate: true,
    multivariateBandwidth,
    weights: defaultWeights,
    kernelDensity: 'optuna-3.1',
  };
}

/** Share of 4,000 draws that land within 0.05 of 0.5. */
function nearCentre(observations: number[], bandwidth: ParzenEstimatorOptions['multivariateBandwidth']): number {
  const estimator = new ParzenEstimator({ x: observations }, space, options(bandwidth));
  const draws = estimator.sample(new Rng(3), 4000);
  return draws.filter(({ x }) => Math.abs(x - 0.5) < 0.05).length / draws.length;
}

describe('ParzenEstimator bandwidths when sampling jointly', () => {
  const rng = new Rng(1);
  const concentrated = Array.from({ length: 50 }, () => 0.5 + 0.01 * (rng.next() - 0.5));
  const spread = Array.from({ length: 50 }, (_, i) => (i + 0.5) / 50);

  it("narrows Scott's-rule kernels as the observations concentrate", () => {
    // 50 observations within 0.005 of 0.5: kernels at the magic-clip floor (1/52) under Scott's
    // rule, but 0.2 * 50^(-1/5) = 0.09 wide under Optuna 3.1's fixed rule.
    expect(nearCentre(concentrated, 'scott')).toBeGreaterThan(0.9);
    expect(nearCentre(concentrated, 'optuna-3.1')).toBeLessThan(0.5);
  });

  it("keeps Scott's-rule kernels wide over spread-out observations", () => {
    // Evenly spread observations: 1.059 * 0.29 * 50^(-1/5) = 0.14 wide; a tenth of the draws
    // lands in the central tenth, about as for a uniform density.
    expect(nearCentre(spread, 'scott')).toBeGreaterThan(0.07);
    expect(nearCentre(spread, 'scott')).toBeLessThan(0.16);
  });
});
