// What `hw7-word2vec` accepts where it reads data: paths as a shell gives them (files, directories,
// a glob's expansion) or the name of a data set shipped in @hw7/datasets (eltec, wordsim353).
// Checked synchronously before any work (the command's `check`), resolved to files when it runs.
import { existsSync, statSync } from 'node:fs';
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
import { CliError, checkInputPath, type NamedPath, quoteValue } from '@hw7/tensor-utils/base';

/** The shipped data sets `eval` takes by name. */
const EVALUATION_SETS: readonly string[] = [wordsim353.name];

const namesOf = (kind: Dataset['kind']) =>
  Object.values<Dataset>(DATASETS)
    .filter((dataset) => dataset.kind === kind)
    .map((dataset) => dataset.name);

/**
 * Checks `--corpus` arguments before any work: an existing path must be a readable regular file or
 * directory (not a device such as /dev/zero), anything else the name of a shipped corpus. Returns
 * the paths among them, as inputs that no output may overwrite.
 */
export function checkCorpusArguments(args: readonly string[]): NamedPath[] {
  const inputs: NamedPath[] = [];
  for (const arg of args) {
    const subject = `--corpus ${quoteValue(arg)}`;
    if (!existsSync(arg)) {
      if (namesOf('corpus').includes(arg)) continue;
      throw new CliError(
        'no such file or directory, nor a shipped corpus',
        subject,
        `a text file, a directory of ${TEXT_FILE_SUFFIXES.join(' or ')} files, or ${namesOf('corpus').join(', ')}`,
      );
    }
    const kind = statSync(arg).isDirectory() ? 'directory' : 'file';
    checkInputPath(arg, kind, subject);
    inputs.push({ subject, path: arg, rule: { role: 'input', kind } });
  }
  return inputs;
}

/**
 * The corpus files for `--corpus` arguments, in the order given: a file is itself, a directory
 * gives its `.txt` and `.txt.gz` files (top level, sorted by name), and a name that is not an
 * existing path names a shipped corpus (`eltec`), verified first. Throws, naming the argument, for
 * a missing path, a directory without text files or an unknown name.
 */
export async function corpusFiles(args: readonly string[], options: DataDirectoryOptions = {}): Promise<string[]> {
  checkCorpusArguments(args);
  const files: string[] = [];
  for (const arg of args) {
    const stats = await stat(arg).catch(() => null);
    if (stats?.isDirectory()) {
      const inside = await listTextFiles(arg);
      if (inside.length === 0) {
        throw new CliError(
          'the directory has no text files',
          `--corpus ${quoteValue(arg)}`,
          `a directory holding ${TEXT_FILE_SUFFIXES.join(' or ')} files`,
        );
      }
      files.push(...inside);
    } else if (stats !== null) {
      files.push(arg);
    } else {
      files.push(...(await datasetFiles(arg, { ...options, kind: 'corpus' })));
    }
  }
  return files;
}

/** Checks the argument of `eval` before any work: an existing file, or a shipped evaluation set's name. */
export function checkEvaluationArgument(arg: string): void {
  const subject = quoteValue(arg);
  if (existsSync(arg)) {
    checkInputPath(arg, 'file', subject);
  } else if (!EVALUATION_SETS.includes(arg)) {
    throw new CliError(
      'no such file, nor a shipped evaluation set',
      subject,
      `a word-pair or analogy file, or ${EVALUATION_SETS.join(', ')}`,
    );
  }
}

/**
 * The word-pair or analogy file for `eval`: an existing file, or the name of a shipped word-pair
 * set (`wordsim353`), verified first.
 */
export async function evaluationFile(arg: string, options: DataDirectoryOptions = {}): Promise<string> {
  checkEvaluationArgument(arg);
  if (existsSync(arg)) return arg;
  const [file] = (await datasetFiles(arg, options)) as [string];
  return file;
}
