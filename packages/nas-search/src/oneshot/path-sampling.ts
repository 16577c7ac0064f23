// Single-path one-shot's uniform path sampling (Guo et al. 2019): every edge draws one of the five
// operations with equal probability, independently, so every path of the space is equally likely.
import type { Rng } from '@hw7/tensor-utils/base';
import { type CellGenotype, NB201_EDGES, NB201_OPERATIONS } from '../spaces/nb201-cell.js';

export function sampleUniformPath(rng: Rng): CellGenotype {
  return { edges: NB201_EDGES.map(() => rng.choice(NB201_OPERATIONS)) };
}
