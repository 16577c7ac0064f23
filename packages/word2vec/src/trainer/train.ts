// The fast word2vec trainer: the algorithm of the original C tool and gensim (skip-gram or CBOW,
// negative sampling and/or hierarchical softmax, frequent-word subsampling, dynamic window, linear
// learning-rate decay), with the inner loops in SIMD WebAssembly run by worker threads over one
// shared memory. The main thread streams the corpus, tokenises it, maps words to ids and hands
// batches of about 10 000 words to the workers.
import { availableParallelism } from 'node:os';
import { createProgress, type Progress, THREADS_PER_CORE_LIMIT } from '@hw7/tensor-utils/base';
import { assertCorpusSource, type CorpusSource, corpusLines, countCorpusTokens } from '../corpus.js';
import { KeyedVectors } from '../keyed-vectors.js';
import { type Tokenizer, tokenize } from '../tokenizer.js';
import { assertInteger, Vocabulary } from '../vocabulary.js';
import { BATCH_WORDS, createModelMemory, type ModelMemory, readInputVectors } from './model-memory.js';
import { WorkerPool } from './worker-pool.js';

export interface Word2VecOptions {
  corpus: CorpusSource;
  /** Default `tokenize` (lower case, runs of letters), the gensim reference script's tokenisation. */
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
   * Training threads (default: the number of CPUs; at most 4 per CPU). Runs with one thread are
   * bit-reproducible for a seed; with several, the lock-free updates interleave differently on
   * every run (as in gensim).
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

export interface Word2VecResult {
  /** The trained input vectors (the embeddings), in vocabulary order: what gensim keeps as `model.wv`. */
  vectors: KeyedVectors;
  /** Words most frequent first (ties in order of first appearance), with their counts. */
  vocabulary: Vocabulary;
  stats: TrainingStats;
}

type Settings = Required<Omit<Word2VecOptions, 'maxVocab'>> & { maxVocab: number | undefined };

const CALLER = 'trainWord2Vec';

function assertNumber(value: unknown, name: string, isValid: (x: number) => boolean, expected: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !isValid(value)) {
    throw new RangeError(`${CALLER}: ${name} must be ${expected}, got ${String(value)}`);
  }
}

function assertBoolean(value: unknown, name: string): void {
  if (typeof value !== 'boolean') throw new TypeError(`${CALLER}: ${name} must be true or false, got ${String(value)}`);
}

function withDefaults(options: Word2VecOptions): Settings {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${CALLER}: options must be an object`);
  return {
    tokenizer: tokenize,
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
}

function resolveSettings(options: Word2VecOptions): Settings {
  const settings = withDefaults(options);
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
  // Each thread has its own scratch memory and batch slots; past a few per core they only cost memory.
  const cores = availableParallelism();
  assertNumber(
    settings.threads,
    'threads',
    (x) => Number.isInteger(x) && x >= 1 && x <= THREADS_PER_CORE_LIMIT * cores,
    `an integer from 1 to ${THREADS_PER_CORE_LIMIT * cores} (${THREADS_PER_CORE_LIMIT} per core; this machine has ${cores})`,
  );
  assertNumber(settings.seed, 'seed', (x) => Number.isInteger(x) && x < 2 ** 32 && x >= 0, 'an integer in [0, 2^32)');
  assertBoolean(settings.progress, 'progress');
  return settings;
}

/**
 * Trains word vectors on `options.corpus` as gensim's `Word2Vec` does: a vocabulary pass, then
 * `epochs` passes over the corpus with `threads` worker threads. See Word2VecOptions for the
 * defaults (gensim's).
 */
export async function trainWord2Vec(options: Word2VecOptions): Promise<Word2VecResult> {
  const settings = resolveSettings(options);
  const vocabularyStart = performance.now();
  const { counts, tokens } = await countCorpusTokens(settings.corpus, settings.tokenizer, CALLER);
  const vocabulary = Vocabulary.fromCounts(counts, settings);
  const vocabularySeconds = (performance.now() - vocabularyStart) / 1000;
  if (vocabulary.size === 0) {
    throw new Error(
      `${CALLER}: no word occurs at least minCount=${settings.minCount} times ` +
        `(${tokens} tokens read): the corpus is empty or too small`,
    );
  }

  const vocabSize = vocabulary.size;
  const model = createModelMemory(
    { ...settings, vocabSize, cbow: !settings.sg },
    vocabulary.counts as readonly number[],
    settings.seed,
  );
  const trainingStart = performance.now();
  const counters = await trainEpochs(settings, vocabulary, model);
  const seconds = (performance.now() - trainingStart) / 1000;

  const vectors = new KeyedVectors(vocabulary, readInputVectors(model, vocabSize, settings.dim), settings.dim);
  return {
    vectors,
    vocabulary,
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

/**
 * Cuts sentences of word ids into the batch slots of the shared memory and hands each full batch to
 * its worker, with the learning rate at its start and end (linear decay by global progress, counted
 * in vocabulary words before subsampling, like C word2vec).
 */
class BatchFeeder {
  readonly counters: Counters = { rawWords: 0, trainedWords: 0, effectiveWords: 0 };
  private readonly heap: Int32Array;
  private readonly slotWords: Float64Array;
  private readonly slotRawWords: Float64Array;
  private slot = -1;
  private batchWords = 0;
  private batchRawWords = 0;
  private sentenceCount = 0;
  private wordsDone = 0;
  private rawWordsDone = 0;
  private readonly start = performance.now();

  constructor(
    private readonly model: ModelMemory,
    private readonly pool: WorkerPool,
    private readonly alphaAfter: (words: number) => number,
  ) {
    this.heap = new Int32Array(model.buffer);
    this.slotWords = new Float64Array(model.slots.length);
    this.slotRawWords = new Float64Array(model.slots.length);
  }

  /** Called when a worker has trained the batch of `slot`: `kept` words survived subsampling. */
  batchDone(slot: number, kept: number): { wordsDone: number; wordsPerSec: number } {
    this.counters.effectiveWords += kept;
    this.wordsDone += this.slotWords[slot];
    this.rawWordsDone += this.slotRawWords[slot];
    return { wordsDone: this.wordsDone, wordsPerSec: this.rawWordsDone / ((performance.now() - this.start) / 1000) };
  }

  /**
   * Adds one line: `rawWords` tokens of which `ids[0..length)` are vocabulary words. A line is one
   * sentence; a longer one is cut into sentences of at most BATCH_WORDS words (gensim's limit).
   */
  async addLine(ids: Int32Array, length: number, rawWords: number): Promise<void> {
    this.counters.rawWords += rawWords;
    this.batchRawWords += rawWords;
    for (let from = 0; from < length; from += BATCH_WORDS) {
      const chunk = Math.min(BATCH_WORDS, length - from);
      if (this.slot >= 0 && this.batchWords + chunk > BATCH_WORDS) this.dispatch();
      if (this.slot < 0) this.slot = await this.pool.acquire();
      const { words, sentenceEnds } = this.model.slots[this.slot];
      this.heap.set(ids.subarray(from, from + chunk), (words >>> 2) + this.batchWords);
      this.batchWords += chunk;
      this.heap[(sentenceEnds >>> 2) + this.sentenceCount++] = this.batchWords;
    }
  }

  /** Hands the batch being filled (if any) to its worker. */
  dispatch(): void {
    if (this.slot < 0) return;
    const { counters, slot, batchWords } = this;
    this.slotWords[slot] = batchWords;
    this.slotRawWords[slot] = this.batchRawWords;
    const alphaStart = this.alphaAfter(counters.trainedWords);
    this.pool.dispatch(slot, this.sentenceCount, alphaStart, this.alphaAfter(counters.trainedWords + batchWords));
    counters.trainedWords += batchWords;
    this.slot = -1;
    this.batchWords = 0;
    this.batchRawWords = 0;
    this.sentenceCount = 0;
  }
}

/** Streams the corpus `epochs` times into batches for the workers and waits for the last one. */
async function trainEpochs(settings: Settings, vocabulary: Vocabulary, model: ModelMemory): Promise<Counters> {
  const { tokenizer, epochs, alpha, minAlpha } = settings;
  const totalWords = epochs * vocabulary.totalCount;
  const alphaAfter = (words: number) => Math.max(minAlpha, alpha - ((alpha - minAlpha) * words) / totalWords);
  const progress: Progress | undefined = settings.progress
    ? createProgress({ total: totalWords, label: 'word2vec' })
    : undefined;
  let feeder: BatchFeeder | undefined;
  const pool = new WorkerPool(model, settings.seed, (slot, kept) => {
    const { wordsDone, wordsPerSec } = (feeder as BatchFeeder).batchDone(slot, kept);
    progress?.update(Math.min(wordsDone, totalWords), {
      'words/s': Math.round(wordsPerSec),
      lr: alphaAfter(wordsDone),
    });
  });
  feeder = new BatchFeeder(model, pool, alphaAfter);
  let lineIds = new Int32Array(1024);
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      for await (const line of corpusLines(settings.corpus)) {
        const tokens = tokenizer(line);
        if (lineIds.length < tokens.length) lineIds = new Int32Array(2 ** Math.ceil(Math.log2(tokens.length)));
        let length = 0;
        for (const token of tokens) {
          const id = vocabulary.lookup(token);
          if (id !== undefined) lineIds[length++] = id;
        }
        await feeder.addLine(lineIds, length, tokens.length);
      }
    }
    feeder.dispatch();
    await pool.drain();
  } finally {
    progress?.stop();
    await pool.terminate();
  }
  return feeder.counters;
}
