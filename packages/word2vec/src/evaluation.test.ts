import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteDirectory } from '../test/support.js';
import { evaluateAnalogies, evaluateWordPairs } from './evaluation.js';
import { KeyedVectors } from './keyed-vectors.js';

// The vectors, evaluation files and gensim's results on them come from test/fixtures/make-fixtures.py.
const fixtures = new URL('../test/fixtures/', import.meta.url).pathname;
interface GensimSection {
  section: string;
  correct: number;
  incorrect: number;
}
const expected: {
  dim: number;
  words: string[];
  vectors: number[][];
  evaluateWordPairs: Record<string, { pearson: [number, number]; spearman: [number, number]; oovRatio: number }>;
  evaluateAnalogies: Record<string, { accuracy: number; sections: GensimSection[] }>;
} = JSON.parse(readFileSync(join(fixtures, 'gensim-expected.json'), 'utf8'));
const vectors = new KeyedVectors(expected.words, Float32Array.from(expected.vectors.flat()), expected.dim);

const directory = suiteDirectory('word2vec-evaluation-');

describe('evaluateWordPairs', () => {
  it.each([
    ['default', {}],
    ['dummy4unknown', { dummy4unknown: true }],
    ['caseSensitive', { caseInsensitive: false }],
  ])('matches gensim evaluate_word_pairs (%s)', async (name, options) => {
    const gensim = expected.evaluateWordPairs[name];
    const result = await evaluateWordPairs(vectors, join(fixtures, 'word-pairs.tsv'), options);
    expect(result.pearson.r).toBeCloseTo(gensim.pearson[0], 6);
    expect(result.pearson.pValue).toBeCloseTo(gensim.pearson[1], 6);
    expect(result.spearman.rho).toBeCloseTo(gensim.spearman[0], 6);
    expect(result.spearman.pValue).toBeCloseTo(gensim.spearman[1], 6);
    expect(result.oovRatio).toBeCloseTo(gensim.oovRatio, 10);
  });

  it('is also a KeyedVectors method, as in gensim', async () => {
    const path = join(fixtures, 'word-pairs.tsv');
    expect(await vectors.evaluateWordPairs(path)).toEqual(await evaluateWordPairs(vectors, path));
    const questions = join(fixtures, 'questions.txt');
    expect(await vectors.evaluateAnalogies(questions)).toEqual(await evaluateAnalogies(vectors, questions));
  });

  it('counts pairs, unknown pairs and malformed lines', async () => {
    const result = await evaluateWordPairs(vectors, join(fixtures, 'word-pairs.tsv'));
    // 16 data lines: one not tab-separated, one with 'banana'; 'KING' matches 'king' case-insensitively.
    expect(result).toMatchObject({ pairs: 14, oovPairs: 1, skippedLines: 1 });
    const caseSensitive = await evaluateWordPairs(vectors, join(fixtures, 'word-pairs.tsv'), {
      caseInsensitive: false,
    });
    expect(caseSensitive).toMatchObject({ pairs: 13, oovPairs: 2 });
  });

  it('treats words past restrictVocab as unknown', async () => {
    // 'paris' (index 5) is in, 'france' (6) is not.
    const path = join(directory, 'restricted.tsv');
    await writeFile(path, 'man\twoman\t8\nman\tparis\t2\nking\tboy\t3\nparis\tfrance\t7\n');
    const result = await evaluateWordPairs(vectors, path, { restrictVocab: 6 });
    expect(result).toMatchObject({ pairs: 3, oovPairs: 1, oovRatio: 25 });
  });

  it('issue 24, case 4: a file starting with a UTF-8 byte-order mark scores as without it (was OOV 25%, Spearman 1)', async () => {
    const pairs = 'king\tqueen\t8.5\nman\twoman\t8.3\nking\tman\t5\nqueen\tboy\t2\n';
    const [plain, bom] = [join(directory, 'plain.tsv'), join(directory, 'bom.tsv')];
    await writeFile(plain, pairs);
    await writeFile(bom, `\ufeff${pairs}`);
    const withoutMark = await evaluateWordPairs(vectors, plain);
    expect(withoutMark.oovRatio).toBe(0);
    expect(await evaluateWordPairs(vectors, bom)).toEqual(withoutMark);
    const questions = readFileSync(join(fixtures, 'questions.txt'), 'utf8');
    const bomQuestions = join(directory, 'bom-questions.txt');
    await writeFile(bomQuestions, `\ufeff${questions}`);
    expect(await evaluateAnalogies(vectors, bomQuestions)).toEqual(
      await evaluateAnalogies(vectors, join(fixtures, 'questions.txt')),
    );
  });

  it('fails clearly when fewer than two pairs can be scored (no correlation), naming the file', async () => {
    const one = join(directory, 'one.tsv');
    await writeFile(one, 'king\tqueen\t8.5\nking\tbanana\t1\n');
    await expect(evaluateWordPairs(vectors, one)).rejects.toThrow(
      `${one}: one usable similarity judgement, a correlation needs 2 or more`,
    );
  });

  it('fails clearly when no pair can be scored', async () => {
    const path = join(directory, 'spaces.tsv');
    await writeFile(path, '# space-separated, not tab-separated\nking queen 8.5\nman woman 8.3\n');
    await expect(evaluateWordPairs(vectors, path)).rejects.toThrow(`${path}: no usable similarity judgements`);
  });
});

describe('evaluateAnalogies', () => {
  it.each([
    ['default', {}],
    ['dummy4unknown', { dummy4unknown: true }],
    ['restricted', { restrictVocab: 15 }],
    ['caseSensitive', { caseInsensitive: false }],
  ])('matches gensim evaluate_word_analogies (%s)', async (name, options) => {
    const gensim = expected.evaluateAnalogies[name];
    const result = await evaluateAnalogies(vectors, join(fixtures, 'questions.txt'), options);
    const total = gensim.sections.at(-1) as GensimSection;
    expect(result.accuracy).toBeCloseTo(gensim.accuracy, 12);
    expect({ correct: result.correct, incorrect: result.incorrect }).toEqual({
      correct: total.correct,
      incorrect: total.incorrect,
    });
    expect(result.sections.map(({ section, correct, incorrect }) => ({ section, correct, incorrect }))).toEqual(
      gensim.sections.slice(0, -1),
    );
  });

  it('counts questions and unknown-word questions, and per-section accuracy', async () => {
    const result = await evaluateAnalogies(vectors, join(fixtures, 'questions.txt'));
    // 11 well-formed questions (a 3-word line is skipped), one with 'banana'.
    expect(result).toMatchObject({ questions: 11, oovQuestions: 1, correct: 9, incorrect: 1 });
    expect(result.oovRatio).toBeCloseTo(100 / 11, 12);
    expect(result.sections.map(({ accuracy }) => accuracy)).toEqual([1, 0.8, 0]);
  });

  it('can use 3CosMul instead of gensim’s 3CosAdd', async () => {
    const result = await evaluateAnalogies(vectors, join(fixtures, 'questions.txt'), { method: '3CosMul' });
    expect(result.questions).toBe(11);
    expect(result.correct + result.incorrect).toBe(10);
  });

  it('requires a section header before the first question', async () => {
    const path = join(directory, 'no-section.txt');
    await writeFile(path, 'man woman king queen\n');
    await expect(evaluateAnalogies(vectors, path)).rejects.toThrow(
      `${path}: line 1 comes before the first ': section' line`,
    );
  });
});
