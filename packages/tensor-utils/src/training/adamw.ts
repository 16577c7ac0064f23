// Adam with decoupled weight decay (Loshchilov & Hutter 2019), as PyTorch's torch.optim.AdamW: tfjs
// has no AdamW, and L2 regularisation added to the loss is not the same thing under Adam.
import * as tf from '../tf.js';

export interface AdamWOptions {
  /** Default 1e-3 (PyTorch's default). */
  learningRate?: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-8. */
  epsilon?: number;
  /** Decoupled decay: every step multiplies each weight by (1 - learningRate * weightDecay) first. Default 0.01. */
  weightDecay?: number;
}

/**
 * AdamW. The weights decay before the Adam update, by the factor computed from the current learning
 * rate, exactly like PyTorch (`setLearningRate` from this package changes both). Works wherever a
 * tfjs optimizer does (`minimize`, `applyGradients`).
 */
export class AdamW extends tf.AdamOptimizer {
  static override get className(): string {
    return 'AdamW';
  }

  readonly weightDecay: number;

  constructor({
    learningRate = 1e-3,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon = 1e-8,
    weightDecay = 0.01,
  }: AdamWOptions = {}) {
    const check = (name: string, value: number, ok: boolean, expected: string) => {
      if (typeof value !== 'number' || !Number.isFinite(value) || !ok) {
        throw new RangeError(`AdamW: ${name} must be ${expected}; got ${String(value)}`);
      }
    };
    check('learningRate', learningRate, learningRate >= 0, 'a finite number >= 0');
    check('beta1', beta1, beta1 >= 0 && beta1 < 1, 'in [0, 1)');
    check('beta2', beta2, beta2 >= 0 && beta2 < 1, 'in [0, 1)');
    check('epsilon', epsilon, epsilon >= 0, 'a finite number >= 0');
    check('weightDecay', weightDecay, weightDecay >= 0, 'a finite number >= 0');
    super(learningRate, beta1, beta2, epsilon);
    this.weightDecay = weightDecay;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map(({ name }) => name)
      : Object.keys(variableGradients);
    const factor = 1 - this.learningRate * this.weightDecay;
    if (factor !== 1) {
      const registered = tf.engine().registeredVariables;
      tf.tidy(() => {
        for (const name of names) {
          const variable = registered[name];
          if (variable?.trainable) variable.assign(tf.mul(variable, factor));
        }
      });
    }
    super.applyGradients(variableGradients);
  }
}
