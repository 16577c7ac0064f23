// Q7's sub-question (word2vec from scratch: the listing's loss, nearest words, embeddings, saving)
// answered from the run.
import type { Q7Metrics } from '../questions/q7-word2vec.js';
import type { Question } from '../questions/question.js';
import type { SubQuestion } from './answer.js';
import { HOMEWORK } from './homework-numbers.js';
import { cite, code, count, hw, int, join as joinProse, list, math, num, type Prose, p, paper } from './prose.js';

type Similar = Array<[string, number]>;

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
        p`On a real corpus the same objective (with negative sampling) learns meaning: ${count(corpus.epochs, 'pass', 'passes')} over ${int(corpus.rawWords)} words of ${int(corpus.files)} ELTeC novels gives a WordSim-353 Spearman correlation of ${num(corpus.spearman, 3)} over ${int(corpus.pairs)} pairs${corpus.neighbours[0] ? p`, and the nearest words to ${code(corpus.neighbours[0].word)} are ${similarProse(corpus.neighbours[0].nearest.slice(0, 3))}` : p``}.`,
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

export const q7Answers: Pick<Question<Q7Metrics>, 'subQuestions' | 'headline' | 'references'> = {
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
};
