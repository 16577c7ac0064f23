// A network of one discrete cell (a genotype), ready to be trained from scratch: only the chosen
// operation of each edge has weights.
import type { tf } from '@hw7/tensor-utils';
import { assertCell, type CellGenotype } from '../spaces/nb201-cell.js';
import { CellNetwork, type CellNetworkOptions } from './cell-network.js';
import { type EdgeMixture, genotypeMixture } from './edge-mixture.js';

export class GenotypeNetwork {
  readonly network: CellNetwork;
  private readonly mixture: EdgeMixture;

  constructor(
    readonly genotype: CellGenotype,
    options: CellNetworkOptions = {},
  ) {
    assertCell(genotype);
    this.network = new CellNetwork(
      genotype.edges.map((operation) => [operation]),
      options,
    );
    this.mixture = genotypeMixture(genotype);
  }

  get variables(): tf.Variable[] {
    return this.network.variables;
  }

  logits(x: tf.Tensor4D): tf.Tensor2D {
    return this.network.logits(x, this.mixture);
  }

  dispose(): void {
    this.network.dispose();
  }
}
