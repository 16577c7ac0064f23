import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNLABELLED } from './data/label-encoder.js';
import { parseLabeledTable } from './data/table.js';
import { FASTTEXT_DEFAULTS, rebalancedTrainingRows, resolveExperimentOptions, runExperiment } from './experiment.js';

let directory = '';
let data = '';

/** 240 sentences from 60 reviews: the sentiment follows good/bad words (1 in 4 negative), the topic the product noun. */
function syntheticTable(): string {
  const rng = new Rng(7);
  const topics = {
    camera: ['lens', 'zoom', 'flash'],
    phone: ['signal', 'screen', 'call'],
    player: ['song', 'playlist', 'volume'],
  };
  const good = ['great', 'good', 'excellent'];
  const bad = ['poor', 'bad', 'awful'];
  const filler = ['the', 'is', 'really', 'quite', 'this', 'my', '.'];
  const rows = ['review\ttopic\tsentiment\ttext'];
  for (let review = 0; review < 60; review++) {
    const topic = rng.choice(Object.keys(topics)) as keyof typeof topics;
    for (let sentence = 0; sentence < 4; sentence++) {
      const negative = rng.next() < 0.25;
      const words = [
        rng.choice(filler),
        rng.choice(topics[topic]),
        rng.choice(filler),
        rng.choice(negative ? bad : good),
        rng.choice(filler),
      ];
      rows.push(`r${review}\t${topic}\t${negative ? 'neg' : 'pos'}\t${words.join(' ')}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

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
      'give validationFraction or folds, not both',
    );
    await expect(runExperiment({ ...base, data, folds: 0 })).rejects.toThrow('folds must be an integer >= 1; got 0');
  }, 180_000);

  it('learns both tasks with the transformer encoder', async () => {
    const result = await runExperiment({ ...base, data, encoder: 'transformer', embeddingDim: 16, epochs: 6 });
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
      "imbalance.tuneThreshold: task 'topic' has 3 classes; threshold moving needs a binary task",
    );
  }, 180_000);

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
      /tuneThreshold needs validation rows/,
    );
  }, 180_000);

  it('fills in the fastText defaults only for what is left out, and leaves the other encoders as given', () => {
    expect(resolveExperimentOptions(plain)).toEqual({
      ...plain,
      ...FASTTEXT_DEFAULTS,
      encoder: 'fasttext',
      imbalance: { classWeights: ['sentiment', 'topic'] },
    });
    const chosen = resolveExperimentOptions({ ...plain, trainTasks: ['topic'], epochs: 9, wide: false, folds: 3 });
    expect(chosen).toMatchObject({ epochs: 9, wide: false, embeddingDim: 16, imbalance: { classWeights: ['topic'] } });
    expect(chosen.validationFraction).toBeUndefined();
    expect(resolveExperimentOptions({ ...plain, imbalance: {} }).imbalance).toEqual({});
    // Regression: hw7-mtl passes every option it did not get as undefined, which overrode the defaults.
    const fromCli = resolveExperimentOptions({
      ...plain,
      epochs: undefined,
      wide: undefined,
      validationFraction: undefined,
    });
    expect(fromCli).toMatchObject({ epochs: 6, wide: true, validationFraction: 0, embeddingDim: 16 });
    expect(resolveExperimentOptions({ ...plain, encoder: 'cnn' })).toEqual({ ...plain, encoder: 'cnn' });
  });
});

describe('rebalancedTrainingRows', () => {
  const table = parseLabeledTable(syntheticTable(), {
    text: 'text',
    tasks: { sentiment: 'sentiment', topic: 'topic' },
    delimiter: '\t',
  });
  const train = Int32Array.from({ length: 200 }, (_, row) => row);
  const [sentiment, topic] = table.tasks.map((task) => task.y);
  const neg = table.tasks[0]?.labels.indexOf('neg') ?? -1;
  const count = (y: ArrayLike<number>, label: number) => Array.from(y).filter((v) => v === label).length;

  it('labels augmented and oversampled copies for the rebalanced task only', () => {
    for (const imbalance of [{ augment: { task: 'sentiment' } }, { oversample: 'sentiment' }]) {
      const { texts, labels } = rebalancedTrainingRows(table, train, imbalance, 0);
      const [sentimentLabels, topicLabels] = labels as [Int32Array, Int32Array];
      expect(texts.length).toBeGreaterThan(train.length);
      expect(sentimentLabels.length).toBe(texts.length);
      // The original rows keep every label ...
      expect(Array.from(sentimentLabels.subarray(0, 200))).toEqual(
        Array.from((sentiment as Int32Array).subarray(0, 200)),
      );
      expect(Array.from(topicLabels.subarray(0, 200))).toEqual(Array.from((topic as Int32Array).subarray(0, 200)));
      // ... the copies are negative sentiment rows, and the topic task does not train on them.
      const copies = texts.length - 200;
      expect(count(sentimentLabels.subarray(200), neg)).toBe(copies);
      expect(count(topicLabels.subarray(200), UNLABELLED)).toBe(copies);
      expect(count(sentimentLabels, neg)).toBe(count((sentiment as Int32Array).subarray(0, 200), neg) + copies);
    }
  });

  it('leaves the rows as they are without imbalance options', () => {
    const { texts, labels } = rebalancedTrainingRows(table, train, {}, 0);
    expect(texts).toEqual(Array.from(train, (row) => table.texts[row]));
    expect(Array.from(labels[1] as Int32Array)).toEqual(Array.from((topic as Int32Array).subarray(0, 200)));
  });
});
