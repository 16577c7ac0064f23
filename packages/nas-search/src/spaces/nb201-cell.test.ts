import { Rng } from '@hw7/tensor-utils';
import { describe, expect, it } from 'vitest';
import { formatCell, nb201CellSpace, parseCell } from './nb201-cell.js';

const EXAMPLE = '|nor_conv_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|none~1|nor_conv_3x3~2|';

describe('NAS-Bench-201 cell strings', () => {
  it('parses the benchmark string into edges in the order 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2', () => {
    expect(parseCell(EXAMPLE).edges).toEqual([
      'nor_conv_3x3',
      'none',
      'skip_connect',
      'skip_connect',
      'none',
      'nor_conv_3x3',
    ]);
    expect(formatCell(parseCell(EXAMPLE))).toBe(EXAMPLE);
  });

  it('round-trips random cells through format and parse', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 50; i++) {
      const cell = nb201CellSpace.sample(rng);
      expect(parseCell(formatCell(cell))).toEqual(cell);
      expect(nb201CellSpace.fromTokens(nb201CellSpace.toTokens(cell))).toEqual(cell);
    }
  });

  it('names what is wrong in a malformed string', () => {
    expect(() => parseCell('|nor_conv_3x3~0|+|none~0|skip_connect~1|')).toThrow(/3 '\+'-separated nodes; got 2/);
    expect(() => parseCell(EXAMPLE.replace('none~1', 'conv_5x5~1'))).toThrow(
      /unknown operation "conv_5x5" on edge 3<-1; expected one of none, skip_connect/,
    );
    expect(() => parseCell(EXAMPLE.replace('skip_connect~1', 'skip_connect~0'))).toThrow(
      /input 1 of node 2 must be "op~1"; got "skip_connect~0"/,
    );
    expect(() => parseCell('|nor_conv_3x3~0|+|none~0|+|skip_connect~0|none~1|nor_conv_3x3~2|')).toThrow(
      /node 2 must list 2 input\(s\); got 1/,
    );
    expect(() => formatCell({ edges: ['none'] as never })).toThrow(/array of 6 operations/);
  });

  it('mutates exactly one edge and encodes one-hot', () => {
    const rng = new Rng(1);
    const cell = parseCell(EXAMPLE);
    for (let i = 0; i < 20; i++) {
      const child = nb201CellSpace.mutate(cell, rng);
      expect(child.edges.filter((operation, edge) => operation !== cell.edges[edge])).toHaveLength(1);
    }
    const encoding = nb201CellSpace.encode(cell);
    expect(encoding).toHaveLength(nb201CellSpace.encodingLength);
    expect(encoding.reduce((a, b) => a + b, 0)).toBe(6);
  });

  it('walks its decision process edge by edge', () => {
    const { process } = nb201CellSpace;
    const path: string[] = [];
    while (process.actions(path).length > 0) path.push(process.actions(path)[path.length % 5]);
    expect(formatCell(process.build(path))).toBe(
      '|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|',
    );
    expect(process.state(path.slice(0, 2))).toBe('2:skip_connect');
  });
});
