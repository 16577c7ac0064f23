// The weight-sharing supernet of single-path one-shot: every edge of every cell holds all five
// operations, and a forward pass runs exactly one of them per edge (a path, written as a genotype),
// so every candidate cell inherits its weights from the supernet.
import type { tf } from '@hw7/tensor-utils';
import { CellNetwork, type CellNetworkOptions } from '../cell/cell-network.js';
import { genotypeMixture } from '../cell/edge-mixture.js';
import { assertCell, type CellGenotype, NB201_EDGES, NB201_OPERATIONS } from '../spaces/nb201-cell.js';

export class Supernet {
  readonly network: CellNetwork;

  constructor(options: CellNetworkOptions = {}) {
    this.network = new CellNetwork(
      NB201_EDGES.map(() => NB201_OPERATIONS),
      options,
    );
  }

  get variables(): tf.Variable[] {
    return this.network.variables;
  }

  /** Logits of the path `genotype`, with the supernet's (shared) weights. */
  logits(x: tf.Tensor4D, genotype: CellGenotype): tf.Tensor2D {
    assertCell(genotype);
    return this.network.logits(x, genotypeMixture(genotype));
  }

  dispose(): void {
    this.network.dispose();
  }
}
