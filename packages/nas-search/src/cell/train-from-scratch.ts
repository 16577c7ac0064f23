// A genotype trained from scratch and scored on held-out data: the final measure of a searched cell.

import type { CellGenotype } from '../spaces/nb201-cell.js';
import type { CellNetworkOptions } from './cell-network.js';
import { classificationAccuracy } from './classification.js';
import { GenotypeNetwork } from './genotype-network.js';
import type { LabeledTensors } from './labeled-tensors.js';
import { type TrainClassifierOptions, trainClassifier } from './train-classifier.js';

export interface TrainFromScratchResult {
  /** Accuracy on `test`. */
  accuracy: number;
  parameters: number;
  finalLoss: number;
  seconds: number;
}

export async function trainGenotypeFromScratch(
  genotype: CellGenotype,
  data: { train: LabeledTensors; test: LabeledTensors },
  network: CellNetworkOptions,
  training: TrainClassifierOptions,
): Promise<TrainFromScratchResult> {
  const started = performance.now();
  const model = new GenotypeNetwork(genotype, network);
  try {
    const losses = await trainClassifier((x) => model.logits(x), model.variables, data.train, training);
    return {
      accuracy: classificationAccuracy((x) => model.logits(x), data.test),
      parameters: model.network.parameterCount(),
      finalLoss: losses[losses.length - 1],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    model.dispose();
  }
}
