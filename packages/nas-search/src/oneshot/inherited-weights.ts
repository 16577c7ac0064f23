// Candidate evaluation of single-path one-shot: a cell is scored by the accuracy of its path with
// the weights inherited from the supernet, with no retraining. Batch statistics come from each
// evaluation batch (see cell/batch-norm.ts), the counterpart of SPOS recomputing them per candidate.
import { classificationAccuracy } from '../cell/classification.js';
import type { LabeledTensors } from '../cell/labeled-tensors.js';
import type { CellGenotype } from '../spaces/nb201-cell.js';
import type { Supernet } from './supernet.js';

/** Validation accuracy of `genotype` with the supernet's weights; `batchSize` default 500. */
export function evaluateWithInheritedWeights(
  supernet: Supernet,
  genotype: CellGenotype,
  validation: LabeledTensors,
  batchSize?: number,
): number {
  return classificationAccuracy((x) => supernet.logits(x, genotype), validation, batchSize);
}
