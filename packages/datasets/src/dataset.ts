// What a data set is to its users: a descriptor (files, licence, citation, counts) and the verified
// paths of its files in the data directory in use.
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import shippedChecksums from '../data/checksums.json';
import type { DataFile } from './checksums.js';
import { type DataDirectoryOptions, resolveDataDirectory } from './data-directory.js';
import { isTextFileName, listTextFiles, TEXT_FILE_SUFFIXES } from './text-files.js';
import { manifestEntries, verifyDataFiles } from './verify.js';

export interface Dataset<Name extends string = string, Counts extends Record<string, number> = Record<string, number>> {
  /** The name commands accept for it, e.g. `hw7-mtl train --data huliu`. */
  name: Name;
  title: string;
  /** One sentence: what it holds. */
  summary: string;
  /**
   * Where it is in a data directory: one file, or (`kind: 'corpus'`) a directory whose `.txt` and
   * `.txt.gz` files are the data set.
   */
  path: string;
  kind: 'file' | 'corpus';
  /** The human-readable manifest in the data directory: columns, derivation, provenance. */
  manifest: string;
  /** The shipped files (paths relative to the data directory) with their sizes and SHA-256. */
  files: readonly DataFile[];
  /** Total size of the shipped files. */
  bytes: number;
  /** Where the files were copied from. */
  source: string;
  /** The terms, as the source states them. */
  licence: string;
  /** What to cite when you use it. */
  citation: string;
  /** Counts of the shipped copy (rows, pairs, words...), as its manifest states them. */
  counts: Counts;
}

/** Whether `path` (relative, with `/`) is a text file directly inside the corpus directory `corpus`. */
function isCorpusFile(path: string, corpus: string): boolean {
  const name = path.slice(corpus.length + 1);
  return path.startsWith(`${corpus}/`) && !name.includes('/') && isTextFileName(name);
}

/** The shipped files at `path` (one file, or the corpus files of a directory), from checksums.json. */
export function shippedFiles(path: string, kind: Dataset['kind']): { files: DataFile[]; bytes: number } {
  const files = (shippedChecksums.files as DataFile[]).filter((file) =>
    kind === 'file' ? file.path === path : isCorpusFile(file.path, path),
  );
  return { files, bytes: files.reduce((sum, file) => sum + file.bytes, 0) };
}

/** `datasetFiles` for a descriptor (the loaders use it; the registry's `datasetFiles` takes names too). */
export async function verifiedFiles(dataset: Dataset, options: DataDirectoryOptions = {}): Promise<string[]> {
  const directory = resolveDataDirectory(options);
  if (dataset.kind === 'file') return verifyDataFiles(directory, [dataset.path]);
  const listed = [...((await manifestEntries(directory))?.keys() ?? [])].filter((path) =>
    isCorpusFile(path, dataset.path),
  );
  const corpusDirectory = join(directory.path, dataset.path);
  const present = existsSync(corpusDirectory)
    ? (await listTextFiles(corpusDirectory)).map((file) => `${dataset.path}/${basename(file)}`)
    : [];
  const paths = [...new Set([...listed, ...present])].sort();
  if (paths.length === 0) {
    throw new Error(
      `${corpusDirectory} has no ${TEXT_FILE_SUFFIXES.join(' or ')} files (${dataset.title}); data directory: ${directory.origin}`,
    );
  }
  return verifyDataFiles(directory, paths);
}
