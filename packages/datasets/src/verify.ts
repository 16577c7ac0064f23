// Checks data files against their data directory's checksums.json before anyone reads them: the
// size first (a truncated copy fails without hashing), then the SHA-256, once per file per process
// (the corpus is 24 MB; hashing it again on every call would cost more than some of its users).
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKSUMS_FILE, type Checksums, type DataFile, readChecksums, sha256OfFile } from './checksums.js';
import type { DataDirectory } from './data-directory.js';

/** A data file that is missing, or whose size or SHA-256 differs from its manifest entry. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    message: string,
    /** The absolute path of the file. */
    readonly path: string,
    /** What its manifest expects, when the data directory has a checksums.json entry for it. */
    readonly expected: DataFile | undefined,
  ) {
    super(message);
  }
}

const checksumsByDirectory = new Map<string, Promise<Map<string, DataFile> | null>>();
const verified = new Map<string, Promise<void>>();

/** The manifest entries of a data directory by relative path (null without a checksums.json). */
export function manifestEntries(directory: DataDirectory): Promise<Map<string, DataFile> | null> {
  let entries = checksumsByDirectory.get(directory.path);
  if (entries === undefined) {
    entries = readChecksums(directory.path).then((checksums: Checksums | null) => {
      if (checksums === null && directory.shipped) {
        throw new Error(`${join(directory.path, CHECKSUMS_FILE)} is missing; data directory: ${directory.origin}`);
      }
      return checksums && new Map(checksums.files.map((file) => [file.path, file]));
    });
    entries.catch(() => checksumsByDirectory.delete(directory.path));
    checksumsByDirectory.set(directory.path, entries);
  }
  return entries;
}

/**
 * Checks each file (paths relative to the data directory, with `/`) and returns their absolute
 * paths. Files with a checksums.json entry must match it; others must exist.
 */
export async function verifyDataFiles(directory: DataDirectory, paths: readonly string[]): Promise<string[]> {
  const entries = await manifestEntries(directory);
  const absolute: string[] = [];
  for (const path of paths) {
    const file = join(directory.path, path);
    const expected = entries?.get(path);
    const key = `${file}\0${expected?.sha256 ?? ''}`;
    let check = verified.get(key);
    if (check === undefined) {
      check = verifyFile(file, expected, directory.origin);
      // A failed check is repeated next time: the file may have been fixed meanwhile.
      check.catch(() => verified.delete(key));
      verified.set(key, check);
    }
    await check;
    absolute.push(file);
  }
  return absolute;
}

async function verifyFile(file: string, expected: DataFile | undefined, origin: string): Promise<void> {
  const wanted = expected ? ` (expected ${expected.bytes} bytes, sha256 ${expected.sha256})` : '';
  if (!existsSync(file))
    throw new DataFileError(`${file} is missing${wanted}; data directory: ${origin}`, file, expected);
  if (expected === undefined) return;
  const { size } = await stat(file);
  if (size !== expected.bytes) {
    throw new DataFileError(
      `${file} is truncated or altered: ${size} bytes, expected ${expected.bytes} (sha256 ${expected.sha256}); data directory: ${origin}`,
      file,
      expected,
    );
  }
  const sha256 = await sha256OfFile(file);
  if (sha256 !== expected.sha256) {
    throw new DataFileError(
      `${file} is corrupt or altered: sha256 ${sha256}, expected ${expected.sha256} (${expected.bytes} bytes); data directory: ${origin}`,
      file,
      expected,
    );
  }
}
