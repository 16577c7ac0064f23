import { describe, expect, it } from 'vitest';
import { parseCell } from '../spaces/nb201-cell.js';
import { syntheticNb201Score, syntheticNb201Table } from './synthetic-nb201.js';

describe('synthetic NAS-Bench-201 table', () => {
  it('covers all 15,625 cells deterministically with a NAS-Bench-201-like range', () => {
    const rows = syntheticNb201Table();
    expect(rows).toHaveLength(15_625);
    expect(new Set(rows.map((row) => row.arch)).size).toBe(15_625);
    expect(syntheticNb201Table().slice(0, 50)).toEqual(rows.slice(0, 50));
    const best = Math.max(...rows.map((row) => row.accuracy));
    expect(best).toBeGreaterThan(94);
    expect(best).toBeLessThan(95.5);
  });

  it('scores disconnected cells at chance and rewards convolutions and residual paths', () => {
    const score = (arch: string) => syntheticNb201Score(parseCell(arch)).accuracy;
    expect(score('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|none~2|')).toBe(10);
    const plain = score('|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|nor_conv_3x3~2|');
    const residual = score('|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|');
    const shallow = score('|nor_conv_1x1~0|+|none~0|none~1|+|none~0|nor_conv_1x1~1|none~2|');
    expect(residual).toBeGreaterThan(plain);
    expect(plain).toBeGreaterThan(shallow);
  });
});
