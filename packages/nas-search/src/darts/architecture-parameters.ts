// DARTS architecture parameters: alpha [6 edges, 5 operations]; each edge mixes its operations with
// softmax(alpha[edge]) weights.
import { type Rng, tf } from '@hw7/tensor-utils';
import type { EdgeMixture } from '../cell/edge-mixture.js';
import { variableFrom } from '../cell/initialisers.js';
import { type CellGenotype, NB201_EDGES, NB201_OPERATIONS, type Nb201Operation } from '../spaces/nb201-cell.js';

/** alpha ~ 1e-3 * N(0, 1), as in DARTS: all operations start almost equally weighted. */
export function initialArchitectureParameters(rng: Rng): tf.Variable {
  return variableFrom(tf.randomNormal([NB201_EDGES.length, NB201_OPERATIONS.length], 0, 1e-3, 'float32', rng.seed()));
}

/** Every operation of every edge weighted by softmax(alpha) (gradients flow back into alpha). */
export function softmaxMixture(alpha: tf.Tensor): EdgeMixture {
  const weights = tf.softmax(alpha);
  const mixture = tf
    .unstack(weights)
    .map((edgeWeights) =>
      tf.unstack(edgeWeights).map((weight, index) => ({ operation: NB201_OPERATIONS[index], weight })),
    );
  weights.dispose();
  return mixture;
}

/** Mean over edges of the entropy (nats) of softmax(alpha[edge]); ln 5 = 1.609 when undecided. */
export function meanAlphaEntropy(alpha: tf.Tensor): number {
  return tf.tidy(() => {
    const logProbabilities = tf.logSoftmax(alpha);
    const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logProbabilities), logProbabilities), 1));
    return tf.mean(entropy).arraySync() as number;
  });
}

/**
 * The discrete cell: per edge the operation with the largest alpha other than 'none'. NAS-Bench-201
 * cells keep all six edges (DARTS on its own space would drop edges by their 'none' weight), so
 * 'none' can never win.
 */
export function deriveGenotype(alpha: tf.Tensor): CellGenotype {
  if (alpha.rank !== 2 || alpha.shape[0] !== NB201_EDGES.length || alpha.shape[1] !== NB201_OPERATIONS.length) {
    throw new RangeError(
      `alpha must be [${NB201_EDGES.length}, ${NB201_OPERATIONS.length}]; got [${alpha.shape.join(', ')}]`,
    );
  }
  const rows = alpha.arraySync() as number[][];
  const edges = rows.map((row) => {
    let best: Nb201Operation | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    row.forEach((value, index) => {
      if (NB201_OPERATIONS[index] !== 'none' && value > bestValue) {
        best = NB201_OPERATIONS[index];
        bestValue = value;
      }
    });
    if (best === undefined) throw new RangeError(`alpha must hold finite numbers; got [${row.join(', ')}]`);
    return best;
  });
  return { edges };
}
