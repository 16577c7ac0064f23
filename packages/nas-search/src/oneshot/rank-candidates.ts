// Ranking of single-path one-shot: candidates ordered by their accuracy with inherited weights.

import type { LabeledTensors } from '../cell/labeled-tensors.js';
import { type CellGenotype, formatCell } from '../spaces/nb201-cell.js';
import { evaluateWithInheritedWeights } from './inherited-weights.js';
import type { Supernet } from './supernet.js';

export interface RankedCandidate {
  genotype: CellGenotype;
  cellString: string;
  /** Validation accuracy with inherited weights. */
  accuracy: number;
}

/** `candidates` sorted by inherited-weight accuracy, best first (ties keep their input order). */
export function rankCandidates(
  supernet: Supernet,
  candidates: readonly CellGenotype[],
  validation: LabeledTensors,
  batchSize?: number,
): RankedCandidate[] {
  return candidates
    .map((genotype) => ({
      genotype,
      cellString: formatCell(genotype),
      accuracy: evaluateWithInheritedWeights(supernet, genotype, validation, batchSize),
    }))
    .sort((a, b) => b.accuracy - a.accuracy);
}
