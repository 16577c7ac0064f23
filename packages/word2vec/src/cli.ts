#!/usr/bin/env node
// `hw7-word2vec`: train word vectors on text files, query them, evaluate them, and run the
// homework's own small example. Every argument and path is checked before any work starts.
import {
  CliError,
  checkOutputsApartFromInputs,
  defineCommand,
  defineProgram,
  option,
  quoteValue,
  runMain,
} from '@hw7/tensor-utils/base';
import { checkCorpusArguments, checkEvaluationArgument } from './data-arguments.js';
import { holdsOnlyVectors } from './formats.js';

const vectors = option.inputFile({
  default: 'vectors.bin',
  description: 'a vectors file in the word2vec text or binary format (told apart by content)',
});

/** `--out` must not overwrite a corpus file (or lie in a corpus directory), nor a file that holds no vectors. */
function checkVectorsOutput(out: string, corpus: readonly string[]): void {
  const subject = `--out ${quoteValue(out)}`;
  checkOutputsApartFromInputs([
    ...checkCorpusArguments(corpus),
    { subject, path: out, rule: { role: 'output', kind: 'file' } },
  ]);
  if (!holdsOnlyVectors(out)) {
    throw new CliError(
      'already exists and is not a word2vec vectors file',
      subject,
      'a new path, or a vectors file to replace, so that no other data is overwritten',
    );
  }
}

const train = defineCommand({
  summary:
    'Train skip-gram (default) or CBOW vectors on text files (plain or .gz, one sentence or paragraph per line; ' +
    'lower-cased, runs of letters with inner apostrophes). Writes --out in the word2vec format gensim and the C ' +
    'tool read (binary for .bin, text otherwise) and prints the training statistics as JSON.',
  description:
    'The shipped data sets (eltec, and wordsim353 for eval) are read from $HW7_DATA_DIR instead when it is set.',
  options: {
    corpus: option.string({
      multiple: true,
      required: true,
      valueName: 'PATH',
      description:
        'the text to train on: text files, directories (their .txt and .txt.gz files, not subdirectories), or ' +
        'eltec: the 99 ELTeC novels shipped in @hw7/datasets. Several paths may follow one --corpus (e.g. a ' +
        'shell glob: --corpus books/*.txt), and --corpus may be repeated',
    }),
    out: option.outputFile({ default: 'vectors.bin', description: 'where to write the vectors' }),
    sg: option.flag({ description: 'skip-gram (the default)' }),
    cbow: option.flag({ description: 'CBOW instead of skip-gram' }),
    hs: option.flag({ description: 'hierarchical softmax (with --negative 0: instead of negative sampling)' }),
    dim: option.integer({ min: 1, default: 100, description: 'vector size' }),
    window: option.integer({ min: 1, default: 5, description: 'maximum distance between a word and its context' }),
    negative: option.integer({ min: 0, default: 5, description: 'negative samples per word' }),
    sample: option.number({ min: 0, default: 1e-3, description: 'frequent-word subsampling threshold (0 = off)' }),
    minCount: option.integer({ min: 1, default: 5, description: 'ignore words rarer than this' }),
    maxVocab: option.integer({ min: 1, defaultText: 'no limit', description: 'keep only the N most frequent words' }),
    alpha: option.number({
      min: 0,
      exclusiveMin: true,
      default: 0.025,
      description: 'initial learning rate, decaying linearly to 1e-4',
    }),
    epochs: option.integer({ min: 1, default: 5, smoke: 1, description: 'passes over the corpus' }),
    threads: option.threads({ defaultText: 'the number of cores', description: 'worker threads' }),
    seed: option.seed({
      default: 1,
      description: 'seeds everything random; with --threads 1 a run is exactly reproducible',
    }),
  },
  args: {
    morePaths: option.string({
      multiple: true,
      valueName: 'PATH',
      description: 'more --corpus paths (what a shell glob after --corpus expands to)',
    }),
  },
  check: ({ options, args }) => {
    if (options.sg && options.cbow)
      throw new CliError('both given', '--sg and --cbow', 'one of them (--sg is the default)');
    if (options.negative === 0 && !options.hs) {
      throw new CliError('nothing to train with', '--negative 0', '--negative 1 or more, or --hs');
    }
    checkVectorsOutput(options.out, [...options.corpus, ...args.morePaths]);
  },
  run: async ({ options, args }) => (await import('./cli-commands.js')).trainCommand(options, args.morePaths),
});

const similar = defineCommand({
  summary: 'The words closest to WORD (to the sum of several words), by cosine. Prints JSON.',
  options: { vectors, topn: option.integer({ min: 1, default: 10, description: 'how many words' }) },
  args: { words: option.string({ multiple: true, required: true, valueName: 'WORD', description: 'a word' }) },
  run: async ({ options, args }) => (await import('./cli-commands.js')).similarCommand(options, args.words),
});

const evaluate = defineCommand({
  summary:
    'Evaluate on a word-pair file (WordSim-353 format: word1 TAB word2 TAB score; Spearman, Pearson, ' +
    "out-of-vocabulary ratio) or an analogy file (questions-words.txt format: ': section' lines, then 'a b c d'). " +
    'Prints JSON.',
  options: { vectors },
  args: {
    file: option.string({
      required: true,
      valueName: 'FILE',
      description: 'a word-pair or analogy file, or wordsim353: WordSim-353 as shipped in @hw7/datasets',
    }),
  },
  check: ({ args }) => checkEvaluationArgument(args.file),
  run: async ({ options, args }) => (await import('./cli-commands.js')).evaluateCommand(options, args.file),
});

const homework = defineCommand({
  summary:
    'The homework\'s example: "I love to learn deep learning. It is fascinating!", window 3, dim 10, 50 epochs ' +
    'of AdamW 1e-2, with the skip-gram softmax loss (TensorFlow.js).',
  options: { seed: option.seed() },
  run: async ({ options }) => (await import('./cli-commands.js')).homeworkCommand(options),
});

runMain(
  defineProgram({
    name: 'hw7-word2vec',
    summary: "Word vectors as gensim makes them: train, query, evaluate; and the homework's word2vec, fixed.",
    commands: { train, similar, eval: evaluate, homework },
  }),
);
