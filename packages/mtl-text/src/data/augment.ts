// EDA, "Easy Data Augmentation" (Wei & Zou 2019): four cheap token-level edits that make new
// training sentences for rare classes. Each operation follows the reference implementation
// (jasonwei20/eda_nlp): the number of edited words is max(1, floor(alpha * length)), and random
// deletion drops each token with probability alpha. Texts are pre-tokenised: tokens are separated
// by spaces and joined back with single spaces. Only all-letter tokens that are not stop words are
// replaced or given synonyms, so punctuation, numbers and clitics ("n't") are left alone.
// Back-translation, the other usual text augmentation, needs a translation model and is not
// possible offline.
import { Rng } from '@hw7/tensor-utils/base';
import { EDA_STOP_WORDS } from './stop-words.js';
import { type SynonymSource, WordNet } from './wordnet.js';

export type EdaOperation = 'synonymReplacement' | 'randomInsertion' | 'randomSwap' | 'randomDeletion';

export const EDA_OPERATIONS: readonly EdaOperation[] = [
  'synonymReplacement',
  'randomInsertion',
  'randomSwap',
  'randomDeletion',
];

// EDA tries this many random words before giving up on finding one with a synonym to insert.
const INSERTION_ATTEMPTS = 10;

let sharedWordNet: WordNet | undefined;

/** The process-wide WordNet reader, created (and its index read) on first use. */
export function defaultSynonymSource(): SynonymSource {
  sharedWordNet ??= new WordNet();
  return sharedWordNet;
}

function isReplaceable(token: string): boolean {
  return /^\p{L}+$/u.test(token) && !EDA_STOP_WORDS.has(token);
}

/** How many words an operation edits in a sentence of `length` tokens: max(1, floor(alpha * length)). */
export function editCount(alpha: number, length: number): number {
  return Math.max(1, Math.floor(alpha * length));
}

/**
 * Replaces up to `count` distinct replaceable words (chosen at random) by a random WordNet synonym,
 * every occurrence of a chosen word getting the same synonym. Words without synonyms are skipped.
 */
export function synonymReplacement(
  tokens: readonly string[],
  count: number,
  rng: Rng,
  synonyms: SynonymSource,
): string[] {
  const candidates = rng.shuffle([...new Set(tokens.filter(isReplaceable))]);
  let result = [...tokens];
  let replaced = 0;
  for (const word of candidates) {
    if (replaced >= count) break;
    const options = synonyms.synonyms(word);
    if (options.length === 0) continue;
    const synonym = rng.choice(options);
    result = result.flatMap((token) => (token === word ? synonym.split(' ') : [token]));
    replaced++;
  }
  return result;
}

/** `count` times, inserts a random synonym of a random replaceable word at a random position. */
export function randomInsertion(tokens: readonly string[], count: number, rng: Rng, synonyms: SynonymSource): string[] {
  const result = [...tokens];
  for (let inserted = 0; inserted < count; inserted++) {
    const candidates = result.filter(isReplaceable);
    if (candidates.length === 0) break;
    for (let attempt = 0; attempt < INSERTION_ATTEMPTS; attempt++) {
      const options = synonyms.synonyms(rng.choice(candidates));
      if (options.length === 0) continue;
      result.splice(rng.int(0, result.length), 0, ...rng.choice(options).split(' '));
      break;
    }
  }
  return result;
}

/** `count` times, swaps the tokens at two distinct random positions (no-op for fewer than two tokens). */
export function randomSwap(tokens: readonly string[], count: number, rng: Rng): string[] {
  const result = [...tokens];
  if (result.length < 2) return result;
  for (let swap = 0; swap < count; swap++) {
    const first = rng.int(0, result.length - 1);
    // Drawing from the other length - 1 positions guarantees a real swap.
    let second = rng.int(0, result.length - 2);
    if (second >= first) second++;
    [result[first], result[second]] = [result[second], result[first]];
  }
  return result;
}

/** Drops each token with probability `probability`; keeps one random token if all would go. */
export function randomDeletion(tokens: readonly string[], probability: number, rng: Rng): string[] {
  if (tokens.length <= 1) return [...tokens];
  const kept = tokens.filter(() => rng.next() >= probability);
  return kept.length > 0 ? kept : [rng.choice(tokens)];
}

export interface EdaOptions {
  /** Fraction of words edited by each operation (and deletion probability); EDA's default 0.1. */
  alpha?: number;
  /** The operations to draw from; default all four. */
  operations?: readonly EdaOperation[];
  /** Where synonyms come from; default WordNet 3.1. */
  synonyms?: SynonymSource;
}

function assertEdaOptions(alpha: number, operations: readonly EdaOperation[]): void {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`alpha must be in (0, 1]; got ${alpha}`);
  if (operations.length === 0 || operations.some((operation) => !EDA_OPERATIONS.includes(operation))) {
    throw new RangeError(`operations must be a non-empty list of ${EDA_OPERATIONS.join(', ')}; got ${operations}`);
  }
}

/** Applies one EDA operation to a pre-tokenised text and returns the new text. */
export function applyEdaOperation(
  text: string,
  operation: EdaOperation,
  rng: Rng,
  options: Omit<EdaOptions, 'operations'> = {},
): string {
  const { alpha = 0.1, synonyms = defaultSynonymSource() } = options;
  const tokens = text.split(/\s+/u).filter((token) => token !== '');
  const count = editCount(alpha, tokens.length);
  switch (operation) {
    case 'synonymReplacement':
      return synonymReplacement(tokens, count, rng, synonyms).join(' ');
    case 'randomInsertion':
      return randomInsertion(tokens, count, rng, synonyms).join(' ');
    case 'randomSwap':
      return randomSwap(tokens, count, rng).join(' ');
    case 'randomDeletion':
      return randomDeletion(tokens, alpha, rng).join(' ');
  }
}

export interface AugmentExamplesOptions extends EdaOptions {
  /** New texts made from each source example. */
  perExample: number;
  seed: number | string;
}

export interface AugmentedExamples {
  /** The new texts. */
  texts: string[];
  /** For each new text, the index (into the `texts` argument) of the example it was made from, to copy its labels. */
  sourceIndices: Int32Array;
}

/**
 * Makes `perExample` new texts from each example in `indices` (typically the training examples of
 * a minority class), each by one EDA operation drawn at random from `operations`. The operations
 * cycle so that, as in EDA, each is used about equally often. Deterministic for a given seed.
 */
export function augmentExamples(
  indices: ArrayLike<number>,
  texts: readonly string[],
  options: AugmentExamplesOptions,
): AugmentedExamples {
  const { perExample, seed, alpha = 0.1, operations = EDA_OPERATIONS, synonyms = defaultSynonymSource() } = options;
  if (!Number.isInteger(perExample) || perExample < 1) {
    throw new RangeError(`perExample must be an integer >= 1; got ${perExample}`);
  }
  assertEdaOptions(alpha, operations);
  const rng = new Rng(seed);
  const newTexts: string[] = [];
  const sourceIndices = new Int32Array(indices.length * perExample);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i];
    if (!Number.isInteger(source) || source < 0 || source >= texts.length) {
      throw new RangeError(`indices[${i}] must be an index into texts (0..${texts.length - 1}); got ${source}`);
    }
    // A fresh random order of the operations per example, repeated as needed.
    const order = rng.shuffle([...operations]);
    for (let k = 0; k < perExample; k++) {
      sourceIndices[newTexts.length] = source;
      newTexts.push(applyEdaOperation(texts[source], order[k % order.length], rng, { alpha, synonyms }));
    }
  }
  return { texts: newTexts, sourceIndices };
}
