// The training thread, started once per thread by WorkerPool: it instantiates the kernels over the
// shared memory, then trains each batch the main thread posts and answers with the number of words
// kept after subsampling. A failure (a trap in the kernels) is thrown, which the main thread
// receives as the worker's 'error' event. Built as its own entry (dist/training-worker.js).
import { parentPort, workerData } from 'node:worker_threads';
import { webAssembly } from './web-assembly.js';

/** Sent once, as workerData. */
export interface WorkerSetup {
  /** The compiled kernels (a WebAssembly.Module). */
  module: object;
  /** The shared WebAssembly.Memory every worker trains in. */
  memory: object;
  /** The arguments of the kernel's configure(), in order. */
  model: readonly (number | boolean)[];
  /** The arguments of the kernel's configureWorker(), in order. */
  worker: readonly number[];
}

/** Posted for every batch; the same slot is echoed back when it is free again. */
export interface BatchMessage {
  slot: number;
  words: number;
  sentenceEnds: number;
  sentenceCount: number;
  alphaStart: number;
  alphaEnd: number;
}

export interface BatchDone {
  slot: number;
  kept: number;
}

/** The kernels' exports (assembly/trainer.ts) the thread calls. */
interface TrainingKernels {
  configure(...model: (number | boolean)[]): void;
  configureWorker(...worker: number[]): void;
  trainBatch(words: number, sentenceEnds: number, sentenceCount: number, alphaStart: number, alphaEnd: number): number;
}

function serveBatches(port: NonNullable<typeof parentPort>, { module, memory, model, worker }: WorkerSetup): void {
  const kernels = new webAssembly.Instance(module, { env: { memory } }).exports as TrainingKernels;
  kernels.configure(...model);
  kernels.configureWorker(...worker);
  port.on('message', (batch: BatchMessage) => {
    const kept = kernels.trainBatch(
      batch.words,
      batch.sentenceEnds,
      batch.sentenceCount,
      batch.alphaStart,
      batch.alphaEnd,
    );
    const done: BatchDone = { slot: batch.slot, kept };
    port.postMessage(done);
  });
}

if (parentPort) serveBatches(parentPort, workerData as WorkerSetup);
