// Atomic file output: write to a temporary sibling, then rename over the target, so a crash or a
// thrown error never leaves a half-written file where a reader expects a complete one.
import { randomBytes } from 'node:crypto';
import { promises as fs, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function temporarySibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to `path` atomically, creating parent directories. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temporary = temporarySibling(path);
  try {
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Buffered chunks are written once they reach this size: few system calls, bounded memory. */
const STREAM_CHUNK_BYTES = 1 << 20;

/**
 * `writeFileAtomic` for output too large to build in memory: `fill` receives a `write` function
 * to call (and await) with successive pieces of the file, which is renamed into place only after
 * `fill` resolves. If `fill` throws, the temporary file is removed and `path` is untouched.
 */
export async function writeFileAtomicStreaming(
  path: string,
  fill: (write: (bytes: Uint8Array) => Promise<void>) => Promise<void>,
): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temporary = temporarySibling(path);
  const handle = await fs.open(temporary, 'w');
  try {
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      await handle.write(Buffer.concat(pending, pendingBytes));
      pending = [];
      pendingBytes = 0;
    };
    await fill(async (bytes) => {
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= STREAM_CHUNK_BYTES) await flush();
    });
    await flush();
    await handle.close();
    await fs.rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => {});
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Synchronous `writeFileAtomic`, for exit handlers and other places that cannot await. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = temporarySibling(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Fills a fresh temporary directory through `fill`, then renames it to `path` (which must not
 * exist yet). Either the whole directory appears at `path` or nothing does.
 */
export async function writeDirectoryAtomic(path: string, fill: (directory: string) => Promise<void>): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temporary = temporarySibling(path);
  await fs.mkdir(temporary);
  try {
    await fill(temporary);
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
