// The wide part's starting point: each task's L2-regularised, class-weighted multinomial logistic
// regression on the TF-IDF n-grams, solved to convergence with L-BFGS (Nocedal 1980), as
// scikit-learn's LogisticRegression does. The objective is convex, so it has one optimum that a
// full-batch quasi-Newton method reaches in a few hundred cheap sparse passes; minibatch Adam only
// jitters around it (measured: the linear part then lost 0.01-0.03 macro-F1 to scikit-learn's on the
// same features). Joint training with the encoder starts from here.
import { tf } from '@hw7/tensor-utils';
import type { NgramBags } from '../data/ngrams.js';
import type { ClassificationLossOptions } from '../model/losses.js';
import { headLayerName, type MultiTaskModel } from '../model/multitask-model.js';
import type { EncodedDataset } from './predict.js';

export interface LogisticRegressionOptions {
  /** Rows to fit (their labels must be >= 0). */
  rows: ArrayLike<number>;
  /** Class of every row of `bags` (-1 = unlabelled; only `rows` are read). */
  labels: ArrayLike<number>;
  classes: number;
  /** Number of n-gram ids (the weight matrix has this many rows). */
  features: number;
  /** Per-class loss weights (default 1); the loss is the weighted mean, as in the model's training. */
  classWeights?: readonly number[];
  /** L2 penalty on the sum of squared weights (not the intercept). */
  l2: number;
  /** Default 200. */
  maxIterations?: number;
  /** Stop when the objective improves by less than this fraction (default 1e-6). */
  tolerance?: number;
}

export interface LogisticRegressionFit {
  /** [features, classes], row-major. */
  weights: Float32Array;
  /** [classes]. */
  intercept: Float32Array;
  iterations: number;
  objective: number;
}

/** Weighted mean cross-entropy + l2 * ||W||^2 and its gradient, at parameters [W (features x classes), b]. */
function objective(
  bags: NgramBags,
  options: LogisticRegressionOptions,
  parameters: Float64Array,
  gradient: Float64Array,
): number {
  const { rows, labels, classes, features, classWeights, l2 } = options;
  const bias = features * classes;
  gradient.fill(0);
  let totalWeight = 0;
  for (let i = 0; i < rows.length; i++) totalWeight += classWeights?.[labels[rows[i] as number] as number] ?? 1;
  const logits = new Float64Array(classes);
  let loss = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    const label = labels[row] as number;
    const start = bags.offsets[row] as number;
    const end = bags.offsets[row + 1] as number;
    for (let c = 0; c < classes; c++) logits[c] = parameters[bias + c] as number;
    for (let k = start; k < end; k++) {
      const base = (bags.ids[k] as number) * classes;
      const value = bags.weights[k] as number;
      for (let c = 0; c < classes; c++) logits[c] = (logits[c] as number) + value * (parameters[base + c] as number);
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[c] as number);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      logits[c] = Math.exp((logits[c] as number) - max);
      sum += logits[c] as number;
    }
    const rowWeight = (classWeights?.[label] ?? 1) / totalWeight;
    loss -= rowWeight * Math.log((logits[label] as number) / sum);
    // d loss / d logit_c = rowWeight * (p_c - [c = label]).
    for (let c = 0; c < classes; c++) logits[c] = rowWeight * ((logits[c] as number) / sum - (c === label ? 1 : 0));
    for (let c = 0; c < classes; c++) gradient[bias + c] = (gradient[bias + c] as number) + (logits[c] as number);
    for (let k = start; k < end; k++) {
      const base = (bags.ids[k] as number) * classes;
      const value = bags.weights[k] as number;
      for (let c = 0; c < classes; c++)
        gradient[base + c] = (gradient[base + c] as number) + value * (logits[c] as number);
    }
  }
  for (let j = 0; j < bias; j++) {
    const w = parameters[j] as number;
    loss += l2 * w * w;
    gradient[j] = (gradient[j] as number) + 2 * l2 * w;
  }
  return loss;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Fits the logistic regression with L-BFGS (memory 10, backtracking line search). */
export function fitLogisticRegression(bags: NgramBags, options: LogisticRegressionOptions): LogisticRegressionFit {
  const { classes, features, maxIterations = 200, tolerance = 1e-6 } = options;
  if (options.rows.length === 0) throw new RangeError('fitLogisticRegression: no rows to fit');
  const size = features * classes + classes;
  let x = new Float64Array(size);
  let g = new Float64Array(size);
  let f = objective(bags, options, x, g);
  const memory = 10;
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // Two-loop recursion: direction = -H g.
    const q = Float64Array.from(g);
    const alphas: number[] = [];
    for (let m = steps.length - 1; m >= 0; m--) {
      const rho = 1 / dot(changes[m] as Float64Array, steps[m] as Float64Array);
      const alpha = rho * dot(steps[m] as Float64Array, q);
      alphas[m] = alpha;
      const y = changes[m] as Float64Array;
      for (let i = 0; i < size; i++) q[i] = (q[i] as number) - alpha * (y[i] as number);
    }
    const last = steps.length - 1;
    const scale =
      last >= 0
        ? dot(steps[last] as Float64Array, changes[last] as Float64Array) /
          dot(changes[last] as Float64Array, changes[last] as Float64Array)
        : 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));
    for (let i = 0; i < size; i++) q[i] = (q[i] as number) * scale;
    for (let m = 0; m < steps.length; m++) {
      const rho = 1 / dot(changes[m] as Float64Array, steps[m] as Float64Array);
      const beta = rho * dot(changes[m] as Float64Array, q);
      const s = steps[m] as Float64Array;
      for (let i = 0; i < size; i++) q[i] = (q[i] as number) + (s[i] as number) * ((alphas[m] as number) - beta);
    }
    const slope = -dot(g, q);
    if (!(slope < 0)) break; // not a descent direction: converged to rounding
    // Backtracking (Armijo) along -q.
    let step = 1;
    const next = new Float64Array(size);
    const nextGradient = new Float64Array(size);
    let nextF = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 30; tries++) {
      for (let i = 0; i < size; i++) next[i] = (x[i] as number) - step * (q[i] as number);
      nextF = objective(bags, options, next, nextGradient);
      if (nextF <= f + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextF < f)) break;
    const s = new Float64Array(size);
    const y = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      s[i] = (next[i] as number) - (x[i] as number);
      y[i] = (nextGradient[i] as number) - (g[i] as number);
    }
    if (dot(s, y) > 1e-12) {
      steps.push(s);
      changes.push(y);
      if (steps.length > memory) {
        steps.shift();
        changes.shift();
      }
    }
    const improvement = (f - nextF) / Math.max(Math.abs(f), 1e-12);
    x = next;
    g = nextGradient;
    f = nextF;
    if (improvement < tolerance) {
      iterations++;
      break;
    }
  }
  return {
    weights: Float32Array.from(x.subarray(0, features * classes)),
    intercept: Float32Array.from(x.subarray(features * classes)),
    iterations,
    objective: f,
  };
}

/** Sets each task's wide part and head bias to its logistic regression on the training n-grams. */
export function initialiseWideParts(
  model: MultiTaskModel,
  train: EncodedDataset,
  losses: readonly ClassificationLossOptions[],
  l2: readonly number[],
): void {
  if (!train.ngrams) throw new RangeError('trainMultiTask: the wide part needs train.ngrams');
  const bags = train.ngrams;
  model.tasks.forEach((task, t) => {
    const labels = train.labels[t] as Int32Array;
    const rows = Int32Array.from(labels.keys()).filter((row) => (labels[row] as number) >= 0);
    const layer = model.wideLayers[t] as tf.layers.Layer;
    const [features] = (layer.getWeights()[0] as tf.Tensor).shape as [number, number];
    const fit = fitLogisticRegression(bags, {
      rows,
      labels,
      classes: task.classes.length,
      features,
      classWeights: losses[t]?.classWeights,
      l2: l2[t] as number,
    });
    tf.tidy(() => layer.setWeights([tf.tensor2d(fit.weights, [features, task.classes.length])]));
    const head = model.model.getLayer(headLayerName(task.name));
    const [kernel] = head.getWeights();
    tf.tidy(() => head.setWeights([kernel as tf.Tensor, tf.tensor1d(fit.intercept)]));
  });
}
