// A random cell for baselines: uniform over the operations of each edge. Placed in the same network
// skeleton (channels, stages, cells) and trained with the same budget, it is "a random architecture
// of the same size" to compare a searched cell with.
import type { Rng } from '@hw7/tensor-utils/base';
import { type CellGenotype, NB201_EDGES, NB201_OPERATIONS, type Nb201Operation } from '../spaces/nb201-cell.js';

/** The operations a derived DARTS cell can have: all but 'none'. */
export const CONNECTING_OPERATIONS: readonly Nb201Operation[] = NB201_OPERATIONS.filter((op) => op !== 'none');

export interface RandomGenotypeOptions {
  /**
   * Default false: draw from the four operations a derived DARTS cell can have (no 'none'), so the
   * baseline is as connected as the searched cell; true draws from all five.
   */
  allowNone?: boolean;
}

export function randomGenotype(rng: Rng, { allowNone = false }: RandomGenotypeOptions = {}): CellGenotype {
  const operations: readonly Nb201Operation[] = allowNone ? NB201_OPERATIONS : CONNECTING_OPERATIONS;
  return { edges: NB201_EDGES.map(() => rng.choice(operations)) };
}
