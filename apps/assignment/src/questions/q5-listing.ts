// The homework's CycleGAN generator loss, computed as its listing computes it, beside the package's
// fixed losses on the same networks and images: what each mistake does, in numbers. The networks are
// the package demo's (freshly initialised with the seed); the images are MNIST digits (A) and
// inverted digits (B).
import {
  cycleConsistencyLossParts,
  generatorAdversarialLoss,
  patchDiscriminator,
  resnetGenerator,
} from '@hw7/cyclegan-loss';
import { loadMnist, mnistToTensors, seedEverything, tf } from '@hw7/tensor-utils';

export interface ListingMeasurement {
  batch: number;
  /** Values `-log(D_B(G(a)))` returns: one per PatchGAN position and image, not one loss. */
  adversarialValues: number;
  /** Share of them that are NaN (the log of a negative raw score). */
  adversarialNanShare: number;
  /** The fixed adversarial losses on the same scores: least squares (official) and BCE on logits. */
  fixedAdversarialLsgan: number;
  fixedAdversarialBce: number;
  /** mean |F(G(a)) - a| and mean |G(F(b)) - b|: the two directions of the cycle loss. */
  cycleA: number;
  cycleB: number;
  /**
   * The listing's cycle term on `realAB` (read as a batch holding both domains' images): B images go
   * through genAB as if they were A images.
   */
  cycleOnRealAB: number;
  /** Gradient norm of the generators' weights from the cycle term, in autograd and outside it. */
  cycleGradientNorm: number;
  cycleGradientNormOutsideAutograd: number;
}

/** Runs the measurement on `batch` images per domain with networks initialised from `seed`. */
export async function measureHomeworkListing({ seed, batch = 8 }: { seed: number; batch?: number }) {
  seedEverything(seed);
  const mnist = await loadMnist({ split: 'train', limit: 2 * batch });
  const { x, y } = mnistToTensors(mnist, { range: [-1, 1] });
  const G = resnetGenerator({ size: 28, filters: 8, blocks: 2, name: 'G' });
  const F = resnetGenerator({ size: 28, filters: 8, blocks: 2, name: 'F' });
  const dB = patchDiscriminator({ size: 28, filters: 8, name: 'D_B' });
  const run = (model: tf.LayersModel, t: tf.Tensor) => model.apply(t) as tf.Tensor4D;
  try {
    const realA = tf.slice(x, [0, 0, 0, 0], [batch, 28, 28, 1]) as tf.Tensor4D;
    const realB = tf.neg(tf.slice(x, [batch, 0, 0, 0], [batch, 28, 28, 1])) as tf.Tensor4D;
    const realAB = tf.concat([realA, realB], 0) as tf.Tensor4D;
    const numbers = tf.tidy(() => {
      const scores = run(dB, run(G, realA));
      // The listing: -log(discriminator_output), no sigmoid, no mean over the batch.
      const listingAdversarial = tf.neg(tf.log(scores)).dataSync();
      const nan = listingAdversarial.filter((value) => Number.isNaN(value)).length;
      const parts = cycleConsistencyLossParts({
        realA,
        recoveredA: run(F, run(G, realA)),
        realB,
        recoveredB: run(G, run(F, realB)),
      });
      const onRealAB = tf.mean(tf.abs(tf.sub(realAB, run(F, run(G, realAB)))));
      return {
        adversarialValues: listingAdversarial.length,
        adversarialNanShare: nan / listingAdversarial.length,
        fixedAdversarialLsgan: generatorAdversarialLoss(scores, { mode: 'lsgan' }).dataSync()[0] as number,
        fixedAdversarialBce: generatorAdversarialLoss(scores, { mode: 'vanilla' }).dataSync()[0] as number,
        cycleA: parts.cycleA.dataSync()[0] as number,
        cycleB: parts.cycleB.dataSync()[0] as number,
        cycleOnRealAB: onRealAB.dataSync()[0] as number,
      };
    });
    const weights = [...G.trainableWeights, ...F.trainableWeights].map(
      (weight) => (weight as unknown as { val: tf.Variable }).val,
    );
    const cycleLoss = () =>
      tf.tidy(() =>
        tf.add(
          tf.mean(tf.abs(tf.sub(realA, run(F, run(G, realA))))),
          tf.mean(tf.abs(tf.sub(realB, run(G, run(F, realB))))),
        ),
      ) as tf.Scalar;
    const gradientNorm = (loss: () => tf.Scalar) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(loss, weights);
        const squares = Object.values(grads).map((grad) => tf.sum(tf.square(grad)));
        return Math.sqrt(tf.addN(squares).dataSync()[0] as number);
      });
    // np.mean(math.abs(...)): the value leaves autograd as a plain number, a constant to the optimiser.
    // (Every weight enters with a zero factor, so autograd reports its gradient instead of none.)
    const outsideAutograd = () =>
      tf.tidy(() =>
        tf.add(tf.scalar(cycleLoss().dataSync()[0] as number), tf.addN(weights.map((w) => tf.sum(tf.mul(w, 0))))),
      ) as tf.Scalar;
    const measurement: ListingMeasurement = {
      batch,
      ...numbers,
      cycleGradientNorm: gradientNorm(cycleLoss),
      cycleGradientNormOutsideAutograd: gradientNorm(outsideAutograd),
    };
    tf.dispose([realA, realB, realAB]);
    return measurement;
  } finally {
    tf.dispose([x, y]);
    for (const model of [G, F, dB]) model.dispose();
  }
}
