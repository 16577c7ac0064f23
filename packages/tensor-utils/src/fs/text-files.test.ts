import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileError, fileError } from './file-errors.js';
import { parseJson, readJsonFile, readTextFile, splitLines, stripBom } from './text-files.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-text-files-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('readTextFile', () => {
  it('removes a UTF-8 byte-order mark and keeps everything else (a CSV header with a BOM keeps its first column name)', async () => {
    const path = join(directory, 'runs.csv');
    await writeFile(path, '\uFEFFarch,accuracy\r\nresnet,0.93\r\n');
    const text = await readTextFile(path);
    expect(text).toBe('arch,accuracy\r\nresnet,0.93\r\n');
    expect(splitLines(text)[0].split(',')).toEqual(['arch', 'accuracy']);
  });

  it('names the file when it is missing, a directory, unreadable, UTF-16 or too large', async () => {
    const missing = join(directory, 'missing.tsv');
    await expect(readTextFile(missing)).rejects.toThrow(`cannot read ${missing}: no such file or directory (ENOENT)`);
    await expect(readTextFile(missing)).rejects.toMatchObject({ code: 'ENOENT', path: missing });
    await expect(readTextFile(directory)).rejects.toThrow(
      `cannot read ${directory}: it is a directory, not a file (EISDIR)`,
    );
    const utf16 = join(directory, 'pairs-utf16.tsv');
    await writeFile(utf16, Buffer.from('\uFEFFtiger\tcat\t7.35\n', 'utf16le'));
    await expect(readTextFile(utf16)).rejects.toThrow(`${utf16}: is UTF-16 text`);
    const big = join(directory, 'big.txt');
    await writeFile(big, 'x'.repeat(100));
    await expect(readTextFile(big, { maxBytes: 99 })).rejects.toThrow(
      `cannot read ${big}: it is larger than 99 bytes, too large to read as one string; read it line by line with readLines`,
    );
    expect(await readTextFile(big, { maxBytes: 100 })).toBe('x'.repeat(100));
    if (process.getuid?.() !== 0) {
      const locked = join(directory, 'locked.txt');
      await writeFile(locked, 'secret');
      await chmod(locked, 0o000);
      await expect(readTextFile(locked)).rejects.toThrow(`cannot read ${locked}: permission denied (EACCES)`);
    }
  });

  it('stops at maxBytes on an endless device instead of filling memory', async () => {
    await expect(readTextFile('/dev/zero', { maxBytes: 1 << 20 })).rejects.toThrow(
      'cannot read /dev/zero: it is larger than 1048576 bytes',
    );
  });
});

describe('splitLines and stripBom', () => {
  it('split at LF, CRLF and CR, without an empty line for the final line ending', () => {
    expect(splitLines('a\r\nb\nc\rd\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('a\n\nb')).toEqual(['a', '', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n')).toEqual(['']);
    expect(stripBom('\uFEFF\uFEFFx')).toBe('\uFEFFx');
    expect(stripBom('x\uFEFF')).toBe('x\uFEFF');
  });
});

describe('parseJson and readJsonFile', () => {
  it('parse JSON with or without a byte-order mark', async () => {
    const path = join(directory, 'study.json');
    await writeFile(path, '\uFEFF{"directions": ["minimize"], "trials": []}');
    expect(await readJsonFile(path)).toEqual({ directions: ['minimize'], trials: [] });
  });

  it('name the file, line and column of a syntax error, and say when the file is empty', async () => {
    expect(() => parseJson('{\n  "a": 1,\n  "b": [1, 2\n}', 'study.json')).toThrow(
      /^study\.json: invalid JSON at line 4, column 1: Expected ',' or ']' after array element/,
    );
    expect(() => parseJson('{"a":}', 'x.json')).toThrow(/^x\.json: invalid JSON: Unexpected token/);
    const empty = join(directory, 'empty.json');
    await writeFile(empty, '\uFEFF  \n');
    await expect(readJsonFile(empty)).rejects.toThrow(`${empty}: invalid JSON: the text is empty`);
    await expect(readJsonFile(empty)).rejects.toBeInstanceOf(SyntaxError);
  });
});

describe('fileError', () => {
  it('names the path and the reason of errors whose Node message leaves the path out', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const error = fileError(enospc, 'out/history.jsonl', 'write');
    expect(error).toBeInstanceOf(FileError);
    expect(error.message).toBe('cannot write out/history.jsonl: no space left on the device (ENOSPC)');
    expect(error).toMatchObject({ code: 'ENOSPC', path: 'out/history.jsonl', cause: enospc });
    expect(fileError(error, 'out/history.jsonl', 'write')).toBe(error);
    expect(fileError('odd', 'a.txt', 'read').message).toBe('cannot read a.txt: odd');
    expect(fileError(new Error('EWHAT: strange'), 'a.txt', 'read').message).toBe('cannot read a.txt: EWHAT: strange');
  });
});
