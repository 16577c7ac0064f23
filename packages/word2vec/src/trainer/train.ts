// The fast word2vec trainer: the algorithm of the original C tool and gensim (skip-gram or CBOW,
// negative sampling and/or hierarchical softmax, frequent-word subsampling, dynamic window, linear
// learning-rate decay), with the inner loops in SIMD WebAssembly run by worker threads over one
// shared memory. The main thread streams the corpus, tokenises it, maps words to ids and hands
// batches of about 10 000 words to the workers.
import { availableParallelism } from 'node:os';
import { createProgress, type Progress } from '@hw7/tensor-utils/base';
import { KeyedVectors } from '../keyed-vectors.js';
import { defaultTokenizer, type Tokenizer } from '../tokenizer.js';
import { BATCH_WORDS, createModelMemory, type ModelMemory, readInputVectors } from './model-memory.js';
import {
  assertCorpusSource,
  assertInteger,
  buildVocabulary,
  type CorpusSource,
  type CorpusVocabulary,
  corpusLines,
} from './vocabulary.js';
import { WorkerPool } from './worker-pool.js';

export interface TrainVectorsOptions {
  corpus: CorpusSource;
  /** Default `defaultTokenizer` (lower case, runs of letters), the gensim reference script's tokenisation. */
  tokenizer?: Tokenizer;
  /** Skip-gram when true (default), otherwise CBOW with the mean of the context vectors (gensim's cbow_mean=1). */
  sg?: boolean;
  /** Vector size (default 100). */
  dim?: number;
  /** Maximum distance between the centre word and a context word (default 5); each position uses a random 1..window. */
  window?: number;
  /** Negative samples per prediction (default 5); 0 needs `hs`. */
  negative?: number;
  /** Hierarchical softmax over a Huffman tree of the vocabulary (default false). */
  hs?: boolean;
  /** Subsampling threshold for frequent words (default 1e-3); 0 keeps every word. */
  sample?: number;
  /** Words seen fewer times are ignored (default 5). */
  minCount?: number;
  /** Keep only the most frequent words (default: all that reach minCount). */
  maxVocab?: number;
  /** Initial learning rate (default 0.025, gensim's for both modes). */
  alpha?: number;
  /** Final learning rate, reached linearly at the end of the last epoch (default 1e-4). */
  minAlpha?: number;
  /** Passes over the corpus (default 5). */
  epochs?: number;
  /**
   * Training threads (default: the number of CPUs). Runs with one thread are bit-reproducible for
   * a seed; with several, the lock-free updates interleave differently on every run (as in gensim).
   */
  threads?: number;
  /** Seeds the vector initialisation and each thread's random numbers (default 1); an integer in [0, 2^32). */
  seed?: number;
  /** Show a progress bar (or lines when not on a TTY) on stderr (default true). */
  progress?: boolean;
}

export interface TrainingStats {
  /** Tokens read during training, over all epochs, including words not in the vocabulary. */
  rawWords: number;
  /** Vocabulary words trained on before subsampling, over all epochs. */
  trainedWords: number;
  /** Words left after subsampling (what the network saw), over all epochs. */
  effectiveWords: number;
  /** Duration of the training passes (worker start included, the vocabulary pass excluded). */
  seconds: number;
  /** rawWords / seconds, comparable to the rate gensim's train() reports. */
  wordsPerSec: number;
  /** Duration of the vocabulary pass. */
  vocabularySeconds: number;
  threads: number;
}

export interface TrainVectorsResult {
  /** The trained input vectors (the embeddings), in vocabulary order. */
  vectors: KeyedVectors;
  /** Words most frequent first (ties in order of first appearance) and their counts. */
  vocabulary: { words: string[]; counts: number[] };
  stats: TrainingStats;
}

type Settings = Required<Omit<TrainVectorsOptions, 'maxVocab'>> & { maxVocab: number | undefined };

const CALLER = 'trainVectors';

function assertNumber(value: unknown, name: string, isValid: (x: number) => boolean, expected: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !isValid(value)) {
    throw new RangeError(`${CALLER}: ${name} must be ${expected}, got ${String(value)}`);
  }
}

function assertBoolean(value: unknown, name: string): void {
  if (typeof value !== 'boolean') throw new TypeError(`${CALLER}: ${name} must be true or false, got ${String(value)}`);
}

function resolveSettings(options: TrainVectorsOptions): Settings {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${CALLER}: options must be an object`);
  const settings: Settings = {
    tokenizer: defaultTokenizer,
    sg: true,
    dim: 100,
    window: 5,
    negative: 5,
    hs: false,
    sample: 1e-3,
    minCount: 5,
    alpha: 0.025,
    minAlpha: 1e-4,
    epochs: 5,
    threads: availableParallelism(),
    seed: 1,
    progress: true,
    // An option given as undefined keeps its default.
    ...Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
    corpus: options.corpus,
    maxVocab: options.maxVocab,
  };
  assertCorpusSource(settings.corpus, CALLER);
  if (typeof settings.tokenizer !== 'function') throw new TypeError(`${CALLER}: tokenizer must be a function`);
  assertInteger(settings.dim, 'dim', 1, CALLER);
  assertInteger(settings.window, 'window', 1, CALLER);
  assertInteger(settings.negative, 'negative', 0, CALLER);
  assertBoolean(settings.sg, 'sg');
  assertBoolean(settings.hs, 'hs');
  if (settings.negative === 0 && !settings.hs) {
    throw new RangeError(`${CALLER}: negative must be an integer >= 1 when hs is false (nothing to train), got 0`);
  }
  assertNumber(settings.sample, 'sample', (x) => x >= 0, 'a number >= 0');
  assertInteger(settings.minCount, 'minCount', 1, CALLER);
  if (settings.maxVocab !== undefined) assertInteger(settings.maxVocab, 'maxVocab', 1, CALLER);
  assertNumber(settings.alpha, 'alpha', (x) => x > 0, 'a number > 0');
  assertNumber(
    settings.minAlpha,
    'minAlpha',
    (x) => x >= 0 && x <= settings.alpha,
    `a number in [0, alpha=${settings.alpha}]`,
  );
  assertInteger(settings.epochs, 'epochs', 1, CALLER);
  assertInteger(settings.threads, 'threads', 1, CALLER);
  assertNumber(settings.seed, 'seed', (x) => Number.isInteger(x) && x < 2 ** 32 && x >= 0, 'an integer in [0, 2^32)');
  assertBoolean(settings.progress, 'progress');
  return settings;
}

/**
 * Trains word vectors on `options.corpus`: a vocabulary pass, then `epochs` passes over the corpus
 * with `threads` worker threads. See TrainVectorsOptions for the defaults (gensim's).
 */
export async function trainVectors(options: TrainVectorsOptions): Promise<TrainVectorsResult> {
  const settings = resolveSettings(options);
  const vocabularyStart = performance.now();
  const vocabulary = await buildVocabulary(settings.corpus, settings);
  const vocabularySeconds = (performance.now() - vocabularyStart) / 1000;
  if (vocabulary.words.length === 0) {
    throw new Error(
      `${CALLER}: no word occurs at least minCount=${settings.minCount} times ` +
        `(${vocabulary.totalTokens} tokens read): the corpus is empty or too small`,
    );
  }

  const vocabSize = vocabulary.words.length;
  const model = createModelMemory({ ...settings, vocabSize, cbow: !settings.sg }, vocabulary.counts, settings.seed);
  const trainingStart = performance.now();
  const counters = await trainEpochs(settings, vocabulary, model);
  const seconds = (performance.now() - trainingStart) / 1000;

  const vectors = new KeyedVectors(vocabulary.words, readInputVectors(model, vocabSize, settings.dim), settings.dim);
  return {
    vectors,
    vocabulary: { words: vocabulary.words, counts: vocabulary.counts },
    stats: {
      ...counters,
      seconds,
      wordsPerSec: counters.rawWords / seconds,
      vocabularySeconds,
      threads: settings.threads,
    },
  };
}

interface Counters {
  rawWords: number;
  trainedWords: number;
  effectiveWords: number;
}

/** Streams the corpus `epochs` times into batches for the workers and waits for the last one. */
async function trainEpochs(settings: Settings, vocabulary: CorpusVocabulary, model: ModelMemory): Promise<Counters> {
  const { tokenizer, epochs, alpha, minAlpha } = settings;
  const idOf = new Map(vocabulary.words.map((word, id) => [word, id]));
  const totalWords = epochs * vocabulary.keptTokens;
  // Linear decay by global progress, counted in vocabulary words before subsampling (like C word2vec).
  const alphaAfter = (words: number) => Math.max(minAlpha, alpha - ((alpha - minAlpha) * words) / totalWords);

  const counters: Counters = { rawWords: 0, trainedWords: 0, effectiveWords: 0 };
  const slotWords = new Float64Array(model.slots.length);
  const slotRawWords = new Float64Array(model.slots.length);
  let wordsDone = 0;
  let rawWordsDone = 0;
  const start = performance.now();
  const progress: Progress | undefined = settings.progress
    ? createProgress({ total: totalWords, label: 'word2vec' })
    : undefined;

  const pool = new WorkerPool(model, settings.seed, (slot, kept) => {
    counters.effectiveWords += kept;
    wordsDone += slotWords[slot];
    rawWordsDone += slotRawWords[slot];
    const seconds = (performance.now() - start) / 1000;
    progress?.update(Math.min(wordsDone, totalWords), {
      'words/s': Math.round(rawWordsDone / seconds),
      lr: alphaAfter(wordsDone),
    });
  });

  const heap = new Int32Array(model.buffer);
  let lineIds = new Int32Array(1024);
  let slot = -1;
  let batchWords = 0;
  let batchRawWords = 0;
  let sentenceCount = 0;
  const dispatch = () => {
    slotWords[slot] = batchWords;
    slotRawWords[slot] = batchRawWords;
    pool.dispatch(
      slot,
      sentenceCount,
      alphaAfter(counters.trainedWords),
      alphaAfter(counters.trainedWords + batchWords),
    );
    counters.trainedWords += batchWords;
    slot = -1;
    batchWords = 0;
    batchRawWords = 0;
    sentenceCount = 0;
  };

  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      for await (const line of corpusLines(settings.corpus)) {
        const tokens = tokenizer(line);
        counters.rawWords += tokens.length;
        batchRawWords += tokens.length;
        if (lineIds.length < tokens.length) lineIds = new Int32Array(2 ** Math.ceil(Math.log2(tokens.length)));
        let length = 0;
        for (const token of tokens) {
          const id = idOf.get(token);
          if (id !== undefined) lineIds[length++] = id;
        }
        // A line is one sentence; longer ones are cut into sentences of at most BATCH_WORDS words.
        for (let from = 0; from < length; from += BATCH_WORDS) {
          const chunk = Math.min(BATCH_WORDS, length - from);
          if (slot >= 0 && batchWords + chunk > BATCH_WORDS) dispatch();
          if (slot < 0) slot = await pool.acquire();
          const { words, sentenceEnds } = model.slots[slot];
          heap.set(lineIds.subarray(from, from + chunk), (words >>> 2) + batchWords);
          batchWords += chunk;
          heap[(sentenceEnds >>> 2) + sentenceCount++] = batchWords;
        }
      }
    }
    if (slot >= 0) dispatch();
    await pool.drain();
  } finally {
    progress?.stop();
    await pool.terminate();
  }
  return counters;
}
