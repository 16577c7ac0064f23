// The training threads and the batch slots that give back-pressure: the main thread may only fill
// a slot its worker has finished with, so at most SLOTS_PER_WORKER batches per worker are ever in
// flight and the corpus is never queued up in memory.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelMemory } from './model-memory.js';
import type { BatchDone, BatchMessage, WorkerSetup } from './training-worker.js';

/**
 * Starts a training thread. Built, its module is dist/training-worker.js next to the bundle that
 * runs this (ESM or CommonJS alike); run from the TypeScript sources (tests, benches), it is
 * training-worker.ts, loaded through tsx's CommonJS hooks (a worker does not inherit the loader
 * hooks of its parent).
 */
function startTrainingWorker(setup: WorkerSetup): Worker {
  const built = new URL('./training-worker.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return new Worker(built, { workerData: setup });
  const source = fileURLToPath(new URL('./training-worker.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const bootstrap = `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(source)});\n`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}

export class WorkerPool {
  private readonly workers: Worker[];
  private readonly freeSlots: number[];
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private terminating = false;

  /** Starts one worker per scratch set of `model`; worker i draws random numbers from stream i of `seed`. */
  constructor(
    private readonly model: ModelMemory,
    seed: number,
    private readonly onDone: (slot: number, kept: number) => void,
  ) {
    this.freeSlots = model.slots.map((_, slot) => slot).reverse();
    this.workers = model.workerScratch.map((scratch, index) => {
      const setup: WorkerSetup = {
        module: model.module,
        memory: model.memory,
        model: model.modelArguments,
        worker: [...scratch, seed, index],
      };
      const worker = startTrainingWorker(setup);
      worker.on('message', ({ slot, kept }: BatchDone) => {
        this.freeSlots.push(slot);
        this.onDone(slot, kept);
        this.notify();
      });
      worker.on('error', (error) => {
        this.fail(new Error(`trainWord2Vec: training worker ${index} failed: ${error.message}`, { cause: error }));
      });
      worker.on('exit', (code) => {
        if (!this.terminating) this.fail(new Error(`trainWord2Vec: training worker ${index} exited with code ${code}`));
      });
      return worker;
    });
  }

  /** A free slot, waiting for a worker to finish one if necessary; rejects once a worker has failed. */
  async acquire(): Promise<number> {
    for (;;) {
      if (this.failure) throw this.failure;
      const slot = this.freeSlots.pop();
      if (slot !== undefined) return slot;
      await this.change();
    }
  }

  /** Hands the batch written into `slot` to the slot's worker. */
  dispatch(slot: number, sentenceCount: number, alphaStart: number, alphaEnd: number): void {
    const { worker, words, sentenceEnds } = this.model.slots[slot];
    const message: BatchMessage = { slot, words, sentenceEnds, sentenceCount, alphaStart, alphaEnd };
    this.workers[worker].postMessage(message);
  }

  /** Waits until every dispatched batch is done. */
  async drain(): Promise<void> {
    while (this.freeSlots.length < this.model.slots.length) {
      if (this.failure) throw this.failure;
      await this.change();
    }
    if (this.failure) throw this.failure;
  }

  /** Stops the workers (whether or not batches are still running), so none keeps the process alive. */
  async terminate(): Promise<void> {
    this.terminating = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private change(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }
}
