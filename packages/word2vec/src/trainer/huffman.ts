// The binary Huffman tree over word counts that hierarchical softmax walks: frequent words get
// short codes. Built with C word2vec's linear-time two-queue method, so the tree (and with a fixed
// seed, the training run) is the same as the C tool's for the same vocabulary.

export interface HuffmanTree {
  /** The code of word w is at [codeOffsets[w], codeOffsets[w + 1]) in `codes` and `points`; length vocab + 1. */
  codeOffsets: Int32Array;
  /** Branch bits from the root down to the leaf (0 or 1). */
  codes: Uint8Array;
  /** points[k] is the inner node (0 .. vocab - 2, the root is vocab - 2) whose branch codes[k] takes. */
  points: Int32Array;
}

/** Builds the tree for `counts` sorted in descending order (the vocabulary's order). */
export function buildHuffmanTree(counts: readonly number[]): HuffmanTree {
  const size = counts.length;
  for (let i = 1; i < size; i++) {
    if (counts[i] > counts[i - 1]) throw new RangeError('buildHuffmanTree: counts must be sorted in descending order');
  }
  // Nodes 0..size-1 are the words (leaves), size..2*size-2 the inner nodes in creation order. The
  // leaves, read backwards, and the inner nodes, read forwards, are both in ascending count order,
  // so the two smallest nodes are always at the front of one of the two queues.
  const nodeCount = new Float64Array(2 * size).fill(Number.POSITIVE_INFINITY);
  nodeCount.set(counts);
  const parent = new Int32Array(2 * size);
  const branch = new Uint8Array(2 * size);
  let nextLeaf = size - 1;
  let nextInner = size;
  const popSmallest = () => (nextLeaf >= 0 && nodeCount[nextLeaf] < nodeCount[nextInner] ? nextLeaf-- : nextInner++);
  for (let inner = size; inner < 2 * size - 1; inner++) {
    const smaller = popSmallest();
    const larger = popSmallest();
    nodeCount[inner] = nodeCount[smaller] + nodeCount[larger];
    parent[smaller] = inner;
    parent[larger] = inner;
    branch[larger] = 1;
  }

  const root = 2 * size - 2;
  const depth = new Int32Array(size);
  for (let word = 0; word < size; word++) {
    for (let node = word; node !== root && size > 1; node = parent[node]) depth[word]++;
  }
  const codeOffsets = new Int32Array(size + 1);
  for (let word = 0; word < size; word++) codeOffsets[word + 1] = codeOffsets[word] + depth[word];
  const codes = new Uint8Array(codeOffsets[size]);
  const points = new Int32Array(codeOffsets[size]);
  for (let word = 0; word < size; word++) {
    // Walk up from the leaf, filling the code from its end: position k holds the branch taken at depth k.
    let k = codeOffsets[word + 1];
    for (let node = word; k > codeOffsets[word]; node = parent[node]) {
      k--;
      codes[k] = branch[node];
      points[k] = parent[node] - size;
    }
  }
  return { codeOffsets, codes, points };
}
