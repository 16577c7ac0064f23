// Fuzz tests of the word-pair and analogy readers (issue #24): random files, written with or without
// a byte-order mark, with \n or \r\n, comments, blank and malformed lines, score exactly the pairs
// and questions they were made of (a BOM once made the first pair unknown and an analogy file a pair
// file); random bytes give a result or a FileError naming the file, never another error or a hang.
// HW7_FUZZ_RUNS=N runs more cases (default 100), HW7_FUZZ_SEED picks another sequence.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileError } from '@hw7/tensor-utils/base';
import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { fuzzTest, suiteDirectory } from '../test/support.js';
import { evaluateAnalogies, evaluateWordPairs } from './evaluation.js';
import { KeyedVectors } from './keyed-vectors.js';
import { pearson, spearman } from './statistics.js';

const directory = suiteDirectory('w2v-evaluation-fuzz-');
let fileNumber = 0;

const WORDS = ['king', 'queen', 'man', 'woman', 'paris', 'france', 'rome', 'italy'];
const UNKNOWN = ['banana', 'xylophone'];
const vectors = new KeyedVectors(
  WORDS,
  Float32Array.from({ length: WORDS.length * 4 }, (_, i) => Math.sin(i * 1.7 + 0.3)),
  4,
);

/** A word as a file may spell it: known or not, in any case. */
const spelled = fc
  .tuple(fc.constantFrom(...WORDS, ...UNKNOWN), fc.constantFrom('lower', 'upper', 'title'))
  .map(([word, style]) =>
    style === 'upper' ? word.toUpperCase() : style === 'title' ? word[0].toUpperCase() + word.slice(1) : word,
  );
const layout = fc.record({ bom: fc.boolean(), newline: fc.constantFrom('\n', '\r\n'), finalNewline: fc.boolean() });
type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

function write({ bom, newline, finalNewline }: Layout, lines: string[]): string {
  const path = join(directory, `case-${fileNumber++}.txt`);
  writeFileSync(path, `${bom ? '\ufeff' : ''}${lines.join(newline)}${finalNewline ? newline : ''}`);
  return path;
}

type PairLine =
  | { kind: 'pair'; a: string; b: string; score: number; padding: string }
  | { kind: 'comment' | 'blank' | 'junk'; text: string };

const pairLine: fc.Arbitrary<PairLine> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('pair' as const),
      a: spelled,
      b: spelled,
      score: fc.double({ min: -10, max: 10, noNaN: true }),
      padding: fc.constantFrom('', ' ', '  '),
    }),
  },
  fc.record({
    kind: fc.constant('comment' as const),
    text: fc.string({ maxLength: 10 }).map((t) => `#${t.replace(/[\r\n]/g, '')}`),
  }),
  fc.record({ kind: fc.constant('blank' as const), text: fc.constant('') }),
  // No tab (one field), or a score that is not a Python float.
  fc.record({
    kind: fc.constant('junk' as const),
    text: fc.constantFrom('king queen 5', 'king\tqueen', 'king\tqueen\t0x10', 'king\tqueen\t\t1', 'king\tqueen\tabc'),
  }),
);

function renderPair(line: PairLine): string {
  return line.kind === 'pair' ? `${line.a}\t${line.b}\t${line.padding}${line.score}${line.padding}` : line.text;
}

/** What the file should score: the pairs with two known words, the others counted. */
function expectedPairs(lines: PairLine[]) {
  const gold: number[] = [];
  const model: number[] = [];
  let oovPairs = 0;
  for (const line of lines) {
    if (line.kind !== 'pair') continue;
    const [a, b] = [line.a.toLowerCase(), line.b.toLowerCase()];
    if (!WORDS.includes(a) || !WORDS.includes(b)) {
      oovPairs++;
      continue;
    }
    gold.push(line.score);
    model.push(vectors.similarity(a, b));
  }
  const skippedLines = lines.filter((line) => line.kind === 'junk' || line.kind === 'blank').length;
  return { gold, model, oovPairs, skippedLines };
}

async function outcome<T>(work: () => Promise<T>): Promise<{ value: T } | { error: unknown }> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error };
  }
}

function expectNamedFileError(error: unknown, path: string): void {
  expect(error).toBeInstanceOf(FileError);
  expect((error as Error).message).toContain(path);
}

describe('evaluateWordPairs (fuzz)', () => {
  fuzzTest(
    'scores exactly the pairs a file was made of, with or without a BOM, \\n or \\r\\n, comments and junk lines',
    fc.asyncProperty(layout, fc.array(pairLine, { maxLength: 20 }), async (style, lines) => {
      // A last blank line would vanish with the final line end.
      fc.pre(lines.at(-1)?.kind !== 'blank' || style.finalNewline);
      const path = write(style, lines.map(renderPair));
      const result = await outcome(() => evaluateWordPairs(vectors, path));
      const { gold, model, oovPairs, skippedLines } = expectedPairs(lines);
      if (gold.length < 2) {
        expectNamedFileError('error' in result ? result.error : undefined, path);
        return;
      }
      const linear = pearson(gold, model);
      const rank = spearman(gold, model);
      expect(result).toEqual({
        value: {
          pearson: { r: linear.coefficient, pValue: linear.pValue },
          spearman: { rho: rank.coefficient, pValue: rank.pValue },
          oovRatio: (100 * oovPairs) / (gold.length + oovPairs),
          pairs: gold.length,
          oovPairs,
          skippedLines,
        },
      });
    }),
  );
});

type AnalogyLine =
  | { kind: 'section'; name: string }
  | { kind: 'question'; words: [string, string, string, string] }
  | { kind: 'malformed'; text: string };

const analogyLine: fc.Arbitrary<AnalogyLine> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('section' as const), name: fc.constantFrom('capitals', 'royals') }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('question' as const),
      words: fc.tuple(spelled, spelled, spelled, spelled),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('malformed' as const),
      text: fc.constantFrom('', 'king queen', 'a b c d e'),
    }),
  },
);

function renderAnalogy(line: AnalogyLine): string {
  return line.kind === 'section' ? `: ${line.name}` : line.kind === 'question' ? line.words.join(' ') : line.text;
}

/** gensim's answer to a : b :: c : ?, upper-cased: the best of the top 5 that is not a, b or c (else the 5th). */
function answer([a, b, c]: string[]): string | undefined {
  const excluded = new Set([a, b, c].map((word) => word.toUpperCase()));
  const candidates = vectors.analogy(a.toLowerCase(), b.toLowerCase(), c.toLowerCase(), { topn: 5 });
  return (candidates.find(({ word }) => !excluded.has(word.toUpperCase())) ?? candidates.at(-1))?.word.toUpperCase();
}

function expectedAnalogies(lines: AnalogyLine[]) {
  const sections: { section: string; correct: number; incorrect: number; accuracy: number }[] = [];
  let questions = 0;
  let oovQuestions = 0;
  for (const line of lines) {
    if (line.kind === 'section') sections.push({ section: line.name, correct: 0, incorrect: 0, accuracy: 0 });
    if (line.kind !== 'question') continue;
    questions++;
    if (line.words.some((word) => !WORDS.includes(word.toLowerCase()))) {
      oovQuestions++;
      continue;
    }
    const section = sections.at(-1) as (typeof sections)[number];
    if (answer(line.words) === line.words[3].toUpperCase()) section.correct++;
    else section.incorrect++;
  }
  const ratio = (correct: number, incorrect: number) =>
    correct + incorrect === 0 ? 0 : correct / (correct + incorrect);
  for (const section of sections) section.accuracy = ratio(section.correct, section.incorrect);
  const correct = sections.reduce((sum, s) => sum + s.correct, 0);
  const incorrect = sections.reduce((sum, s) => sum + s.incorrect, 0);
  const oovRatio = questions === 0 ? 0 : (100 * oovQuestions) / questions;
  return { accuracy: ratio(correct, incorrect), correct, incorrect, sections, questions, oovQuestions, oovRatio };
}

describe('evaluateAnalogies (fuzz)', () => {
  fuzzTest(
    'scores exactly the questions a file was made of; a line before the first section is an error naming the file',
    fc.asyncProperty(layout, fc.array(analogyLine, { maxLength: 16 }), async (style, lines) => {
      const last = lines.at(-1);
      fc.pre(last?.kind !== 'malformed' || last.text !== '' || style.finalNewline);
      // An empty list with a line end is one blank line, before any section.
      fc.pre(lines.length > 0 || !style.finalNewline);
      const path = write(style, lines.map(renderAnalogy));
      const result = await outcome(() => evaluateAnalogies(vectors, path));
      if (lines.length > 0 && lines[0].kind !== 'section') {
        expectNamedFileError('error' in result ? result.error : undefined, path);
        expect((result as { error: Error }).error.message).toContain("line 1 comes before the first ': section' line");
      } else {
        expect(result).toEqual({ value: expectedAnalogies(lines) });
      }
    }),
  );
});

describe('word-pair and analogy readers on random bytes (fuzz)', () => {
  fuzzTest(
    'give a result or a FileError naming the file',
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ maxLength: 200 }).map((text) => Buffer.from(text)),
      ),
      async (bytes) => {
        const path = join(directory, `bytes-${fileNumber++}.txt`);
        writeFileSync(path, bytes);
        for (const evaluate of [evaluateWordPairs, evaluateAnalogies]) {
          const result = await outcome<unknown>(() => evaluate(vectors, path));
          if ('error' in result) expectNamedFileError(result.error, path);
        }
      },
    ),
  );
});
