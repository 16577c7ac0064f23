// The gradient that updates alpha, on a validation batch.
// First order: grad_alpha L_val(w, alpha), treating the weights as constants.
// Second order (DARTS' one-step unrolled approximation):
//   w' = w - xi grad_w L_train(w, alpha)
//   grad_alpha L_val(w', alpha) - xi (d^2 L_train / d alpha d w) grad_w' L_val(w', alpha),
// the Hessian-vector product estimated by finite differences with eps = 0.01 / ||grad_w' L_val||.
// The unrolled step is plain gradient descent (DARTS also folds in momentum and weight decay).
import { tf } from '@hw7/tensor-utils';
import type { LabeledTensors } from '../cell/labeled-tensors.js';
import type { DartsSupernet } from './darts-supernet.js';
import { finiteDifferenceHessianVectorProduct } from './finite-difference-hvp.js';

export interface ArchitectureGradient {
  gradient: tf.Tensor;
  /** L_val at the point where alpha's gradient was taken (w, or w' for second order). */
  validationLoss: number;
}

/** Relative size of the finite-difference step, as in the DARTS code. */
const FINITE_DIFFERENCE_SCALE = 0.01;

function gradientsOf(loss: () => tf.Scalar, variables: tf.Variable[]): { value: number; gradients: tf.Tensor[] } {
  const { value, grads } = tf.variableGrads(loss, variables);
  const result = { value: value.arraySync(), gradients: variables.map((variable) => grads[variable.name]) };
  value.dispose();
  return result;
}

export function firstOrderArchitectureGradient(model: DartsSupernet, validation: LabeledTensors): ArchitectureGradient {
  const { value, gradients } = gradientsOf(() => model.loss(validation), [model.alpha]);
  return { gradient: gradients[0], validationLoss: value };
}

export function secondOrderArchitectureGradient(
  model: DartsSupernet,
  train: LabeledTensors,
  validation: LabeledTensors,
  unrolledStep: number,
): ArchitectureGradient {
  if (!Number.isFinite(unrolledStep) || unrolledStep <= 0) {
    throw new RangeError(`unrolledStep (xi) must be a finite number > 0; got ${unrolledStep}`);
  }
  const weights = model.weights;
  const originals = weights.map((weight) => tf.clone(weight));

  const trainGradients = gradientsOf(() => model.loss(train), weights).gradients;
  tf.tidy(() => {
    weights.forEach((weight, i) => {
      weight.assign(tf.sub(originals[i], tf.mul(trainGradients[i], unrolledStep)));
    });
  });
  tf.dispose(trainGradients);

  const unrolled = gradientsOf(() => model.loss(validation), [model.alpha, ...weights]);
  const [alphaGradient, ...weightGradients] = unrolled.gradients;
  weights.forEach((weight, i) => {
    weight.assign(originals[i]);
  });

  const norm = tf.tidy(() =>
    Math.sqrt(tf.addN(weightGradients.map((g) => tf.sum(tf.square(g)))).arraySync() as number),
  );
  let gradient = alphaGradient;
  if (norm > 0) {
    const hessianVector = finiteDifferenceHessianVectorProduct(
      () => gradientsOf(() => model.loss(train), [model.alpha]).gradients[0],
      weights,
      weightGradients,
      FINITE_DIFFERENCE_SCALE / norm,
    );
    gradient = tf.tidy(() => tf.sub(alphaGradient, tf.mul(hessianVector, unrolledStep)));
    tf.dispose([alphaGradient, hessianVector]);
  }
  tf.dispose([...originals, ...weightGradients]);
  return { gradient, validationLoss: unrolled.value };
}
