// The machine-readable manifest of a data directory, `checksums.json`: the size and SHA-256 of every
// file in it, so a missing, truncated or altered file is caught before anything reads it.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The manifest's file name, at the top of a data directory. */
export const CHECKSUMS_FILE = 'checksums.json';

/** One file of a data directory: its path relative to the directory (with `/`), size and SHA-256. */
export interface DataFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Checksums {
  algorithm: 'sha256';
  files: DataFile[];
}

/** The SHA-256 of a file, in hex, read as a stream. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The checksums of every file under `directory` (except checksums.json itself), sorted by path. */
export async function computeChecksums(directory: string): Promise<Checksums> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => path !== CHECKSUMS_FILE)
    .sort();
  const files: DataFile[] = [];
  for (const path of paths) {
    const absolute = join(directory, path);
    const { size } = await stat(absolute);
    files.push({ path, bytes: size, sha256: await sha256OfFile(absolute) });
  }
  return { algorithm: 'sha256', files };
}

/** Writes `directory/checksums.json` for the files it holds now (through a temporary file). */
export async function writeChecksums(directory: string): Promise<Checksums> {
  const checksums = await computeChecksums(directory);
  const target = join(directory, CHECKSUMS_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(checksums, null, 2)}\n`);
  await rename(temporary, target);
  return checksums;
}

/** The checksums of `directory`, or null when it has no checksums.json. */
export async function readChecksums(directory: string): Promise<Checksums | null> {
  const path = join(directory, CHECKSUMS_FILE);
  if (!existsSync(path)) return null;
  let parsed: Checksums;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as Checksums;
  } catch (error) {
    throw new Error(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  const valid =
    parsed?.algorithm === 'sha256' &&
    Array.isArray(parsed.files) &&
    parsed.files.every(
      (file) =>
        typeof file?.path === 'string' && Number.isInteger(file.bytes) && /^[0-9a-f]{64}$/.test(file.sha256 ?? ''),
    );
  if (!valid) throw new Error(`${path}: expected {"algorithm": "sha256", "files": [{"path", "bytes", "sha256"}, ...]}`);
  return parsed;
}
