import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx, type IdxDtype, parseIdx, readIdxFile, readIdxHeader } from './idx.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-idx-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const SAMPLES: Record<IdxDtype, number[]> = {
  ubyte: [0, 1, 127, 128, 255, 42],
  byte: [-128, -1, 0, 1, 127, -42],
  short: [-32768, -1, 0, 1, 32767, 1234],
  int: [-2147483648, -1, 0, 1, 2147483647, 123456789],
  float: [-1.5, 0, 0.25, 3.5, 1e10, -2e-3],
  double: [-1.5, 0, Math.PI, Number.MAX_VALUE, 1e-300, -Math.E],
};

describe('parseIdx / encodeIdx', () => {
  it.each(Object.keys(SAMPLES) as IdxDtype[])('round-trips %s data with a [2, 3] shape', (dtype) => {
    const values = SAMPLES[dtype];
    const parsed = parseIdx(encodeIdx({ dtype, shape: [2, 3], data: values }), 'sample');
    expect(parsed.dtype).toBe(dtype);
    expect(parsed.shape).toEqual([2, 3]);
    expect(Array.from(parsed.data)).toEqual(dtype === 'float' ? Array.from(Float32Array.from(values)) : values);
  });

  it('reads a hand-made big-endian file exactly', () => {
    // magic 00 00 0C 02 (int32, 2 dims), dims 1 and 2, then 0x01020304 and -2.
    const bytes = Uint8Array.from([0, 0, 0x0c, 2, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 3, 4, 0xff, 0xff, 0xff, 0xfe]);
    const parsed = parseIdx(bytes, 'hand-made');
    expect(parsed.data).toBeInstanceOf(Int32Array);
    expect(parsed.shape).toEqual([1, 2]);
    expect(Array.from(parsed.data)).toEqual([0x01020304, -2]);
  });

  it('returns a copy, not a view of the input bytes', () => {
    const bytes = encodeIdx({ dtype: 'ubyte', shape: [3], data: [1, 2, 3] });
    const parsed = parseIdx(bytes, 'copy');
    bytes.fill(9);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3]);
  });

  it('rejects a truncated file, naming the file and both lengths', () => {
    const bytes = encodeIdx({ dtype: 'short', shape: [2, 2], data: [1, 2, 3, 4] }); // 12 + 8 bytes
    expect(() => parseIdx(bytes.subarray(0, 17), 'cut.idx')).toThrow(
      /^cut\.idx: truncated IDX file: expected 20 bytes .*short for shape \[2, 2\]\), got 17$/,
    );
  });

  it('rejects an oversized file, naming the file and both lengths', () => {
    const bytes = encodeIdx({ dtype: 'ubyte', shape: [4], data: [1, 2, 3, 4] });
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes);
    expect(() => parseIdx(padded, 'big.idx')).toThrow(/^big\.idx: oversized IDX file: expected 12 bytes .*got 15$/);
  });

  it('rejects a bad magic number', () => {
    const bytes = encodeIdx({ dtype: 'ubyte', shape: [1], data: [7] });
    bytes[1] = 0x08;
    expect(() => parseIdx(bytes, 'png.bin')).toThrow(
      'png.bin: not an IDX file: magic number must start with bytes 0x00 0x00, got 0x00 0x08',
    );
  });

  it('rejects an unknown dtype code and lists the known ones', () => {
    const bytes = encodeIdx({ dtype: 'ubyte', shape: [1], data: [7] });
    bytes[2] = 0x0a;
    expect(() => parseIdx(bytes, 'odd.idx')).toThrow(
      /^odd\.idx: unknown IDX dtype code 0x0A; expected one of 0x08 ubyte, .*0x0E double$/,
    );
  });

  it('rejects a header cut short and zero dimensions', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0]), 'tiny')).toThrow('tiny: too short for an IDX file');
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1]), 'short-header')).toThrow(
      'short-header: truncated IDX header: 3 dimensions need 16 header bytes, got 8',
    );
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 0]), 'scalar')).toThrow('scalar: IDX header declares 0 dimensions');
  });

  it('encodeIdx checks that the data fits the shape', () => {
    expect(() => encodeIdx({ dtype: 'ubyte', shape: [2, 2], data: [1, 2, 3] })).toThrow(
      'encodeIdx: shape [2, 2] needs 4 elements; data has 3',
    );
    expect(() => encodeIdx({ dtype: 'ubyte', shape: [1.5], data: [1] })).toThrow('every dimension must be an integer');
  });
});

describe('readIdxFile / readIdxHeader', () => {
  it('reads a file from disk, whole or only its first rows', async () => {
    const path = join(directory, 'rows.idx');
    const data = Array.from({ length: 5 * 3 }, (_, i) => i * 100 - 700);
    await writeFile(path, encodeIdx({ dtype: 'int', shape: [5, 3], data }));

    const whole = await readIdxFile(path);
    expect(whole.shape).toEqual([5, 3]);
    expect(Array.from(whole.data)).toEqual(data);

    const firstTwo = await readIdxFile(path, { limit: 2 });
    expect(firstTwo.shape).toEqual([2, 3]);
    expect(Array.from(firstTwo.data)).toEqual(data.slice(0, 6));

    expect(await readIdxHeader(path)).toEqual({ dtype: 'int', shape: [5, 3], headerLength: 12 });
  });

  it('checks the full file length even when reading with a limit', async () => {
    const path = join(directory, 'truncated.idx');
    const bytes = encodeIdx({ dtype: 'ubyte', shape: [10, 4], data: new Uint8Array(40) });
    await writeFile(path, bytes.subarray(0, bytes.length - 1));
    await expect(readIdxFile(path, { limit: 1 })).rejects.toThrow(`${path}: truncated IDX file: expected 52 bytes`);
    await expect(readIdxHeader(path)).rejects.toThrow('got 51');
  });

  it('names the path of a missing file', async () => {
    const path = join(directory, 'nope.idx');
    await expect(readIdxFile(path)).rejects.toThrow(`IDX file not found: ${path}`);
    await expect(readIdxHeader(path)).rejects.toThrow(`IDX file not found: ${path}`);
  });
});
