// What `hw7-word2vec` accepts where it reads data: paths as a shell gives them (files, directories,
// a glob's expansion) or the name of a data set shipped in @hw7/datasets (eltec, wordsim353).
import { stat } from 'node:fs/promises';
import {
  DATASETS,
  type DataDirectoryOptions,
  type Dataset,
  datasetFiles,
  listTextFiles,
  TEXT_FILE_SUFFIXES,
  wordsim353,
} from '@hw7/datasets';

/** The shipped data sets `eval` takes by name. */
const EVALUATION_SETS: readonly string[] = [wordsim353.name];

const namesOf = (kind: Dataset['kind']) =>
  Object.values<Dataset>(DATASETS)
    .filter((dataset) => dataset.kind === kind)
    .map((dataset) => dataset.name);

async function statOrNull(path: string) {
  return stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw error;
  });
}

/**
 * The corpus files for `--corpus` arguments, in the order given: a file is itself, a directory
 * gives its `.txt` and `.txt.gz` files (top level, sorted by name), and a name that is not an
 * existing path names a shipped corpus (`eltec`), verified first. Throws, naming the argument, for
 * a missing path, a directory without text files or an unknown name.
 */
export async function corpusFiles(args: readonly string[], options: DataDirectoryOptions = {}): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const stats = await statOrNull(arg);
    if (stats?.isDirectory()) {
      const inside = await listTextFiles(arg);
      if (inside.length === 0) {
        throw new Error(`--corpus ${arg}: the directory has no ${TEXT_FILE_SUFFIXES.join(' or ')} files`);
      }
      files.push(...inside);
    } else if (stats !== null) {
      files.push(arg);
    } else if (namesOf('corpus').includes(arg)) {
      files.push(...(await datasetFiles(arg, { ...options, kind: 'corpus' })));
    } else {
      throw new Error(
        `--corpus ${arg}: no such file or directory, nor a shipped corpus (known: ${namesOf('corpus').join(', ')})`,
      );
    }
  }
  return files;
}

/**
 * The word-pair or analogy file for `eval`: an existing file, or the name of a shipped word-pair
 * set (`wordsim353`), verified first.
 */
export async function evaluationFile(arg: string, options: DataDirectoryOptions = {}): Promise<string> {
  const stats = await statOrNull(arg);
  if (stats?.isFile()) return arg;
  if (stats !== null) throw new Error(`eval ${arg}: not a file`);
  if (!EVALUATION_SETS.includes(arg)) {
    throw new Error(`eval ${arg}: no such file, nor a shipped evaluation set (known: ${EVALUATION_SETS.join(', ')})`);
  }
  const [file] = (await datasetFiles(arg, options)) as [string];
  return file;
}
