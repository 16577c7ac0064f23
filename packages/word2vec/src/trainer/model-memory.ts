// The one shared WebAssembly memory every training worker works in, and its layout: the weights,
// the sampling tables, and per-worker scratch and batch buffers. JavaScript allocates everything
// up front (the memory never grows, so views on it stay valid) and passes byte offsets to the
// kernels.
import { buildHuffmanTree } from './huffman.js';
import { TRAINER_WASM } from './kernels.wasm.js';
import { fillKeepThresholds, fillUnigramAliasTable } from './sampling.js';
import { webAssembly } from './web-assembly.js';

/** Words per batch handed to a worker, and the longest sentence (gensim's MAX_WORDS_IN_BATCH). */
export const BATCH_WORDS = 10_000;
/** Batch buffers per worker: it trains on one while the main thread fills the other. */
export const SLOTS_PER_WORKER = 2;
/** C word2vec's sigmoid table: 1000 values over (-6, 6). */
const SIGMOID_TABLE_SIZE = 1000;
const MAX_EXP = 6;
const PAGE_BYTES = 65_536;
/** The kernel module declares a 4 GiB maximum (32-bit pointers). */
const MAX_PAGES = 65_536;

interface TrainerKernels {
  initInputVectors(ptr: number, rows: number, dim: number, dimPadded: number, seed: number): void;
}

export interface ModelShape {
  vocabSize: number;
  dim: number;
  window: number;
  negative: number;
  hs: boolean;
  cbow: boolean;
  sample: number;
  threads: number;
}

/** Where one batch is written for a worker: word ids and sentence ends, as byte offsets. */
export interface BatchSlot {
  worker: number;
  words: number;
  sentenceEnds: number;
}

export interface ModelMemory {
  /** The compiled kernels, instantiated by each worker. */
  module: object;
  memory: object;
  buffer: SharedArrayBuffer;
  /** Floats per stored row: dim rounded up to a multiple of 4 (the SIMD width), padding kept at 0. */
  dimPadded: number;
  syn0: number;
  /** The arguments of the kernel's configure(). */
  modelArguments: (number | boolean)[];
  /** The scratch pointer arguments of the kernel's configureWorker(), for each worker. */
  workerScratch: number[][];
  slots: BatchSlot[];
}

/** Hands out 64-byte aligned byte offsets, from 64 up (0 stays an obviously invalid pointer). */
class BumpAllocator {
  size = 64;

  allocate(bytes: number): number {
    const offset = Math.ceil(this.size / 64) * 64;
    this.size = offset + bytes;
    return offset;
  }
}

/** Per-worker scratch buffers and the batch slots, allocated after the model's tables. */
function allocateWorkerBuffers(
  heap: BumpAllocator,
  { threads, negative }: ModelShape,
  dimPadded: number,
  maxTargets: number,
): Pick<ModelMemory, 'workerScratch' | 'slots'> {
  const workerScratch: number[][] = [];
  for (let worker = 0; worker < threads; worker++) {
    const [neu1, neu1e, padRow] = [0, 1, 2].map(() => heap.allocate(dimPadded * 4));
    const [targets, labels] = [0, 1].map(() => heap.allocate(maxTargets * 4));
    const negativesAhead = heap.allocate(negative * 4);
    workerScratch.push([neu1, neu1e, padRow, targets, labels, negativesAhead, heap.allocate(BATCH_WORDS * 4)]);
  }
  const slots: BatchSlot[] = [];
  // Consecutive slots belong to different workers, so the first batches go to every worker in turn.
  for (let i = 0; i < SLOTS_PER_WORKER; i++) {
    for (let worker = 0; worker < threads; worker++) {
      slots.push({ worker, words: heap.allocate(BATCH_WORDS * 4), sentenceEnds: heap.allocate(BATCH_WORDS * 4) });
    }
  }
  return { workerScratch, slots };
}

/** A shared memory of `bytes` (whole pages), or a clear error past the 4 GiB WebAssembly can address. */
function sharedMemory(bytes: number, { vocabSize, dim }: ModelShape) {
  const pages = Math.ceil(bytes / PAGE_BYTES);
  if (pages > MAX_PAGES) {
    throw new RangeError(
      `trainWord2Vec: ${vocabSize} words x ${dim} dimensions need ${(bytes / 2 ** 30).toFixed(1)} GiB, ` +
        'more than the 4 GiB a WebAssembly memory can hold: lower dim, maxVocab or raise minCount',
    );
  }
  return new webAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

function fillSigmoidTable(buffer: SharedArrayBuffer, offset: number): void {
  const sigmoid = new Float32Array(buffer, offset, SIGMOID_TABLE_SIZE + 1);
  for (let i = 0; i <= SIGMOID_TABLE_SIZE; i++) {
    const e = Math.exp(((2 * i) / SIGMOID_TABLE_SIZE - 1) * MAX_EXP);
    sigmoid[i] = e / (e + 1);
  }
}

/**
 * Allocates the model for `counts` (the vocabulary's, most frequent first), fills the sampling
 * tables and initialises the input vectors like C word2vec from `seed`; output weights start at 0.
 */
export function createModelMemory(shape: ModelShape, counts: readonly number[], seed: number): ModelMemory {
  const { vocabSize, dim, window, negative, hs, cbow, sample } = shape;
  const dimPadded = Math.ceil(dim / 4) * 4;
  const matrixBytes = vocabSize * dimPadded * 4;
  const tree = hs ? buildHuffmanTree(counts) : undefined;

  const heap = new BumpAllocator();
  const sigmoidTable = heap.allocate((SIGMOID_TABLE_SIZE + 1) * 4);
  const syn0 = heap.allocate(matrixBytes);
  const syn1neg = negative > 0 ? heap.allocate(matrixBytes) : 0;
  const syn1 = hs ? heap.allocate(matrixBytes) : 0;
  const unigramTable = negative > 0 ? heap.allocate(vocabSize * 8) : 0;
  const keepThresholds = sample > 0 ? heap.allocate(vocabSize * 4) : 0;
  const codeOffsets = tree ? heap.allocate(tree.codeOffsets.byteLength) : 0;
  const codes = tree ? heap.allocate(tree.codes.byteLength) : 0;
  const points = tree ? heap.allocate(tree.points.byteLength) : 0;
  // The output rows of one prediction: the word and its negatives, or the inner nodes of its code.
  let maxTargets = negative + 1;
  for (let word = 0; tree && word < vocabSize; word++) {
    maxTargets = Math.max(maxTargets, tree.codeOffsets[word + 1] - tree.codeOffsets[word]);
  }
  const { workerScratch, slots } = allocateWorkerBuffers(heap, shape, dimPadded, maxTargets);

  const memory = sharedMemory(heap.size, shape);
  const { buffer } = memory;
  fillSigmoidTable(buffer, sigmoidTable);
  if (negative > 0) fillUnigramAliasTable(counts, new Uint32Array(buffer, unigramTable, 2 * vocabSize));
  if (sample > 0) fillKeepThresholds(counts, sample, new Uint32Array(buffer, keepThresholds, vocabSize));
  if (tree) {
    new Int32Array(buffer, codeOffsets, tree.codeOffsets.length).set(tree.codeOffsets);
    new Uint8Array(buffer, codes, tree.codes.length).set(tree.codes);
    new Int32Array(buffer, points, tree.points.length).set(tree.points);
  }

  const module = new webAssembly.Module(Buffer.from(TRAINER_WASM, 'base64'));
  const kernels = new webAssembly.Instance(module, { env: { memory } }).exports as TrainerKernels;
  kernels.initInputVectors(syn0, vocabSize, dim, dimPadded, seed);

  // The arguments of the kernel's configure(), in its order.
  const modelArguments = [dimPadded, window, negative, hs, cbow, syn0, syn1neg, syn1, vocabSize, unigramTable];
  modelArguments.push(keepThresholds, sample > 0, codeOffsets, codes, points, sigmoidTable);
  return { module, memory, buffer, dimPadded, syn0, modelArguments, workerScratch, slots };
}

/** The input vectors without row padding: row i is word i, `dim` floats each. */
export function readInputVectors(model: ModelMemory, vocabSize: number, dim: number): Float32Array {
  const padded = new Float32Array(model.buffer, model.syn0, vocabSize * model.dimPadded);
  if (model.dimPadded === dim) return padded.slice();
  const vectors = new Float32Array(vocabSize * dim);
  for (let row = 0; row < vocabSize; row++) {
    vectors.set(padded.subarray(row * model.dimPadded, row * model.dimPadded + dim), row * dim);
  }
  return vectors;
}
