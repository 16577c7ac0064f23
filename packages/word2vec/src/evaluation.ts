// The standard intrinsic evaluations, with gensim's semantics (KeyedVectors.evaluate_word_pairs and
// evaluate_word_analogies) so scores are comparable with published gensim numbers: word-similarity
// correlation (WordSim-353, SimLex-999 files) and analogy accuracy (questions-words.txt).
import { FileError, readTextFile, splitLines } from '@hw7/tensor-utils/base';
import type { AnalogyMethod, KeyedVectors } from './keyed-vectors.js';
import { parsePythonFloat } from './python-float.js';
import { pearson, spearman } from './statistics.js';

interface VocabularyOptions {
  /** Only the first `restrictVocab` words of the vocabulary count as known (default 300000). */
  restrictVocab?: number;
  /** Compare words upper-cased; a word's first case variant in the vocabulary is used (default true). */
  caseInsensitive?: boolean;
  /** Count questions with unknown words as wrong (analogies) or similarity 0 (pairs), instead of skipping them (default false). */
  dummy4unknown?: boolean;
}

export interface EvaluateWordPairsOptions extends VocabularyOptions {
  /** Field separator (default TAB). */
  delimiter?: string;
}

export interface WordPairsResult {
  /** Pearson's r between the file's scores and the cosines, with its two-sided p-value (scipy's pearsonr). */
  pearson: { r: number; pValue: number };
  /** Spearman's rho (ties get average ranks), with its two-sided p-value (scipy's spearmanr). */
  spearman: { rho: number; pValue: number };
  /**
   * Pairs with an unknown word, in percent as gensim reports it: of all pairs, or (with
   * dummy4unknown) of the pairs scored, unknown ones included.
   */
  oovRatio: number;
  /** Pairs that went into the correlations (unknown ones included with dummy4unknown). */
  pairs: number;
  /** Pairs with a word not in the (restricted) vocabulary. */
  oovPairs: number;
  /** Lines that are neither comments nor `word1<delimiter>word2<delimiter>score` (skipped, as gensim does). */
  skippedLines: number;
}

export interface EvaluateAnalogiesOptions extends VocabularyOptions {
  /** How to solve a : b :: c : ? (default '3CosAdd', what gensim's evaluation uses). */
  method?: AnalogyMethod;
}

export interface AnalogySection {
  section: string;
  correct: number;
  incorrect: number;
  /** correct / (correct + incorrect), 0 for a section with no question answered. */
  accuracy: number;
}

export interface AnalogiesResult {
  /** Over all sections: correct / (correct + incorrect), 0 when no question was answered. */
  accuracy: number;
  correct: number;
  incorrect: number;
  sections: AnalogySection[];
  /** Well-formed questions in the file. */
  questions: number;
  /** Questions with a word not in the (restricted) vocabulary. */
  oovQuestions: number;
  /** oovQuestions in percent of questions, as gensim logs it. */
  oovRatio: number;
}

const ANALOGY_CANDIDATES = 5;

/**
 * Correlation between human similarity scores and the vectors' cosine similarities, on a file of
 * `word1<TAB>word2<TAB>score` lines (`#` starts a comment line), like gensim's evaluate_word_pairs.
 */
export async function evaluateWordPairs(
  vectors: KeyedVectors,
  path: string,
  {
    restrictVocab = 300_000,
    caseInsensitive = true,
    dummy4unknown = false,
    delimiter = '\t',
  }: EvaluateWordPairsOptions = {},
): Promise<WordPairsResult> {
  const known = knownWords(vectors, restrictVocab, caseInsensitive);
  const normalise = (word: string) => (caseInsensitive ? word.toUpperCase() : word);
  const gold: number[] = [];
  const model: number[] = [];
  let oovPairs = 0;
  let skippedLines = 0;
  for (const line of await readLines(path)) {
    if (line.startsWith('#')) continue;
    const fields = line.split(delimiter);
    const score = fields.length === 3 ? parseScore(fields[2]) : undefined;
    if (score === undefined) {
      skippedLines++;
      continue;
    }
    const a = known.get(normalise(fields[0]));
    const b = known.get(normalise(fields[1]));
    if (a === undefined || b === undefined) {
      oovPairs++;
      if (!dummy4unknown) continue;
      model.push(0);
    } else {
      model.push(vectors.similarity(vectors.words[a], vectors.words[b]));
    }
    gold.push(score);
  }
  if (gold.length < 2) {
    throw new FileError(
      path,
      `${path}: ${gold.length === 0 ? 'no usable similarity judgements' : 'one usable similarity judgement'}, a correlation needs 2 or more (invalid format, or pairs with unknown words)`,
    );
  }
  const linear = pearson(gold, model);
  const rank = spearman(gold, model);
  return {
    pearson: { r: linear.coefficient, pValue: linear.pValue },
    spearman: { rho: rank.coefficient, pValue: rank.pValue },
    oovRatio: (100 * oovPairs) / (dummy4unknown ? gold.length : gold.length + oovPairs),
    pairs: gold.length,
    oovPairs,
    skippedLines,
  };
}

/**
 * Analogy accuracy on a questions-words.txt style file (`: section` lines, then `a b c d` lines
 * meaning a : b :: c : d), like gensim's evaluate_word_analogies: the answer is the best of the
 * top 5 candidates among the first `restrictVocab` words that is not a, b or c.
 */
export async function evaluateAnalogies(
  vectors: KeyedVectors,
  path: string,
  {
    restrictVocab = 300_000,
    caseInsensitive = true,
    dummy4unknown = false,
    method = '3CosAdd',
  }: EvaluateAnalogiesOptions = {},
): Promise<AnalogiesResult> {
  const known = knownWords(vectors, restrictVocab, caseInsensitive);
  const normalise = (word: string) => (caseInsensitive ? word.toUpperCase() : word);
  const sections: AnalogySection[] = [];
  let questions = 0;
  let oovQuestions = 0;
  (await readLines(path)).forEach((line, lineIndex) => {
    if (line.startsWith(': ')) {
      sections.push({ section: line.replace(/^[: ]+/, '').trim(), correct: 0, incorrect: 0, accuracy: 0 });
      return;
    }
    const section = sections.at(-1);
    if (!section) throw new FileError(path, `${path}: line ${lineIndex + 1} comes before the first ': section' line`);
    const question = line
      .split(/\s+/)
      .filter((word) => word !== '')
      .map(normalise);
    if (question.length !== 4) return; // gensim skips malformed lines
    questions++;
    const indices = question.map((word) => known.get(word));
    if (indices.some((index) => index === undefined)) {
      oovQuestions++;
      if (dummy4unknown) section.incorrect++;
      return;
    }
    const [a, b, c] = indices.map((index) => vectors.words[index as number]);
    const excluded = new Set(question.slice(0, 3));
    const candidates = vectors.analogy(a, b, c, { method, topn: ANALOGY_CANDIDATES, restrictVocab });
    // gensim keeps the last candidate examined when none qualifies.
    let predicted: string | undefined;
    for (const candidate of candidates) {
      predicted = normalise(candidate.word);
      if (known.has(predicted) && !excluded.has(predicted)) break;
    }
    if (predicted === question[3]) section.correct++;
    else section.incorrect++;
  });
  for (const section of sections) section.accuracy = accuracy(section.correct, section.incorrect);
  const correct = sections.reduce((sum, section) => sum + section.correct, 0);
  const incorrect = sections.reduce((sum, section) => sum + section.incorrect, 0);
  return {
    accuracy: accuracy(correct, incorrect),
    correct,
    incorrect,
    sections,
    questions,
    oovQuestions,
    oovRatio: questions === 0 ? 0 : (100 * oovQuestions) / questions,
  };
}

/** Word (upper-cased if case-insensitive) -> index of its first occurrence among the first `restrictVocab` words. */
function knownWords(vectors: KeyedVectors, restrictVocab: number, caseInsensitive: boolean): Map<string, number> {
  const known = new Map<string, number>();
  const end = Math.min(vectors.size, restrictVocab);
  for (let index = 0; index < end; index++) {
    const key = caseInsensitive ? vectors.words[index].toUpperCase() : vectors.words[index];
    if (!known.has(key)) known.set(key, index);
  }
  return known;
}

/** The lines of a small text file: UTF-8, a byte-order mark (Excel, Notepad) removed. */
async function readLines(path: string): Promise<string[]> {
  return splitLines(await readTextFile(path));
}

/** A score as Python's float() reads it (surrounding whitespace allowed); undefined if not a number. */
function parseScore(text: string): number | undefined {
  return parsePythonFloat(text.trim());
}

function accuracy(correct: number, incorrect: number): number {
  return correct + incorrect === 0 ? 0 : correct / (correct + incorrect);
}
