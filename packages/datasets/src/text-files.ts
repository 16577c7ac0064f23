// Which files of a directory make a text corpus: plain `.txt` and gzipped `.txt.gz` files at its top
// level (hidden files and everything else, e.g. a MANIFEST.tsv beside them, are not text to train on).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The name endings of corpus files, compared case-insensitively. */
export const TEXT_FILE_SUFFIXES = ['.txt', '.txt.gz'] as const;

/** Whether a file name is a corpus file by {@link TEXT_FILE_SUFFIXES} (not hidden). */
export function isTextFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return !name.startsWith('.') && TEXT_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** The corpus files directly inside `directory` (not in subdirectories), sorted by name, joined to it. */
export async function listTextFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && isTextFileName(entry.name))
    .map((entry) => entry.name)
    .sort();
  return names.map((name) => join(directory, name));
}
