// A small transformer encoder (Vaswani et al. 2017) for the backbone: learned positions added to
// the token embeddings, post-norm blocks of multi-head self-attention and a ReLU feed-forward layer,
// then the mean over the real tokens. tf.layers has no attention layer, so the three custom layers
// below provide it; they are registered for serialisation, so a model using them saves and loads
// with tf.io like any other.
import { tf } from '@hw7/tensor-utils';
import { PAD_ID } from '../data/vocabulary.js';

/** 1 for real tokens, 0 for padding: [batch, length] float32. */
function tokenMask(tokens: tf.Tensor): tf.Tensor2D {
  return tf.cast(tf.notEqual(tokens, PAD_ID), 'float32') as tf.Tensor2D;
}

function shapesOf(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
  return (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
}

export interface PositionEmbeddingArgs {
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * Adds a learned vector per position to [batch, length, dim] inputs. Learned rather than sinusoidal:
 * fixed encodings of magnitude 1 would drown freshly initialised token embeddings of about 0.05.
 */
export class PositionEmbedding extends tf.layers.Layer {
  static className = 'PositionEmbedding';
  readonly seed: number;
  private positions: tf.LayerVariable | null = null;

  constructor(args: PositionEmbeddingArgs = {}) {
    super(args);
    this.seed = args.seed ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [, length, dim] = shapesOf(inputShape)[0] as tf.Shape;
    if (length == null || dim == null) throw new RangeError('PositionEmbedding: the length and size must be known');
    this.positions = this.addWeight(
      'positions',
      [length, dim],
      'float32',
      tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    // Adding the positions keeps the shape.
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x] = Array.isArray(inputs) ? inputs : [inputs];
    return tf.add(x as tf.Tensor, (this.positions as tf.LayerVariable).read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

export interface MultiHeadSelfAttentionArgs {
  heads: number;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/**
 * Multi-head scaled dot-product self-attention over `[embedded [batch, length, dim], tokens [batch,
 * length]]`: padding tokens are never attended to. Output [batch, length, dim].
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  static className = 'MultiHeadSelfAttention';
  readonly heads: number;
  readonly seed: number;
  private projections: tf.LayerVariable[] = [];
  private outputBias: tf.LayerVariable | null = null;

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    if (!Number.isInteger(args.heads) || args.heads < 1) {
      throw new RangeError(`MultiHeadSelfAttention: heads must be an integer >= 1, got ${String(args.heads)}`);
    }
    this.heads = args.heads;
    this.seed = args.seed ?? 0;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const dim = shapesOf(inputShape)[0]?.[2];
    if (dim == null || dim % this.heads !== 0) {
      throw new RangeError(
        `MultiHeadSelfAttention: heads (${this.heads}) must divide the embedding size (${String(dim)})`,
      );
    }
    this.projections = ['query', 'key', 'value', 'output'].map((name, i) =>
      this.addWeight(name, [dim, dim], 'float32', tf.initializers.glorotUniform({ seed: this.seed + i })),
    );
    this.outputBias = this.addWeight('output_bias', [dim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return shapesOf(inputShape)[0] as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, tokens] = inputs as [tf.Tensor3D, tf.Tensor2D];
      const [batch, length, dim] = x.shape;
      const headDim = dim / this.heads;
      const [query, key, value, output] = this.projections.map((weight) => weight.read() as tf.Tensor2D);
      const rows = tf.reshape(x, [batch * length, dim]);
      // Project, then [batch, length, dim] -> [batch, heads, length, headDim].
      const split = (kernel: tf.Tensor2D) =>
        tf.transpose(tf.reshape(tf.matMul(rows, kernel), [batch, length, this.heads, headDim]), [0, 2, 1, 3]);
      const scores = tf.div(
        tf.matMul(split(query as tf.Tensor2D), split(key as tf.Tensor2D), false, true),
        Math.sqrt(headDim),
      );
      // -1e9 on padded keys, so their softmax weight is 0.
      const keyMask = tf.reshape(tf.mul(tf.sub(1, tokenMask(tokens)), -1e9), [batch, 1, 1, length]);
      const attention = tf.softmax(tf.add(scores, keyMask));
      const attended = tf.reshape(tf.transpose(tf.matMul(attention, split(value as tf.Tensor2D)), [0, 2, 1, 3]), [
        batch * length,
        dim,
      ]);
      return tf.reshape(
        tf.add(tf.matMul(attended, output as tf.Tensor2D), (this.outputBias as tf.LayerVariable).read()),
        [batch, length, dim],
      );
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, seed: this.seed };
  }
}

/** The mean over the real (non-padding) tokens of `[embedded [batch, length, dim], tokens]`: [batch, dim]. */
export class MaskedMeanPooling extends tf.layers.Layer {
  static className = 'MaskedMeanPooling';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, , dim] = shapesOf(inputShape)[0] as tf.Shape;
    return [batch ?? null, dim ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const [x, tokens] = inputs as [tf.Tensor3D, tf.Tensor2D];
      const mask = tokenMask(tokens);
      const summed = tf.sum(tf.mul(x, tf.expandDims(mask, 2)), 1);
      // max(count, 1): an all-padding row pools to zeros instead of NaN.
      return tf.div(summed, tf.maximum(tf.sum(mask, 1, true), 1));
    });
  }
}

for (const layer of [PositionEmbedding, MultiHeadSelfAttention, MaskedMeanPooling]) {
  tf.serialization.registerClass(layer);
}

export interface TransformerEncoderOptions {
  heads: number;
  blocks: number;
  /** Units of each block's feed-forward layer. */
  feedForward: number;
  dropout: number;
  /** The next weight seed, one call per initialised layer. */
  nextSeed: () => number;
}

/** The encoder's layers on `embedded` [batch, length, dim], masked by `tokens`: one vector per text. */
export function transformerEncoder(
  embedded: tf.SymbolicTensor,
  tokens: tf.SymbolicTensor,
  { heads, blocks, feedForward, dropout, nextSeed }: TransformerEncoderOptions,
): tf.SymbolicTensor {
  const dim = embedded.shape[2] as number;
  const apply = (layer: tf.layers.Layer, input: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(input) as tf.SymbolicTensor;
  let x = apply(new PositionEmbedding({ seed: nextSeed() }), embedded);
  for (let block = 0; block < blocks; block++) {
    const attended = apply(new MultiHeadSelfAttention({ heads, seed: nextSeed() * 10 }), [x, tokens]);
    x = apply(
      tf.layers.layerNormalization(),
      apply(tf.layers.add(), [x, apply(tf.layers.dropout({ rate: dropout, seed: nextSeed() }), attended)]),
    );
    const hidden = apply(
      tf.layers.dense({
        units: feedForward,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }),
      }),
      x,
    );
    const projected = apply(
      tf.layers.dense({ units: dim, kernelInitializer: tf.initializers.glorotUniform({ seed: nextSeed() }) }),
      hidden,
    );
    x = apply(
      tf.layers.layerNormalization(),
      apply(tf.layers.add(), [x, apply(tf.layers.dropout({ rate: dropout, seed: nextSeed() }), projected)]),
    );
  }
  return apply(new MaskedMeanPooling({}), [x, tokens]);
}
