import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus, readLines } from './corpus.js';

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
