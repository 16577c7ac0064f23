import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeDirectoryAtomic, writeFileAtomic, writeFileAtomicStreaming } from './atomic.js';

let directory = '';

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-atomic-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('atomic writes', () => {
  it('writeFileAtomic creates parent directories and replaces the file', async () => {
    const path = join(directory, 'a', 'b.txt');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(directory, 'a'))).toEqual(['b.txt']);
  });

  it('writeFileAtomicStreaming writes every piece, across the 1 MiB buffer boundary', async () => {
    const path = join(directory, 'big.bin');
    const piece = new Uint8Array(300_000).fill(7);
    await writeFileAtomicStreaming(path, async (write) => {
      for (let i = 0; i < 5; i++) await write(piece);
      await write(new Uint8Array([1, 2, 3]));
    });
    const written = await readFile(path);
    expect(written.length).toBe(1_500_003);
    expect([...written.subarray(-4)]).toEqual([7, 1, 2, 3]);
  });

  it('leaves the old file and no temporary file behind when filling fails', async () => {
    const path = join(directory, 'keep.txt');
    await writeFile(path, 'old');
    await expect(
      writeFileAtomicStreaming(path, async (write) => {
        await write(new TextEncoder().encode('half'));
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow('disk on fire');
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(directory)).toEqual(['keep.txt']);
  });

  it('writeDirectoryAtomic shows the directory only once it is complete', async () => {
    const path = join(directory, 'run');
    await expect(
      writeDirectoryAtomic(path, async (temporary) => {
        await writeFile(join(temporary, 'x'), '1');
        throw new Error('interrupted');
      }),
    ).rejects.toThrow('interrupted');
    expect(await readdir(directory)).toEqual([]);
    await writeDirectoryAtomic(path, (temporary) => writeFile(join(temporary, 'x'), '1'));
    expect(await readdir(path)).toEqual(['x']);
  });
});
