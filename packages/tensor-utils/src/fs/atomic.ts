// Atomic file output: write to a temporary sibling, then rename over the target, so a crash or a
// thrown error never leaves a half-written file where a reader expects a complete one.
//
// Temporary names are `.<target name>.tmp-<pid>-<8 hex digits>` in the target's directory (hidden,
// and on the same file system, so the rename is atomic). An error removes the temporary file before
// it is rethrown; only a killed process (kill -9, power loss) can leave one behind, and the first
// atomic write into that directory by a later process removes the temporary files whose process is
// no longer running.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errorCode, fileError } from './file-errors.js';

const TEMPORARY_NAME = /^\..+\.tmp-(\d+)-[0-9a-f]{8}$/;

function temporarySibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

/** The temporary files in `names` whose writer is gone. */
function staleTemporaryNames(names: readonly string[]): string[] {
  return names.filter((name) => {
    const match = TEMPORARY_NAME.exec(name);
    return match !== null && !isRunning(Number(match[1]));
  });
}

/** Directories this process has already cleaned, so each is listed only once. */
const cleanedDirectories = new Set<string>();

/**
 * Removes the temporary files and directories that atomic writes of killed processes left in
 * `directory` (names `.<name>.tmp-<pid>-<hex>` whose process is no longer running); returns their
 * names. The atomic writers call it once per directory and process, before their first write
 * there. A missing directory has nothing to clean. (On a directory shared between machines or
 * PID namespaces, a pid can look dead while its writer runs elsewhere: don't share one.)
 */
export async function removeStaleTemporaryFiles(directory: string): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(directory);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw fileError(error, directory, 'list');
  }
  const stale = staleTemporaryNames(names);
  // Another process may be removing the same leftovers: `force` makes that harmless.
  await Promise.all(stale.map((name) => fs.promises.rm(join(directory, name), { recursive: true, force: true })));
  return stale;
}

/** Synchronous `removeStaleTemporaryFiles`. */
export function removeStaleTemporaryFilesSync(directory: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(directory);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw fileError(error, directory, 'list');
  }
  const stale = staleTemporaryNames(names);
  for (const name of stale) fs.rmSync(join(directory, name), { recursive: true, force: true });
  return stale;
}

/** Creates the parent directory of `path` and, once per process, clears its stale temporary files. */
async function prepareDirectory(path: string): Promise<void> {
  const directory = dirname(path);
  try {
    await fs.promises.mkdir(directory, { recursive: true });
  } catch (error) {
    throw fileError(error, directory, 'create the directory');
  }
  if (cleanedDirectories.has(directory)) return;
  cleanedDirectories.add(directory);
  await removeStaleTemporaryFiles(directory);
}

function prepareDirectorySync(path: string): void {
  const directory = dirname(path);
  try {
    fs.mkdirSync(directory, { recursive: true });
  } catch (error) {
    throw fileError(error, directory, 'create the directory');
  }
  if (cleanedDirectories.has(directory)) return;
  cleanedDirectories.add(directory);
  removeStaleTemporaryFilesSync(directory);
}

/**
 * Runs `write` on a fresh temporary sibling of `path` and renames it into place; on any error the
 * temporary file is removed first. Errors from the file system name `path`; errors from the
 * caller's own code (`fill` callbacks) come out unchanged.
 */
async function replaceAtomically(path: string, write: (temporary: string) => Promise<void>): Promise<void> {
  await prepareDirectory(path);
  const temporary = temporarySibling(path);
  try {
    await write(temporary);
    await onTarget(path, fs.promises.rename(temporary, path));
  } catch (error) {
    // A failure to clean up must not hide the reason the write failed.
    await fs.promises.rm(temporary, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

/** `fs` calls whose errors name the target file rather than the temporary one. */
async function onTarget<T>(path: string, operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    throw fileError(error, path, 'write');
  }
}

/** Writes `data` to `path` atomically, creating parent directories. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await replaceAtomically(path, (temporary) => onTarget(path, fs.promises.writeFile(temporary, data)));
}

/** Buffered chunks are written once they reach this size: few system calls, bounded memory. */
const STREAM_CHUNK_BYTES = 1 << 20;

/**
 * `writeFileAtomic` for output too large to build in memory: `fill` receives a `write` function
 * to call (and await) with successive pieces of the file, which is renamed into place only after
 * `fill` resolves. If `fill` throws or a write fails (a full disk), the temporary file is removed
 * and `path` is untouched.
 */
export async function writeFileAtomicStreaming(
  path: string,
  fill: (write: (bytes: Uint8Array) => Promise<void>) => Promise<void>,
): Promise<void> {
  await replaceAtomically(path, async (temporary) => {
    const handle = await onTarget(path, fs.promises.open(temporary, 'w'));
    let closed = false;
    try {
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const flush = async () => {
        const bytes = Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        await onTarget(path, handle.write(bytes));
      };
      await fill(async (bytes) => {
        pending.push(bytes);
        pendingBytes += bytes.length;
        if (pendingBytes >= STREAM_CHUNK_BYTES) await flush();
      });
      await flush();
      closed = true;
      await onTarget(path, handle.close());
    } finally {
      if (!closed) await handle.close().catch(() => {});
    }
  });
}

/** Synchronous `writeFileAtomic`, for exit handlers and other places that cannot await. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  prepareDirectorySync(path);
  const temporary = temporarySibling(path);
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, path);
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // The write's own error matters more.
    }
    throw fileError(error, path, 'write');
  }
}

/**
 * Fills a fresh temporary directory through `fill`, then renames it to `path` (which must not
 * exist yet). Either the whole directory appears at `path` or nothing does.
 */
export async function writeDirectoryAtomic(path: string, fill: (directory: string) => Promise<void>): Promise<void> {
  await replaceAtomically(path, async (temporary) => {
    await onTarget(path, fs.promises.mkdir(temporary));
    await fill(temporary);
  });
}
