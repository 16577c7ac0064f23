import { describe, expect, it } from 'vitest';
import { createModelMemory } from './model-memory.js';
import { WorkerPool } from './worker-pool.js';

describe('WorkerPool', () => {
  it('rejects with the worker and the cause when a worker fails, and stops the workers', async () => {
    const workerPorts = () => process.getActiveResourcesInfo().filter((resource) => resource === 'MessagePort').length;
    const portsBefore = workerPorts();
    const shape = { vocabSize: 3, dim: 4, window: 2, negative: 1, hs: false, cbow: false, sample: 0, threads: 1 };
    const model = createModelMemory(shape, [3, 2, 1], 1);
    // A batch whose sentence ends lie outside the memory makes the kernel trap.
    model.slots[0] = { ...model.slots[0], sentenceEnds: 2 ** 31 };
    const pool = new WorkerPool(model, 1, () => {});
    try {
      const slot = await pool.acquire();
      pool.dispatch(slot, 1, 0.025, 0.025);
      await expect(pool.drain()).rejects.toThrow(/^trainWord2Vec: training worker 0 failed: .*out of bounds/);
      await expect(pool.acquire()).rejects.toThrow('training worker 0 failed');
    } finally {
      await pool.terminate();
    }
    expect(workerPorts()).toBe(portsBefore);
  });
});
