import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { suiteDirectory } from '../../test/support.js';
import type { KeyedVectors } from '../keyed-vectors.js';
import { trainWord2Vec, type Word2VecOptions } from './train.js';

const GROUP_A = ['apple', 'apricot', 'avocado', 'almond', 'anise'];
const GROUP_B = ['banana', 'berry', 'basil', 'bean', 'beet'];

/** Sentences of 8 words drawn from one group: words co-occur only within their group. */
function groupedCorpus(sentences: number, seed = 3): string[] {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: sentences }, () => {
    const group = uniform() < 0.5 ? GROUP_A : GROUP_B;
    return Array.from({ length: 8 }, () => group[Math.floor(uniform() * group.length)]).join(' ');
  });
}

const corpus = groupedCorpus(600);
const SMALL: Word2VecOptions = {
  corpus: { lines: () => corpus },
  dim: 16,
  epochs: 4,
  sample: 0,
  threads: 1,
  progress: false,
};

function meanCosine(vectors: KeyedVectors, pairs: [string, string][]): number {
  return pairs.reduce((sum, [a, b]) => sum + vectors.similarity(a, b), 0) / pairs.length;
}

/** Mean cosine within the groups minus across them. */
function groupSeparation(vectors: KeyedVectors): number {
  const within: [string, string][] = [];
  const across: [string, string][] = [];
  for (let i = 0; i < 5; i++) {
    for (let j = i + 1; j < 5; j++) within.push([GROUP_A[i], GROUP_A[j]], [GROUP_B[i], GROUP_B[j]]);
    for (let j = 0; j < 5; j++) across.push([GROUP_A[i], GROUP_B[j]]);
  }
  return meanCosine(vectors, within) - meanCosine(vectors, across);
}

describe('trainWord2Vec', () => {
  it.each([
    ['skip-gram, negative sampling', { sg: true }],
    ['skip-gram, hierarchical softmax', { sg: true, hs: true, negative: 0 }],
    ['CBOW, negative sampling', { sg: false }],
    ['CBOW, hierarchical softmax', { sg: false, hs: true, negative: 0 }],
  ])('%s: words that co-occur get similar vectors', async (_, mode) => {
    const { vectors, vocabulary, stats } = await trainWord2Vec({ ...SMALL, ...mode });
    expect(vectors.dim).toBe(16);
    expect([...vocabulary.words].sort()).toEqual([...GROUP_A, ...GROUP_B].sort());
    expect(stats.rawWords).toBe(4 * 8 * 600);
    expect(stats.effectiveWords).toBe(stats.rawWords);
    expect(groupSeparation(vectors)).toBeGreaterThan(0.5);
  });

  it('is bit-reproducible with one thread and a seed', async () => {
    const options = { ...SMALL, sample: 1e-2, epochs: 1 };
    const [first, second, otherSeed] = await Promise.all([
      trainWord2Vec(options),
      trainWord2Vec(options),
      trainWord2Vec({ ...options, seed: 2 }),
    ]);
    expect(second.vectors.vectors).toEqual(first.vectors.vectors);
    expect(second.stats.effectiveWords).toBe(first.stats.effectiveWords);
    expect(otherSeed.vectors.vectors).not.toEqual(first.vectors.vectors);
  });

  it('trains with several threads', async () => {
    const { vectors, stats } = await trainWord2Vec({
      ...SMALL,
      corpus: { lines: () => groupedCorpus(3000) },
      threads: 3,
    });
    expect(stats.threads).toBe(3);
    expect(stats.trainedWords).toBe(4 * 8 * 3000);
    expect(groupSeparation(vectors)).toBeGreaterThan(0.5);
  });

  it('stops its workers, so they do not keep the process alive', async () => {
    const workerPorts = () => process.getActiveResourcesInfo().filter((resource) => resource === 'MessagePort').length;
    const before = workerPorts();
    await trainWord2Vec({ ...SMALL, threads: 2, epochs: 1 });
    expect(workerPorts()).toBe(before);
  });

  it('subsamples frequent words, skips unknown ones and splits lines longer than 10 000 words', async () => {
    const long = `${'the '.repeat(30_000)}rare`;
    const { vocabulary, stats } = await trainWord2Vec({
      ...SMALL,
      corpus: { lines: () => [...corpus, long] },
      minCount: 2,
      sample: 1e-3,
      epochs: 1,
    });
    expect(vocabulary.words[0]).toBe('the');
    expect(vocabulary.words).not.toContain('rare');
    expect(stats.rawWords).toBe(8 * 600 + 30_001);
    expect(stats.trainedWords).toBe(8 * 600 + 30_000);
    expect(stats.effectiveWords).toBeLessThan(stats.trainedWords / 2);
    expect(stats.wordsPerSec).toBeGreaterThan(0);
  });

  describe('files', () => {
    const dir = suiteDirectory('w2v-train-');

    it('streams gzip-compressed corpus files', async () => {
      const file = join(dir, 'corpus.txt.gz');
      await writeFile(file, gzipSync(`${corpus.join('\n')}\n`));
      const { vectors, stats } = await trainWord2Vec({ ...SMALL, corpus: [file] });
      expect(stats.rawWords).toBe(4 * 8 * 600);
      expect(groupSeparation(vectors)).toBeGreaterThan(0.5);
    });
  });

  it.each<[Partial<Word2VecOptions>, string]>([
    [{ window: 0 }, 'trainWord2Vec: window must be an integer >= 1, got 0'],
    [{ dim: 0 }, 'trainWord2Vec: dim must be an integer >= 1, got 0'],
    [{ negative: -1 }, 'trainWord2Vec: negative must be an integer >= 0, got -1'],
    [{ negative: 0 }, 'trainWord2Vec: negative must be an integer >= 1 when hs is false'],
    [{ threads: 0 }, 'trainWord2Vec: threads must be an integer from 1 to'],
    // Issue #24: 1000 threads took 4.8 GB and ran 20-70 times slower.
    [{ threads: 1000 }, `(4 per core; this machine has ${availableParallelism()}), got 1000`],
    [{ sample: -1 }, 'trainWord2Vec: sample must be a number >= 0, got -1'],
    [{ minCount: 0 }, 'trainWord2Vec: minCount must be an integer >= 1, got 0'],
    [{ maxVocab: 0 }, 'trainWord2Vec: maxVocab must be an integer >= 1, got 0'],
    [{ epochs: 1.5 }, 'trainWord2Vec: epochs must be an integer >= 1, got 1.5'],
    [{ alpha: 0 }, 'trainWord2Vec: alpha must be a number > 0, got 0'],
    [{ minAlpha: 0.5 }, 'trainWord2Vec: minAlpha must be a number in [0, alpha=0.025], got 0.5'],
    [{ seed: -1 }, 'trainWord2Vec: seed must be an integer in [0, 2^32), got -1'],
    [{ sg: 'cbow' as never }, 'trainWord2Vec: sg must be true or false, got cbow'],
    [{ corpus: [] }, 'trainWord2Vec: corpus must be a non-empty list of file paths'],
    [
      { corpus: { lines: () => ['too few words'] } },
      'trainWord2Vec: no word occurs at least minCount=5 times (3 tokens',
    ],
  ])('rejects %o', async (override, message) => {
    await expect(trainWord2Vec({ ...SMALL, ...override })).rejects.toThrow(message);
  });
});
