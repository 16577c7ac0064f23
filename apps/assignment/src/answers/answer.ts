// One homework sub-question and its answer: the method in a few sentences (with citations), this
// run's evidence (numbers from results.json, figures and tables of the question), and the conclusion
// the evidence supports, or an honest "inconclusive at this budget".
import type { Figure, Profile, Table } from '../questions/question.js';
import type { Prose } from './prose.js';

/** A cited source: `key` is what `cite(key)` names, `text` the entry of the reference list. */
export interface Reference {
  key: string;
  text: string;
}

/** What an answer reads: the question's completed results. */
export interface Evidence<Metrics> {
  metrics: Metrics;
  settings: Record<string, unknown>;
  profile: Profile;
  figures: readonly Figure[];
  tables: readonly Table[];
}

export interface Answer {
  /** Paragraphs reporting this run's numbers. */
  evidence: Prose[];
  /** What the evidence supports (or why it is inconclusive at this budget). */
  conclusion: Prose;
  /** Keys of the question's figures and tables shown with this answer, in order. */
  figures?: readonly string[];
  tables?: readonly string[];
}

export interface SubQuestion<Metrics> {
  /** 'q1a', 'q2', ...: the homework's numbering. */
  id: string;
  /** The sub-question, in English, faithful to the homework. */
  asks: string;
  /** How the methods work, with citations: the part of the answer that needs no results. */
  method: readonly Prose[];
  /** Where and why this run differs from the homework (data set, budget, ...). */
  deviations?: readonly Prose[];
  answer(evidence: Evidence<Metrics>): Answer;
}

/** "Q1a" from "q1a". */
export function subQuestionLabel(id: string): string {
  return id.toUpperCase().replace(/^Q(\d)([A-E]?)$/, (_, n: string, letter: string) => `Q${n}${letter.toLowerCase()}`);
}
