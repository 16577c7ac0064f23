// The questions' names and one-line summaries, without their code: what --help lists, loaded without
// TensorFlow.js or any package.
import type { QuestionId } from './question.js';

export interface QuestionEntry {
  id: QuestionId;
  title: string;
  /** One sentence for --help: what the question runs. */
  summary: string;
}

export const CATALOGUE: readonly QuestionEntry[] = [
  {
    id: 'q1',
    title: 'Q1 · Neural architecture search: the three families',
    summary:
      'RL (REINFORCE controller, MetaQNN), evolution (aging evolution, NEAT) and gradient-based search (one-shot, DARTS), on a tabular benchmark and on MNIST',
  },
  {
    id: 'q2',
    title: 'Q2 · Cheaper candidate evaluation',
    summary:
      'early stopping, warm-up, weight inheritance and a surrogate: the time each saves and how well it keeps the ranking of full training',
  },
  {
    id: 'q3',
    title: 'Q3 · Multi-task text classification',
    summary:
      'sentiment (imbalanced) and topic of product reviews with one shared encoder: imbalance methods, batching, word2vec transfer, metrics',
  },
  {
    id: 'q4',
    title: 'Q4 · StyleGAN: mapping network, AdaIN, style mixing',
    summary: 'the style-mixing grid, and a generator with a mapping network and styles against one fed z directly',
  },
  {
    id: 'q5',
    title: 'Q5 · CycleGAN’s generator loss',
    summary:
      'the listing’s mistakes measured on real tensors, then the fixed losses training digits <-> inverted digits',
  },
  {
    id: 'q6',
    title: 'Q6 · Hyperparameter optimisation with an Optuna-style study',
    summary:
      'grid, random, CMA-ES and TPE on the homework’s CNN, trial pruning against none, and network pruning of the trained CNN',
  },
  {
    id: 'q7',
    title: 'Q7 · word2vec from scratch',
    summary:
      'the homework’s skip-gram with its loss and with the fixed one (embeddings printed, model saved), then skip-gram on 99 novels',
  },
  {
    id: 'q8',
    title: 'Q8 · Conditional DCGAN on MNIST',
    summary: 'the homework’s conditional DCGAN: class grid, loss curves, conditional accuracy by a classifier',
  },
];

export const QUESTION_IDS: readonly QuestionId[] = CATALOGUE.map((entry) => entry.id);

export const QUESTION_GROUPS: Readonly<Record<string, readonly QuestionId[]>> = {
  all: QUESTION_IDS,
  nas: ['q1', 'q2'],
  gan: ['q4', 'q5', 'q8'],
  text: ['q3', 'q7'],
};

/** The catalogue entry of a question. */
export function catalogueEntry(id: QuestionId): QuestionEntry {
  return CATALOGUE.find((entry) => entry.id === id) as QuestionEntry;
}

/** The ids named by question ids and group names, in homework order; all of them for no names. */
export function selectQuestionIds(names: readonly string[]): QuestionId[] {
  const wanted = new Set<string>();
  for (const name of names.length === 0 ? ['all'] : names) {
    const group = QUESTION_GROUPS[name];
    if (group) for (const id of group) wanted.add(id);
    else if ((QUESTION_IDS as readonly string[]).includes(name)) wanted.add(name);
    else {
      const known = [...QUESTION_IDS, ...Object.keys(QUESTION_GROUPS)].join(', ');
      throw new Error(`unknown question "${name}" (known: ${known}); run hw7 --help`);
    }
  }
  return QUESTION_IDS.filter((id) => wanted.has(id));
}
