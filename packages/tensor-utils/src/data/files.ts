// Small file helpers shared by the dataset readers: "not found" errors that name the path, and
// ranged reads so a loader with a `limit` reads only the bytes it needs from a large file.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Opens `path` for reading; a missing file becomes `<what> not found: <path>`. */
export async function openForReading(path: string, what: string): Promise<FileHandle> {
  try {
    return await fs.open(path, 'r');
  } catch (error) {
    if (isNotFound(error)) throw new Error(`${what} not found: ${path}`, { cause: error });
    throw error;
  }
}

/** Whether `path` exists (as anything); other stat errors, such as permissions, still throw. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * Reads exactly `length` bytes at `position`. The callers check the file size first, so a short
 * read means the file changed underneath us and is reported rather than returned half-filled.
 */
export async function readExactly(
  handle: FileHandle,
  position: number,
  length: number,
  name: string,
): Promise<Uint8Array> {
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, position + filled);
    if (bytesRead === 0) {
      throw new Error(
        `${name}: file ended after ${position + filled} bytes while reading ${length} bytes at ${position}`,
      );
    }
    filled += bytesRead;
  }
  return bytes;
}
