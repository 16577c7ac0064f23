// The shipped data sets by name, for commands that take a name where a path would go
// (`hw7-word2vec train --corpus eltec`, `hw7-mtl train --data huliu`).

import type { DataDirectoryOptions } from './data-directory.js';
import { type Dataset, verifiedFiles } from './dataset.js';
import { eltec } from './datasets/eltec.js';
import { huliu } from './datasets/huliu.js';
import { wordsim353 } from './datasets/wordsim353.js';

/** Every shipped data set by name. */
export const DATASETS = { eltec, huliu, wordsim353 } as const;

export type DatasetName = keyof typeof DATASETS;

/** The names of the shipped data sets, sorted. */
export const DATASET_NAMES = Object.keys(DATASETS).sort() as DatasetName[];

export interface DatasetFilesOptions extends DataDirectoryOptions {
  /** Accept only data sets of this kind (e.g. 'corpus' where text to train on is expected). */
  kind?: Dataset['kind'];
}

/**
 * The absolute paths of a data set's files (a descriptor or a name from {@link DATASET_NAMES}) in the
 * data directory in use (`dataDirectory`, else `$HW7_DATA_DIR`, else the shipped copy), each checked
 * first against the directory's checksums.json (size and SHA-256, once per process), so a streaming
 * reader never sees a damaged file. A corpus is every `.txt`/`.txt.gz` file of its directory and
 * every one its checksums list, sorted by name. Throws a `DataFileError` naming a missing,
 * truncated or altered file and what was expected, or an error listing the known names.
 */
export async function datasetFiles(dataset: Dataset | string, options: DatasetFilesOptions = {}): Promise<string[]> {
  const { kind, ...directoryOptions } = options;
  const found =
    typeof dataset !== 'string'
      ? dataset
      : Object.hasOwn(DATASETS, dataset)
        ? DATASETS[dataset as DatasetName]
        : undefined;
  if (found === undefined || (kind !== undefined && found.kind !== kind)) {
    const known = Object.values<Dataset>(DATASETS).filter((d) => kind === undefined || d.kind === kind);
    const what = kind === undefined ? 'data set' : `${kind} data set`;
    const name = typeof dataset === 'string' ? dataset : dataset.name;
    throw new Error(`no shipped ${what} "${name}"; known: ${known.map((d) => d.name).join(', ')}`);
  }
  return verifiedFiles(found, directoryOptions);
}
