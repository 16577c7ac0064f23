// The model's trainable variables in three groups, each with its own AdamW and learning rate (as
// PyTorch's optimizer parameter groups): the embedding (frozen for the first epochs, then trained at
// a fraction of the rate when it starts from transferred vectors), the wide linear parts (their own
// rate), and everything else, the task-weighting variables included. One gradient computation feeds
// all three.
import { AdamW, setLearningRate, type tf } from '@hw7/tensor-utils';
import type { MultiTaskModel } from '../model/multitask-model.js';
import type { TaskWeighting } from '../model/task-weighting.js';

export interface ParameterGroupRates {
  learningRate: number;
  /** The embedding's rate is learningRate times this. */
  embeddingFactor: number;
  wideLearningRate: number;
}

interface ParameterGroup {
  optimizer: AdamW;
  variables: tf.Variable[];
  /** The rate at factor 1 (see setRateFactor). */
  learningRate: number;
}

function variablesOf(layers: readonly tf.layers.Layer[]): tf.Variable[] {
  return layers.flatMap((layer) => layer.trainableWeights.map((weight) => weight.read() as tf.Variable));
}

export class ParameterGroups {
  /** The kernels and the embedding (not the wide parts, which have a penalty per task), for the L2 penalty. */
  readonly penalised: tf.Variable[];
  /** The wide part of each task, in task order. */
  readonly wide: tf.Variable[];
  private readonly embedding: tf.Variable[];
  private readonly others: tf.Variable[];
  private readonly groups: ParameterGroup[];

  constructor(model: MultiTaskModel, weighting: TaskWeighting, rates: ParameterGroupRates) {
    this.embedding = variablesOf([model.embedding]);
    this.wide = variablesOf(model.wideLayers);
    const separate = new Set([...this.embedding, ...this.wide].map((variable) => variable.name));
    this.others = [...variablesOf([model.model]).filter((v) => !separate.has(v.name)), ...weighting.variables];
    const wideNames = new Set(this.wide.map((variable) => variable.name));
    this.penalised = [...model.model.trainableWeights]
      .filter((weight) => /kernel|embeddings/.test(weight.originalName))
      .map((weight) => weight.read() as tf.Variable)
      .filter((variable) => !wideNames.has(variable.name));
    const group = (variables: tf.Variable[], learningRate: number): ParameterGroup => ({
      optimizer: new AdamW({ learningRate, weightDecay: 0 }),
      variables,
      learningRate,
    });
    this.groups = [
      group(this.others, rates.learningRate),
      group(this.embedding, rates.learningRate * rates.embeddingFactor),
      group(this.wide, rates.wideLearningRate),
    ];
  }

  /** The variables a step differentiates: all, or all but the embedding while it is frozen. */
  trainable(embeddingFrozen: boolean): tf.Variable[] {
    return [...this.others, ...this.wide, ...(embeddingFrozen ? [] : this.embedding)];
  }

  /** Sets every group's rate to its own rate times `factor` (a learning-rate schedule's value). */
  setRateFactor(factor: number): void {
    for (const { optimizer, learningRate } of this.groups) setLearningRate(optimizer, learningRate * factor);
  }

  /**
   * One update of each group that has gradients. Each optimizer always gets its whole group, in the
   * same order, with null for a variable without a gradient (a head whose task was not in the
   * batch): tfjs's Adam matches its moments to variables by position in that list and skips null
   * gradients, so a shorter list would update the wrong moments (it crashed with "Operands could not
   * be broadcast" once two neighbours differed in shape).
   */
  apply(grads: tf.NamedTensorMap): void {
    for (const { optimizer, variables } of this.groups) {
      const list = variables.map((variable) => ({ name: variable.name, tensor: grads[variable.name] ?? null }));
      if (list.some(({ tensor }) => tensor !== null))
        optimizer.applyGradients(list as { name: string; tensor: tf.Tensor }[]);
    }
  }

  dispose(): void {
    for (const { optimizer } of this.groups) optimizer.dispose();
  }
}
