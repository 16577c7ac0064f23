// Q3's sub-questions (imbalance, the multi-task design, transfer learning, metrics) answered from the
// run's configurations.
import type { ConfigurationResult, Q3Metrics } from '../questions/q3-multitask-text.js';
import type { Question } from '../questions/question.js';
import type { SubQuestion } from './answer.js';
import {
  cite,
  code,
  count,
  int,
  join,
  list,
  math,
  num,
  type Prose,
  p,
  paper,
  pct,
  secs,
  signed,
  threshold,
} from './prose.js';

const byKey = (m: Q3Metrics, key: string) => m.configurations.find((c) => c.key === key);

const IMBALANCE_KEYS = ['class-weights', 'focal', 'augment', 'threshold'];

/** " (+0.031 against plain, 95% interval −0.010 to +0.070)" */
function versusPlain(c: ConfigurationResult): Prose {
  const d = c.negativeF1VsPlain;
  if (d === undefined) return p``;
  return p` (${signed(d.difference, 3)} against plain, ${paper(95)}% interval ${signed(d.low, 3)} to ${signed(d.high, 3)})`;
}

const excludesZero = (c: ConfigurationResult) =>
  c.negativeF1VsPlain !== undefined && (c.negativeF1VsPlain.low > 0 || c.negativeF1VsPlain.high < 0);

const q3a: SubQuestion<Q3Metrics> = {
  id: 'q3a',
  asks: 'The sentiment labels are imbalanced: most sentences are positive. Which methods would you use against the imbalance, and why?',
  method: [
    p`A classifier that minimises the plain cross-entropy on data that is mostly positive learns to lean positive: the minority (negative) class gets low recall while accuracy still looks good. Three levels of remedy exist. On the data: more minority examples, by augmentation (back-translation, which the homework suggests, paraphrases a sentence through a pivot language; it needs a translation model, so offline we use EDA${cite('eda')}: synonym replacement and insertion from WordNet, random swaps and deletions, applied to negative sentences only) or by oversampling them.`,
    p`On the loss: class weights inversely proportional to class frequency (scikit-learn’s “balanced” ${math('w_c = n / (k · n_c)')}) make both classes contribute equally; the focal loss${cite('focal')} ${math('−(1 − p_t)^γ log p_t')} (here ${math('γ =')} ${paper(2)}) shrinks the loss of examples already classified confidently, which are mostly positive, so the hard and minority examples drive the gradient. On the decision: threshold moving predicts “negative” once its probability passes the threshold that maximises validation macro-F1, instead of ${paper(0.5, '0.5')}; it needs no retraining.`,
  ],
  answer: ({ metrics: m }) => {
    const plain = byKey(m, 'plain');
    const methods = IMBALANCE_KEYS.flatMap((key) => byKey(m, key) ?? []);
    const withF1 = methods.filter((c) => c.sentiment?.minority !== undefined);
    const best = withF1.reduce<ConfigurationResult | undefined>(
      (a, b) => (a === undefined || (b.sentiment?.minority?.f1 ?? -1) > (a.sentiment?.minority?.f1 ?? -1) ? b : a),
      undefined,
    );
    const threshold = byKey(m, 'threshold')?.threshold;
    const clear = withF1.filter(excludesZero);
    return {
      evidence: [
        p`${pct(m.negativeShare)} of the ${int(m.testRows)} test sentences are negative. Trained for ${count(m.epochs, 'epoch')} on the same split, plain multi-task learning reaches a negative-class F1 of ${num(plain?.sentiment?.minority?.f1 ?? Number.NaN, 3)} (sentiment macro-F1 ${num(plain?.sentiment?.macroF1 ?? Number.NaN, 3)}, specificity ${num(plain?.sentiment?.specificity ?? Number.NaN, 3)}).`,
        p`Negative-class F1 with each remedy: ${list(withF1.map((c) => p`${code(c.label)} ${num(c.sentiment?.minority?.f1 ?? Number.NaN, 3)}${versusPlain(c)}`))}.${threshold === undefined ? p`` : p` The tuned threshold predicts “negative” from a probability of ${num(threshold, 3)}.`}`,
      ],
      conclusion:
        best === undefined
          ? p`No imbalance configuration produced a sentiment score in this run.`
          : clear.length > 0
            ? p`${list(clear.map((c) => p`${code(c.label)}`))} changed the negative-class F1 by more than the test set’s noise (the ${paper(95)}% interval excludes zero); the best was ${code(best.label)}. Class weights and threshold moving cost nothing extra; augmentation adds training rows, focal loss a hyperparameter.`
            : p`The highest negative-class F1 came from ${code(best.label)}, but at this budget every difference to plain multi-task learning is within the noise of ${int(m.testRows)} test sentences (each ${paper(95)}% interval includes zero): inconclusive. The package’s benchmark, with cross-validated ensembles, is where the methods separate.`,
      tables: ['configurations'],
    };
  },
  deviations: [
    p`Back-translation is replaced by EDA augmentation (no translation model offline). The data is the Hu & Liu product reviews (sentiment and product category per sentence), since the homework names no data set.`,
  ],
};

const q3b: SubQuestion<Q3Metrics> = {
  id: 'q3b',
  asks: 'Design the multi-task model: what do the two tasks share, what is the loss, and how do you build the batches so that training is not biased towards one task?',
  method: [
    p`Hard parameter sharing${cite('caruana')}${cite('ruder')}: one backbone computes a sentence representation that both tasks use (here the package’s default, the fastText encoder${cite('fasttext')}: the TF-IDF-weighted mean of the embeddings of the sentence’s word and character n-grams; or a convolutional encoder over word embeddings${cite('kim')}), and each task has its own small head (a softmax layer, here beside a wide linear part on the n-grams). The loss is the sum of the two tasks’ cross-entropies, each masked to the rows labelled for its task, ${math('L = Σ_t w_t L_t')}; with fixed ${math('w_t =')} ${paper(1)} a task with larger or noisier losses dominates, so the weights can be learned from each task’s uncertainty${cite('kendall')} ${math('(e^(−s_t) L_t + s_t / 2)')} or set from each task’s current score${cite('dtp')}.`,
    p`Batches: mixed batches (each holds sentences of both tasks, so every update serves both) avoid drifting towards one task; with tasks of different sizes, sampling can be balanced or dynamic, drawing more often the task whose loss falls slowest. Dropout, L2 and early stopping on the mean validation macro-F1 of both tasks keep the shared layers from overfitting one task.`,
  ],
  answer: ({ metrics: m }) => {
    const plain = byKey(m, 'class-weights') ?? byKey(m, 'plain');
    const singleSentiment = byKey(m, 'single-sentiment');
    const singleTopic = byKey(m, 'single-topic');
    const dynamic = byKey(m, 'dynamic');
    const uncertainty = byKey(m, 'uncertainty');
    const sentimentGain =
      (plain?.sentiment?.macroF1 ?? Number.NaN) - (singleSentiment?.sentiment?.macroF1 ?? Number.NaN);
    const topicGain = (plain?.topic?.macroF1 ?? Number.NaN) - (singleTopic?.topic?.macroF1 ?? Number.NaN);
    const singleSeconds = (singleSentiment?.seconds ?? 0) + (singleTopic?.seconds ?? 0);
    return {
      evidence: [
        p`One multi-task model (${code(plain?.label ?? '')}) reaches sentiment macro-F1 ${num(plain?.sentiment?.macroF1 ?? Number.NaN, 3)} and topic macro-F1 ${num(plain?.topic?.macroF1 ?? Number.NaN, 3)} in ${secs(plain?.seconds ?? Number.NaN)}; two single-task models reach ${num(singleSentiment?.sentiment?.macroF1 ?? Number.NaN, 3)} and ${num(singleTopic?.topic?.macroF1 ?? Number.NaN, 3)} in ${secs(singleSeconds)} together.`,
        dynamic === undefined
          ? p`Dynamic task sampling was not run at this profile.`
          : dynamic.error === undefined
            ? p`Dynamic task sampling gives sentiment macro-F1 ${num(dynamic.sentiment?.macroF1 ?? Number.NaN, 3)} and topic macro-F1 ${num(dynamic.topic?.macroF1 ?? Number.NaN, 3)}.`
            : p`Dynamic task sampling failed to train in this run (the package reported: ${code(dynamic.error)}), so it has no scores here.`,
        ...(uncertainty?.sentiment && uncertainty.topic
          ? [
              p`Uncertainty weighting of the two losses gives sentiment macro-F1 ${num(uncertainty.sentiment.macroF1, 3)} and topic macro-F1 ${num(uncertainty.topic.macroF1, 3)}.`,
            ]
          : []),
      ],
      conclusion: join(
        sentimentGain >= 0 && topicGain >= 0
          ? p`Sharing the encoder cost neither task anything here (${signed(sentimentGain, 3)} sentiment, ${signed(topicGain, 3)} topic) while training one model instead of two. `
          : p`Sharing the encoder traded the tasks against each other here (${signed(sentimentGain, 3)} sentiment, ${signed(topicGain, 3)} topic, against single-task models), for one model instead of two. `,
        dynamic?.sentiment && dynamic.topic && plain?.sentiment && plain.topic
          ? Math.abs(dynamic.sentiment.macroF1 - plain.sentiment.macroF1) < 0.02 &&
            Math.abs(dynamic.topic.macroF1 - plain.topic.macroF1) < 0.02
            ? p`Dynamic sampling changed both tasks by less than ${threshold(0.02)} against mixed batches: with two tasks labelled on every sentence, mixed batches already show both tasks in every update; sampling matters when one task has far more data.`
            : p`Dynamic sampling moved the tasks by ${signed(dynamic.sentiment.macroF1 - plain.sentiment.macroF1, 3)} (sentiment) and ${signed(dynamic.topic.macroF1 - plain.topic.macroF1, 3)} (topic) against mixed batches; at this budget differences of a few hundredths are within the test set’s noise.`
          : p`Dynamic sampling could not be compared in this run.`,
      ),
      tables: ['configurations'],
      figures: ['validation-f1'],
    };
  },
  deviations: [
    p`Every configuration uses the package’s default encoder (fastText with a wide linear part) except the transfer pair, which needs a token encoder (a CNN); the quick profile trains that pair briefly with a narrower CNN and leaves uncertainty weighting to the full profile, so that the comparison fits in minutes.`,
  ],
};

const q3c: SubQuestion<Q3Metrics> = {
  id: 'q3c',
  asks: 'How would you use transfer learning for this problem?',
  method: [
    p`Start the shared backbone from weights learned on much more text and train only what is specific from scratch: the heads are initialised randomly, the backbone from a pretrained model that fits the data’s size, then everything is fine-tuned with a small learning rate so the pretrained knowledge is not washed out at once, with regularisation against overfitting. Here the pretrained part is the embedding: skip-gram word2vec vectors${cite('word2vec')} trained on English novels (the ELTeC corpus, Q7’s trainer), frozen for the first epoch and then trained at half the learning rate; words without a vector start at random.`,
  ],
  answer: ({ metrics: m }) => {
    const base = byKey(m, 'cnn');
    const transfer = byKey(m, 'word2vec');
    const sentimentGain = (transfer?.sentiment?.macroF1 ?? Number.NaN) - (base?.sentiment?.macroF1 ?? Number.NaN);
    const topicGain = (transfer?.topic?.macroF1 ?? Number.NaN) - (base?.topic?.macroF1 ?? Number.NaN);
    return {
      evidence: [
        p`The vectors came from ${count(m.vectors.files, 'novel')} (${int(m.vectors.words)} words, ${count(m.vectors.epochs, 'pass', 'passes')}, ${secs(m.vectors.seconds)}), a vocabulary of ${int(m.vectors.vocabulary)} words${m.vectors.coverage === null ? p`` : p` covering ${pct(m.vectors.coverage)} of the reviews’ vocabulary`}.`,
        p`With them, sentiment macro-F1 is ${num(transfer?.sentiment?.macroF1 ?? Number.NaN, 3)} and topic macro-F1 ${num(transfer?.topic?.macroF1 ?? Number.NaN, 3)}, against ${num(base?.sentiment?.macroF1 ?? Number.NaN, 3)} and ${num(base?.topic?.macroF1 ?? Number.NaN, 3)} for the same CNN with a random embedding.`,
      ],
      conclusion:
        sentimentGain > 0 && topicGain > 0
          ? p`Transfer helped both tasks (${signed(sentimentGain, 3)} sentiment, ${signed(topicGain, 3)} topic): words the reviews use rarely still get vectors that place them near related words.`
          : sentimentGain > 0 || topicGain > 0
            ? p`Transfer helped one task and not the other (${signed(sentimentGain, 3)} sentiment, ${signed(topicGain, 3)} topic): vectors from nineteenth-century novels know the general words of opinion better than product vocabulary. At this budget the differences are within noise.`
            : p`Transfer did not help at this budget (${signed(sentimentGain, 3)} sentiment, ${signed(topicGain, 3)} topic): vectors from a small slice of novels trained briefly know little of product reviews. The full profile trains them on the whole corpus.`,
      tables: ['configurations'],
    };
  },
  deviations: [
    p`A pretrained language model (the usual choice today) is not available offline; word vectors are the transferred part.`,
  ],
};

const q3d: SubQuestion<Q3Metrics> = {
  id: 'q3d',
  asks: 'Which evaluation metrics would you use for each task, and why?',
  method: [
    p`Sentiment: accuracy is misleading when most sentences are positive, because always answering “positive” already scores the positive share. Per-class precision, recall and F1, their unweighted mean (macro-F1, where the minority class counts as much as the majority), the confusion matrix (which errors are made), the ROC curve and its area (how well the scores rank negatives above positives at every threshold, independent of the threshold) and specificity ${math('TN / (TN + FP)')} (the share of truly negative sentences recognised) answer what accuracy hides.`,
    p`Topic: several classes, so per-class precision, recall and F1, the macro average (each topic counts equally) and the micro average (every sentence counts equally; for one label per sentence it equals accuracy), the confusion matrix between topics, and one-vs-rest ROC-AUC.`,
  ],
  answer: ({ metrics: m }) => {
    const chosen = byKey(m, m.chosen);
    const sentiment = chosen?.sentiment;
    const topic = chosen?.topic;
    const majority = 1 - m.negativeShare;
    return {
      evidence: [
        p`For the configuration with the best validation score, ${code(chosen?.label ?? m.chosen)}: sentiment accuracy ${num(sentiment?.accuracy ?? Number.NaN, 3)} against ${num(majority, 3)} for always answering “positive”; macro-F1 ${num(sentiment?.macroF1 ?? Number.NaN, 3)}; negative-class precision ${num(sentiment?.minority?.precision ?? Number.NaN, 3)} and recall ${num(sentiment?.minority?.recall ?? Number.NaN, 3)}; specificity ${num(sentiment?.specificity ?? Number.NaN, 3)}; ROC-AUC ${num(sentiment?.rocAuc ?? Number.NaN, 3)}.`,
        p`Topic (${int(m.topicClasses.length)} classes): macro-F1 ${num(topic?.macroF1 ?? Number.NaN, 3)}, micro-F1 ${num(topic?.microF1 ?? Number.NaN, 3)}, one-vs-rest ROC-AUC ${num(topic?.rocAuc ?? Number.NaN, 3)}.`,
      ],
      conclusion: join(
        (sentiment?.accuracy ?? 0) - majority < 0.1
          ? p`Accuracy sits only ${signed((sentiment?.accuracy ?? Number.NaN) - majority, 3)} above the majority answer while the negative class’s recall is ${num(sentiment?.minority?.recall ?? Number.NaN, 3)}: exactly what accuracy alone would hide. `
          : p`Accuracy is ${signed((sentiment?.accuracy ?? Number.NaN) - majority, 3)} above the majority answer, but only the per-class scores show how the negative class fares (recall ${num(sentiment?.minority?.recall ?? Number.NaN, 3)}). `,
        (topic?.microF1 ?? 0) > (topic?.macroF1 ?? 0)
          ? p`For topics, micro-F1 above macro-F1 means the frequent topics are recognised better than the rare ones, which the confusion matrix locates.`
          : p`For topics, macro-F1 at or above micro-F1 means the rare topics are recognised about as well as the frequent ones.`,
      ),
      tables: ['per-class'],
      figures: ['confusion-sentiment', 'confusion-topic', 'roc-sentiment'],
    };
  },
};

export const q3Answers: Pick<Question<Q3Metrics>, 'subQuestions' | 'headline' | 'references'> = {
  subQuestions: [q3a, q3b, q3c, q3d],
  headline: (m) => {
    const chosen = byKey(m, m.chosen);
    return p`Best on validation: ${code(chosen?.label ?? m.chosen)}, sentiment macro-F1 ${num(chosen?.sentiment?.macroF1 ?? Number.NaN, 3)} and topic macro-F1 ${num(chosen?.topic?.macroF1 ?? Number.NaN, 3)} on ${int(m.testRows)} test sentences.`;
  },
  references: [
    {
      key: 'eda',
      text: 'J. Wei, K. Zou. EDA: Easy Data Augmentation Techniques for Boosting Performance on Text Classification Tasks. EMNLP 2019.',
    },
    {
      key: 'focal',
      text: 'T.-Y. Lin, P. Goyal, R. Girshick, K. He, P. Dollár. Focal Loss for Dense Object Detection. ICCV 2017.',
    },
    { key: 'caruana', text: 'R. Caruana. Multitask Learning. Machine Learning 28, 1997.' },
    {
      key: 'ruder',
      text: 'S. Ruder. An Overview of Multi-Task Learning in Deep Neural Networks. arXiv:1706.05098, 2017.',
    },
    { key: 'kim', text: 'Y. Kim. Convolutional Neural Networks for Sentence Classification. EMNLP 2014.' },
    {
      key: 'fasttext',
      text: 'A. Joulin, E. Grave, P. Bojanowski, T. Mikolov. Bag of Tricks for Efficient Text Classification. EACL 2017.',
    },
    {
      key: 'kendall',
      text: 'A. Kendall, Y. Gal, R. Cipolla. Multi-Task Learning Using Uncertainty to Weigh Losses for Scene Geometry and Semantics. CVPR 2018.',
    },
    {
      key: 'dtp',
      text: 'M. Guo, A. Haque, D.-A. Huang, S. Yeung, L. Fei-Fei. Dynamic Task Prioritization for Multitask Learning. ECCV 2018.',
    },
    {
      key: 'word2vec',
      text: 'T. Mikolov, I. Sutskever, K. Chen, G. Corrado, J. Dean. Distributed Representations of Words and Phrases and their Compositionality. NeurIPS 2013.',
    },
  ],
};
