// The Parzen estimator of TPE (Bergstra et al., NeurIPS 2011; Optuna 3.1's `_ParzenEstimator`):
// a weighted mixture with one kernel per observation plus a prior kernel. Numerical parameters get
// truncated normal kernels in a transformed space (log for `log`, grid cells of width `step` for
// stepped and integer parameters, whose probability is the kernel's mass over the cell);
// categorical ones get a smoothed one-hot kernel.
import type { Rng } from '@hw7/tensor-utils/base';
import type { CategoricalDistribution, Distribution, NumericalDistribution } from '../../distributions.js';
import { nanPercentile } from '../../percentile.js';
import type { SearchSpace } from '../sampler.js';
import { fromTransformed, toTransformed, transformedBounds, transformedCell } from '../transformed-space.js';
import { LOG_SQRT_2PI, logNormalMass, sampleStandardTruncated } from './truncated-normal.js';

export interface ParzenEstimatorOptions {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  multivariate: boolean;
  /** See `TPESamplerOptions.multivariateBandwidth`. */
  multivariateBandwidth: 'scott' | 'optuna-3.1';
  /** Weights of the observations, oldest first (before the prior's weight is appended). */
  weights: (nObservations: number) => number[];
  /** See `TPESamplerOptions.kernelDensity`. */
  kernelDensity: 'optuna-3.1' | 'normalised';
}

interface Kernels {
  sample(rng: Rng, component: number): number;
  /** log p(value | component) for each component. */
  logPdf(value: number, out: Float64Array): void;
}

/** Numerical kernels in the transformed space [low, high]. */
class NumericalKernels implements Kernels {
  private readonly low: number;
  private readonly high: number;
  private readonly mus: Float64Array;
  private readonly sigmas: Float64Array;
  private readonly logMasses: Float64Array;
  /** Per component: log of the density's normaliser (truncation mass, sigma, sqrt(2 pi)). */
  private readonly logNormalisers: Float64Array;
  /** Whether values are scored by the kernel's mass over their grid cell rather than its density. */
  private readonly scoredAsCells: boolean;
  private readonly scaled: boolean;

  constructor(
    private readonly distribution: NumericalDistribution,
    observations: readonly number[],
    nDimensions: number,
    options: ParzenEstimatorOptions,
  ) {
    this.scaled = options.kernelDensity === 'normalised';
    // Optuna 3.1 scores integers on a log scale by the density at log(value), not by cell mass.
    const discrete = distribution.type === 'int' || distribution.step !== undefined;
    this.scoredAsCells = discrete && !(distribution.log && !this.scaled);
    [this.low, this.high] = transformedBounds(distribution);
    const n = observations.length;
    const range = this.high - this.low;
    this.mus = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.mus[i] = toTransformed(distribution, observations[i]);
    this.mus[n] = 0.5 * (this.low + this.high);
    this.sigmas = this.bandwidths(n, nDimensions, options);
    this.sigmas[n] = range;
    this.logMasses = new Float64Array(n + 1);
    for (let k = 0; k <= n; k++) {
      this.logMasses[k] = logNormalMass(
        (this.low - this.mus[k]) / this.sigmas[k],
        (this.high - this.mus[k]) / this.sigmas[k],
      );
    }
    this.logNormalisers = this.logMasses.map(
      (logMass, k) => logMass + LOG_SQRT_2PI + (this.scaled ? Math.log(this.sigmas[k]) : 0),
    );
  }

  /** Observation bandwidths (the prior's is set by the caller), clipped as Optuna does. */
  private bandwidths(n: number, nDimensions: number, options: ParzenEstimatorOptions): Float64Array {
    const range = this.high - this.low;
    const sigmas = new Float64Array(n + 1);
    if (options.multivariate && options.multivariateBandwidth === 'scott') {
      // The observations' own spread, so kernels narrow as the good trials concentrate; the prior's
      // centre joins the sample only while there are too few observations for a spread.
      sigmas.fill(scottBandwidth(n >= 2 ? this.mus.subarray(0, n) : this.mus));
    } else if (options.multivariate) {
      // Optuna 3.1's rule (as in BOHB): a fixed share of the range, ignoring where observations lie.
      sigmas.fill(0.2 * Math.max(n, 1) ** (-1 / (nDimensions + 4)) * range);
    } else {
      // Each kernel is as wide as the larger gap to its sorted neighbours (the prior included).
      const order = [...this.mus.keys()].sort((a, b) => this.mus[a] - this.mus[b]);
      const sorted = [this.low, ...order.map((k) => this.mus[k]), this.high];
      const m = order.length;
      for (let i = 0; i < m; i++) {
        let sigma = Math.max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
        if (!options.considerEndpoints && m >= 2) {
          if (i === 0) sigma = sorted[2] - sorted[1];
          else if (i === m - 1) sigma = sorted[m] - sorted[m - 1];
        }
        sigmas[order[i]] = sigma;
      }
    }
    const minSigma = options.considerMagicClip ? range / Math.min(100, 1 + (n + 1)) : 1e-12;
    for (let k = 0; k < n; k++) sigmas[k] = Math.min(Math.max(sigmas[k], minSigma), range);
    return sigmas;
  }

  sample(rng: Rng, component: number): number {
    const mu = this.mus[component];
    const sigma = this.sigmas[component];
    const z = sampleStandardTruncated(rng, (this.low - mu) / sigma, (this.high - mu) / sigma);
    return fromTransformed(this.distribution, mu + sigma * z);
  }

  logPdf(value: number, out: Float64Array): void {
    if (!this.scoredAsCells) {
      const t = toTransformed(this.distribution, value);
      for (let k = 0; k < out.length; k++) {
        const z = (t - this.mus[k]) / this.sigmas[k];
        out[k] = -0.5 * z * z - this.logNormalisers[k];
      }
      return;
    }
    const [lower, upper] = transformedCell(this.distribution, value);
    for (let k = 0; k < out.length; k++) {
      const mu = this.mus[k];
      const sigma = this.sigmas[k];
      out[k] = logNormalMass((lower - mu) / sigma, (upper - mu) / sigma) - this.logMasses[k];
    }
  }
}

/** Scott's rule of thumb, 1.059 min(sd, IQR / 1.34) m^(-1/5); 0 for a single value (then clipped). */
function scottBandwidth(values: Float64Array): number {
  const m = values.length;
  if (m < 2) return 0;
  const sample = Array.from(values);
  const mean = sample.reduce((sum, value) => sum + value, 0) / m;
  const sd = Math.sqrt(sample.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (m - 1));
  const iqr = nanPercentile(sample, 75) - nanPercentile(sample, 25);
  return 1.059 * Math.min(sd, iqr / 1.34) * m ** -0.2;
}

/** Each observed choice gets weight 1 plus the prior's share, spread over every choice. */
class CategoricalKernels implements Kernels {
  private readonly rows: Float64Array[];

  constructor(distribution: CategoricalDistribution, observations: readonly number[], priorWeight: number) {
    const nChoices = distribution.choices.length;
    const n = observations.length;
    const smoothing = priorWeight / (n + 1);
    this.rows = Array.from({ length: n + 1 }, (_, k) => {
      const row = new Float64Array(nChoices).fill(smoothing);
      if (k < n) row[observations[k]] += 1;
      const total = row.reduce((sum, value) => sum + value, 0);
      return row.map((value) => (total > 0 ? value / total : 1 / nChoices));
    });
  }

  sample(rng: Rng, component: number): number {
    const row = this.rows[component];
    let u = rng.next();
    for (let i = 0; i < row.length - 1; i++) {
      u -= row[i];
      if (u < 0) return i;
    }
    return row.length - 1;
  }

  logPdf(value: number, out: Float64Array): void {
    for (let k = 0; k < out.length; k++) out[k] = Math.log(this.rows[k][value]);
  }
}

export class ParzenEstimator {
  private readonly names: string[];
  private readonly kernels: Kernels[];
  private readonly logWeights: Float64Array;
  private readonly cumulativeWeights: Float64Array;

  /** `observations[name][i]` is the internal value of observation i (all arrays aligned, oldest first). */
  constructor(
    observations: Record<string, readonly number[]>,
    searchSpace: SearchSpace,
    options: ParzenEstimatorOptions,
  ) {
    this.names = Object.keys(searchSpace);
    const n = this.names.length > 0 ? observations[this.names[0]].length : 0;
    const weights = [...options.weights(n).slice(0, n), n === 0 ? 1 : options.priorWeight];
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    this.logWeights = Float64Array.from(weights, (weight) => Math.log(weight / total));
    let cumulative = 0;
    this.cumulativeWeights = Float64Array.from(weights, (weight) => (cumulative += weight / total));
    this.kernels = this.names.map((name) => {
      const distribution: Distribution = searchSpace[name];
      return distribution.type === 'categorical'
        ? new CategoricalKernels(distribution, observations[name], options.priorWeight)
        : new NumericalKernels(distribution, observations[name], this.names.length, options);
    });
  }

  /** `size` joint draws: pick a component by weight, then each parameter from its kernel. */
  sample(rng: Rng, size: number): Record<string, number>[] {
    return Array.from({ length: size }, () => {
      const u = rng.next();
      let component = this.cumulativeWeights.findIndex((cumulative) => u < cumulative);
      if (component < 0) component = this.cumulativeWeights.length - 1;
      const point: Record<string, number> = {};
      this.names.forEach((name, d) => {
        point[name] = this.kernels[d].sample(rng, component);
      });
      return point;
    });
  }

  /** log density (or probability, for discrete parameters) of each point under the mixture. */
  logPdf(points: readonly Record<string, number>[]): number[] {
    const nComponents = this.logWeights.length;
    const perKernel = new Float64Array(nComponents);
    const joint = new Float64Array(nComponents);
    return points.map((point) => {
      joint.set(this.logWeights);
      this.names.forEach((name, d) => {
        this.kernels[d].logPdf(point[name], perKernel);
        for (let k = 0; k < nComponents; k++) joint[k] += perKernel[k];
      });
      let max = Number.NEGATIVE_INFINITY;
      for (const value of joint) if (value > max) max = value;
      if (max === Number.NEGATIVE_INFINITY) return max;
      let sum = 0;
      for (const value of joint) sum += Math.exp(value - max);
      return max + Math.log(sum);
    });
  }
}
