// What every model of the zoo provides: a trainer built at the homework's size ('bench') or at a
// small size for the loss-agreement fixtures ('fixture'), whose step takes every random input
// (batches, noise) explicitly, so PyTorch's twin can be fed exactly the same numbers.
import { tf } from '@hw7/tensor-utils';

export type ZooScale = 'bench' | 'fixture';
export type Inputs = Record<string, tf.Tensor>;

/** How one input of a step is drawn for timing. 'nhwc' images are NCHW on PyTorch's side. */
export interface InputSpec {
  shape: number[];
  /** 'normal' N(0, 1), 'uniform' U(-1, 1), 'int' integers in [0, high). */
  kind: 'normal' | 'uniform' | 'int';
  high?: number;
}

export interface ZooSetup {
  scale: ZooScale;
  /** Examples per step (default: the model's homework batch, or the fixture's). */
  batch?: number;
  /** Image side, for the models whose side can change (the scaling study). */
  imageSize?: number;
}

export interface ZooTrainer {
  /** Trainable variables, in the order PyTorch's twin exports its parameters. */
  readonly variables: tf.Variable[];
  /** One training step (forward, backward, optimizer); returns its loss(es). */
  step(inputs: Inputs): number[];
  dispose(): void;
}

export interface ZooModel {
  /** Also the name of the twin in bench/torch/zoo.py. */
  name: string;
  description: string;
  /** The homework's batch size (the bench's default). */
  batch: number;
  /** The fixture's batch size. */
  fixtureBatch: number;
  /** The inputs of one step. */
  inputs(setup: Required<ZooSetup>): Record<string, InputSpec>;
  create(setup: Required<ZooSetup>): ZooTrainer;
  /** Default image side for the models that take images of a chosen size. */
  imageSize?: number;
}

/** The setup with every default filled in. */
export function resolveSetup(model: ZooModel, setup: ZooSetup): Required<ZooSetup> {
  return {
    scale: setup.scale,
    batch: setup.batch ?? (setup.scale === 'bench' ? model.batch : model.fixtureBatch),
    imageSize: setup.imageSize ?? model.imageSize ?? 0,
  };
}

/** Random inputs following `specs` (for timing; the fixtures store theirs). */
export function randomInputs(specs: Record<string, InputSpec>, seed = 0): Inputs {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec], i) => {
      const s = seed * 100 + i + 1;
      if (spec.kind === 'int') return [name, tf.randomUniform(spec.shape, 0, spec.high ?? 2, 'int32', s)];
      if (spec.kind === 'uniform') return [name, tf.randomUniform(spec.shape, -1, 1, 'float32', s)];
      return [name, tf.randomNormal(spec.shape, 0, 1, 'float32', s)];
    }),
  );
}

/** The trainable variables of tf.layers models, in layer order. */
export function layerVariables(...models: Array<{ trainableWeights: tf.LayerVariable[] }>): tf.Variable[] {
  return models.flatMap((model) => model.trainableWeights.map((weight) => weight.read() as tf.Variable));
}

/** Runs `minimize` and returns the loss as a number, freeing it. */
export function minimizeValue(optimizer: tf.Optimizer, loss: () => tf.Scalar, variables: tf.Variable[]): number {
  const value = optimizer.minimize(loss, true, variables);
  if (!value) throw new Error('minimize returned no loss');
  const number = value.dataSync()[0] as number;
  value.dispose();
  return number;
}

/** The trainer of one tf.layers model minimising `loss(inputs)` with `optimizer`. */
export function layersModelTrainer(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  loss: (inputs: Inputs) => tf.Scalar,
): ZooTrainer {
  const variables = layerVariables(model);
  return {
    variables,
    step: (inputs) => [minimizeValue(optimizer, () => loss(inputs), variables)],
    dispose() {
      model.dispose();
      optimizer.dispose();
    },
  };
}
