// One model, several classification tasks: the shared backbone and one small head (dense logits)
// per task, as a single tf.LayersModel with one output per task.
import { tf } from '@hw7/tensor-utils';
import { type BackboneOptions, buildBackbone, EMBEDDING_LAYER } from './backbone.js';

export interface TaskSpec {
  name: string;
  /** Class names; the head has one logit per class. */
  classes: readonly string[];
}

export interface MultiTaskModelOptions extends BackboneOptions {
  tasks: readonly TaskSpec[];
}

export interface MultiTaskModel {
  model: tf.LayersModel;
  tasks: readonly TaskSpec[];
  /** The embedding weights (frozen or unfrozen by training). */
  embedding: tf.layers.Layer;
  /** Logits per task, in the order of `tasks`: [batch, classes]. */
  predict(tokens: tf.Tensor2D, training?: boolean): tf.Tensor2D[];
}

export function createMultiTaskModel(options: MultiTaskModelOptions): MultiTaskModel {
  const { tasks, maxLength } = options;
  if (!Array.isArray(tasks) || tasks.length === 0)
    throw new RangeError('createMultiTaskModel: tasks must list at least one task');
  const names = new Set<string>();
  for (const task of tasks) {
    if (names.has(task.name)) throw new RangeError(`createMultiTaskModel: task '${task.name}' is listed twice`);
    names.add(task.name);
    if (task.classes.length < 2) {
      throw new RangeError(
        `createMultiTaskModel: task '${task.name}' needs at least 2 classes, got ${task.classes.length}`,
      );
    }
  }
  const input = tf.input({ shape: [maxLength], dtype: 'int32', name: 'tokens' });
  const features = buildBackbone(input, options, tasks.length);
  const seed = options.seed ?? 0;
  const outputs = tasks.map(
    (task, i) =>
      tf.layers
        .dense({
          units: task.classes.length,
          name: `head_${task.name.replace(/[^A-Za-z0-9_]/g, '_')}`,
          kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + 900 + i }),
        })
        .apply(features[i] as tf.SymbolicTensor) as tf.SymbolicTensor,
  );
  const model = tf.model({ inputs: input, outputs, name: 'multitask' });
  return {
    model,
    tasks,
    embedding: model.getLayer(EMBEDDING_LAYER),
    predict(tokens, training = false) {
      const result = model.apply(tokens, { training });
      return (Array.isArray(result) ? result : [result]) as tf.Tensor2D[];
    },
  };
}
