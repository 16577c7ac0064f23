// Identity loss: a generator fed an image already in its output domain should leave it unchanged,
// mean |F(a) - a| + mean |G(b) - b| (L1; keeps colours from drifting, Zhu et al. 2017, section 5.2).
import type { tf } from '@hw7/tensor-utils';
import { meanAbsoluteError } from './l1.js';
import { assertObject } from './validation.js';

/** G: A -> B and F: B -> A. */
export interface IdentityImages {
  /** Real images of domain A, `[N, H, W, C]`. */
  realA: tf.Tensor4D;
  /** F(realA): the B -> A generator applied to an A image; should equal realA. */
  identityA: tf.Tensor4D;
  /** Real images of domain B. */
  realB: tf.Tensor4D;
  /** G(realB): the A -> B generator applied to a B image; should equal realB. */
  identityB: tf.Tensor4D;
}

export type IdentityLossParts = {
  /** mean |F(a) - a| */
  identityA: tf.Scalar;
  /** mean |G(b) - b| */
  identityB: tf.Scalar;
  /** identityA + identityB */
  identity: tf.Scalar;
};

export function identityLossParts(images: IdentityImages): IdentityLossParts {
  const context = 'identityLoss';
  assertObject(images, 'images ({ realA, identityA, realB, identityB })', context);
  const identityA = meanAbsoluteError(images.realA, 'realA', images.identityA, 'identityA', context);
  const identityB = meanAbsoluteError(images.realB, 'realB', images.identityB, 'identityB', context);
  return { identityA, identityB, identity: identityA.add(identityB) };
}

/** mean |F(a) - a| + mean |G(b) - b|, unweighted. */
export function identityLoss(images: IdentityImages): tf.Scalar {
  const { identityA, identityB, identity } = identityLossParts(images);
  identityA.dispose();
  identityB.dispose();
  return identity;
}
