// The (mu/mu_w, lambda) CMA-ES update (Hansen, "The CMA Evolution Strategy: A Tutorial", 2016),
// with the tutorial's default strategy parameters, positive recombination weights only, and
// candidates kept inside box bounds by resampling (then clipping), as the `cmaes` library Optuna
// uses does. The state is plain numbers so a sampler can rebuild it from stored trials.
import type { Rng } from '@hw7/tensor-utils/base';

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: C = B diag(values) B^T. */
function symmetricEigen(matrix: readonly number[][]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) offDiagonal += a[p][q] ** 2;
    if (offDiagonal < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]), vectors: v };
}

export interface CmaEsState {
  mean: number[];
  sigma: number;
  covariance: number[][];
  evolutionPath: number[];
  conjugatePath: number[];
  generation: number;
}

export class CmaEs {
  readonly populationSize: number;
  private readonly weights: number[];
  private readonly muEff: number;
  private readonly cSigma: number;
  private readonly dSigma: number;
  private readonly cc: number;
  private readonly c1: number;
  private readonly cMu: number;
  private readonly chiN: number;
  private eigen: { values: number[]; vectors: number[][] } | undefined;

  constructor(
    private readonly state: CmaEsState,
    private readonly lower: readonly number[],
    private readonly upper: readonly number[],
    populationSize?: number,
  ) {
    const n = state.mean.length;
    this.populationSize = populationSize ?? 4 + Math.floor(3 * Math.log(n));
    const mu = Math.floor(this.populationSize / 2);
    const raw = Array.from({ length: mu }, (_, i) => Math.log((this.populationSize + 1) / 2) - Math.log(i + 1));
    const total = raw.reduce((sum, w) => sum + w, 0);
    this.weights = raw.map((w) => w / total);
    this.muEff = 1 / this.weights.reduce((sum, w) => sum + w * w, 0);
    this.cSigma = (this.muEff + 2) / (n + this.muEff + 5);
    this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((this.muEff - 1) / (n + 1)) - 1) + this.cSigma;
    this.cc = (4 + this.muEff / n) / (n + 4 + (2 * this.muEff) / n);
    this.c1 = 2 / ((n + 1.3) ** 2 + this.muEff);
    this.cMu = Math.min(1 - this.c1, (2 * (this.muEff - 2 + 1 / this.muEff)) / ((n + 2) ** 2 + this.muEff));
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  }

  /** A fresh state centred in the box with sigma = (smallest side) / 6, as Optuna starts. */
  static initialState(lower: readonly number[], upper: readonly number[]): CmaEsState {
    const n = lower.length;
    return {
      mean: lower.map((low, i) => (low + upper[i]) / 2),
      sigma: Math.min(...lower.map((low, i) => upper[i] - low)) / 6,
      covariance: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))),
      evolutionPath: new Array<number>(n).fill(0),
      conjugatePath: new Array<number>(n).fill(0),
      generation: 0,
    };
  }

  /** One candidate m + sigma B D z, resampled up to 100 times to fall inside the bounds, then clipped. */
  ask(rng: Rng): number[] {
    const { values, vectors } = this.decomposition();
    const n = this.state.mean.length;
    let x: number[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      const scaled = values.map((value) => Math.sqrt(Math.max(value, 0)) * rng.normal());
      x = this.state.mean.map((m, i) => {
        let step = 0;
        for (let j = 0; j < n; j++) step += vectors[i][j] * scaled[j];
        return m + this.state.sigma * step;
      });
      if (x.every((value, i) => value >= this.lower[i] && value <= this.upper[i])) return x;
    }
    return x.map((value, i) => Math.min(Math.max(value, this.lower[i]), this.upper[i]));
  }

  /** Updates the state from one generation's candidates and their values (smaller is better). */
  tell(solutions: readonly { x: readonly number[]; value: number }[]): void {
    const n = this.state.mean.length;
    const { values, vectors } = this.decomposition();
    const sorted = [...solutions].sort((a, b) => a.value - b.value).slice(0, this.weights.length);
    const oldMean = this.state.mean;
    const sigma = this.state.sigma;
    const steps = sorted.map(({ x }) => x.map((value, i) => (value - oldMean[i]) / sigma));
    const meanStep = oldMean.map((_, i) => steps.reduce((sum, y, k) => sum + this.weights[k] * y[i], 0));
    this.state.mean = oldMean.map((m, i) => m + sigma * meanStep[i]);
    // C^(-1/2) y_w = B D^(-1) B^T y_w
    const projected = vectors[0].map((_, j) => vectors.reduce((sum, row, i) => sum + row[j] * meanStep[i], 0));
    const whitened = projected.map((value, j) => value / Math.sqrt(Math.max(values[j], 1e-300)));
    const invSqrtStep = vectors.map((row) => row.reduce((sum, b, j) => sum + b * whitened[j], 0));
    const sigmaNorm = Math.sqrt(this.cSigma * (2 - this.cSigma) * this.muEff);
    this.state.conjugatePath = this.state.conjugatePath.map(
      (p, i) => (1 - this.cSigma) * p + sigmaNorm * invSqrtStep[i],
    );
    const pathLength = Math.hypot(...this.state.conjugatePath);
    this.state.generation++;
    // h_sigma stops the rank-one update while the step size is growing fast.
    const normalisedPathLength = pathLength / Math.sqrt(1 - (1 - this.cSigma) ** (2 * this.state.generation));
    const hSigma = normalisedPathLength < (1.4 + 2 / (n + 1)) * this.chiN ? 1 : 0;
    const ccNorm = Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    this.state.evolutionPath = this.state.evolutionPath.map(
      (p, i) => (1 - this.cc) * p + hSigma * ccNorm * meanStep[i],
    );
    const pc = this.state.evolutionPath;
    const lostVariance = (1 - hSigma) * this.cc * (2 - this.cc);
    this.state.covariance = this.state.covariance.map((row, i) =>
      row.map((c, j) => {
        const rankMu = steps.reduce((sum, y, k) => sum + this.weights[k] * y[i] * y[j], 0);
        return (1 - this.c1 - this.cMu) * c + this.c1 * (pc[i] * pc[j] + lostVariance * c) + this.cMu * rankMu;
      }),
    );
    this.state.sigma = sigma * Math.exp((this.cSigma / this.dSigma) * (pathLength / this.chiN - 1));
    this.eigen = undefined;
  }

  private decomposition(): { values: number[]; vectors: number[][] } {
    this.eigen ??= symmetricEigen(this.state.covariance);
    return this.eigen;
  }
}
