// Cycle-consistency loss: an image translated to the other domain and back must come back unchanged,
// in both directions: mean |F(G(a)) - a| + mean |G(F(b)) - b| (L1, as in Zhu et al. 2017).
import type { tf } from '@hw7/tensor-utils';
import { meanAbsoluteError } from './l1.js';
import { assertObject } from './validation.js';

/** G: A -> B and F: B -> A. Each reconstruction is compared with the real image it started from. */
export interface CycleImages {
  /** Real images of domain A, `[N, H, W, C]`. */
  realA: tf.Tensor4D;
  /** F(G(realA)): realA translated to B and back, same shape as realA. */
  recoveredA: tf.Tensor4D;
  /** Real images of domain B. */
  realB: tf.Tensor4D;
  /** G(F(realB)): realB translated to A and back, same shape as realB. */
  recoveredB: tf.Tensor4D;
}

export type CycleLossParts = {
  /** mean |F(G(a)) - a| */
  cycleA: tf.Scalar;
  /** mean |G(F(b)) - b| */
  cycleB: tf.Scalar;
  /** cycleA + cycleB */
  cycle: tf.Scalar;
};

/** Both directions' L1 reconstruction errors and their sum (unweighted: `generatorLoss` applies lambda). */
export function cycleConsistencyLossParts(images: CycleImages): CycleLossParts {
  const context = 'cycleConsistencyLoss';
  assertObject(images, 'images ({ realA, recoveredA, realB, recoveredB })', context);
  const cycleA = meanAbsoluteError(images.realA, 'realA', images.recoveredA, 'recoveredA', context);
  const cycleB = meanAbsoluteError(images.realB, 'realB', images.recoveredB, 'recoveredB', context);
  return { cycleA, cycleB, cycle: cycleA.add(cycleB) };
}

/** mean |F(G(a)) - a| + mean |G(F(b)) - b|, unweighted. */
export function cycleConsistencyLoss(images: CycleImages): tf.Scalar {
  const { cycleA, cycleB, cycle } = cycleConsistencyLossParts(images);
  cycleA.dispose();
  cycleB.dispose();
  return cycle;
}
