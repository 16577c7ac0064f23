// Q7: word2vec twice: the homework's own skip-gram on its one-sentence corpus (50 epochs, fixed),
// and the fast trainer on the ELTeC English novels (@hw7/datasets), scored on WordSim-353.
import { join } from 'node:path';
import { datasetFiles } from '@hw7/datasets';
import { writeLinePlot } from '@hw7/tensor-utils';
import { evaluateWordPairs, trainWord2Vec } from '@hw7/word2vec';
import { HOMEWORK_CORPUS, runHomeworkExample } from '@hw7/word2vec/homework';
import {
  type Figure,
  figure,
  fixed,
  type Profile,
  type Question,
  type QuestionContext,
  type QuestionOutput,
  type Table,
} from './question.js';

// Quick: one pass over the whole corpus (11.4 million words, ~30 s); full: gensim's default 5 epochs.
const CORPUS_SETTINGS: Record<Profile, { epochs: number; dim: number }> = {
  quick: { epochs: 1, dim: 100 },
  full: { epochs: 5, dim: 100 },
};

const PROBE_WORDS = ['king', 'house', 'love', 'learn', 'deep'];

async function trainOnCorpus(context: QuestionContext, files: string[], wordPairs: string) {
  const settings = CORPUS_SETTINGS[context.profile];
  const { vectors, vocabulary, stats } = await trainWord2Vec({
    corpus: files,
    dim: settings.dim,
    epochs: settings.epochs,
    seed: context.seed + 1,
    progress: true,
  });
  const wordSim = await evaluateWordPairs(vectors, wordPairs);
  const neighbours = PROBE_WORDS.filter((word) => vectors.has(word)).map((word) => ({
    word,
    nearest: vectors.mostSimilar({ positive: word, topn: 5 }),
  }));
  return {
    settings: { ...settings, files: files.length },
    vocabularySize: vocabulary.words.length,
    stats,
    wordSim,
    neighbours,
  };
}

async function run(context: QuestionContext): Promise<QuestionOutput> {
  // The data is verified (SHA-256) before any training starts.
  const data = { dataDirectory: context.dataDirectory };
  const files = await datasetFiles('eltec', data);
  const [wordPairs] = (await datasetFiles('wordsim353', data)) as [string];
  const homework = await runHomeworkExample({ seed: context.seed, log: () => {} });
  const lossPlot = await writeLinePlot(join(context.directory, 'homework-loss.svg'), {
    title: 'The homework’s skip-gram: training loss per epoch',
    xLabel: 'epoch',
    yLabel: 'loss',
    series: [{ name: 'loss', points: homework.epochLosses.map((y, x) => [x + 1, y] as const) }],
  });
  const show = (pairs: Array<[string, number]>) => pairs.map(([w, s]) => `${w} (${s.toFixed(3)})`).join(', ');
  const tables: Table[] = [
    {
      title: `The homework’s corpus: “${HOMEWORK_CORPUS}” (window 3, dimension 10, 50 epochs)`,
      columns: ['word', '3 most similar (cosine)'],
      rows: [
        ['learn', show(homework.similarToLearn)],
        ['deep', show(homework.similarToDeep)],
      ],
    },
  ];
  const figures: Figure[] = [figure(context, lossPlot, 'Homework skip-gram loss per epoch')];
  const corpus = await trainOnCorpus(context, files, wordPairs);
  tables.push(
    {
      title: `Skip-gram on ${files.length} corpus files (${corpus.settings.epochs} epoch(s), dimension ${corpus.settings.dim})`,
      columns: ['raw words', 'vocabulary', 'words/s', 'WordSim-353 Spearman', 'Pearson', 'OOV pairs (%)'],
      rows: [
        [
          corpus.stats.rawWords,
          corpus.vocabularySize,
          Math.round(corpus.stats.wordsPerSec),
          fixed(corpus.wordSim.spearman.rho),
          fixed(corpus.wordSim.pearson.r),
          fixed(corpus.wordSim.oovRatio, 2),
        ],
      ],
    },
    {
      title: 'Nearest neighbours in the corpus vectors',
      columns: ['word', '5 most similar (cosine)'],
      rows: corpus.neighbours.map(({ word, nearest }) => [
        word,
        nearest.map(({ word: other, similarity }) => `${other} (${similarity.toFixed(3)})`).join(', '),
      ]),
    },
  );
  return {
    settings: {
      homework: { corpus: HOMEWORK_CORPUS, window: 3, dim: 10, epochs: 50, optimizer: 'AdamW 1e-2' },
      corpus: corpus.settings,
    },
    metrics: { homework, corpus },
    tables,
    figures,
    notes: [],
  };
}

export const q7Word2vec: Question = {
  id: 'q7',
  title: 'Q7 · word2vec',
  summary:
    'the homework’s skip-gram on its tiny corpus, then skip-gram on 99 English novels (ELTeC) scored on WordSim-353',
  run,
};
