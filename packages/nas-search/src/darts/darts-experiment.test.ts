// The size-matched baseline of the DARTS experiment: distinct random cells of about the derived
// cell's parameter count (building networks only, no training).
import { initBackend } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCell, parseCell } from '../spaces/nb201-cell.js';
import { genotypeParameterCount, sizeMatchedRandomCells } from './darts-experiment.js';

const SKELETON = { channels: 2, stages: 2, stemStride: 2 } as const;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('sizeMatchedRandomCells', () => {
  it('draws distinct cells within the tolerance, other than the target, the same every time', () => {
    const target = parseCell(
      '|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|nor_conv_1x1~0|avg_pool_3x3~1|skip_connect~2|',
    );
    const targetParameters = genotypeParameterCount(target, SKELETON);
    const cells = sizeMatchedRandomCells(target, SKELETON, 3, 0.1);
    const strings = cells.map(formatCell);
    expect(new Set(strings).size).toBe(3);
    expect(strings).not.toContain(formatCell(target));
    for (const cell of cells) {
      expect(cell.edges).not.toContain('none');
      expect(Math.abs(genotypeParameterCount(cell, SKELETON) - targetParameters)).toBeLessThanOrEqual(
        0.1 * targetParameters,
      );
    }
    expect(sizeMatchedRandomCells(target, SKELETON, 3, 0.1).map(formatCell)).toEqual(strings);
  });

  it('says when too few cells fit', () => {
    // Only the all-3x3 cell has the most parameters; with zero tolerance no other cell matches it.
    const largest = parseCell(
      '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|',
    );
    expect(() => sizeMatchedRandomCells(largest, SKELETON, 1, 0)).toThrow(/only 0 random cells/);
  });
});
