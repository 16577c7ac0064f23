import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  removeStaleTemporaryFiles,
  writeDirectoryAtomic,
  writeFileAtomic,
  writeFileAtomicStreaming,
  writeFileAtomicSync,
} from './atomic.js';

let directory = '';

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hw7-atomic-'));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(directory, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
}

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

describe('temporary files left by killed processes (kill -9 during a write)', () => {
  it('the first atomic write into a directory removes the leftovers of dead processes, and only those', async () => {
    const dead = deadPid();
    const leftovers = [`.vectors.bin.tmp-${dead}-0a1b2c3d`, `.checkpoint-3.tmp-${dead}-deadbeef`];
    await writeFile(join(directory, leftovers[0]), Buffer.alloc(1000));
    await mkdir(join(directory, leftovers[1]));
    await writeFile(join(directory, leftovers[1], 'tensors.bin'), 'x');
    const kept = [
      `.live.txt.tmp-${process.ppid}-0a1b2c3d`,
      `.notes.tmp-${dead}-xyz`,
      'data.tmp-1-0a1b2c3d',
      'keep.txt',
    ];
    for (const name of kept) await writeFile(join(directory, name), 'x');

    await writeFileAtomic(join(directory, 'result.txt'), 'done');
    expect((await readdir(directory)).sort()).toEqual([...kept, 'result.txt'].sort());
    // Nothing left to remove on a second call.
    expect(await removeStaleTemporaryFiles(directory)).toEqual([]);
    expect(await removeStaleTemporaryFiles(join(directory, 'absent'))).toEqual([]);
  });

  it('writeFileAtomicSync cleans the directory too', async () => {
    const stale = `.metrics.jsonl.tmp-${deadPid()}-00000000`;
    await writeFile(join(directory, stale), 'half');
    writeFileAtomicSync(join(directory, 'metrics.jsonl'), '{}\n');
    expect(await readdir(directory)).toEqual(['metrics.jsonl']);
  });
});

describe('a full disk (ENOSPC) leaves no temporary file and names the target', () => {
  it('writeFileAtomic', async () => {
    const path = join(directory, 'vectors.txt');
    await writeFile(path, 'old');
    const realWriteFile = fs.promises.writeFile;
    vi.spyOn(fs.promises, 'writeFile').mockImplementationOnce(async (file, data) => {
      await realWriteFile(file, String(data).slice(0, 3));
      throw diskFull();
    });
    await expect(writeFileAtomic(path, 'new contents')).rejects.toThrow(
      `cannot write ${path}: no space left on the device (ENOSPC)`,
    );
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(directory)).toEqual(['vectors.txt']);
  });

  it('writeFileAtomicStreaming, when a write fails after others succeeded', async () => {
    const path = join(directory, 'big.bin');
    const realOpen = fs.promises.open;
    vi.spyOn(fs.promises, 'open').mockImplementationOnce(async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      let writes = 0;
      const realWrite = handle.write.bind(handle) as (bytes: Uint8Array) => Promise<unknown>;
      handle.write = (async (bytes: Uint8Array) => {
        if (++writes > 1) throw diskFull();
        return realWrite(bytes);
      }) as typeof handle.write;
      return handle;
    });
    const piece = new Uint8Array(1 << 20);
    await expect(
      writeFileAtomicStreaming(path, async (write) => {
        for (let i = 0; i < 3; i++) await write(piece);
      }),
    ).rejects.toMatchObject({ code: 'ENOSPC', message: `cannot write ${path}: no space left on the device (ENOSPC)` });
    expect(await readdir(directory)).toEqual([]);
  });

  it('writeFileAtomicSync', async () => {
    const path = join(directory, 'exit.json');
    vi.spyOn(fs, 'writeFileSync').mockImplementationOnce((file) => {
      fs.appendFileSync(file as string, '{"half":');
      throw diskFull();
    });
    expect(() => writeFileAtomicSync(path, '{"half": false}')).toThrow(
      `cannot write ${path}: no space left on the device (ENOSPC)`,
    );
    expect(await readdir(directory)).toEqual([]);
  });

  it('writeDirectoryAtomic, when its fill runs out of space', async () => {
    await expect(
      writeDirectoryAtomic(join(directory, 'checkpoint-1'), async (temporary) => {
        await writeFile(join(temporary, 'manifest.json'), '{}');
        throw diskFull();
      }),
    ).rejects.toThrow('ENOSPC');
    expect(await readdir(directory)).toEqual([]);
  });
});

describe('errors name the target', () => {
  it('when the target is a directory, or a parent is a file', async () => {
    await mkdir(join(directory, 'taken', 'inner'), { recursive: true });
    await expect(writeFileAtomic(join(directory, 'taken'), 'x')).rejects.toThrow(
      `cannot write ${join(directory, 'taken')}: it is a directory, not a file (EISDIR)`,
    );
    await writeFile(join(directory, 'file'), 'x');
    await expect(writeFileAtomic(join(directory, 'file', 'child.txt'), 'x')).rejects.toThrow(
      `cannot create the directory ${join(directory, 'file')}:`,
    );
    expect((await readdir(directory)).sort()).toEqual(['file', 'taken']);
  });
});
