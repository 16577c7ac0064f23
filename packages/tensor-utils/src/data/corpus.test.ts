import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineSplitter, readCorpus, readLines } from './corpus.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-corpus-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

const TEXT = 'first line\r\nsecond line\n\nünïcødé ✓\nlast line without newline';
const LINES = ['first line', 'second line', '', 'ünïcødé ✓', 'last line without newline'];

describe('readLines', () => {
  it('gives the same lines for a plain and a gzipped file', async () => {
    const plain = join(directory, 'text.txt');
    const gzipped = join(directory, 'text.txt.gz');
    await writeFile(plain, TEXT);
    await writeFile(gzipped, gzipSync(TEXT));
    expect(await collect(readLines(plain))).toEqual(LINES);
    expect(await collect(readLines(gzipped))).toEqual(LINES);
  });

  it('detects gzip by its magic bytes, not the file name', async () => {
    const disguised = join(directory, 'compressed-but-named.txt');
    const notReallyGzip = join(directory, 'plain-but-named.gz');
    await writeFile(disguised, gzipSync(TEXT));
    await writeFile(notReallyGzip, TEXT);
    expect(await collect(readLines(disguised))).toEqual(LINES);
    expect(await collect(readLines(notReallyGzip))).toEqual(LINES);
  });

  it('skips empty lines on request', async () => {
    const path = join(directory, 'gaps.txt');
    await writeFile(path, 'a\n\n\nb\n');
    expect(await collect(readLines(path))).toEqual(['a', '', '', 'b']);
    expect(await collect(readLines(path, { skipEmpty: true }))).toEqual(['a', 'b']);
  });

  it('streams a file much larger than one read chunk, and an empty file yields nothing', async () => {
    const path = join(directory, 'many.txt.gz');
    const expected = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);
    await writeFile(path, gzipSync(expected.join('\n')));
    expect(await collect(readLines(path))).toEqual(expected);

    const empty = join(directory, 'empty.txt');
    await writeFile(empty, '');
    expect(await collect(readLines(empty))).toEqual([]);
  });

  it('stops cleanly when the consumer breaks early', async () => {
    const path = join(directory, 'early.txt');
    await writeFile(path, Array.from({ length: 1000 }, (_, i) => String(i)).join('\n'));
    const seen: string[] = [];
    for await (const line of readLines(path)) {
      seen.push(line);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['0', '1', '2']);
  });

  it('names the path of a missing file', async () => {
    const path = join(directory, 'missing.txt');
    await expect(collect(readLines(path))).rejects.toThrow(`corpus file not found: ${path}`);
  });

  it('reports truncated or corrupted gzip data, naming the file', async () => {
    const compressed = gzipSync(Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n'));
    const truncated = join(directory, 'truncated.gz');
    await writeFile(truncated, compressed.subarray(0, compressed.length >> 1));
    await expect(collect(readLines(truncated))).rejects.toThrow(
      `${truncated}: corrupt gzip data: unexpected end of file`,
    );

    const corrupted = join(directory, 'corrupted.gz');
    const damaged = Buffer.from(compressed);
    damaged.fill(0xff, 20, 60);
    await writeFile(corrupted, damaged);
    await expect(collect(readLines(corrupted))).rejects.toThrow(`${corrupted}: corrupt gzip data`);
  });
});

describe('readLines on files with one huge line (enwik9/fil9 style)', () => {
  it('streams a 64 MB single-line file in pieces cut at spaces, losing no word', async () => {
    const path = join(directory, 'one-line.txt');
    const word = 'anarchism ';
    await writeFile(path, Buffer.alloc(64 * 2 ** 20, word));
    let pieces = 0;
    let characters = 0;
    let words = 0;
    for await (const piece of readLines(path)) {
      pieces++;
      characters += piece.length;
      expect(piece.length).toBeLessThanOrEqual(1 << 20);
      expect(piece.startsWith('anarchism')).toBe(true);
      words += piece.split(' ').filter((token) => token !== '').length;
    }
    // 64 Mi / 10 bytes per word: 6710886 whole words and a cut-off 'anar' at the very end.
    expect(words).toBe(Math.ceil((64 * 2 ** 20) / word.length));
    // A piece takes the words whose space falls within the first 1 Mi + 1 characters; the space is dropped.
    const bytesPerPiece = Math.floor(((1 << 20) + 1) / word.length) * word.length;
    expect(pieces).toBe(Math.ceil((64 * 2 ** 20) / bytesPerPiece));
    expect(characters + pieces - 1).toBe(64 * 2 ** 20);
  }, 30_000);

  it('reads /dev/zero (no line ending, ever) in bounded pieces without crashing', async () => {
    const pieces: string[] = [];
    for await (const piece of readLines('/dev/zero', { maxLineLength: 4096 })) {
      pieces.push(piece);
      if (pieces.length === 100) break;
    }
    expect(pieces.map((piece) => piece.length)).toEqual(Array(100).fill(4096));
    expect(pieces[0]).toBe('\0'.repeat(4096));
  });
});

describe('readLines: byte-order marks, line endings and errors', () => {
  it('removes a UTF-8 byte-order mark, plain and gzipped, and only at the start of the file', async () => {
    const plain = join(directory, 'bom.txt');
    const gzipped = join(directory, 'bom.txt.gz');
    await writeFile(plain, '\uFEFFword\tscore\r\nx\uFEFFy\r\n');
    await writeFile(gzipped, gzipSync('\uFEFFword\tscore\r\nx\uFEFFy\r\n'));
    expect(await collect(readLines(plain))).toEqual(['word\tscore', 'x\uFEFFy']);
    expect(await collect(readLines(gzipped))).toEqual(['word\tscore', 'x\uFEFFy']);
  });

  it('rejects UTF-16 text and directories, naming the path', async () => {
    const utf16 = join(directory, 'utf16.txt');
    await writeFile(utf16, Buffer.from('\uFEFFhello\n', 'utf16le'));
    await expect(collect(readLines(utf16))).rejects.toThrow(
      `${utf16}: is UTF-16 text (it starts with the byte-order mark FF FE); save it as UTF-8`,
    );
    await expect(collect(readLines(directory))).rejects.toThrow(`corpus file is a directory, not a file: ${directory}`);
  });
});

describe('LineSplitter', () => {
  const split = (chunks: string[], maxLineLength = 8) => {
    const splitter = new LineSplitter(maxLineLength);
    return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
  };

  it('joins a CRLF split across two chunks into one line ending', () => {
    expect(split(['a\r', '\nb\r', '\r\nc'])).toEqual(['a', 'b', '', 'c']);
    expect(split(['a\r', 'b'])).toEqual(['a', 'b']);
  });

  it('cuts long lines at the last space within the limit, else at the limit, never inside a surrogate pair', () => {
    expect(split(['one two three four'])).toEqual(['one two', 'three', 'four']);
    expect(split(['abcdefghijkl mn'])).toEqual(['abcdefgh', 'ijkl mn']);
    expect(split(['abcdefg😀xyz'])).toEqual(['abcdefg', '😀xyz']);
  });

  it('rejects a limit below 2', () => {
    expect(() => new LineSplitter(1)).toThrow('maxLineLength must be an integer >= 2; got 1');
  });
});

describe('readCorpus', () => {
  it('yields the lines of every file in order, mixing plain and gzip', async () => {
    const a = join(directory, 'part-a.txt');
    const b = join(directory, 'part-b.gz');
    await writeFile(a, 'a1\na2\n');
    await writeFile(b, gzipSync('b1\n\nb2\n'));
    expect(await collect(readCorpus([a, b]))).toEqual(['a1', 'a2', 'b1', '', 'b2']);
    expect(await collect(readCorpus([a, b], { skipEmpty: true }))).toEqual(['a1', 'a2', 'b1', 'b2']);
  });

  it('rejects an empty path list and names a missing file among several', async () => {
    await expect(collect(readCorpus([]))).rejects.toThrow('readCorpus(paths) needs a non-empty array of file paths');
    const a = join(directory, 'present.txt');
    const missing = join(directory, 'absent.txt');
    await writeFile(a, 'x\n');
    await expect(collect(readCorpus([a, missing]))).rejects.toThrow(`corpus file not found: ${missing}`);
  });
});
