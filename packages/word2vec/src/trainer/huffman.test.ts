import { describe, expect, it } from 'vitest';
import { buildHuffmanTree } from './huffman.js';

function codesOf(counts: number[]) {
  const { codeOffsets, codes, points } = buildHuffmanTree(counts);
  return counts.map((_, word) => ({
    code: [...codes.subarray(codeOffsets[word], codeOffsets[word + 1])].join(''),
    points: [...points.subarray(codeOffsets[word], codeOffsets[word + 1])],
  }));
}

describe('buildHuffmanTree', () => {
  it('gives the optimal code lengths of a small example', () => {
    expect(codesOf([5, 2, 1, 1]).map(({ code }) => code.length)).toEqual([1, 2, 3, 3]);
  });

  it('builds a prefix-free, complete code with shorter codes for more frequent words', () => {
    const counts = Array.from({ length: 300 }, (_, i) => Math.floor(10_000 / (i + 1)) + 1);
    const words = codesOf(counts);
    const codes = words.map(({ code }) => code);
    expect(new Set(codes).size).toBe(codes.length);
    // In sorted order, a code that is a prefix of others is directly followed by one of them.
    const sorted = [...codes].sort();
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].startsWith(sorted[i - 1])).toBe(false);
    // A full binary tree: Kraft's sum is exactly 1.
    expect(codes.reduce((sum, code) => sum + 2 ** -code.length, 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < codes.length; i++) expect(codes[i].length).toBeGreaterThanOrEqual(codes[i - 1].length);
  });

  it('numbers inner nodes 0..vocab-2 with the root last, one node per code prefix', () => {
    const counts = [40, 30, 20, 10, 9, 8, 3, 1];
    const words = codesOf(counts);
    const nodeOfPrefix = new Map<string, number>();
    for (const { code, points } of words) {
      expect(points[0]).toBe(counts.length - 2);
      points.forEach((node, depth) => {
        expect(node).toBeGreaterThanOrEqual(0);
        expect(node).toBeLessThanOrEqual(counts.length - 2);
        const prefix = code.slice(0, depth);
        expect(nodeOfPrefix.get(prefix) ?? node).toBe(node);
        nodeOfPrefix.set(prefix, node);
      });
    }
    expect(nodeOfPrefix.size).toBe(counts.length - 1);
  });

  it('handles a one-word vocabulary (no inner node) and rejects unsorted counts', () => {
    expect(codesOf([7])).toEqual([{ code: '', points: [] }]);
    expect(() => buildHuffmanTree([1, 2])).toThrow('counts must be sorted in descending order');
  });
});
