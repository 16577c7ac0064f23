// What each edge of a cell computes: a weighted sum of some of its operations. A discrete cell or a
// sampled single path runs one operation with weight 1; a DARTS mixed operation runs all of them,
// weighted by softmax(alpha).
import type { tf } from '@hw7/tensor-utils';
import type { CellGenotype, Nb201Operation } from '../spaces/nb201-cell.js';

export interface WeightedOperation {
  operation: Nb201Operation;
  /** A scalar; absent means 1. */
  weight?: tf.Tensor;
}

/** One entry per edge, in `NB201_EDGES` order. */
export type EdgeMixture = ReadonlyArray<readonly WeightedOperation[]>;

export function genotypeMixture(genotype: CellGenotype): EdgeMixture {
  return genotype.edges.map((operation) => [{ operation }]);
}
