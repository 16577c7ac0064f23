import { describe, expect, it } from 'vitest';
import { syntheticTable } from '../../test/synthetic-reviews.js';
import { UNLABELLED } from './label-encoder.js';
import { rebalancedTrainingRows } from './rebalance.js';
import { parseLabeledTable } from './table.js';

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

  it('names an option whose task does not exist', () => {
    expect(() => rebalancedTrainingRows(table, train, { oversample: 'topc' }, 0)).toThrow(
      'is not a task (imbalance.oversample "topc"): one of the tasks: sentiment, topic',
    );
  });

  it('leaves the rows as they are without imbalance options', () => {
    const { texts, labels } = rebalancedTrainingRows(table, train, {}, 0);
    expect(texts).toEqual(Array.from(train, (row) => table.texts[row]));
    expect(Array.from(labels[1] as Int32Array)).toEqual(Array.from((topic as Int32Array).subarray(0, 200)));
  });
});
