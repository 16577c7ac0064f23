// The contract between the app and each homework question: what a question gets to run with, what it
// hands back for results.json, and the homework's sub-questions it answers from those results.
import { relative } from 'node:path';
import type { Reference, SubQuestion } from '../answers/answer.js';
import type { Prose } from '../answers/prose.js';

/**
 * quick: the whole homework in minutes; full: the homework as it would be handed in; smoke: tiny
 * settings for the tests (every question end to end in seconds), not offered on the command line.
 */
export type Profile = 'quick' | 'full' | 'smoke';
export const PROFILES = ['quick', 'full'] as const satisfies readonly Profile[];

export type QuestionId = 'q1' | 'q2' | 'q3' | 'q4' | 'q5' | 'q6' | 'q7' | 'q8';

export interface QuestionContext {
  id: QuestionId;
  profile: Profile;
  seed: number;
  /** The report's directory (--out). */
  outDirectory: string;
  /**
   * Where this question writes its files: a fresh staging directory that replaces `<out>/<id>` only
   * when the question completes, so an interrupted or failed rerun keeps the earlier files.
   */
  directory: string;
  /** The data sets' directory (--data-dir); undefined: $HW7_DATA_DIR, else the copy shipped in @hw7/datasets. */
  dataDirectory: string | undefined;
  /** One line on the terminal, prefixed with the question. */
  log(line: string): void;
}

export interface Figure {
  /** Names the figure for the sub-questions that show it (unique within the question). */
  key: string;
  title: string;
  /** An SVG or PNG file, relative to the output directory (`q4/style-mixing.png`). */
  path: string;
  /**
   * Set when the figure is drawn from weights shipped in a package rather than trained in this run:
   * how those weights were made (the command), shown beside the figure.
   */
  shipped?: string;
}

export type Cell = string | number | null;

export interface Table {
  /** Names the table for the sub-questions that show it (unique within the question). */
  key: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface QuestionOutput<Metrics = unknown> {
  /** The settings that produced the results (the profile's values, resolved). */
  settings: Record<string, unknown>;
  /** Every number the answers use, typed per question. */
  metrics: Metrics;
  tables: Table[];
  figures: Figure[];
  /** Parts that were skipped or unavailable, and why. */
  notes: string[];
}

/** The full profile's time estimated from a quick run's measured times, and how. */
export interface TimeEstimate {
  seconds: number;
  /** The formula, with the quick run's measured values and the profiles' settings filled in. */
  basis: string;
}

export interface Question<Metrics = unknown> {
  id: QuestionId;
  title: string;
  /** One sentence for --help: what the question runs. */
  summary: string;
  /** The homework's sub-questions in its order, each answered from this question's results. */
  subQuestions: readonly SubQuestion<Metrics>[];
  /** The one-line conclusion for the report's contents, from the results. */
  headline(metrics: Metrics): Prose;
  /** The papers and sources the answers cite, by key. */
  references: readonly Reference[];
  /** The full profile's time, estimated from a quick run (its wall time and metrics). */
  estimateFull(quick: { seconds: number; metrics: Metrics }): TimeEstimate;
  /** Why the question cannot run at all (e.g. its data set is missing); undefined when it can. */
  skipReason?(context: QuestionContext): string | undefined;
  run(context: QuestionContext): Promise<QuestionOutput<Metrics>>;
}

/**
 * A figure entry for a file the question wrote into its directory; its path is where the file will
 * be once the question completes (`<id>/...`), relative to the output directory.
 */
export function figure(
  context: Pick<QuestionContext, 'id' | 'directory'>,
  file: string,
  key: string,
  title: string,
  shipped?: string,
): Figure {
  const path = `${context.id}/${relative(context.directory, file).split('\\').join('/')}`;
  return shipped === undefined ? { key, title, path } : { key, title, path, shipped };
}

/** `12.3` for the estimates' formulas. */
export const r1 = (value: number) => value.toFixed(1);

/** Rounds for tables: enough digits to compare runs, few enough to read. */
export function fixed(value: number | null | undefined, digits = 4): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
}
