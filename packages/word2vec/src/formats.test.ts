import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWord2VecFormat, saveWord2VecFormat, shortestFloat32 } from './formats.js';
import { KeyedVectors } from './keyed-vectors.js';

const fixtures = new URL('../test/fixtures/', import.meta.url).pathname;
let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'word2vec-formats-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Float32 values that a lossy writer would get wrong: sub-normals, extremes, -0, values needing 9 digits. */
const EDGE_VALUES = [
  0,
  -0,
  1,
  -1,
  0.1,
  1 / 3,
  1e-7,
  1.401298464324817e-45,
  1.1754942106924411e-38,
  3.4028234663852886e38,
];

function randomVectors(count: number, dim: number): KeyedVectors {
  const values = new Float32Array(count * dim);
  let seed = 7;
  for (let i = 0; i < values.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    values[i] = (seed / 2 ** 31 - 0.5) * 10 ** ((i % 7) - 3);
  }
  values.set(EDGE_VALUES.slice(0, values.length));
  const words = Array.from({ length: count }, (_, i) => ['café', '東京', 'naïve', "o'clock"][i] ?? `word${i}`);
  return new KeyedVectors(words, values, dim);
}

/** Same words, and every value the same float32 bit pattern. */
function expectIdentical(actual: KeyedVectors, expected: KeyedVectors) {
  expect(actual.dim).toBe(expected.dim);
  expect(actual.words).toEqual(expected.words);
  const bits = (vectors: KeyedVectors) => new Uint32Array(vectors.vectors.slice().buffer);
  const [actualBits, expectedBits] = [bits(actual), bits(expected)];
  // findIndex, not toEqual: vitest's deep comparison of a million elements takes seconds.
  const firstDifference = expectedBits.findIndex((value, i) => actualBits[i] !== value);
  expect(actualBits.length).toBe(expectedBits.length);
  expect(firstDifference).toBe(-1);
}

describe('shortestFloat32', () => {
  it('writes the shortest decimal that reads back as the same float32, like numpy', () => {
    expect([0.1, 0.5, 1 / 3, 100, 1e-7, 3.4028234663852886e38].map((x) => shortestFloat32(Math.fround(x)))).toEqual([
      '0.1',
      '0.5',
      '0.33333334',
      '100',
      '1e-7',
      '3.4028235e+38',
    ]);
    expect(shortestFloat32(-0)).toBe('-0');
    expect(shortestFloat32(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    for (const value of randomVectors(50, 20).vectors) {
      expect(Object.is(Math.fround(Number(shortestFloat32(value))), value)).toBe(true);
    }
  });
});

describe('saveWord2VecFormat / loadWord2VecFormat', () => {
  const vectors = randomVectors(60, 13);

  it.each([
    ['binary', 'vectors.bin'],
    ['text', 'vectors.txt'],
  ])('round-trips %s files bit-exactly', async (_, name) => {
    const path = join(directory, name);
    await saveWord2VecFormat(vectors, path);
    expectIdentical(await loadWord2VecFormat(path), vectors);
  });

  it('writes the C tool layout: header, then word, space, little-endian float32s and a newline', async () => {
    const path = join(directory, 'layout.bin');
    await saveWord2VecFormat(new KeyedVectors(['é', 'b'], Float32Array.from([1, -2, 0.5, 0]), 2), path);
    const bytes = await readFile(path);
    const record = (word: string, values: number[]) => {
      const floats = Buffer.alloc(4 * values.length);
      for (const [i, value] of values.entries()) floats.writeFloatLE(value, 4 * i);
      return Buffer.concat([Buffer.from(`${word} `), floats, Buffer.from('\n')]);
    };
    expect(bytes).toEqual(Buffer.concat([Buffer.from('2 2\n'), record('é', [1, -2]), record('b', [0.5, 0])]));
    const text = join(directory, 'layout.txt');
    await saveWord2VecFormat(new KeyedVectors(['é', 'b'], Float32Array.from([1, -2, 0.5, 0]), 2), text);
    expect(await readFile(text, 'utf8')).toBe('2 2\né 1 -2\nb 0.5 0\n');
  });

  it('saves with an explicit binary option whatever the extension, and reads only `limit` vectors', async () => {
    const path = join(directory, 'binary-without-extension');
    await saveWord2VecFormat(vectors, path, { binary: true });
    const firstThree = await loadWord2VecFormat(path, { binary: true, limit: 3 });
    expect(firstThree.words).toEqual(vectors.words.slice(0, 3));
    expect(firstThree.vectors).toEqual(vectors.vectors.subarray(0, 3 * 13));
  });

  it('issue 24, case 4: tells the format from the content, not the name (a text file named x.bin was read into junk words)', async () => {
    const textNamedBin = join(directory, 'text-named.bin');
    await saveWord2VecFormat(vectors, textNamedBin, { binary: false });
    expectIdentical(await loadWord2VecFormat(textNamedBin), vectors);
    const binaryNamedTxt = join(directory, 'binary-named.txt');
    await saveWord2VecFormat(vectors, binaryNamedTxt, { binary: true });
    expectIdentical(await loadWord2VecFormat(binaryNamedTxt), vectors);
    await expect(loadWord2VecFormat(textNamedBin, { binary: true })).rejects.toThrow(
      `${textNamedBin}: is a word2vec text file, but it was loaded with binary: true; leave binary out to load either`,
    );
    await expect(loadWord2VecFormat(binaryNamedTxt, { binary: false })).rejects.toThrow(
      `${binaryNamedTxt}: is a word2vec binary file, but it was loaded with binary: false`,
    );
  });

  it('replaces the file atomically, leaving no temporary file behind', async () => {
    const subdirectory = join(directory, 'atomic');
    const path = join(subdirectory, 'v.txt');
    await saveWord2VecFormat(vectors, path);
    await saveWord2VecFormat(randomVectors(2, 3), path);
    expect(await readdir(subdirectory)).toEqual(['v.txt']);
    expect((await loadWord2VecFormat(path)).size).toBe(2);
  });

  it('refuses words that the format cannot hold', async () => {
    const path = join(directory, 'spaces.txt');
    await expect(saveWord2VecFormat(new KeyedVectors(['new york'], new Float32Array(1), 1), path)).rejects.toThrow(
      'cannot save word #0 "new york": word2vec files need non-empty words without whitespace or control characters',
    );
    await expect(readFile(path)).rejects.toThrow('ENOENT');
  });
});

describe('loadWord2VecFormat on files from elsewhere', () => {
  it.each(['gensim-small.bin', 'gensim-small.txt'])(
    'reads %s (written by gensim) to the exact values',
    async (name) => {
      const expected = JSON.parse(await readFile(join(fixtures, 'gensim-expected.json'), 'utf8'));
      const loaded = await loadWord2VecFormat(join(fixtures, name));
      expectIdentical(
        loaded,
        new KeyedVectors(expected.words, Float32Array.from(expected.vectors.flat()), expected.dim),
      );
    },
  );

  it("accepts C-tool text lines ending in ' \\n' or '\\r\\n', and Python's inf/nan spellings", async () => {
    const path = join(directory, 'c-tool.txt');
    await writeFile(path, '3 2\nx 0.500000 -1.000000 \ny inf -Infinity\r\nz nan 1e-3\n');
    const loaded = await loadWord2VecFormat(path);
    expect(loaded.words).toEqual(['x', 'y', 'z']);
    expect(Array.from(loaded.vectors)).toEqual([
      0.5,
      -1,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      Math.fround(1e-3),
    ]);
  });

  it('skips newlines before binary words and keeps the first vector of a repeated word, like gensim', async () => {
    const path = join(directory, 'repeated.bin');
    const floats = (...values: number[]) => Buffer.from(Float32Array.from(values).buffer);
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from('3 2\na '),
        floats(1, 2),
        Buffer.from('\n\na '),
        floats(3, 4),
        Buffer.from('b '),
        floats(5, 6),
      ]),
    );
    const loaded = await loadWord2VecFormat(path);
    expect(loaded.words).toEqual(['a', 'b']);
    expect(Array.from(loaded.vectors)).toEqual([1, 2, 5, 6]);
  });

  it('reads records that straddle its 1 MiB read chunks', async () => {
    const large = randomVectors(3000, 100); // ~1.2 MB binary, ~3 MB text
    for (const name of ['large.bin', 'large.txt']) {
      const path = join(directory, name);
      await saveWord2VecFormat(large, path);
      expectIdentical(await loadWord2VecFormat(path), large);
    }
  });
});

describe('loadWord2VecFormat errors', () => {
  async function fileWith(name: string, content: string | Buffer): Promise<string> {
    const path = join(directory, name);
    await writeFile(path, content);
    return path;
  }

  it('reports an empty file and a bad header', async () => {
    const empty = await fileWith('empty.txt', '');
    await expect(loadWord2VecFormat(empty)).rejects.toThrow(`${empty}: empty file, expected a '<count> <dim>' header`);
    const noHeader = await fileWith('no-header.txt', 'king 0.1 0.2\n');
    await expect(loadWord2VecFormat(noHeader)).rejects.toThrow(`${noHeader}: bad header "king 0.1 0.2"`);
    const zeroDim = await fileWith('zero-dim.bin', '3 0\n');
    await expect(loadWord2VecFormat(zeroDim)).rejects.toThrow('with dim > 0');
    // Refused before 3.6 TB are allocated.
    const huge = await fileWith('huge.bin', '3000000000 300\n');
    await expect(loadWord2VecFormat(huge)).rejects.toThrow(
      `${huge}: truncated file, or not a word2vec file: the header declares 3000000000 vectors of 300 values, which need at least 1803000000015 bytes in the text format; the file has 15`,
    );
    await expect(loadWord2VecFormat('/dev/zero')).rejects.toThrow(
      '/dev/zero: is not a regular file, expected a word2vec vectors file',
    );
  });

  it('reports truncated binary files, cut inside a word or inside a vector', async () => {
    const full = join(directory, 'full.bin');
    await saveWord2VecFormat(new KeyedVectors(['aa', 'bb', 'cc', 'dd'], new Float32Array(20), 5), full);
    const bytes = await readFile(full);
    const recordBytes = 'aa '.length + 5 * 4 + '\n'.length;
    const insideVector = await fileWith('cut-vector.bin', bytes.subarray(0, bytes.length - 3));
    await expect(loadWord2VecFormat(insideVector)).rejects.toThrow(
      `${insideVector}: truncated file: the header declares 4 vectors but the file ends in vector #3`,
    );
    const insideWord = await fileWith('cut-word.bin', bytes.subarray(0, 4 + 2 * recordBytes + 1));
    await expect(loadWord2VecFormat(insideWord)).rejects.toThrow(
      `${insideWord}: truncated file, or not a word2vec file: the header declares 4 vectors of 5 values, which need at least 92 bytes in the binary format; the file has 53`,
    );
  });

  it('reports truncated text files and lines with the wrong number of values', async () => {
    const short = await fileWith('short.txt', '3 1\nalpha 1\nbeta 2\n');
    await expect(loadWord2VecFormat(short)).rejects.toThrow(
      `${short}: truncated file: the header declares 3 vectors but the file ends in vector #2`,
    );
    const wrongDim = await fileWith('wrong-dim.txt', '2 3\na 1 2 3\nb 4 5\n');
    await expect(loadWord2VecFormat(wrongDim)).rejects.toThrow(
      `${wrongDim}: line 3 ("b") has 2 values, the header says 3`,
    );
  });

  it('reports values that are not numbers, and words that are not UTF-8', async () => {
    const nonNumeric = await fileWith('non-numeric.txt', '1 3\nking 0.1 abc 0.3\n');
    await expect(loadWord2VecFormat(nonNumeric)).rejects.toThrow(
      `${nonNumeric}: line 2 ("king"): value #2 "abc" is not a number`,
    );
    const doubleSpace = await fileWith('double-space.txt', '1 2\nking 0.1  0.3\n');
    await expect(loadWord2VecFormat(doubleSpace)).rejects.toThrow('line 2 ("king") has 3 values, the header says 2');
    const latin1 = await fileWith(
      'latin1.bin',
      Buffer.concat([Buffer.from('1 1\ncaf\xe9 ', 'latin1'), Buffer.alloc(4)]),
    );
    await expect(loadWord2VecFormat(latin1)).rejects.toThrow(`${latin1}: word #0 is not valid UTF-8`);
  });

  it('refuses junk: a control character in a word, more records than the header declares', async () => {
    const floats = (...values: number[]) => Buffer.from(Float32Array.from(values).buffer);
    // What a text file read as binary gave: a "word" running over a line end.
    const junkWord = await fileWith('junk-word.bin', Buffer.concat([Buffer.from('1 1\n80779165\nand '), floats(1)]));
    await expect(loadWord2VecFormat(junkWord)).rejects.toThrow(
      `${junkWord}: word #0 "80779165\\nand" contains a control character: a damaged file, or not in the binary word2vec format`,
    );
    const tab = await fileWith('tab.txt', '1 1\nking\tqueen 0.5\n');
    await expect(loadWord2VecFormat(tab)).rejects.toThrow(
      `${tab}: word #0 "king\\tqueen" contains a control character`,
    );
    const more = await fileWith('more.txt', '1 1\na 1\nb 2\n');
    await expect(loadWord2VecFormat(more)).rejects.toThrow(
      `${more}: more follows the 1 vectors its header declares (at byte 8): a wrong header, or not a word2vec file`,
    );
    // Trailing line ends are no records; with a limit the rest is not read.
    await writeFile(more, '1 1\na 1\n\n \r\n');
    expect((await loadWord2VecFormat(more)).words).toEqual(['a']);
    await writeFile(more, '2 1\na 1\nb 2\n');
    expect((await loadWord2VecFormat(more, { limit: 1 })).words).toEqual(['a']);
  });

  it('rejects a negative or fractional limit', async () => {
    await expect(loadWord2VecFormat('unused.bin', { limit: -1 })).rejects.toThrow(
      'limit must be a non-negative integer, got -1',
    );
  });
});
