// Streaming text corpora: lines are yielded as they are read, so a multi-gigabyte (optionally
// gzipped) corpus never has to fit in memory. Gzip is detected by its magic bytes, not the file
// name, so a compressed file is decoded whatever it is called.
import { createInterface } from 'node:readline';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { openForReading, readExactly } from './files.js';

export interface ReadLinesOptions {
  /** Skip lines that are empty (after removing the line ending); default false. */
  skipEmpty?: boolean;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Yields the lines of a plain or gzip-compressed text file (UTF-8, `\n` or `\r\n` endings).
 * Stopping early (`break`) closes the file.
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<string> {
  const { skipEmpty = false } = options;
  const handle = await openForReading(path, 'corpus file');
  let input: Readable;
  try {
    const { size } = await handle.stat();
    const head = await readExactly(handle, 0, Math.min(size, GZIP_MAGIC.length), path);
    const gzipped = GZIP_MAGIC.every((byte, i) => head[i] === byte);
    const file = handle.createReadStream({ start: 0 });
    // pipeline forwards a read or decompression error to the last stream, where readline rethrows it.
    input = gzipped ? pipeline(file, createGunzip(), () => {}) : file;
  } catch (error) {
    await handle.close();
    throw error;
  }
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) {
      if (skipEmpty && line === '') continue;
      yield line;
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code?.startsWith('Z_') ? 'corrupt gzip data' : 'read failed';
    throw new Error(`${path}: ${reason}: ${(error as Error).message}`, { cause: error });
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Yields the lines of every file in `paths`, one file after another. */
export async function* readCorpus(paths: readonly string[], options: ReadLinesOptions = {}): AsyncGenerator<string> {
  if (!Array.isArray(paths) || paths.length === 0) {
    throw new RangeError('readCorpus(paths) needs a non-empty array of file paths');
  }
  for (const path of paths) yield* readLines(path, options);
}
