// Every question in homework order, and the names that select several at once.
import { q1NasTabular } from './q1-nas-tabular.js';
import { q2NasSearch } from './q2-nas-search.js';
import { q3MultitaskText } from './q3-multitask-text.js';
import { q4Stylegan } from './q4-stylegan.js';
import { q5Cyclegan } from './q5-cyclegan.js';
import { q6Hpo } from './q6-hpo.js';
import { q7Word2vec } from './q7-word2vec.js';
import { q8Cgan } from './q8-cgan.js';
import type { Question, QuestionId } from './question.js';

export const QUESTIONS: readonly Question[] = [
  q1NasTabular,
  q2NasSearch,
  q3MultitaskText,
  q4Stylegan,
  q5Cyclegan,
  q6Hpo,
  q7Word2vec,
  q8Cgan,
];

export const QUESTION_GROUPS: Readonly<Record<string, readonly QuestionId[]>> = {
  all: QUESTIONS.map((question) => question.id),
  nas: ['q1', 'q2'],
  gan: ['q4', 'q5', 'q8'],
  text: ['q3', 'q7'],
};

/** The questions named by ids and group names, in homework order; all of them for no names. */
export function selectQuestions(names: readonly string[]): Question[] {
  const wanted = new Set<string>();
  for (const name of names.length === 0 ? ['all'] : names) {
    const group = QUESTION_GROUPS[name];
    if (group) for (const id of group) wanted.add(id);
    else if (QUESTIONS.some((question) => question.id === name)) wanted.add(name);
    else {
      const known = [...QUESTIONS.map((question) => question.id), ...Object.keys(QUESTION_GROUPS)].join(', ');
      throw new Error(`unknown question "${name}" (known: ${known}); run hw7 --help`);
    }
  }
  return QUESTIONS.filter((question) => wanted.has(question.id));
}
