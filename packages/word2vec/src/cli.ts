#!/usr/bin/env node
// `hw7-word2vec`: train word vectors on text files, query them, evaluate them, and run the
// homework's own small example.
import { integerOption, numberOption, parseCommandLine } from '@hw7/tensor-utils/base';
import { corpusFiles, evaluationFile } from './data-arguments.js';
import { evaluateAnalogies, evaluateWordPairs } from './evaluation.js';
import { loadWord2VecFormat, saveWord2VecFormat } from './formats.js';
import { runHomeworkExample } from './homework/example.js';
import { trainVectors } from './trainer/train.js';

const HELP = `Usage: hw7-word2vec <command> [options]

Commands:
  train             Train skip-gram (default) or CBOW vectors on text files (plain or .gz, one
                    sentence or paragraph per line; lower-cased, runs of letters with inner
                    apostrophes). Writes --out in the word2vec format gensim and the C tool read
                    (binary for .bin, text otherwise) and prints the training statistics as JSON.
  similar WORD...   The words closest to WORD (to the sum of several words), by cosine.
  eval FILE         Evaluate on a word-pair file (WordSim-353 format: word1 TAB word2 TAB score;
                    Spearman, Pearson, out-of-vocabulary ratio) or an analogy file
                    (questions-words.txt format: ': section' lines, then 'a b c d'). Prints JSON.
                    FILE may be wordsim353: WordSim-353 as shipped in @hw7/datasets.
  homework          The homework's example: "I love to learn deep learning. It is fascinating!",
                    window 3, dim 10, 50 epochs of AdamW 1e-2, with the skip-gram softmax loss.

Options of train:
  --corpus PATH...  the text to train on (required): text files, directories (their .txt and
                    .txt.gz files, not subdirectories), or eltec: the 99 ELTeC novels shipped in
                    @hw7/datasets. Several paths may follow one --corpus (e.g. a shell glob:
                    --corpus books/*.txt), and --corpus may be repeated.
  --out PATH        where to write the vectors (default vectors.bin)
  --sg | --cbow     skip-gram (default) or CBOW
  --hs              hierarchical softmax (with --negative 0: instead of negative sampling)
  --dim N           vector size (default 100)
  --window N        maximum distance between a word and its context (default 5)
  --negative N      negative samples per word (default 5)
  --sample X        frequent-word subsampling threshold (default 1e-3; 0 = off)
  --min-count N     ignore words rarer than this (default 5)
  --max-vocab N     keep only the N most frequent words
  --alpha X         initial learning rate (default 0.025), decaying linearly to 1e-4
  --epochs N        passes over the corpus (default 5)
  --threads N       worker threads (default: the number of cores)
  --seed N          seed (default 1); with --threads 1 a run is exactly reproducible

Options of similar and eval:
  --vectors PATH    a vectors file (default vectors.bin; binary when it ends in .bin)
  --topn N          similar: how many words (default 10)

  -h, --help        show this help

The shipped data sets (eltec, wordsim353) are read from $HW7_DATA_DIR instead when it is set.
`;

const OPTIONS = {
  corpus: { type: 'string', multiple: true },
  out: { type: 'string' },
  sg: { type: 'boolean' },
  cbow: { type: 'boolean' },
  hs: { type: 'boolean' },
  dim: { type: 'string' },
  window: { type: 'string' },
  negative: { type: 'string' },
  sample: { type: 'string' },
  'min-count': { type: 'string' },
  'max-vocab': { type: 'string' },
  alpha: { type: 'string' },
  epochs: { type: 'string' },
  threads: { type: 'string' },
  seed: { type: 'string' },
  vectors: { type: 'string' },
  topn: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMANDS = {
  train: {
    options: [
      'corpus',
      'out',
      'sg',
      'cbow',
      'hs',
      'dim',
      'window',
      'negative',
      'sample',
      'min-count',
      'max-vocab',
      'alpha',
      'epochs',
      'threads',
      'seed',
    ],
    // The paths after the first of several following one --corpus (node's parseArgs takes one value per flag).
    positionals: [0, Number.POSITIVE_INFINITY],
  },
  similar: { options: ['vectors', 'topn'], positionals: [1, Number.POSITIVE_INFINITY] },
  eval: { options: ['vectors'], positionals: [1, 1] },
  homework: { options: ['seed'] },
} as const;

async function main(argv: string[]): Promise<void> {
  const { command, values, positionals } = parseCommandLine(argv, {
    program: 'hw7-word2vec',
    options: OPTIONS,
    commands: COMMANDS,
  });
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  if (command === undefined) {
    process.stdout.write(HELP);
  } else if (command === 'train') {
    if (!values.corpus?.length) {
      const stray = positionals.length ? ` (got "${positionals[0]}" without it)` : '';
      throw new Error(`train needs --corpus PATH... (files, directories or eltec)${stray}; run hw7-word2vec --help`);
    }
    if (values.sg && values.cbow) throw new Error('--sg and --cbow exclude each other');
    const out = values.out ?? 'vectors.bin';
    const { vectors, stats } = await trainVectors({
      corpus: await corpusFiles([...values.corpus, ...positionals]),
      sg: !values.cbow,
      hs: values.hs ?? false,
      dim: integerOption(values.dim, 'dim', 1),
      window: integerOption(values.window, 'window', 1),
      negative: integerOption(values.negative, 'negative', 0),
      sample: numberOption(values.sample, 'sample'),
      minCount: integerOption(values['min-count'], 'min-count', 1),
      maxVocab: integerOption(values['max-vocab'], 'max-vocab', 1),
      alpha: numberOption(values.alpha, 'alpha'),
      epochs: integerOption(values.epochs, 'epochs', 1),
      threads: integerOption(values.threads, 'threads', 1),
      seed: integerOption(values.seed, 'seed', 0),
    });
    await saveWord2VecFormat(vectors, out);
    print({ out, vocabulary: vectors.size, dim: vectors.dim, ...stats });
  } else if (command === 'similar') {
    const vectors = await loadWord2VecFormat(values.vectors ?? 'vectors.bin');
    const topn = integerOption(values.topn, 'topn', 1) ?? 10;
    print(vectors.mostSimilar({ positive: positionals, topn }));
  } else if (command === 'eval') {
    const vectors = await loadWord2VecFormat(values.vectors ?? 'vectors.bin');
    const file = await evaluationFile(positionals[0] as string);
    const { readFile } = await import('node:fs/promises');
    const isAnalogyFile = /^:/mu.test(await readFile(file, 'utf8'));
    print(isAnalogyFile ? await evaluateAnalogies(vectors, file) : await evaluateWordPairs(vectors, file));
  } else if (command === 'homework') {
    await runHomeworkExample({
      seed: integerOption(values.seed, 'seed', 0) ?? 0,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`hw7-word2vec: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
