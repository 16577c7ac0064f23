// Q7: word2vec from scratch. The homework's listing trained with its own loss (which falls without
// bound) and with the skip-gram loss it meant, on its one-sentence corpus: losses, nearest words,
// the learned embeddings printed and the model saved; then the fast trainer on the ELTeC English
// novels (@hw7/datasets), scored on WordSim-353.
import { join } from 'node:path';
import { datasetFiles } from '@hw7/datasets';
import { writeFileAtomic, writeLinePlot } from '@hw7/tensor-utils';
import {
  evaluateWordPairs,
  HOMEWORK_CORPUS,
  KeyedVectors,
  kMostSimilar,
  saveWord2VecFormat,
  trainVectors,
  trainWord2Vec,
} from '@hw7/word2vec';
import type { SubQuestion } from '../answers/answer.js';
import { HOMEWORK } from '../answers/homework-numbers.js';
import { cite, code, hw, int, join as joinProse, list, math, num, type Prose, p, paper } from '../answers/prose.js';
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
  type Table,
} from './question.js';

// Quick: one pass over the whole corpus (11.4 million words, ~30 s); full: gensim's default 5 epochs.
const CORPUS_SETTINGS: Record<Profile, { epochs: number; dim: number }> = {
  quick: { epochs: 1, dim: 100 },
  full: { epochs: 5, dim: 100 },
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
  // Seed + 1: Word2Vec passes its seed to tf.randomUniform, which takes 0 as no seed at all.
  const { vocabulary, model, epochLosses } = await trainWord2Vec(HOMEWORK_CORPUS, window, dim, epochs, learningRate, {
    seed: context.seed + 1,
  });
  try {
    const embeddings = model.embeddings();
    const words = [...vocabulary.itos];
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
      similarToLearn: kMostSimilar('learn', embeddings, vocabulary.stoi, 3),
      similarToDeep: kMostSimilar('deep', embeddings, vocabulary.stoi, 3),
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
  const { vectors, vocabulary, stats } = await trainVectors({
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
    vocabularySize: vocabulary.words.length,
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

const similarProse = (pairs: Similar): Prose =>
  list(pairs.map(([word, similarity]) => p`${code(word)} (${num(similarity, 3)})`));

const q7: SubQuestion<Q7Metrics> = {
  id: 'q7',
  asks: 'Implement word2vec from scratch as the listing does: a Vocabulary class, a model with two embedding tables (target and context), (target, context) training pairs within a window of 3, CrossEntropyLoss and AdamW with learning rate 0.01, 50 epochs on the sentence “I love to learn deep learning. It is fascinating!”. Print the three words most similar to “learn” and to “deep” by cosine similarity and every learned embedding, save the model, and explain what the output shows.',
  method: [
    p`Skip-gram word2vec${cite('mikolov2013')} learns an input vector ${math('v_w')} and an output vector ${math('u_w')} for every word so that a word predicts the words around it: ${math('p(c | t) = exp(v_t · u_c) / Σ_w exp(v_t · u_w)')}, trained by minimising ${math('−log p(c | t)')} over the (target, context) pairs of a window. That loss is a cross-entropy whose label is the context word’s id, so it is never negative and starts at ${math('log V')} for a vocabulary of ${math('V')} words; large corpora replace the softmax by negative sampling or a hierarchical softmax${cite('mikolov2013b')}. Words used in similar contexts end with similar input vectors, which the cosine similarity ranks.`,
    p`The listing’s loss is ${math('CrossEntropyLoss()(t, c)')} with ${math('t = in_embed(target)')} and ${math('c = out_embed(context)')}: PyTorch reads a float target as a probability distribution and computes ${math('−Σ_i c_i log softmax(t)_i')}. Nothing keeps ${math('c')} non-negative or summing to one, so the optimiser makes the loss as negative as it likes by growing ${math('c')} along the most negative log-probabilities: the loss falls without bound (the homework printed ${hw(HOMEWORK.q7.lastLoss, '−183.100')} at epoch ${hw(HOMEWORK.q7.epochs)}) and the vectors learn nothing about which words occur together. The fix scores every vocabulary word, ${math('logits = in_embed(t) · out_embed(all)ᵀ')}, and takes the softmax cross-entropy against the context word’s id.`,
    p`The package follows the listing otherwise: NLTK-style tokens, a window of ${paper(3)} (one word on each side), dimension ${paper(10)}, AdamW${cite('adamw')} with learning rate ${paper(0.01, '0.01')}, one pair per step; punctuation is neither a target nor a context. Saving writes both tables (the homework’s ${math('state_dict')}) as JSON and the word vectors in the word2vec text format.`,
  ],
  answer: ({ metrics: { listing, fixed: fixedRun, corpus } }) => {
    const listingLast = listing.epochLosses.at(-1) ?? Number.NaN;
    const listingPrevious = listing.epochLosses.at(-2) ?? Number.NaN;
    const fixedFirst = fixedRun.epochLosses[0] ?? Number.NaN;
    const fixedLast = fixedRun.epochLosses.at(-1) ?? Number.NaN;
    const runsAway = listingLast < 0 && listingLast < listingPrevious;
    const fixedStaysPositive = fixedRun.epochLosses.every((loss) => loss > 0) && fixedLast < fixedFirst;
    const learnsLearning = fixedRun.similarToLearn.some(([word]) => word === 'learning');
    return {
      evidence: [
        p`With the listing’s loss the mean loss per epoch went from ${num(listing.epochLosses[0] ?? Number.NaN, 3)} to ${num(listingLast, 3)} after ${int(listing.epochLosses.length)} epochs${runsAway ? p`, still falling at the end (by ${num(listingPrevious - listingLast, 3)} in the last epoch)` : p``}, while the largest weight grew to ${num(listing.largestWeight, 2)}; the homework printed ${hw(HOMEWORK.q7.lastLoss, '−183.100')}. With the skip-gram loss it went from ${num(fixedFirst, 3)} (${math('log V')} with ${int(fixedRun.vocabulary.length)} words is ${num(Math.log(fixedRun.vocabulary.length), 3)}) to ${num(fixedLast, 3)}.`,
        p`Most similar to “learn”: ${similarProse(listing.similarToLearn)} with the listing’s loss, ${similarProse(fixedRun.similarToLearn)} with the fixed one (the homework reported ${list(HOMEWORK.q7.similarToLearn.map(([w, s]) => p`${code(w)} (${hw(s, s.toFixed(3))})`))}). Most similar to “deep”: ${similarProse(listing.similarToDeep)} with the listing’s loss, ${similarProse(fixedRun.similarToDeep)} with the fixed one.`,
        p`The embeddings of all ${int(fixedRun.vocabulary.length)} words are printed below; the model is saved as ${list(fixedRun.savedFiles.map((file) => p`${code(file)}`))}.`,
        p`On a real corpus the same objective (with negative sampling) learns meaning: ${int(corpus.epochs)} pass over ${int(corpus.rawWords)} words of ${int(corpus.files)} ELTeC novels gives a WordSim-353 Spearman correlation of ${num(corpus.spearman, 3)} over ${int(corpus.pairs)} pairs${corpus.neighbours[0] ? p`, and the nearest words to ${code(corpus.neighbours[0].word)} are ${similarProse(corpus.neighbours[0].nearest.slice(0, 3))}` : p``}.`,
      ],
      conclusion: joinProse(
        runsAway
          ? p`The listing’s loss does not measure prediction: it falls below zero and keeps falling because the optimiser inflates the context vectors, so its nearest words are artefacts of the initialisation and the growth, not of the sentence. `
          : p`In this run the listing’s loss did not run away as the homework’s did, but it is still not a prediction loss: its nearest words are artefacts of the initialisation. `,
        fixedStaysPositive
          ? p`The skip-gram loss starts at ${math('log V')}, stays positive and falls. `
          : p`The skip-gram loss did not fall steadily in this run. `,
        learnsLearning
          ? p`On one sentence even the fixed model can only learn co-occurrence within a one-word window (“learn” next to “learning”, as the homework noted); meaning needs a corpus, as the novels show.`
          : p`On one sentence even the fixed model learns only which words stand next to each other, so its nearest words carry little meaning; meaning needs a corpus, as the novels show.`,
      ),
      tables: ['similar', 'embeddings', 'corpus', 'neighbours'],
      figures: ['losses', 'fixed-loss'],
    };
  },
  deviations: [
    p`The vocabulary is in order of first appearance (the listing’s ${math('list(set(words))')} changes order between runs), and the fixed model leaves punctuation out of the vocabulary. The corpus run (ELTeC novels, WordSim-353) goes beyond the homework.`,
  ],
};

export const q7Word2vec: Question<Q7Metrics> = {
  ...catalogueEntry('q7'),
  subQuestions: [q7],
  headline: ({ listing, fixed: fixedRun }) =>
    p`The listing’s loss ends at ${num(listing.epochLosses.at(-1) ?? Number.NaN, 1)} (the homework’s ${hw(HOMEWORK.q7.lastLoss, '−183.1')}): it grows vectors instead of predicting words; the skip-gram loss falls from ${num(fixedRun.epochLosses[0] ?? Number.NaN, 2)} to ${num(fixedRun.epochLosses.at(-1) ?? Number.NaN, 2)}.`,
  references: [
    {
      key: 'mikolov2013',
      text: 'T. Mikolov, K. Chen, G. Corrado, J. Dean. Efficient Estimation of Word Representations in Vector Space. ICLR Workshop 2013.',
    },
    {
      key: 'mikolov2013b',
      text: 'T. Mikolov, I. Sutskever, K. Chen, G. Corrado, J. Dean. Distributed Representations of Words and Phrases and their Compositionality. NeurIPS 2013.',
    },
    { key: 'adamw', text: 'I. Loshchilov, F. Hutter. Decoupled Weight Decay Regularization. ICLR 2019.' },
  ],
  run,
};
