// How the per-task losses become one training loss. Three schemes:
// - fixed: sum_t w_t L_t with given weights;
// - uncertainty (Kendall, Gal & Cipolla 2018): sum_t exp(-s_t) L_t + s_t / 2 with s_t = log sigma_t^2
//   learned with the network (the classification form: L / sigma^2 + log sigma);
// - dynamic (Dynamic Task Prioritization, Guo et al. 2018): w_t = -(1 - k_t)^gamma log(k_t), where
//   k_t is the task's current validation macro-F1, so tasks that are doing badly get more weight;
//   updated after every epoch and scaled to sum to the number of tasks.
import { tf } from '@hw7/tensor-utils';

import type { TaskWeightingKind } from './kinds.js';

export interface TaskWeighting {
  readonly kind: TaskWeightingKind;
  /** Trainable variables the scheme adds (the log-variances for 'uncertainty'). */
  readonly variables: tf.Variable[];
  /** The training loss; tasks with `active[t] === false` (not sampled for this batch) contribute nothing. */
  combine(losses: readonly tf.Scalar[], active?: readonly boolean[]): tf.Scalar;
  /** Called after each epoch with each task's validation score in [0, 1] (macro-F1). */
  observe(scores: readonly number[]): void;
  /** The current effective weights, for logs. */
  weights(): number[];
  dispose(): void;
}

export interface TaskWeightingOptions {
  kind?: TaskWeightingKind;
  /** fixed: the weights (default all 1). */
  weights?: readonly number[];
  /** dynamic: the focusing exponent gamma (default 1). */
  gamma?: number;
}

/** The sum of the terms of the active tasks (all when `active` is not given). */
function sumActive(terms: tf.Scalar[], active?: readonly boolean[]): tf.Scalar {
  const kept = active ? terms.filter((_, t) => active[t]) : terms;
  return (kept.length === 0 ? tf.scalar(0) : tf.addN(kept)) as tf.Scalar;
}

export function createTaskWeighting(
  taskCount: number,
  { kind = 'fixed', weights, gamma = 1 }: TaskWeightingOptions = {},
): TaskWeighting {
  if (!Number.isInteger(taskCount) || taskCount < 1)
    throw new RangeError(`createTaskWeighting: taskCount must be >= 1, got ${taskCount}`);
  if (kind === 'uncertainty') {
    const logVariances = Array.from({ length: taskCount }, (_, t) =>
      tf.variable(tf.scalar(0), true, `task_log_variance_${t}`),
    );
    return {
      kind,
      variables: logVariances,
      combine: (losses, active) =>
        tf.tidy(() =>
          sumActive(
            losses.map((loss, t) => {
              const s = logVariances[t] as tf.Variable;
              return tf.add(tf.mul(tf.exp(tf.neg(s)), loss), tf.mul(s, 0.5)) as tf.Scalar;
            }),
            active,
          ),
        ),
      observe: () => {},
      weights: () => logVariances.map((s) => Math.exp(-(s.dataSync()[0] as number))),
      dispose: () => tf.dispose(logVariances),
    };
  }
  if (kind !== 'fixed' && kind !== 'dynamic')
    throw new RangeError(`createTaskWeighting: kind must be fixed, uncertainty or dynamic, got ${String(kind)}`);
  let current = weights ? [...weights] : new Array<number>(taskCount).fill(1);
  if (current.length !== taskCount || current.some((w) => !(w >= 0))) {
    throw new RangeError(`createTaskWeighting: weights must be ${taskCount} numbers >= 0, got [${current.join(', ')}]`);
  }
  return {
    kind,
    variables: [],
    combine: (losses, active) =>
      tf.tidy(() =>
        sumActive(
          losses.map((loss, t) => tf.mul(loss, current[t] as number) as tf.Scalar),
          active,
        ),
      ),
    observe(scores) {
      if (kind !== 'dynamic') return;
      const raw = scores.map((score) => {
        const k = Math.min(0.99, Math.max(0.01, score));
        return -((1 - k) ** gamma) * Math.log(k);
      });
      const sum = raw.reduce((a, b) => a + b, 0);
      current = raw.map((w) => (w * taskCount) / sum);
    },
    weights: () => [...current],
    dispose: () => {},
  };
}
