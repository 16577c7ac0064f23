// The anchor's benchmark objectives, exactly as /work/shared/anchors/hpo_optuna.py defines them.
import type { Trial } from '../src/index.js';

export function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H6_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((value) => 1e-4 * value));

export function hartmann6(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2;
    sum += H6_ALPHA[i] * Math.exp(-inner);
  }
  return -sum;
}

export function rosenbrock(x: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < x.length - 1; i++) sum += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return sum;
}

export function ackley(x: readonly number[]): number {
  const d = x.length;
  const squares = x.reduce((sum, v) => sum + v * v, 0);
  const cosines = x.reduce((sum, v) => sum + Math.cos(2 * Math.PI * v), 0);
  return -20 * Math.exp(-0.2 * Math.sqrt(squares / d)) - Math.exp(cosines / d) + 20 + Math.E;
}

const MIXED_BEST_LOG10_LR = { sgd: -1.0, adam: -3.0, rmsprop: -3.5, adagrad: -2.0 };
const MIXED_OFFSET = { sgd: 0.3, adam: 0.0, rmsprop: 0.1, adagrad: 0.5 };
type Optimizer = keyof typeof MIXED_OFFSET;

export function mixed(nLayers: number, lr: number, optimizer: Optimizer, units: number): number {
  const dl = Math.log10(lr) - MIXED_BEST_LOG10_LR[optimizer];
  return (
    MIXED_OFFSET[optimizer] +
    0.5 * dl ** 2 +
    0.05 * (nLayers - 6) ** 2 +
    (0.2 * (Math.log2(units) - 7) ** 2) / 4 +
    0.02 * Math.abs(nLayers - 6) * Math.abs(dl)
  );
}

const floats = (trial: Trial, n: number, low: number, high: number) =>
  Array.from({ length: n }, (_, i) => trial.suggestFloat(`x${i}`, low, high));

export const PROBLEMS: Record<string, { objective: (trial: Trial) => number; fStar: number }> = {
  branin: { objective: (t) => branin(t.suggestFloat('x1', -5, 10), t.suggestFloat('x2', 0, 15)), fStar: 0.397887 },
  hartmann6: { objective: (t) => hartmann6(floats(t, 6, 0, 1)), fStar: -3.322368 },
  rosenbrock5: { objective: (t) => rosenbrock(floats(t, 5, -5, 10)), fStar: 0 },
  ackley5: { objective: (t) => ackley(floats(t, 5, -32.768, 32.768)), fStar: 0 },
  mixed: {
    objective: (t) => {
      const nLayers = t.suggestInt('n_layers', 1, 10);
      const lr = t.suggestFloat('lr', 1e-5, 1.0, { log: true });
      const optimizer = t.suggestCategorical('optimizer', ['sgd', 'adam', 'rmsprop', 'adagrad'] as const);
      const units = t.suggestInt('units', 16, 512, { log: true });
      return mixed(nLayers, lr, optimizer, units);
    },
    fStar: 0,
  },
};
