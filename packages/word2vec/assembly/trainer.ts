// The word2vec inner loops (skip-gram / CBOW with negative sampling and hierarchical softmax), the
// algorithm of the original C tool and gensim, compiled by AssemblyScript with SIMD to a module that
// imports ONE shared memory. Every training worker instantiates it over that memory and updates the
// weights without locks (Hogwild, as C word2vec and gensim do); wasm globals (configuration, random
// state) are per instance, so each worker has its own. The JavaScript side owns the memory layout:
// every pointer below is a byte offset it allocated. Vector rows are padded to a multiple of 4
// floats, with the padding kept at zero, so the loops need no scalar tail.

const MAX_EXP: f32 = 6;
const SIGMOID_TABLE_SIZE: i32 = 1000;

// ---- configuration (set once per instance by configure) -----------------------------------------

let rowBytes: usize = 0;
let window: u32 = 5;
let negative: i32 = 5;
let hierarchical = false;
let cbow = false;
let subsample = false;
let syn0: usize = 0;
let syn1neg: usize = 0;
let syn1: usize = 0;
let vocabSize: u32 = 0;
let unigramTable: usize = 0;
let keepThresholds: usize = 0;
let codeOffsets: usize = 0;
let codes: usize = 0;
let points: usize = 0;
let sigmoidTable: usize = 0;
// Per-worker scratch: the mean context vector (CBOW), the input gradient, a zero row padding groups
// of output rows, the output rows of one prediction with their labels, the subsampled sentence.
let neu1: usize = 0;
let neu1e: usize = 0;
let padRow: usize = 0;
let targets: usize = 0;
let labels: usize = 0;
let negativesAhead: usize = 0;
let sentence: usize = 0;
/** Receives the values read by touchRow, so the reads are not optimised away. */
let touchSink: f32 = 0;

/** C word2vec's linear congruential generator (64-bit state, the upper bits are used). */
let nextRandom: u64 = 1;

// ---- helpers ------------------------------------------------------------------------------------

@inline function nextRandom32(): u32 {
  nextRandom = nextRandom * 25214903917 + 11;
  return <u32>(nextRandom >> 16);
}

/** Uniform integer in [0, n), by multiply-shift instead of a slow division. */
@inline function randomBelow(n: u32): u32 {
  return <u32>((<u64>nextRandom32() * <u64>n) >> 32);
}

@inline function row(base: usize, index: i32): usize {
  return base + <usize>index * rowBytes;
}

@inline function wordAt(index: i32): i32 {
  return load<i32>(sentence + (<usize>index << 2));
}

/** target += source */
function addTo(target: usize, source: usize): void {
  for (let i: usize = 0; i < rowBytes; i += 16) {
    v128.store(target + i, f32x4.add(v128.load(target + i), v128.load(source + i)));
  }
}

/** target *= factor */
function scale(target: usize, factor: f32): void {
  const f = f32x4.splat(factor);
  for (let i: usize = 0; i < rowBytes; i += 16) v128.store(target + i, f32x4.mul(v128.load(target + i), f));
}

/** The dot products of `input` with four rows, as the lanes of one vector. */
@inline function dot4(input: usize, r0: usize, r1: usize, r2: usize, r3: usize): v128 {
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let i: usize = 0; i < rowBytes; i += 16) {
    const x = v128.load(input + i);
    a0 = f32x4.add(a0, f32x4.mul(x, v128.load(r0 + i)));
    a1 = f32x4.add(a1, f32x4.mul(x, v128.load(r1 + i)));
    a2 = f32x4.add(a2, f32x4.mul(x, v128.load(r2 + i)));
    a3 = f32x4.add(a3, f32x4.mul(x, v128.load(r3 + i)));
  }
  // Transpose-and-add: lane k of the result is the sum of the lanes of a<k>.
  const t01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 1, 4, 5), v128.shuffle<f32>(a0, a1, 2, 3, 6, 7));
  const t23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 1, 4, 5), v128.shuffle<f32>(a2, a3, 2, 3, 6, 7));
  return f32x4.add(v128.shuffle<f32>(t01, t23, 0, 2, 4, 6), v128.shuffle<f32>(t01, t23, 1, 3, 5, 7));
}

/** The gradient steps of four output rows, fused: neu1e += sum_k g_k * r_k; r_k += g_k * input. */
@inline function update4(input: usize, r0: usize, r1: usize, r2: usize, r3: usize, g: v128): void {
  const g0 = f32x4.splat(f32x4.extract_lane(g, 0));
  const g1 = f32x4.splat(f32x4.extract_lane(g, 1));
  const g2 = f32x4.splat(f32x4.extract_lane(g, 2));
  const g3 = f32x4.splat(f32x4.extract_lane(g, 3));
  for (let i: usize = 0; i < rowBytes; i += 16) {
    const x = v128.load(input + i);
    let e = v128.load(neu1e + i);
    const v0 = v128.load(r0 + i);
    e = f32x4.add(e, f32x4.mul(g0, v0));
    v128.store(r0 + i, f32x4.add(v0, f32x4.mul(g0, x)));
    const v1 = v128.load(r1 + i);
    e = f32x4.add(e, f32x4.mul(g1, v1));
    v128.store(r1 + i, f32x4.add(v1, f32x4.mul(g1, x)));
    const v2 = v128.load(r2 + i);
    e = f32x4.add(e, f32x4.mul(g2, v2));
    v128.store(r2 + i, f32x4.add(v2, f32x4.mul(g2, x)));
    const v3 = v128.load(r3 + i);
    e = f32x4.add(e, f32x4.mul(g3, v3));
    v128.store(r3 + i, f32x4.add(v3, f32x4.mul(g3, x)));
    v128.store(neu1e + i, e);
  }
}

/**
 * The gradient factor (label - sigmoid(f)) * alpha. Outside (-MAX_EXP, MAX_EXP) hierarchical
 * softmax skips the node (0) and negative sampling uses sigmoid = 0 or 1, both like C word2vec.
 */
@inline function gain(f: f32, label: f32, alpha: f32, skipSaturated: bool): f32 {
  if (f <= -MAX_EXP || f >= MAX_EXP) return skipSaturated ? 0 : (label - (f > 0 ? 1 : 0)) * alpha;
  const index = <i32>((f + MAX_EXP) * (<f32>SIGMOID_TABLE_SIZE / MAX_EXP / 2));
  return (label - load<f32>(sigmoidTable + (<usize>index << 2))) * alpha;
}

/**
 * Trains the `count` output rows listed in `targets` (with their `labels`) on `input` and
 * accumulates the gradient for `input` into neu1e. Rows go four at a time: the loads of four
 * rows, usually cache misses, overlap, and input and neu1e are read once per four rows. This is
 * C word2vec's row-by-row update (up to float rounding), since input does not change and the rows
 * are distinct; only a negative drawn twice for the same prediction sees its first update later.
 */
function trainOutputs(input: usize, count: i32, alpha: f32, skipSaturated: bool): void {
  for (let k = 0; k < count; k += 4) {
    const rows = targets + (<usize>k << 2);
    const r0 = load<u32>(rows);
    // A group of fewer than four is padded with a scratch row whose gain is 0.
    const r1: usize = k + 1 < count ? load<u32>(rows, 4) : padRow;
    const r2: usize = k + 2 < count ? load<u32>(rows, 8) : padRow;
    const r3: usize = k + 3 < count ? load<u32>(rows, 12) : padRow;
    const f = dot4(input, r0, r1, r2, r3);
    const label = labels + (<usize>k << 2);
    let g = f32x4.splat(0);
    g = f32x4.replace_lane(g, 0, gain(f32x4.extract_lane(f, 0), load<f32>(label), alpha, skipSaturated));
    if (k + 1 < count) g = f32x4.replace_lane(g, 1, gain(f32x4.extract_lane(f, 1), load<f32>(label, 4), alpha, skipSaturated));
    if (k + 2 < count) g = f32x4.replace_lane(g, 2, gain(f32x4.extract_lane(f, 2), load<f32>(label, 8), alpha, skipSaturated));
    if (k + 3 < count) g = f32x4.replace_lane(g, 3, gain(f32x4.extract_lane(f, 3), load<f32>(label, 12), alpha, skipSaturated));
    update4(input, r0, r1, r2, r3, g);
  }
}

/** A word from the smoothed unigram distribution, by the alias method (see fillUnigramAliasTable). */
@inline function drawNegative(): i32 {
  const word = randomBelow(vocabSize);
  const entry = unigramTable + (<usize>word << 3);
  return nextRandom32() <= load<u32>(entry) ? <i32>word : load<i32>(entry, 4);
}

/**
 * Reads one float per 64-byte cache line of the row at `ptr`, to start loading it into the cache
 * long before it is used (WebAssembly has no prefetch instruction).
 */
@inline function touchRow(ptr: usize): f32 {
  let sum: f32 = 0;
  for (let i: usize = 0; i < rowBytes; i += 64) sum += load<f32>(ptr + i);
  return sum;
}

/**
 * Trains the output layer(s) to predict `word` from the vector at `input` and accumulates the
 * gradient for `input` into neu1e (zeroed by the caller).
 */
function learn(input: usize, word: i32, alpha: f32): void {
  if (hierarchical) {
    // The inner nodes on the word's path, with label 1 - code (C word2vec's convention).
    const start = load<i32>(codeOffsets + (<usize>word << 2));
    const count = load<i32>(codeOffsets + (<usize>(word + 1) << 2)) - start;
    for (let d = 0; d < count; d++) {
      store<u32>(targets + (<usize>d << 2), <u32>row(syn1, load<i32>(points + (<usize>(start + d) << 2))));
      store<f32>(labels + (<usize>d << 2), 1 - <f32>load<u8>(codes + <usize>(start + d)));
    }
    trainOutputs(input, count, alpha, true);
  }
  if (negative > 0) {
    // The word itself (label 1), then `negative` draws (label 0); a draw of the word itself is
    // skipped. The negatives were drawn one prediction ahead and their rows touched then: they are
    // mostly cache misses, which this way overlap with the previous prediction's work.
    store<u32>(targets, <u32>row(syn1neg, word));
    store<f32>(labels, 1);
    let count = 1;
    let touched: f32 = 0;
    for (let d = 0; d < negative; d++) {
      const slot = negativesAhead + (<usize>d << 2);
      const target = load<i32>(slot);
      if (target != word) {
        store<u32>(targets + (<usize>count << 2), <u32>row(syn1neg, target));
        store<f32>(labels + (<usize>count << 2), 0);
        count++;
      }
      const next = drawNegative();
      store<i32>(slot, next);
      touched += touchRow(row(syn1neg, next));
    }
    touchSink = touched;
    trainOutputs(input, count, alpha, false);
  }
}

/** Skip-gram: every context word's input vector predicts the centre word. */
function skipGramSentence(length: i32, alpha: f32): void {
  for (let i = 0; i < length; i++) {
    const word = wordAt(i);
    // Dynamic window: the span is window - b with b uniform in [0, window).
    const span = <i32>(window - randomBelow(window));
    const to = min(length, i + span + 1);
    for (let j = max(0, i - span); j < to; j++) {
      if (j == i) continue;
      const input = row(syn0, wordAt(j));
      memory.fill(neu1e, 0, rowBytes);
      learn(input, word, alpha);
      addTo(input, neu1e);
    }
  }
}

/** CBOW: the mean of the context words' input vectors predicts the centre word (gensim cbow_mean=1). */
function cbowSentence(length: i32, alpha: f32): void {
  for (let i = 0; i < length; i++) {
    const span = <i32>(window - randomBelow(window));
    const from = max(0, i - span);
    const to = min(length, i + span + 1);
    if (to - from < 2) continue;
    memory.fill(neu1, 0, rowBytes);
    for (let j = from; j < to; j++) if (j != i) addTo(neu1, row(syn0, wordAt(j)));
    scale(neu1, 1 / <f32>(to - from - 1));
    memory.fill(neu1e, 0, rowBytes);
    learn(neu1, wordAt(i), alpha);
    // Like gensim with cbow_mean=1 and C word2vec: every context word gets the whole gradient.
    for (let j = from; j < to; j++) if (j != i) addTo(row(syn0, wordAt(j)), neu1e);
  }
}

// ---- exports ------------------------------------------------------------------------------------

/** Sets the model geometry and where its tables live; call once per instance before training. */
export function configure(
  dimPadded: i32,
  windowSize: i32,
  negativeSamples: i32,
  useHierarchicalSoftmax: bool,
  useCbow: bool,
  syn0Ptr: usize,
  syn1negPtr: usize,
  syn1Ptr: usize,
  vocabularySize: u32,
  unigramTablePtr: usize,
  keepThresholdsPtr: usize,
  useSubsampling: bool,
  codeOffsetsPtr: usize,
  codesPtr: usize,
  pointsPtr: usize,
  sigmoidTablePtr: usize,
): void {
  rowBytes = <usize>dimPadded << 2;
  window = <u32>windowSize;
  negative = negativeSamples;
  hierarchical = useHierarchicalSoftmax;
  cbow = useCbow;
  syn0 = syn0Ptr;
  syn1neg = syn1negPtr;
  syn1 = syn1Ptr;
  vocabSize = vocabularySize;
  unigramTable = unigramTablePtr;
  keepThresholds = keepThresholdsPtr;
  subsample = useSubsampling;
  codeOffsets = codeOffsetsPtr;
  codes = codesPtr;
  points = pointsPtr;
  sigmoidTable = sigmoidTablePtr;
}

/**
 * This instance's scratch buffers (3 rows, the target rows and labels of one prediction, the next
 * prediction's negatives, a sentence of the batch's maximum length) and its random numbers: stream
 * `stream` of `seed`. Call after configure().
 */
export function configureWorker(
  neu1Ptr: usize,
  neu1ePtr: usize,
  padRowPtr: usize,
  targetsPtr: usize,
  labelsPtr: usize,
  negativesAheadPtr: usize,
  sentencePtr: usize,
  seed: u32,
  stream: u32,
): void {
  neu1 = neu1Ptr;
  neu1e = neu1ePtr;
  padRow = padRowPtr;
  targets = targetsPtr;
  labels = labelsPtr;
  negativesAhead = negativesAheadPtr;
  sentence = sentencePtr;
  nextRandom = (<u64>seed << 32) | <u64>stream;
  for (let d = 0; d < negative; d++) store<i32>(negativesAhead + (<usize>d << 2), drawNegative());
}

/**
 * Trains on a batch of sentences: word ids at `words`, sentence i ending (exclusive) at the word
 * index stored at `sentenceEnds[i]`. The learning rate decays linearly from alphaStart at the first
 * word to alphaEnd after the last. Frequent words are dropped first (kept when a uniform u32 is
 * <= keepThresholds[word]), before the window is applied, like C word2vec and gensim. Returns the
 * number of words kept.
 */
export function trainBatch(words: usize, sentenceEnds: usize, sentenceCount: i32, alphaStart: f32, alphaEnd: f32): i32 {
  if (sentenceCount <= 0) return 0;
  const totalWords = <f32>load<i32>(sentenceEnds + (<usize>(sentenceCount - 1) << 2));
  let begin = 0;
  let kept = 0;
  for (let s = 0; s < sentenceCount; s++) {
    const end = load<i32>(sentenceEnds + (<usize>s << 2));
    const alpha = alphaStart + (alphaEnd - alphaStart) * (<f32>begin / totalWords);
    let length = 0;
    for (let k = begin; k < end; k++) {
      const word = load<i32>(words + (<usize>k << 2));
      if (subsample && nextRandom32() > load<u32>(keepThresholds + (<usize>word << 2))) continue;
      store<i32>(sentence + (<usize>length << 2), word);
      length++;
    }
    kept += length;
    if (cbow) cbowSentence(length, alpha);
    else skipGramSentence(length, alpha);
    begin = end;
  }
  return kept;
}

/**
 * C word2vec's initialisation of `rows` input vectors: uniform in [-0.5/dim, 0.5/dim), from the
 * same generator seeded with `seed`; the padding floats of each row are set to zero.
 */
export function initInputVectors(ptr: usize, rows: i32, dim: i32, dimPadded: i32, seed: u32): void {
  let state: u64 = <u64>seed;
  for (let r = 0; r < rows; r++) {
    const base = ptr + <usize>r * (<usize>dimPadded << 2);
    for (let c = 0; c < dimPadded; c++) {
      let value: f32 = 0;
      if (c < dim) {
        state = state * 25214903917 + 11;
        value = (<f32>(state & 0xffff) / 65536 - 0.5) / <f32>dim;
      }
      store<f32>(base + (<usize>c << 2), value);
    }
  }
}
