// The two latent-space measures StyleGAN introduced to show that its intermediate latent space W is
// less entangled than the input space Z (Karras et al. 2019, section 4):
// - perceptual path length: how much the image changes, in a feature space, for a small step along
//   an interpolation between two latents (slerp in Z, lerp in W), scaled by 1/epsilon^2; a latent
//   space whose interpolations change the image smoothly scores low;
// - linear separability: how well a linear classifier on the latent predicts a label of the
//   generated image (here the class a classifier gives it); a disentangled space makes the label a
//   linear function of the latent. The paper fits one SVM per binary attribute and reports
//   exp(sum of conditional entropies); this multi-class version reports the held-out accuracy and
//   cross-entropy of a softmax regression.
// The feature extractor and the labeller are the caller's (the paper uses VGG16 / LPIPS and CelebA
// attribute classifiers; for MNIST a digit classifier serves both).
import { Rng, tf } from '@hw7/tensor-utils';
import type { TrainedGenerator } from './trained-generator.js';

export interface PerceptualPathLengthOptions {
  /** Interpolation pairs (default 1000). */
  samples?: number;
  /** Step along the interpolation (default 1e-2; the paper's 1e-4 needs float64-grade features). */
  epsilon?: number;
  /** Pairs per forward pass (default 100). */
  batchSize?: number;
  /** Seeds the latents, the interpolation points and the noise (default 0). */
  seed?: number;
  /**
   * Where to interpolate: 'w' (lerp between mapped latents; the default for the style-based
   * generator) or 'z' (slerp between inputs, then the mapping; the default for the classic one).
   */
  space?: 'w' | 'z';
}

export interface PerceptualPathLength {
  /** Mean of epsilon^-2 * squared feature distance, without the lowest and highest 1% (as the paper). */
  mean: number;
  /** Median of the same values. */
  median: number;
  samples: number;
  /** 'w' (lerp between mapped latents) or 'z' (slerp between inputs). */
  space: 'w' | 'z';
}

// Seeds given to tf.random* are kept >= 1: tfjs treats a seed of 0 as no seed at all.

/** Spherical interpolation of the rows of a and b (the paper's slerp in Z, on normalised vectors). */
function slerp(a: tf.Tensor2D, b: tf.Tensor2D, t: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const an = tf.div(a, tf.norm(a, 'euclidean', 1, true));
    const bn = tf.div(b, tf.norm(b, 'euclidean', 1, true));
    const d = tf.clipByValue(tf.sum(tf.mul(an, bn), 1, true), -1 + 1e-7, 1 - 1e-7);
    const p = tf.mul(t, tf.acos(d));
    const c = tf.sub(bn, tf.mul(d, an));
    const cn = tf.div(c, tf.maximum(tf.norm(c, 'euclidean', 1, true), 1e-12));
    return tf.add(tf.mul(an, tf.cos(p)), tf.mul(cn, tf.sin(p))) as tf.Tensor2D;
  });
}

const lerp = (a: tf.Tensor2D, b: tf.Tensor2D, t: tf.Tensor2D) =>
  tf.tidy(() => tf.add(a, tf.mul(tf.sub(b, a), t)) as tf.Tensor2D);

/**
 * The perceptual path length of `generator`: by default in W for the style-based generator (lerp
 * between mapped latents) and in Z for the classic one (slerp), as the paper measures each; `space:
 * 'z'` measures the style-based generator in Z too. `features` maps images [N, R, R, C] to feature
 * vectors [N, F].
 */
export function perceptualPathLength(
  generator: TrainedGenerator,
  features: (images: tf.Tensor4D) => tf.Tensor2D,
  options: PerceptualPathLengthOptions = {},
): PerceptualPathLength {
  const { samples = 1000, epsilon = 1e-2, batchSize = 100, seed = 0 } = options;
  if (!Number.isInteger(samples) || samples < 2)
    throw new RangeError(`samples must be an integer >= 2, got ${samples}`);
  if (!(epsilon > 0 && epsilon < 1)) throw new RangeError(`epsilon must be in (0, 1), got ${epsilon}`);
  const space = options.space ?? (generator.config.kind === 'style' ? 'w' : 'z');
  const values: number[] = [];
  for (let start = 0, batch = 0; start < samples; start += batchSize, batch++) {
    const n = Math.min(batchSize, samples - start);
    const distances = tf.tidy(() => {
      const z1 = tf.randomNormal([n, generator.config.zDim], 0, 1, 'float32', seed * 7919 + 3 * batch + 1);
      const z2 = tf.randomNormal([n, generator.config.zDim], 0, 1, 'float32', seed * 7919 + 3 * batch + 2);
      const t = tf.randomUniform([n, 1], 0, 1, 'float32', seed * 7919 + 3 * batch + 3) as tf.Tensor2D;
      const te = tf.add(t, epsilon) as tf.Tensor2D;
      let a: tf.Tensor2D;
      let b: tf.Tensor2D;
      if (space === 'w') {
        const w1 = generator.latent(z1 as tf.Tensor2D);
        const w2 = generator.latent(z2 as tf.Tensor2D);
        a = lerp(w1, w2, t);
        b = lerp(w1, w2, te);
      } else {
        a = generator.latent(slerp(z1 as tf.Tensor2D, z2 as tf.Tensor2D, t));
        b = generator.latent(slerp(z1 as tf.Tensor2D, z2 as tf.Tensor2D, te));
      }
      // The same noise for both ends of a step: only the latent moves.
      const noiseSeed = seed * 7919 + 3 * batch + 1;
      const fa = features(generator.synthesize(a, { noiseSeed }));
      const fb = features(generator.synthesize(b, { noiseSeed }));
      return tf.div(tf.sum(tf.square(tf.sub(fa, fb)), 1), epsilon * epsilon);
    });
    values.push(...(distances.dataSync() as Float32Array));
    distances.dispose();
  }
  const sorted = [...values].sort((x, y) => x - y);
  const low = Math.floor(sorted.length * 0.01);
  const kept = sorted.slice(low, sorted.length - low);
  const mean = kept.reduce((sum, value) => sum + value, 0) / kept.length;
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return { mean, median, samples: values.length, space };
}

export interface LinearSeparabilityOptions {
  /** Classes of the labels (default: the largest label + 1). */
  classes?: number;
  /** Full-batch Adam steps of the softmax regression (default 300). */
  steps?: number;
  /** Share of rows the classifier is fitted on; the rest score it (default 0.5). */
  trainShare?: number;
  /** Seeds the split and the initial weights (default 0). */
  seed?: number;
}

export interface LinearSeparability {
  /** Held-out accuracy of the linear classifier. */
  accuracy: number;
  /** Held-out mean cross-entropy of its predictions, in nats: lower is more separable. */
  crossEntropy: number;
  /** Accuracy of always predicting the most frequent training class, for scale. */
  majorityAccuracy: number;
  trainRows: number;
  testRows: number;
}

/**
 * How linearly the labels follow from the latents: a softmax regression on standardised latents
 * (fitted on a seeded share of the rows, scored on the rest).
 */
export function linearSeparability(
  latents: tf.Tensor2D,
  labels: ArrayLike<number>,
  options: LinearSeparabilityOptions = {},
): LinearSeparability {
  const [rows, dim] = latents.shape;
  if (labels.length !== rows)
    throw new RangeError(`labels must have one entry per latent (${rows}), got ${labels.length}`);
  const classes = options.classes ?? Math.max(...Array.from(labels)) + 1;
  const { steps = 300, trainShare = 0.5, seed = 0 } = options;
  const order = Array.from({ length: rows }, (_, i) => i);
  new Rng(`linear-separability:${seed}`).shuffle(order);
  const cut = Math.round(rows * trainShare);
  if (cut < 2 || rows - cut < 1) throw new RangeError(`too few rows (${rows}) to fit and score a classifier`);
  const trainRows = order.slice(0, cut);
  const testRows = order.slice(cut);
  const take = (indices: number[]) => tf.gather(latents, tf.tensor1d(indices, 'int32')) as tf.Tensor2D;
  const oneHot = (indices: number[]) =>
    tf.oneHot(
      tf.tensor1d(
        indices.map((i) => labels[i] as number),
        'int32',
      ),
      classes,
    ) as tf.Tensor2D;
  const weights = tf.variable(tf.randomNormal([dim, classes], 0, 0.01, 'float32', seed + 1));
  const bias = tf.variable(tf.zeros([classes]));
  const optimizer = tf.train.adam(0.05);
  try {
    const { xTrain, yTrain, xTest, yTest } = tf.tidy(() => {
      const train = take(trainRows);
      const mean = tf.mean(train, 0);
      const std = tf.add(tf.sqrt(tf.mean(tf.square(tf.sub(train, mean)), 0)), 1e-6);
      const standardise = (x: tf.Tensor2D) => tf.div(tf.sub(x, mean), std) as tf.Tensor2D;
      return {
        xTrain: tf.keep(standardise(train)),
        yTrain: tf.keep(oneHot(trainRows)),
        xTest: tf.keep(standardise(take(testRows))),
        yTest: tf.keep(oneHot(testRows)),
      };
    });
    const logits = (x: tf.Tensor2D) => tf.add(tf.matMul(x, weights), bias) as tf.Tensor2D;
    for (let step = 0; step < steps; step++) {
      const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yTrain, logits(xTrain)) as tf.Scalar, true, [
        weights,
        bias,
      ]);
      cost?.dispose();
    }
    const [accuracy, crossEntropy, majorityAccuracy] = tf.tidy(() => {
      const predictedLogits = logits(xTest);
      const correct = tf.equal(tf.argMax(predictedLogits, 1), tf.argMax(yTest, 1));
      const counts = tf.sum(yTrain, 0);
      const majority = tf.argMax(counts);
      const majorityCorrect = tf.equal(tf.argMax(yTest, 1), majority);
      return [
        tf.mean(tf.cast(correct, 'float32')).dataSync()[0] as number,
        (tf.losses.softmaxCrossEntropy(yTest, predictedLogits) as tf.Scalar).dataSync()[0] as number,
        tf.mean(tf.cast(majorityCorrect, 'float32')).dataSync()[0] as number,
      ];
    });
    tf.dispose([xTrain, yTrain, xTest, yTest]);
    return {
      accuracy: accuracy as number,
      crossEntropy: crossEntropy as number,
      majorityAccuracy: majorityAccuracy as number,
      trainRows: trainRows.length,
      testRows: testRows.length,
    };
  } finally {
    weights.dispose();
    bias.dispose();
    optimizer.dispose();
  }
}
