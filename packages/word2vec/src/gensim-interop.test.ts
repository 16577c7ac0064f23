// Checks our files and answers against gensim itself (Debian's python3-gensim): vectors we save load
// in gensim bit-exactly, gensim's files load in ours bit-exactly, and most_similar,
// most_similar_cosmul, evaluate_word_pairs and evaluate_word_analogies agree. Skipped, saying so,
// where /usr/bin/python3 cannot import gensim; the other tests cover the same ground on fixtures
// that gensim wrote (test/fixtures/make-fixtures.py).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_PYTHON, runPythonReference } from '@hw7/tensor-utils/dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAnalogies, evaluateWordPairs } from './evaluation.js';
import { loadWord2VecFormat, saveWord2VecFormat } from './formats.js';
import { KeyedVectors, type ScoredWord } from './keyed-vectors.js';

const gensimAvailable = spawnSync(REFERENCE_PYTHON, ['-c', 'import gensim'], { stdio: 'ignore' }).status === 0;
if (!gensimAvailable) {
  console.warn(
    `gensim interop tests skipped: ${REFERENCE_PYTHON} cannot import gensim (apt-get install python3-gensim)`,
  );
}

interface Matrix {
  words: string[];
  hex: string;
}
interface GensimAnswers {
  loaded: Record<string, Matrix>;
  written: Matrix;
  mostSimilar: [string, number][][];
  cosmul: [string, number][][];
  wordPairs: { pearson: [number, number]; spearman: [number, number]; oovRatio: number };
  analogies: { accuracy: number; sections: { section: string; correct: number; incorrect: number }[] };
}

const DIM = 24;
const TOPN = 8;
const RESTRICT_VOCAB = 250;
const QUERIES: [string[], string[]][] = [
  [['w1'], []],
  [['w2', 'w3'], ['w4']],
  [['größe'], ['w5', 'w6']],
];

/** 300 pseudo-random words, with analogies planted: v(d_i) = v(c_i) - v(a_i) + v(b_i) + noise. */
function plantedVectors(): KeyedVectors {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  const words = Array.from({ length: 300 }, (_, i) => (i === 7 ? 'größe' : `w${i}`));
  const values = Float32Array.from({ length: words.length * DIM }, random);
  for (let q = 0; q < 20; q++) {
    const [a, b, c, d] = [10 + 4 * q, 11 + 4 * q, 12 + 4 * q, 13 + 4 * q].map((index) => index * DIM);
    for (let k = 0; k < DIM; k++) values[d + k] = values[c + k] - values[a + k] + values[b + k] + 0.2 * random();
  }
  return new KeyedVectors(words, values, DIM);
}

function matrixOf(vectors: KeyedVectors): Matrix {
  return {
    words: [...vectors.words],
    hex: Buffer.from(vectors.vectors.buffer, vectors.vectors.byteOffset, vectors.vectors.byteLength).toString('hex'),
  };
}

function expectGensimAnswer(actual: ScoredWord[], gensim: [string, number][]) {
  expect(actual.map(({ word }) => word)).toEqual(gensim.map(([word]) => word));
  expect(actual.map(({ similarity }) => similarity)).toEqual(gensim.map(([, score]) => expect.closeTo(score, 5)));
}

describe.skipIf(!gensimAvailable)('gensim interop (needs /usr/bin/python3 with gensim)', () => {
  const ours = plantedVectors();
  let directory: string;
  let gensim: GensimAnswers;
  const path = (name: string) => join(directory, name);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'word2vec-gensim-'));
    await saveWord2VecFormat(ours, path('ours.bin'));
    await saveWord2VecFormat(ours, path('ours.txt'));
    const pairLines = Array.from(
      { length: 40 },
      (_, i) => `w${(i * 7) % 300}\tw${(i * 13 + 5) % 300}\t${(i * 37) % 11}`,
    );
    await writeFile(path('pairs.tsv'), `# random pairs\n${pairLines.join('\n')}\nw1\tunknown\t3\n`);
    const questions = Array.from(
      { length: 20 },
      (_, q) => `w${10 + 4 * q} w${11 + 4 * q} w${12 + 4 * q} w${13 + 4 * q}`,
    );
    await writeFile(path('questions.txt'), `: planted\n${questions.join('\n')}\n: random\nw1 w2 w3 w4\nw5 w6 w7 w8\n`);
    const job = {
      load: [
        [path('ours.bin'), true],
        [path('ours.txt'), false],
      ],
      seed: 1,
      count: 30,
      dim: 7,
      write: [
        [path('gensim.bin'), true],
        [path('gensim.txt'), false],
      ],
      query: {
        vectors: path('ours.bin'),
        topn: TOPN,
        mostSimilar: QUERIES,
        pairs: path('pairs.tsv'),
        analogies: path('questions.txt'),
        restrictVocab: RESTRICT_VOCAB,
      },
    };
    await writeFile(path('job.json'), JSON.stringify(job));
    const script = new URL('../test/fixtures/gensim_interop.py', import.meta.url).pathname;
    const result = await runPythonReference<GensimAnswers>(script, [path('job.json')], { timeoutMs: 60_000 });
    if (!result.ok) throw new Error(result.reason);
    gensim = result.value;
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.each(['ours.bin', 'ours.txt'])('gensim loads our %s bit-exactly', (name) => {
    expect(gensim.loaded[path(name)]).toEqual(matrixOf(ours));
  });

  it.each(['gensim.bin', 'gensim.txt'])('we load gensim’s %s bit-exactly', async (name) => {
    expect(matrixOf(await loadWord2VecFormat(path(name)))).toEqual(gensim.written);
  });

  it('most_similar and most_similar_cosmul agree', () => {
    QUERIES.forEach(([positive, negative], i) => {
      expectGensimAnswer(ours.mostSimilar({ positive, negative, topn: TOPN }), gensim.mostSimilar[i]);
    });
    // 3CosMul is defined for a : b :: c : ?, i.e. positive [b, c] and negative [a].
    expectGensimAnswer(ours.analogy('w4', 'w2', 'w3', { method: '3CosMul', topn: TOPN }), gensim.cosmul[1]);
  });

  it('evaluate_word_pairs agrees', async () => {
    const result = await evaluateWordPairs(ours, path('pairs.tsv'));
    expect(result.pearson.r).toBeCloseTo(gensim.wordPairs.pearson[0], 6);
    expect(result.pearson.pValue).toBeCloseTo(gensim.wordPairs.pearson[1], 6);
    expect(result.spearman.rho).toBeCloseTo(gensim.wordPairs.spearman[0], 6);
    expect(result.spearman.pValue).toBeCloseTo(gensim.wordPairs.spearman[1], 6);
    expect(result.oovRatio).toBeCloseTo(gensim.wordPairs.oovRatio, 10);
  });

  it('evaluate_word_analogies agrees', async () => {
    const result = await evaluateAnalogies(ours, path('questions.txt'), { restrictVocab: RESTRICT_VOCAB });
    expect(result.accuracy).toBeCloseTo(gensim.analogies.accuracy, 12);
    expect(result.sections.map(({ section, correct, incorrect }) => ({ section, correct, incorrect }))).toEqual(
      gensim.analogies.sections.slice(0, -1),
    );
    expect(result.correct).toBeGreaterThan(10); // the planted analogies are mostly solved
  });
});
