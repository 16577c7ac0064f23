// The DARTS search network: every edge of every cell holds all five operations, mixed by
// softmax(alpha); alpha is shared by all cells (one searched cell), the weights are not.
import { Rng, tf } from '@hw7/tensor-utils';
import { CellNetwork, type CellNetworkOptions } from '../cell/cell-network.js';
import { crossEntropy } from '../cell/classification.js';
import type { EdgeMixture } from '../cell/edge-mixture.js';
import type { LabeledTensors } from '../cell/labeled-tensors.js';
import { NB201_EDGES, NB201_OPERATIONS } from '../spaces/nb201-cell.js';
import { initialArchitectureParameters, softmaxMixture } from './architecture-parameters.js';

/** How the supernet's edges mix their operations, given alpha. */
export type MixtureOf = (alpha: tf.Tensor) => EdgeMixture;

export class DartsSupernet {
  readonly network: CellNetwork;
  readonly alpha: tf.Variable;

  constructor(options: CellNetworkOptions = {}) {
    this.network = new CellNetwork(
      NB201_EDGES.map(() => NB201_OPERATIONS),
      options,
    );
    this.alpha = initialArchitectureParameters(new Rng(`darts-alpha:${options.seed ?? 0}`));
  }

  /** The network weights (everything but alpha). */
  get weights(): tf.Variable[] {
    return this.network.variables;
  }

  /**
   * Class scores with every edge mixed by softmax(alpha), or by `mixtureOf(alpha)` (e.g. some edges
   * fixed to one operation during perturbation-based selection); built inside the tidy scope.
   */
  logits(x: tf.Tensor4D, mixtureOf: MixtureOf = softmaxMixture): tf.Tensor2D {
    return tf.tidy(() => this.network.logits(x, mixtureOf(this.alpha)));
  }

  loss(batch: LabeledTensors, mixtureOf: MixtureOf = softmaxMixture): tf.Scalar {
    return tf.tidy(() => crossEntropy(this.logits(batch.x, mixtureOf), batch.y));
  }

  dispose(): void {
    this.network.dispose();
    this.alpha.dispose();
  }
}
