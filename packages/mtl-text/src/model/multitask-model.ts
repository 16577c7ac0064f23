// One model, several classification tasks: the shared backbone and one small head (dense logits)
// per task, as a single tf.LayersModel with one output per task. With `wide`, each head also has a
// linear part on the text's TF-IDF n-gram features, added to its logits ("wide and deep", Cheng et
// al. 2016): the linear part is strong on little data, the encoder adds what it can learn beyond it.
import { tf } from '@hw7/tensor-utils';
import { type BackboneInputs, type BackboneOptions, buildBackbone, EMBEDDING_LAYER } from './backbone.js';
import { NgramBag } from './ngram-bag.js';

export interface TaskSpec {
  name: string;
  /** Class names; the head has one logit per class. */
  classes: readonly string[];
}

export interface MultiTaskModelOptions extends BackboneOptions {
  tasks: readonly TaskSpec[];
  /** A linear part on the n-gram features in every head (needs ngramVocabSize); default false. */
  wide?: boolean;
}

/** The tensors a batch feeds the model: token ids [batch, maxLength] and/or n-gram ids and weights [batch, width]. */
export interface ModelInputs {
  tokens?: tf.Tensor2D;
  ngramIds?: tf.Tensor2D;
  ngramWeights?: tf.Tensor2D;
}

export type ModelInputName = keyof ModelInputs;

export interface MultiTaskModel {
  model: tf.LayersModel;
  tasks: readonly TaskSpec[];
  /** The model's inputs, in the order `model` takes them. */
  inputNames: readonly ModelInputName[];
  /** The embedding weights (frozen or unfrozen by training). */
  embedding: tf.layers.Layer;
  /** The wide (linear) part of each head, in task order; empty without `wide`. */
  wideLayers: readonly tf.layers.Layer[];
  /** Logits per task, in the order of `tasks`: [batch, classes]. A lone tensor is the token ids. */
  predict(inputs: ModelInputs | tf.Tensor2D, training?: boolean): tf.Tensor2D[];
}

/** The name of task `name`'s wide layer (layers are named by task). */
export function wideLayerName(task: string): string {
  return `wide_${task.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The name of task `name`'s dense head. */
export function headLayerName(task: string): string {
  return `head_${task.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

export function createMultiTaskModel(options: MultiTaskModelOptions): MultiTaskModel {
  const { tasks, maxLength, wide = false } = options;
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
  const usesNgrams = wide || options.encoder === 'fasttext';
  if (usesNgrams && !(Number.isInteger(options.ngramVocabSize) && (options.ngramVocabSize as number) >= 2)) {
    throw new RangeError(
      `createMultiTaskModel: the fasttext encoder and the wide part need ngramVocabSize >= 2, got ${String(options.ngramVocabSize)}`,
    );
  }
  const inputs: BackboneInputs = {};
  if (options.encoder !== 'fasttext') inputs.tokens = tf.input({ shape: [maxLength], dtype: 'int32', name: 'tokens' });
  if (usesNgrams) {
    // Each batch is padded to its longest text's number of n-grams.
    inputs.ngramIds = tf.input({ shape: [null], dtype: 'int32', name: 'ngram_ids' });
    inputs.ngramWeights = tf.input({ shape: [null], dtype: 'float32', name: 'ngram_weights' });
  }
  const inputNames = (['tokens', 'ngramIds', 'ngramWeights'] as const).filter((name) => inputs[name]);
  const features = buildBackbone(inputs, options, tasks.length);
  const seed = options.seed ?? 0;
  const wideLayers: tf.layers.Layer[] = [];
  const outputs = tasks.map((task, i) => {
    const deep = tf.layers
      .dense({
        units: task.classes.length,
        name: headLayerName(task.name),
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 1000 + 900 + i }),
      })
      .apply(features[i] as tf.SymbolicTensor) as tf.SymbolicTensor;
    if (!wide) return deep;
    const linear = new NgramBag({
      name: wideLayerName(task.name),
      inputDim: options.ngramVocabSize as number,
      units: task.classes.length,
      initializer: 'zeros',
      weightName: 'kernel',
    });
    wideLayers.push(linear);
    const wideLogits = linear.apply([inputs.ngramIds, inputs.ngramWeights] as tf.SymbolicTensor[]) as tf.SymbolicTensor;
    return tf.layers.add().apply([deep, wideLogits]) as tf.SymbolicTensor;
  });
  const model = tf.model({
    inputs: inputNames.map((name) => inputs[name] as tf.SymbolicTensor),
    outputs,
    name: 'multitask',
  });
  return {
    model,
    tasks,
    inputNames,
    embedding: model.getLayer(EMBEDDING_LAYER),
    wideLayers,
    predict(given, training = false) {
      const named: ModelInputs = given instanceof tf.Tensor ? { tokens: given } : given;
      const feed = inputNames.map((name) => {
        const tensor = named[name];
        if (!tensor) throw new RangeError(`MultiTaskModel.predict: the model needs the '${name}' input`);
        return tensor;
      });
      const result = model.apply(feed.length === 1 ? (feed[0] as tf.Tensor2D) : feed, { training });
      return (Array.isArray(result) ? result : [result]) as tf.Tensor2D[];
    },
  };
}
