// One DARTS iteration (Liu et al. 2019, algorithm 1): update alpha on a validation batch, then the
// weights on a training batch.
import { tf } from '@hw7/tensor-utils';
import type { LabeledTensors } from '../cell/labeled-tensors.js';
import { firstOrderArchitectureGradient, secondOrderArchitectureGradient } from './architecture-gradient.js';
import type { DartsSupernet, MixtureOf } from './darts-supernet.js';
import type { DartsOrder } from './darts-variants.js';

export interface DartsOptimizers {
  weights: tf.Optimizer;
  alpha: tf.Optimizer;
}

export interface DartsStepOptions {
  order: DartsOrder;
  /** xi of the second-order unrolled step (ignored by the first order). */
  unrolledStep: number;
}

export interface DartsStepLosses {
  trainLoss: number;
  validationLoss: number;
}

export function dartsStep(
  model: DartsSupernet,
  optimizers: DartsOptimizers,
  batches: { train: LabeledTensors; validation: LabeledTensors },
  { order, unrolledStep }: DartsStepOptions,
): DartsStepLosses {
  const { gradient, validationLoss } =
    order === 'second'
      ? secondOrderArchitectureGradient(model, batches.train, batches.validation, unrolledStep)
      : firstOrderArchitectureGradient(model, batches.validation);
  optimizers.alpha.applyGradients({ [model.alpha.name]: gradient });
  gradient.dispose();

  return { trainLoss: updateWeights(model, optimizers.weights, batches.train), validationLoss };
}

/**
 * One optimizer step of the weights on a training batch, alpha fixed, the edges mixed by
 * `mixtureOf` (default softmax(alpha)); returns the training loss.
 */
export function updateWeights(
  model: DartsSupernet,
  optimizer: tf.Optimizer,
  train: LabeledTensors,
  mixtureOf?: MixtureOf,
): number {
  const { value, grads } = tf.variableGrads(() => model.loss(train, mixtureOf), model.weights);
  // Every weight in a fixed order, zeros for those the mixture leaves out (a projected edge's other
  // operations): tfjs's momentum slots are matched to gradients by position, not by name.
  for (const weight of model.weights) grads[weight.name] ??= tf.zerosLike(weight);
  optimizer.applyGradients(Object.fromEntries(model.weights.map(({ name }) => [name, grads[name]])));
  const trainLoss = value.arraySync();
  tf.dispose([value, ...Object.values(grads)]);
  return trainLoss;
}
