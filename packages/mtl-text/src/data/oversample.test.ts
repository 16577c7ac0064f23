import { describe, expect, it } from 'vitest';
import { countClasses, oversampleMinority } from './oversample.js';

// 6 of class 0, 2 of class 1, 1 of class 2, 2 unlabelled.
const y = Int32Array.of(0, 0, 1, -1, 0, 0, 2, 0, 1, 0, -1);

describe('oversampleMinority', () => {
  it('raises every class to the majority count and keeps each original row once', () => {
    const indices = oversampleMinority(y, { seed: 1 });
    expect([...indices.slice(0, y.length)]).toEqual([...y.keys()]);
    const resampled = Int32Array.from(indices, (row) => y[row]);
    expect([...countClasses(resampled, 3)]).toEqual([6, 6, 6]);
    // Unlabelled rows are kept once, never repeated.
    expect(resampled.filter((label) => label === -1)).toHaveLength(2);
    expect(oversampleMinority(y, { seed: 1 })).toEqual(indices);
  });

  it('stops at round(majority * targetRatio) and can be limited to some rows', () => {
    const half = Int32Array.from(oversampleMinority(y, { seed: 2, targetRatio: 0.5 }), (row) => y[row]);
    expect([...countClasses(half, 3)]).toEqual([6, 3, 3]);
    const rows = Int32Array.of(0, 1, 2, 4);
    const indices = oversampleMinority(y, { seed: 3, rows });
    expect([...indices]).toEqual([0, 1, 2, 4, 2, 2]);
  });

  it('names bad arguments', () => {
    expect(() => oversampleMinority(y, { seed: 1, targetRatio: 1.5 })).toThrow(
      'targetRatio must be in (0, 1]; got 1.5',
    );
    expect(() => oversampleMinority(y, { seed: 1, rows: [11] })).toThrow('rows[0] must be a row of y (0..10); got 11');
    expect(() => countClasses([0, 3], 3)).toThrow('y[1] must be -1 or a class index below 3; got 3');
  });
});
