import { describe, expect, it } from 'vitest';
import { decodeLabels, encodeLabels } from './label-encoder.js';

describe('encodeLabels', () => {
  it('maps class names to indices and empty values to -1', () => {
    expect([...encodeLabels(['pos', '', 'neg'], ['neg', 'pos'], 'sentiment')]).toEqual([1, -1, 0]);
    expect(decodeLabels([1, -1, 0], ['neg', 'pos'])).toEqual(['pos', undefined, 'neg']);
  });

  it('names an unknown label, the task and the known classes', () => {
    expect(() => encodeLabels(['pos', 'x'], ['neg', 'pos'], 'sentiment')).toThrow(
      "unknown label 'x' for task 'sentiment' (known: neg, pos)",
    );
  });

  it('rejects empty or repeated class names', () => {
    expect(() => encodeLabels([], [], 'topic')).toThrow("task 'topic': class names must be a non-empty list");
    expect(() => encodeLabels([], ['a', 'a'], 'topic')).toThrow("class name 'a' is listed twice");
  });
});
