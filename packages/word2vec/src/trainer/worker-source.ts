// The training worker, as self-contained plain JavaScript started with `new Worker(source, { eval:
// true })`: no worker file has to sit next to the bundled or the TypeScript module. It instantiates
// the kernels over the shared memory, then trains each batch the main thread posts and answers with
// the number of words kept after subsampling. A failure is thrown, which the main thread receives
// as the worker's 'error' event.

/** Sent once, as workerData. */
export interface WorkerSetup {
  module: object;
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

export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, model, worker } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
kernels.configure(...model);
kernels.configureWorker(...worker);
parentPort.on('message', (batch) => {
  const kept = kernels.trainBatch(batch.words, batch.sentenceEnds, batch.sentenceCount, batch.alphaStart, batch.alphaEnd);
  parentPort.postMessage({ slot: batch.slot, kept });
});
`;
