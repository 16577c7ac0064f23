// Encoded examples and what a trained multi-task model says about them: the input tensors of a batch
// of rows, every task's class probabilities, and macro-F1 per task over the rows labelled for it.
import { tf } from '@hw7/tensor-utils';
import { type NgramBags, padNgramRows } from '../data/ngrams.js';
import { decide } from '../metrics/decision-threshold.js';
import { macroF1 } from '../metrics/scores.js';
import type { ModelInputs, MultiTaskModel } from '../model/multitask-model.js';

/**
 * Token ids of `count` texts, each padded to `maxLength` (row-major), their n-gram bags (for the
 * fastText encoder and the wide part), and per-task labels (-1 = none).
 */
export interface EncodedDataset {
  tokens: Int32Array;
  maxLength: number;
  /** The texts' TF-IDF n-grams (NgramVocabulary.encodeAll), when the model reads them. */
  ngrams?: NgramBags;
  /** labels[t][i]: the class of example i for task t, or -1 when it has no label for that task. */
  labels: Int32Array[];
}

/** The number of texts in a dataset. */
export function datasetSize(dataset: EncodedDataset): number {
  return dataset.labels[0]?.length ?? dataset.tokens.length / dataset.maxLength;
}

/** The model's input tensors for the rows `indices` of `dataset`. */
export function modelInputs(model: MultiTaskModel, dataset: EncodedDataset, indices: Int32Array): ModelInputs {
  const inputs: ModelInputs = {};
  if (model.inputNames.includes('tokens')) {
    const { tokens, maxLength } = dataset;
    const batch = new Int32Array(indices.length * maxLength);
    for (const [i, row] of indices.entries())
      batch.set(tokens.subarray(row * maxLength, (row + 1) * maxLength), i * maxLength);
    inputs.tokens = tf.tensor2d(batch, [indices.length, maxLength], 'int32');
  }
  if (model.inputNames.includes('ngramIds')) {
    if (!dataset.ngrams) throw new RangeError('the model reads n-grams; the dataset has none (EncodedDataset.ngrams)');
    const { ids, weights, width } = padNgramRows(dataset.ngrams, indices);
    inputs.ngramIds = tf.tensor2d(ids, [indices.length, width], 'int32');
    inputs.ngramWeights = tf.tensor2d(weights, [indices.length, width], 'float32');
  }
  return inputs;
}

/** Class probabilities (softmax) of every example for every task: [task][example] -> one value per class. */
export function predictProbabilities(
  model: MultiTaskModel,
  dataset: EncodedDataset,
  batchSize = 256,
): Float32Array[][] {
  const count = datasetSize(dataset);
  const probabilities: Float32Array[][] = model.tasks.map(() => []);
  for (let start = 0; start < count; start += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => start + i);
    const batch = tf.tidy(() =>
      model.predict(modelInputs(model, dataset, indices)).map((logits) => tf.softmax(logits)),
    );
    batch.forEach((tensor, t) => {
      const classes = tensor.shape[1] as number;
      const values = tensor.dataSync() as Float32Array;
      for (let i = 0; i < indices.length; i++) probabilities[t]?.push(values.slice(i * classes, (i + 1) * classes));
      tensor.dispose();
    });
  }
  return probabilities;
}

/** The most probable class of every example for every task. */
export function predictClasses(model: MultiTaskModel, dataset: EncodedDataset): Int32Array[] {
  return predictProbabilities(model, dataset).map((rows) => Int32Array.from(rows, (row) => decide(row)));
}

/** Macro-F1 per task over the examples labelled for it (0 for a task with none). */
export function macroF1ByTask(model: MultiTaskModel, dataset: EncodedDataset): number[] {
  const predictions = predictClasses(model, dataset);
  return model.tasks.map((task, t) => {
    const truth: number[] = [];
    const predicted: number[] = [];
    (dataset.labels[t] as Int32Array).forEach((label, i) => {
      if (label < 0) return;
      truth.push(label);
      predicted.push((predictions[t] as Int32Array)[i] as number);
    });
    return truth.length === 0 ? 0 : macroF1(truth, predicted, task.classes.length);
  });
}
