// What each `hw7-word2vec` command does once its arguments were checked (see cli.ts). Results go to
// stdout as JSON, progress to stderr.
import { CliError, FileError, quoteValue, readTextFile, splitLines } from '@hw7/tensor-utils/base';
import { corpusFiles, evaluationFile } from './data-arguments.js';
import { evaluateAnalogies, evaluateWordPairs } from './evaluation.js';
import { loadWord2VecFormat, saveWord2VecFormat } from './formats.js';
import { trainWord2Vec } from './trainer/train.js';

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const CORPUS = { argument: '--corpus', expected: 'UTF-8 text files, plain or gzipped' };
const VECTORS = { argument: '--vectors', expected: 'a vectors file in the word2vec text or binary format' };
const EVALUATION = {
  argument: 'eval',
  expected: "a word-pair file (word1 TAB word2 TAB score) or an analogy file (': section' lines, then 'a b c d')",
};

/**
 * Runs `work`, reporting a file it could not use (a FileError) in the program's one error format,
 * naming the argument the file came from: the file is wrong, not the program, so no stack trace.
 */
async function namingFiles<T>(
  { argument, expected }: { argument: string; expected: string },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    const prefix = `${error.path}: `;
    const problem = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    throw new CliError(problem, `${argument} ${quoteValue(error.path)}`, expected, { kind: 'runtime', cause: error });
  }
}

export interface TrainArguments {
  corpus: string[];
  out: string;
  cbow: boolean;
  hs: boolean;
  dim: number;
  window: number;
  negative: number;
  sample: number;
  minCount: number;
  maxVocab: number | undefined;
  alpha: number;
  epochs: number;
  threads: number | undefined;
  seed: number;
}

export async function trainCommand(options: TrainArguments, morePaths: readonly string[]): Promise<void> {
  const { corpus, out, cbow, ...settings } = options;
  const files = await corpusFiles([...corpus, ...morePaths]);
  const { vectors, stats } = await namingFiles(CORPUS, () => trainWord2Vec({ ...settings, corpus: files, sg: !cbow }));
  await saveWord2VecFormat(vectors, out);
  print({ out, vocabulary: vectors.size, dim: vectors.dim, ...stats });
}

export async function similarCommand(options: { vectors: string; topn: number }, words: string[]): Promise<void> {
  const vectors = await namingFiles(VECTORS, () => loadWord2VecFormat(options.vectors));
  print(vectors.mostSimilar({ positive: words, topn: options.topn }));
}

/** An analogy file's first line that is neither blank nor a comment is a `: section` line. */
function isAnalogyFile(text: string): boolean {
  const first = splitLines(text).find((line) => line.trim() !== '' && !line.startsWith('#'));
  return first?.startsWith(':') ?? false;
}

export async function evaluateCommand(options: { vectors: string }, fileArgument: string): Promise<void> {
  const file = await evaluationFile(fileArgument);
  const analogies = isAnalogyFile(await namingFiles(EVALUATION, () => readTextFile(file)));
  const vectors = await namingFiles(VECTORS, () => loadWord2VecFormat(options.vectors));
  print(
    await namingFiles<unknown>(EVALUATION, () =>
      analogies ? evaluateAnalogies(vectors, file) : evaluateWordPairs(vectors, file),
    ),
  );
}

export async function homeworkCommand(options: { seed: number }): Promise<void> {
  const { runHomeworkExample } = await import('./homework/example.js');
  await runHomeworkExample({ seed: options.seed, log: (line) => process.stdout.write(`${line}\n`) });
}
