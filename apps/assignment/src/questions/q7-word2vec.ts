// Q7: word2vec from scratch. The homework's listing trained with its own loss (which falls without
// bound) and with the skip-gram loss it meant, on its one-sentence corpus: losses, nearest words,
// the learned embeddings printed and the model saved; then the fast trainer on the ELTeC English
// novels (@hw7/datasets), scored on WordSim-353.
import { join } from 'node:path';
import { datasetFiles } from '@hw7/datasets';
import { writeFileAtomic, writeLinePlot } from '@hw7/tensor-utils';
import { evaluateWordPairs, KeyedVectors, saveWord2VecFormat, trainWord2Vec } from '@hw7/word2vec';
import { HOMEWORK_CORPUS, kMostSimilar, trainHomeworkSkipGram } from '@hw7/word2vec/homework';
import { HOMEWORK } from '../answers/homework-numbers.js';
import { q7Answers } from '../answers/q7.js';
import { catalogueEntry } from './catalogue.js';
import { type ListingRun, trainWithListingLoss } from './q7-listing.js';
import {
  type Figure,
  figure,
  fixed,
  type Profile,
  type Question,
  type QuestionContext,
  type QuestionOutput,
  r1,
  type Table,
} from './question.js';

// Quick: one pass over the whole corpus (11.4 million words, ~30 s); full: gensim's default 5 epochs.
const CORPUS_SETTINGS: Record<Profile, { epochs: number; dim: number }> = {
  quick: { epochs: 1, dim: 100 },
  full: { epochs: 5, dim: 100 },
  smoke: { epochs: 1, dim: 10 },
};

const PROBE_WORDS = ['king', 'house', 'love', 'learn', 'deep'];
const { window, dim, epochs, learningRate } = HOMEWORK.q7;

type Similar = Array<[string, number]>;

export interface Q7Metrics {
  listing: ListingRun;
  fixed: {
    epochLosses: number[];
    similarToLearn: Similar;
    similarToDeep: Similar;
    vocabulary: string[];
    /** The learned word vectors (the in-table), one row per vocabulary word. */
    embeddings: number[][];
    /** Files the model was saved to, relative to the output directory. */
    savedFiles: string[];
  };
  corpus: {
    files: number;
    epochs: number;
    dim: number;
    rawWords: number;
    vocabularySize: number;
    wordsPerSecond: number;
    spearman: number;
    pearson: number;
    oovPercent: number;
    pairs: number;
    neighbours: Array<{ word: string; nearest: Similar }>;
  };
}

async function trainFixed(context: QuestionContext) {
  // Seed + 1: HomeworkSkipGram passes its seed to tf.randomUniform, which takes 0 as no seed at all.
  const { vocabulary, model, epochLosses } = await trainHomeworkSkipGram(
    HOMEWORK_CORPUS,
    window,
    dim,
    epochs,
    learningRate,
    { seed: context.seed + 1 },
  );
  try {
    const embeddings = model.embeddings();
    const words = [...vocabulary.words];
    // The homework's torch.save(model.state_dict()): both tables; and the word vectors in the
    // word2vec text format that gensim and the C tool read.
    const textPath = join(context.directory, 'word2vec-homework.txt');
    await saveWord2VecFormat(new KeyedVectors(words, Float32Array.from(embeddings.flat()), dim), textPath, {
      binary: false,
    });
    const statePath = join(context.directory, 'word2vec-homework-model.json');
    await writeFileAtomic(
      statePath,
      `${JSON.stringify({ vocabulary: words, in_embed: embeddings, out_embed: model.outEmbed.arraySync() })}\n`,
    );
    return {
      epochLosses,
      similarToLearn: kMostSimilar('learn', embeddings, vocabulary, 3),
      similarToDeep: kMostSimilar('deep', embeddings, vocabulary, 3),
      vocabulary: words,
      embeddings,
      savedFiles: [textPath, statePath].map((file) => `${context.id}/${file.slice(context.directory.length + 1)}`),
    };
  } finally {
    model.dispose();
  }
}

async function trainOnCorpus(
  context: QuestionContext,
  files: string[],
  wordPairs: string,
): Promise<Q7Metrics['corpus']> {
  const settings = CORPUS_SETTINGS[context.profile];
  const { vectors, vocabulary, stats } = await trainWord2Vec({
    corpus: files,
    dim: settings.dim,
    epochs: settings.epochs,
    seed: context.seed + 1,
    progress: true,
  });
  const wordSim = await evaluateWordPairs(vectors, wordPairs);
  return {
    files: files.length,
    ...settings,
    rawWords: stats.rawWords,
    vocabularySize: vocabulary.size,
    wordsPerSecond: stats.wordsPerSec,
    spearman: wordSim.spearman.rho,
    pearson: wordSim.pearson.r,
    oovPercent: wordSim.oovRatio,
    pairs: wordSim.pairs,
    neighbours: PROBE_WORDS.filter((word) => vectors.has(word)).map((word) => ({
      word,
      nearest: vectors.mostSimilar({ positive: word, topn: 5 }).map(({ word: w, similarity }) => [w, similarity]),
    })),
  };
}

const show = (pairs: Similar) => pairs.map(([w, s]) => `${w} (${s.toFixed(3)})`).join(', ');

async function run(context: QuestionContext): Promise<QuestionOutput<Q7Metrics>> {
  // The data is verified (SHA-256) before any training starts.
  const data = { dataDirectory: context.dataDirectory };
  const files = await datasetFiles('eltec', data);
  const [wordPairs] = (await datasetFiles('wordsim353', data)) as [string];
  context.log('the listing’s loss, then the skip-gram loss, on the homework’s sentence');
  const listing = await trainWithListingLoss(HOMEWORK_CORPUS, {
    window,
    dim,
    epochs,
    learningRate,
    seed: context.seed,
  });
  const fixedRun = await trainFixed(context);
  const lossPlot = await writeLinePlot(join(context.directory, 'losses.svg'), {
    title: 'Loss per epoch on the homework’s sentence',
    xLabel: 'epoch',
    yLabel: 'mean loss',
    series: [
      { name: 'the listing’s loss', points: listing.epochLosses.map((y, x) => [x + 1, y] as const) },
      { name: 'skip-gram softmax loss (fixed)', points: fixedRun.epochLosses.map((y, x) => [x + 1, y] as const) },
    ],
  });
  const fixedPlot = await writeLinePlot(join(context.directory, 'fixed-loss.svg'), {
    title: 'The fixed loss alone: -log p(context | target), starting at log V',
    xLabel: 'epoch',
    yLabel: 'mean loss',
    series: [{ name: 'skip-gram softmax loss', points: fixedRun.epochLosses.map((y, x) => [x + 1, y] as const) }],
  });
  const figures: Figure[] = [
    figure(context, lossPlot, 'losses', 'Both losses per epoch: the listing’s falls without bound'),
    figure(context, fixedPlot, 'fixed-loss', 'The skip-gram loss per epoch'),
  ];
  const corpus = await trainOnCorpus(context, files, wordPairs);
  const tables: Table[] = [
    {
      key: 'similar',
      title: 'The 3 words most similar to “learn” and “deep” (cosine of the in-table vectors)',
      columns: ['word', 'the listing’s loss (this run)', 'fixed loss (this run)', 'the homework’s report'],
      rows: [
        ['learn', show(listing.similarToLearn), show(fixedRun.similarToLearn), show(HOMEWORK.q7.similarToLearn)],
        ['deep', show(listing.similarToDeep), show(fixedRun.similarToDeep), show(HOMEWORK.q7.similarToDeep)],
      ],
    },
    {
      key: 'embeddings',
      title: `The learned embeddings (fixed loss; dimension ${dim}), printed as the homework prints them`,
      columns: ['word', ...Array.from({ length: dim }, (_, i) => String(i))],
      rows: fixedRun.vocabulary.map((word, i) => [word, ...(fixedRun.embeddings[i] ?? []).map((v) => fixed(v, 3))]),
    },
    {
      key: 'corpus',
      title: `Skip-gram on ${corpus.files} ELTeC novels (${corpus.epochs} epoch(s), dimension ${corpus.dim})`,
      columns: ['raw words', 'vocabulary', 'words/s', 'WordSim-353 Spearman', 'Pearson', 'OOV pairs (%)'],
      rows: [
        [
          corpus.rawWords,
          corpus.vocabularySize,
          Math.round(corpus.wordsPerSecond),
          fixed(corpus.spearman),
          fixed(corpus.pearson),
          fixed(corpus.oovPercent, 2),
        ],
      ],
    },
    {
      key: 'neighbours',
      title: 'Nearest neighbours in the corpus vectors',
      columns: ['word', '5 most similar (cosine)'],
      rows: corpus.neighbours.map(({ word, nearest }) => [word, show(nearest)]),
    },
  ];
  return {
    settings: {
      homework: { corpus: HOMEWORK_CORPUS, window, dim, epochs, optimizer: `AdamW ${learningRate}` },
      corpus: { files: corpus.files, epochs: corpus.epochs, dim: corpus.dim },
    },
    metrics: { listing, fixed: fixedRun, corpus },
    tables,
    figures,
    notes: [`The model is saved as ${fixedRun.savedFiles.join(' and ')}.`],
  };
}

export const q7Word2vec: Question<Q7Metrics> = {
  ...catalogueEntry('q7'),
  ...q7Answers,
  estimateFull: ({ seconds, metrics: { corpus } }) => {
    const pass = corpus.rawWords / corpus.wordsPerSecond;
    const passes = CORPUS_SETTINGS.full.epochs / CORPUS_SETTINGS.quick.epochs;
    return {
      seconds: seconds + (passes - 1) * pass * CORPUS_SETTINGS.quick.epochs,
      basis: `quick ${r1(seconds)} s + ${passes - 1} more passes of ${r1(pass)} s over the corpus`,
    };
  },
  run,
};
