import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointManager, initBackend } from '@hw7/tensor-utils';
import { KeyedVectors, saveWord2VecFormat } from '@hw7/word2vec';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syntheticTable } from '../test/synthetic-reviews.js';
import { runExperiment } from './experiment.js';

let directory = '';
let data = '';

beforeAll(async () => {
  await initBackend({ quiet: true });
  directory = await mkdtemp(join(tmpdir(), 'mtl-experiment-'));
  data = join(directory, 'reviews.tsv');
  await writeFile(data, syntheticTable());
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

// The token encoders' features; the default (fastText) configuration has its own tests below.
const base = {
  encoder: 'cnn' as const,
  text: 'text',
  tasks: { sentiment: 'sentiment', topic: 'topic' },
  group: 'review',
  // Small enough to train in a second or two, large enough to learn both tasks (the texts have 5 tokens).
  maxLength: 8,
  embeddingDim: 32,
  width: 32,
  epochs: 8,
  learningRate: 1e-2,
  progress: false,
};

describe('runExperiment', () => {
  it('trains both tasks with imbalance handling and one encoder per task, scores the held-out reviews and writes its artifacts', async () => {
    const out = join(directory, 'run');
    const result = await runExperiment({
      ...base,
      data,
      sharing: 'embedding',
      imbalance: { classWeights: ['sentiment'], focal: { topic: 1 }, oversample: 'sentiment' },
      out,
    });
    const [sentiment, topic] = result.evaluations;
    expect(sentiment?.summary.task).toBe('sentiment');
    expect(sentiment?.summary.macroF1).toBeGreaterThan(0.8);
    expect(topic?.summary.macroF1).toBeGreaterThan(0.8);
    expect(sentiment?.summary.rocAuc).toBeGreaterThan(0.8);
    expect(Object.keys(topic?.summary.perClass ?? {})).toEqual(['camera', 'phone', 'player']);
    expect(result.testRows).toBeGreaterThan(30);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.map((m: { task: string }) => m.task)).toEqual(['sentiment', 'topic']);
    expect(await readFile(join(out, 'report.txt'), 'utf8')).toMatch(/macro avg/);
    expect(await readFile(join(out, 'validation-macro-f1.svg'), 'utf8')).toMatch(/<svg/);
    expect((await readFile(join(out, 'history.jsonl'), 'utf8')).trim().split('\n').length).toBe(
      result.models[0]?.history.length,
    );
    expect(result.models).toHaveLength(1);
    // The selection basis is the kept epoch's validation score.
    const [model] = result.models;
    expect(result.validation[1]?.summary.macroF1).toBeCloseTo(
      model?.history[(model.bestEpoch ?? 1) - 1]?.validationMacroF1.topic ?? Number.NaN,
      12,
    );
  }, 180_000);

  it('trains one model per fold and scores their mean probabilities, validating out of fold', async () => {
    const out = join(directory, 'folds');
    const result = await runExperiment({ ...base, data, folds: 3, epochs: 3, out });
    expect(result.models).toHaveLength(3);
    // Every non-test row validates exactly once.
    const nonTest = 240 - result.testRows;
    expect(result.models.reduce((sum, model) => sum + model.validationRows, 0)).toBe(nonTest);
    for (const model of result.models) expect(model.trainRows).toBe(nonTest - model.validationRows);
    expect(result.evaluations.map((e) => e.summary.support)).toEqual([result.testRows, result.testRows]);
    expect(result.validation.map((e) => e.summary.support)).toEqual([nonTest, nonTest]);
    expect(result.validation[0]?.summary.macroF1).toBeGreaterThan(0.5);
    expect(JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'))).toHaveLength(2);
    expect(await readFile(join(out, 'fold-3', 'history.jsonl'), 'utf8')).toMatch(/validationMacroF1_topic/);
    await expect(runExperiment({ ...base, data, folds: 3, validationFraction: 0.2 })).rejects.toThrow(
      'is given together with folds (validationFraction 0.2): a validation fraction or folds, not both',
    );
    await expect(runExperiment({ ...base, data, folds: 500 })).rejects.toThrow(
      /is more than the \d+ groups of the non-test rows \(folds 500\)/,
    );
  }, 180_000);

  it('learns both tasks with the transformer encoder', async () => {
    const result = await runExperiment({ ...base, data, encoder: 'transformer', epochs: 6 });
    const [sentiment, topic] = result.evaluations;
    expect(sentiment?.summary.macroF1).toBeGreaterThan(0.8);
    expect(topic?.summary.macroF1).toBeGreaterThan(0.8);
  }, 180_000);

  it('moves the sentiment threshold to the best validation macro-F1 and scores with it', async () => {
    const result = await runExperiment({ ...base, data, epochs: 2, imbalance: { tuneThreshold: ['sentiment'] } });
    const decision = result.decisions.sentiment;
    // 'neg' (class 0 of the sorted labels) is the minority, one row in four.
    expect(decision?.positiveClass).toBe(0);
    const [sentiment] = result.evaluations;
    const predictedNeg = (sentiment?.probabilities ?? []).filter(
      (row) => (row[0] as number) >= (decision?.threshold ?? 0),
    );
    expect(sentiment?.confusionMatrix.reduce((sum, row) => sum + (row[0] as number), 0)).toBe(predictedNeg.length);
    await expect(runExperiment({ ...base, data, imbalance: { tuneThreshold: ['topic'] } })).rejects.toThrow(
      'is a task of 3 classes (camera, phone, player) (imbalance.tuneThreshold "topic"): a binary task',
    );
  }, 180_000);

  it('junk --vectors (issue #24 case 8): refuses vectors that are not word vectors or do not fit, naming the file', async () => {
    const dim = 8;
    const save = async (name: string, words: string[]) => {
      const path = join(directory, name);
      await saveWord2VecFormat(new KeyedVectors(words, new Float32Array(words.length * dim).fill(0.1), dim), path);
      return path;
    };
    const junk = await save('junk.bin', ['@@', '##', '%%', '0.5', 'camera']);
    await expect(runExperiment({ ...base, data, vectors: junk, epochs: 1 })).rejects.toThrow(
      `holds words that do not look like words (4 of the first 5, e.g. "@@", "##", "%%") (vectors ${JSON.stringify(junk)})`,
    );
    const words = await save('words.txt', ['camera', 'lens', 'great', 'poor', 'the']);
    await expect(runExperiment({ ...base, data, vectors: words, embeddingDim: 32 })).rejects.toThrow(
      'has vectors of 8 dimensions, not the 32 asked for',
    );
    const other = await save('other.txt', ['bonjour', 'merci', 'chat']);
    await expect(runExperiment({ ...base, data, vectors: other, embeddingDim: undefined, epochs: 1 })).rejects.toThrow(
      /has a vector for none of the \d+ words of the training texts/,
    );
    const result = await runExperiment({ ...base, data, vectors: words, embeddingDim: undefined, epochs: 1 });
    expect(result.models[0]?.vectorCoverage).toBeGreaterThan(0.1);
  }, 60_000);

  it('scores exactly the given test groups', async () => {
    const testGroups = Array.from({ length: 10 }, (_, review) => `r${review}`);
    const result = await runExperiment({ ...base, data, testGroups, epochs: 1 });
    expect(result.testRows).toBe(40);
  }, 180_000);

  it('names a missing column, an empty text and a label only the held-out rows have', async () => {
    await expect(runExperiment({ ...base, data, text: 'sentence' })).rejects.toThrow(/sentence/);
    const empty = join(directory, 'empty.tsv');
    await writeFile(empty, 'review\ttopic\tsentiment\ttext\nr1\tcamera\tpos\t\n');
    await expect(runExperiment({ ...base, data: empty })).rejects.toThrow(/empty text/);
    const rare = join(directory, 'rare.tsv');
    // 'tablet' occurs in one review only, held out for the test part.
    const rows = syntheticTable().trimEnd().split('\n');
    rows.push('r999\ttablet\tpos\tthe tablet is good .');
    await writeFile(rare, `${rows.join('\n')}\n`);
    await expect(runExperiment({ ...base, data: rare, testGroups: ['r0', 'r999'], epochs: 1 })).rejects.toThrow(
      /unknown label 'tablet' for task 'topic' in the held-out rows/,
    );
  }, 180_000);
});

describe('runExperiment with no model options', () => {
  const plain = {
    data: '',
    text: 'text',
    tasks: { sentiment: 'sentiment', topic: 'topic' },
    group: 'review',
    progress: false,
  };

  it('trains the fastText encoder with the wide part for 6 epochs on every non-test row, class weights on every task', async () => {
    const result = await runExperiment({ ...plain, data });
    const [sentiment, topic] = result.evaluations;
    expect(sentiment?.summary.macroF1).toBeGreaterThan(0.9);
    expect(topic?.summary.macroF1).toBeGreaterThan(0.9);
    const [model] = result.models;
    expect(model?.history.map((record) => record.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(model?.bestEpoch).toBe(6);
    expect(model?.validationRows).toBe(0);
    expect((model?.trainRows ?? 0) + result.testRows).toBe(240);
    expect(result.validation).toEqual([]);
    await expect(runExperiment({ ...plain, data, imbalance: { tuneThreshold: ['sentiment'] } })).rejects.toThrow(
      /needs validation rows to tune on/,
    );
  }, 180_000);
});

describe('runExperiment with out', () => {
  const quick = { ...base, epochs: 1 };

  it('mixed runs (issue #24 case 7): refuses an out holding an earlier run, before any work, and leaves it as it was', async () => {
    const out = join(directory, 'earlier');
    await mkdir(out);
    await writeFile(join(out, 'history.jsonl'), 'an earlier run\n');
    await expect(runExperiment({ ...quick, data, out })).rejects.toThrow(
      `is not empty (it holds history.jsonl) (out ${JSON.stringify(out)}): a new or empty directory`,
    );
    expect(await readdir(out)).toEqual(['history.jsonl']);
    expect(await readFile(join(out, 'history.jsonl'), 'utf8')).toBe('an earlier run\n');
    // A new or an empty directory is fine; the run appears there whole.
    const empty = join(directory, 'empty-out');
    await mkdir(empty);
    await runExperiment({ ...quick, data, out: empty });
    expect((await readdir(empty)).sort()).toEqual([
      'checkpoints',
      'history.jsonl',
      'metrics.json',
      'report.txt',
      'validation-macro-f1.svg',
    ]);
  }, 60_000);

  it('a full disk (issue #24 case 10) leaves nothing in out: no history.jsonl beside an empty checkpoints/', async () => {
    const parent = join(directory, 'full-disk');
    await mkdir(parent);
    const out = join(parent, 'run');
    const noSpace = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const save = vi.spyOn(CheckpointManager.prototype, 'save').mockRejectedValue(noSpace);
    try {
      await expect(runExperiment({ ...quick, data, out })).rejects.toThrow(/ENOSPC|no space left/);
    } finally {
      save.mockRestore();
    }
    // Neither out nor its temporary sibling is left.
    expect(await readdir(parent)).toEqual([]);
  }, 60_000);
});
