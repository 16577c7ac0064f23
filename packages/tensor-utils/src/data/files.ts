// Small file helpers shared by the dataset readers: errors that name the path, and ranged reads so
// a loader with a `limit` reads only the bytes it needs from a large file.
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { errorCode, FileError, fileError } from '../fs/file-errors.js';

/**
 * Opens `path` for reading. A missing file becomes `<what> not found: <path>`, a directory
 * `<what> is a directory, not a file: <path>`, any other failure names the path and its reason.
 */
export async function openForReading(path: string, what: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new FileError(path, `${what} not found: ${path}`, error);
    throw fileError(error, path, `open ${what}`);
  }
  // Opening a directory for reading succeeds on Linux; only the first read would fail, without the path.
  let isDirectory: boolean;
  try {
    isDirectory = (await handle.stat()).isDirectory();
  } catch (error) {
    await handle.close().catch(() => {});
    throw fileError(error, path, `open ${what}`);
  }
  if (isDirectory) {
    await handle.close().catch(() => {});
    throw new FileError(path, `${what} is a directory, not a file: ${path}`);
  }
  return handle;
}

/** Whether `path` exists (as anything); other stat errors, such as permissions, still throw. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false;
    throw fileError(error, path, 'look for');
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
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(bytes, filled, length - filled, position + filled));
    } catch (error) {
      throw fileError(error, name, 'read');
    }
    if (bytesRead === 0) {
      throw new Error(
        `${name}: file ended after ${position + filled} bytes while reading ${length} bytes at ${position}`,
      );
    }
    filled += bytesRead;
  }
  return bytes;
}
