import { describe, expect, it } from 'vitest';
import { createTaskBatcher, type TaskBatch } from './task-batcher.js';

const range = (start: number, end: number) => Int32Array.from({ length: end - start }, (_, i) => start + i);
// Sentiment labels 0..299, topic labels 0..999 (so 0..299 have both): 1000 distinct examples.
const tasks = [
  { name: 'sentiment', indices: range(0, 300) },
  { name: 'topic', indices: range(0, 1000) },
];

function batchesOfTask(batches: readonly TaskBatch[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const batch of batches) counts[batch.task ?? 'mixed'] = (counts[batch.task ?? 'mixed'] ?? 0) + 1;
  return counts;
}

describe('createTaskBatcher', () => {
  it("'mixed' visits every example of the union exactly once per epoch", () => {
    const batcher = createTaskBatcher({ tasks, batchSize: 64, strategy: 'mixed', seed: 1 });
    expect(batcher.batchesPerEpoch).toBe(16);
    const epoch = batcher.nextEpoch();
    expect(epoch.map((batch) => batch.indices.length)).toEqual([...Array(15).fill(64), 40]);
    expect(epoch.every((batch) => batch.task === undefined)).toBe(true);
    const seen = epoch.flatMap((batch) => [...batch.indices]).sort((a, b) => a - b);
    expect(seen).toEqual([...range(0, 1000)]);
    // A batch holds examples of both tasks.
    expect(epoch[0].indices.some((index) => index < 300)).toBe(true);
    expect(batcher.nextEpoch()[0].indices).not.toEqual(epoch[0].indices);
    expect(batcher.taskProbabilities()).toBeUndefined();
  });

  it("'balanced' gives each task an equal share of every batch", () => {
    const batcher = createTaskBatcher({ tasks, batchSize: 33, strategy: 'balanced', seed: 2 });
    expect(batcher.batchesPerEpoch).toBe(Math.ceil(1000 / 33));
    const sentimentSeen = new Set<number>();
    for (const batch of batcher.nextEpoch()) {
      expect(batch.indices).toHaveLength(33);
      // The first 17 come from sentiment (it takes the remainder), the other 16 from topic.
      for (const index of batch.indices.slice(0, 17)) {
        expect(index).toBeLessThan(300);
        sentimentSeen.add(index);
      }
    }
    // 31 batches * 17 > 300: the small task is cycled through completely.
    expect(sentimentSeen.size).toBe(300);
  });

  it("'proportional' draws single-task batches with probability proportional to task size", () => {
    const batcher = createTaskBatcher({ tasks, batchSize: 10, strategy: 'proportional', seed: 3 });
    expect(batcher.batchesPerEpoch).toBe(130);
    expect(batcher.taskProbabilities()).toEqual({ sentiment: 300 / 1300, topic: 1000 / 1300 });
    const batches = Array.from({ length: 4000 }, () => batcher.next());
    const counts = batchesOfTask(batches);
    expect(counts.sentiment / 4000).toBeCloseTo(300 / 1300, 1);
    for (const batch of batches.filter((b) => b.task === 'sentiment')) {
      expect(batch.indices.every((index) => index < 300)).toBe(true);
    }
    batcher.updateLosses({ sentiment: 5, topic: 0.1 });
    expect(batcher.taskProbabilities()).toEqual({ sentiment: 300 / 1300, topic: 1000 / 1300 });
  });

  it("'dynamic' starts proportional and then favours the task whose loss has fallen least", () => {
    const batcher = createTaskBatcher({ tasks, batchSize: 10, strategy: 'dynamic', seed: 4, temperature: 0.2 });
    expect(batcher.taskProbabilities()).toEqual({ sentiment: 300 / 1300, topic: 1000 / 1300 });
    batcher.updateLosses({ sentiment: 0.7, topic: 1.9 });
    // Both at relative loss 1: equal chances.
    expect(batcher.taskProbabilities()?.sentiment).toBeCloseTo(0.5, 10);
    batcher.updateLosses({ sentiment: 0.7, topic: 0.19 });
    const probabilities = batcher.taskProbabilities() ?? {};
    // softmax([1, 0.1] / 0.2)
    expect(probabilities.sentiment).toBeCloseTo(1 / (1 + Math.exp(-4.5)), 10);
    const counts = batchesOfTask(Array.from({ length: 2000 }, () => batcher.next()));
    expect(counts.sentiment / 2000).toBeGreaterThan(0.97);
    batcher.updateLosses({ sentiment: 0.07 });
    expect(batcher.taskProbabilities()?.sentiment).toBeCloseTo(0.5, 10);
  });

  it('is deterministic per seed', () => {
    const epoch = (seed: number) =>
      createTaskBatcher({ tasks, batchSize: 50, strategy: 'proportional', seed }).nextEpoch();
    expect(epoch(5)).toEqual(epoch(5));
    expect(epoch(5)).not.toEqual(epoch(6));
  });

  it('names bad arguments', () => {
    const base = { tasks, batchSize: 8, strategy: 'mixed' as const, seed: 1 };
    expect(() => createTaskBatcher({ ...base, strategy: 'random' as 'mixed' })).toThrow(
      'strategy must be one of mixed, balanced, proportional, dynamic; got random',
    );
    expect(() => createTaskBatcher({ ...base, batchSize: 0 })).toThrow('batchSize must be an integer >= 1; got 0');
    expect(() => createTaskBatcher({ ...base, tasks: [{ name: 'a', indices: [] }] })).toThrow(
      "task 'a' has no examples",
    );
    expect(() => createTaskBatcher({ ...base, tasks: [{ name: 'a', indices: [1.5] }] })).toThrow(
      "task 'a': indices[0] must be an integer >= 0; got 1.5",
    );
    expect(() => createTaskBatcher({ ...base, batchSize: 1, strategy: 'balanced' })).toThrow(
      "batchSize must be >= the number of tasks (2) for 'balanced'; got 1",
    );
    const batcher = createTaskBatcher({ ...base, strategy: 'dynamic' });
    expect(() => batcher.updateLosses({ style: 1 })).toThrow(
      "updateLosses: unknown task 'style' (tasks: sentiment, topic)",
    );
    expect(() => batcher.updateLosses({ topic: Number.NaN })).toThrow(
      "the loss of task 'topic' must be a finite number >= 0; got NaN",
    );
  });
});
