import { describe, expect, it } from 'vitest';
import { checkExperimentOptions, FASTTEXT_DEFAULTS, resolveExperimentOptions } from './experiment-options.js';
import { OptionError } from './option-error.js';

const plain = {
  data: 'reviews.tsv',
  text: 'text',
  tasks: { sentiment: 'sentiment', topic: 'topic' },
  group: 'review',
  progress: false,
};

describe('resolveExperimentOptions', () => {
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

describe('checkExperimentOptions', () => {
  const check = (options: object) => () => checkExperimentOptions(resolveExperimentOptions({ ...plain, ...options }));

  it('accepts the defaults and a usual configuration', () => {
    expect(check({})).not.toThrow();
    expect(check({ encoder: 'cnn', vectors: 'v.bin', imbalance: { tuneThreshold: ['sentiment'] } })).not.toThrow();
  });

  it('names the option and what it needs, before any data is read', () => {
    const cases: [object, string][] = [
      [{ folds: 0 }, 'is out of range (folds 0): an integer >= 1'],
      [{ folds: 3, validationFraction: 0.2 }, 'is given together with folds (validationFraction 0.2)'],
      [{ testFraction: 0.2, testGroups: ['r1'] }, 'is given together with test groups (testFraction 0.2)'],
      [{ testFraction: 0 }, 'is out of range (testFraction 0): a number in (0, 1)'],
      [{ validationFraction: 1 }, 'is out of range (validationFraction 1): a number in [0, 1)'],
      [{ trainTasks: ['topc'] }, 'is not a task (trainTasks "topc"): one of the tasks: sentiment, topic'],
      [{ imbalance: { focal: { sentimnt: 2 } } }, 'is not a task (imbalance.focal "sentimnt")'],
      [{ imbalance: { augment: { task: 'x' } } }, 'is not a task (imbalance.augment.task "x")'],
      // The fastText default trains on every non-test row.
      [
        { imbalance: { tuneThreshold: ['sentiment'] } },
        'needs validation rows to tune on (imbalance.tuneThreshold ["sentiment"])',
      ],
      [{ vectors: 'v.bin' }, 'needs a token encoder (vectors "v.bin"): encoder cnn, bigru or transformer'],
      [{ randomEmbeddingDim: 8 }, 'needs a token encoder (randomEmbeddingDim 8)'],
      [{ encoder: 'transformer', embeddingDim: 18 }, 'does not divide the embedding size 18 (attentionHeads 4)'],
    ];
    for (const [options, message] of cases) {
      expect(check(options), JSON.stringify(options)).toThrow(message);
      expect(check(options)).toThrow(OptionError);
    }
  });
});
