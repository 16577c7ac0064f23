// Every question in homework order, and the names that select several at once.
import { QUESTION_GROUPS, selectQuestionIds } from './catalogue.js';
import { q1NasFamilies } from './q1-nas-families.js';
import { q2CheapEvaluation } from './q2-cheap-evaluation.js';
import { q3MultitaskText } from './q3-multitask-text.js';
import { q4Stylegan } from './q4-stylegan.js';
import { q5Cyclegan } from './q5-cyclegan.js';
import { q6Hpo } from './q6-hpo.js';
import { q7Word2vec } from './q7-word2vec.js';
import { q8Cgan } from './q8-cgan.js';
import type { Question } from './question.js';

export { QUESTION_GROUPS };

// Each question is typed by its own metrics; the registry holds them side by side.
export const QUESTIONS: readonly Question<never>[] = [
  q1NasFamilies,
  q2CheapEvaluation,
  q3MultitaskText,
  q4Stylegan,
  q5Cyclegan,
  q6Hpo,
  q7Word2vec,
  q8Cgan,
] as unknown as readonly Question<never>[];

/** The questions named by ids and group names, in homework order; all of them for no names. */
export function selectQuestions(names: readonly string[]): Question[] {
  const ids = selectQuestionIds(names);
  return (QUESTIONS as readonly Question[]).filter((question) => ids.includes(question.id));
}

/** Every sub-question id the report answers, in homework order: the one list the tests check. */
export function subQuestionIds(): string[] {
  return QUESTIONS.flatMap((question) => question.subQuestions.map((sub) => sub.id));
}
