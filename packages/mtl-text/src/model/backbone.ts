// The shared backbone: token embedding plus a sequence encoder, turning [batch, maxLength] token ids
// (0 = padding) into one feature vector per text; or, for the fastText encoder, the mean of the
// embeddings of the text's word and character n-grams. By default every task head reads the same
// features; with sharing 'embedding' the tasks share only the embedding and each has its own encoder.
import { tf } from '@hw7/tensor-utils';
import { ENCODER_KINDS, type EncoderKind, SHARING_KINDS, type SharingKind } from './kinds.js';
import { NgramBag } from './ngram-bag.js';
import { transformerEncoder } from './transformer.js';

export interface BackboneOptions {
  /** Token ids (the token encoders' input); unused by the fastText encoder. */
  vocabSize: number;
  maxLength: number;
  /** N-gram ids (NgramVocabulary.size): needed by the fastText encoder and the wide part. */
  ngramVocabSize?: number;
  /** Default 100 (the size of the @hw7/word2vec vectors used for transfer). */
  embeddingDim?: number;
  /**
   * 'cnn' (default): parallel 1-D convolutions + global max pooling (Kim 2014); 'bigru': a
   * bidirectional GRU; 'transformer': a small transformer encoder (self-attention blocks, mean over
   * the real tokens); 'fasttext': the TF-IDF-weighted mean of the embeddings of the text's word
   * 1-2-grams and character 3-5-grams (Joulin et al. 2017, Bojanowski et al. 2017).
   */
  encoder?: EncoderKind;
  /**
   * CNN: filters per kernel size (default 64); BiGRU: units per direction (default 64); transformer:
   * units of the feed-forward layers (default 128).
   */
  width?: number;
  /** Transformer: attention heads (default 4); they must divide the embedding size. */
  attentionHeads?: number;
  /** Transformer: self-attention blocks (default 1). */
  transformerBlocks?: number;
  /** CNN kernel sizes (default [3, 4, 5]). */
  kernelSizes?: number[];
  /** Dropout after the embedding and on the features (default 0.3). */
  dropout?: number;
  /** Initial embedding matrix [vocabSize, embeddingDim] (e.g. word2vec vectors); default random. */
  embeddingInit?: Float32Array;
  /**
   * A second, randomly initialised embedding of this size, concatenated to the first per token
   * (default 0: none). Next to transferred vectors it learns, from the start and at the full learning
   * rate, the domain words they lack or misplace (two channels, as in Kim 2014).
   */
  randomEmbeddingDim?: number;
  /** Default 'encoder'; see SharingKind. */
  sharing?: SharingKind;
  /** Seeds the initial weights; default 0. */
  seed?: number;
}

function assertInteger(name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`createBackbone: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** The embedding layer's name, so training can freeze and unfreeze it. */
export const EMBEDDING_LAYER = 'embedding';
/** The optional second embedding (`randomEmbeddingDim`); it trains with the rest of the model. */
export const RANDOM_EMBEDDING_LAYER = 'random-embedding';

/** The model's symbolic inputs: token ids for the token encoders, n-gram ids and weights for the bags. */
export interface BackboneInputs {
  tokens?: tf.SymbolicTensor;
  ngramIds?: tf.SymbolicTensor;
  ngramWeights?: tf.SymbolicTensor;
}

/** The options with their defaults filled in. */
function resolveBackboneOptions(options: BackboneOptions) {
  const encoder = options.encoder ?? 'cnn';
  return {
    vocabSize: options.vocabSize,
    maxLength: options.maxLength,
    ngramVocabSize: options.ngramVocabSize,
    embeddingDim: options.embeddingDim ?? 100,
    encoder,
    width: options.width ?? (encoder === 'transformer' ? 128 : 64),
    attentionHeads: options.attentionHeads ?? 4,
    transformerBlocks: options.transformerBlocks ?? 1,
    kernelSizes: options.kernelSizes ?? [3, 4, 5],
    dropout: options.dropout ?? 0.3,
    embeddingInit: options.embeddingInit,
    randomEmbeddingDim: options.randomEmbeddingDim ?? 0,
    sharing: options.sharing ?? 'encoder',
    seed: options.seed ?? 0,
  };
}

type ResolvedBackboneOptions = ReturnType<typeof resolveBackboneOptions>;

function checkBackboneOptions(options: ResolvedBackboneOptions, branches: number): void {
  const { vocabSize, embeddingDim, encoder, attentionHeads, randomEmbeddingDim, sharing, embeddingInit } = options;
  assertInteger('vocabSize', vocabSize, 2);
  assertInteger('maxLength', options.maxLength, 1);
  assertInteger('embeddingDim', embeddingDim, 1);
  assertInteger('width', options.width, 1);
  assertInteger('randomEmbeddingDim', randomEmbeddingDim, 0);
  assertInteger('branches', branches, 1);
  assertInteger('attentionHeads', attentionHeads, 1);
  assertInteger('transformerBlocks', options.transformerBlocks, 1);
  const { dropout } = options;
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`createBackbone: dropout must be in [0, 1), got ${dropout}`);
  if (!ENCODER_KINDS.includes(encoder)) {
    throw new RangeError(`createBackbone: encoder must be one of ${ENCODER_KINDS.join(', ')}, got ${String(encoder)}`);
  }
  const embeddingSize = embeddingDim + randomEmbeddingDim;
  if (encoder === 'transformer' && embeddingSize % attentionHeads !== 0) {
    throw new RangeError(
      `createBackbone: attentionHeads (${attentionHeads}) must divide the embedding size embeddingDim + randomEmbeddingDim = ${embeddingSize}`,
    );
  }
  if (!SHARING_KINDS.includes(sharing)) {
    throw new RangeError(`createBackbone: sharing must be one of ${SHARING_KINDS.join(', ')}, got ${String(sharing)}`);
  }
  if (embeddingInit && embeddingInit.length !== vocabSize * embeddingDim) {
    throw new RangeError(
      `createBackbone: embeddingInit must hold vocabSize x embeddingDim = ${vocabSize * embeddingDim} values, got ${embeddingInit.length}`,
    );
  }
  for (const kernelSize of encoder === 'cnn' ? options.kernelSizes : []) assertInteger('kernelSizes[i]', kernelSize, 1);
  if (encoder === 'fasttext' && (embeddingInit || randomEmbeddingDim > 0)) {
    throw new RangeError(
      'createBackbone: the fasttext encoder embeds n-grams; embeddingInit and randomEmbeddingDim need a token encoder',
    );
  }
}

/** The fastText encoder: the dropped-out mean of the n-gram embeddings (the bag is the whole encoder, shared by all). */
function fastTextFeatures(inputs: BackboneInputs, options: ResolvedBackboneOptions, nextSeed: () => number) {
  assertInteger('ngramVocabSize', options.ngramVocabSize, 2);
  if (!inputs.ngramIds || !inputs.ngramWeights)
    throw new RangeError('createBackbone: the fasttext encoder needs the n-gram inputs');
  const bag = new NgramBag({
    name: EMBEDDING_LAYER,
    inputDim: options.ngramVocabSize as number,
    units: options.embeddingDim,
    average: true,
    seed: nextSeed(),
  });
  return tf.layers
    .dropout({ rate: options.dropout, seed: nextSeed() })
    .apply(bag.apply([inputs.ngramIds, inputs.ngramWeights])) as tf.SymbolicTensor;
}

/** The token embedding (transferred or small random values), with the optional random channel, dropped out. */
function embedTokens(input: tf.SymbolicTensor, options: ResolvedBackboneOptions, nextSeed: () => number) {
  const { vocabSize, maxLength, embeddingDim, embeddingInit, randomEmbeddingDim, encoder } = options;
  const embeddingLayer = (name: string, outputDim: number, initializer: ReturnType<typeof tf.initializers.zeros>) =>
    tf.layers.embedding({
      name,
      inputDim: vocabSize,
      outputDim,
      inputLength: maxLength,
      maskZero: encoder === 'bigru',
      embeddingsInitializer: initializer,
    });
  const smallUniform = () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: nextSeed() });
  const embedding = embeddingLayer(
    EMBEDDING_LAYER,
    embeddingDim,
    embeddingInit ? tf.initializers.zeros() : smallUniform(),
  );
  let x = embedding.apply(input) as tf.SymbolicTensor;
  if (embeddingInit) tf.tidy(() => embedding.setWeights([tf.tensor2d(embeddingInit, [vocabSize, embeddingDim])]));
  if (randomEmbeddingDim > 0) {
    const randomEmbedding = embeddingLayer(RANDOM_EMBEDDING_LAYER, randomEmbeddingDim, smallUniform());
    x = tf.layers.concatenate().apply([x, randomEmbedding.apply(input) as tf.SymbolicTensor]) as tf.SymbolicTensor;
  }
  return tf.layers.dropout({ rate: options.dropout, seed: nextSeed() }).apply(x) as tf.SymbolicTensor;
}

/** One token encoder (CNN, transformer or BiGRU) on the embedded tokens, its features dropped out. */
function encodeTokens(
  embedded: tf.SymbolicTensor,
  input: tf.SymbolicTensor,
  options: ResolvedBackboneOptions,
  nextSeed: () => number,
): tf.SymbolicTensor {
  const { encoder, width, dropout } = options;
  const init = () => tf.initializers.glorotUniform({ seed: nextSeed() });
  let features: tf.SymbolicTensor;
  if (encoder === 'cnn') {
    const pooled = options.kernelSizes.map((kernelSize) => {
      const conv = tf.layers.conv1d({
        filters: width,
        kernelSize,
        activation: 'relu',
        padding: 'same',
        kernelInitializer: init(),
      });
      return tf.layers.globalMaxPooling1d().apply(conv.apply(embedded)) as tf.SymbolicTensor;
    });
    features =
      pooled.length === 1
        ? (pooled[0] as tf.SymbolicTensor)
        : (tf.layers.concatenate().apply(pooled) as tf.SymbolicTensor);
  } else if (encoder === 'transformer') {
    features = transformerEncoder(embedded, input, {
      heads: options.attentionHeads,
      blocks: options.transformerBlocks,
      feedForward: width,
      dropout,
      nextSeed,
    });
  } else {
    const gru = tf.layers.gru({
      units: width,
      kernelInitializer: init(),
      recurrentInitializer: tf.initializers.orthogonal({ seed: nextSeed() }),
    });
    features = tf.layers
      .bidirectional({ layer: gru as tf.RNN, mergeMode: 'concat' })
      .apply(embedded) as tf.SymbolicTensor;
  }
  return tf.layers.dropout({ rate: dropout, seed: nextSeed() }).apply(features) as tf.SymbolicTensor;
}

/**
 * Builds the backbone as symbolic layers on `inputs` and returns the features each of `branches`
 * task heads reads (the same tensor for all with sharing 'encoder'), so the multi-task model can
 * attach its heads to them.
 */
export function buildBackbone(inputs: BackboneInputs, given: BackboneOptions, branches = 1): tf.SymbolicTensor[] {
  const options = resolveBackboneOptions(given);
  checkBackboneOptions(options, branches);
  // Every layer gets its own seed, in the order the layers are made.
  let layerSeed = options.seed * 1000;
  const nextSeed = () => ++layerSeed;
  if (options.encoder === 'fasttext') {
    const features = fastTextFeatures(inputs, options, nextSeed);
    return Array.from({ length: branches }, () => features);
  }
  if (!inputs.tokens) throw new RangeError(`createBackbone: the ${options.encoder} encoder needs the token input`);
  const input = inputs.tokens;
  const embedded = embedTokens(input, options, nextSeed);
  if (options.sharing === 'encoder') {
    const features = encodeTokens(embedded, input, options, nextSeed);
    return Array.from({ length: branches }, () => features);
  }
  return Array.from({ length: branches }, () => encodeTokens(embedded, input, options, nextSeed));
}
