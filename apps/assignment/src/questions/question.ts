// The contract between the app and each homework question: what a question gets to run with and
// what it hands back for results.json and the report.
import { relative } from 'node:path';

export type Profile = 'quick' | 'full';
export const PROFILES: readonly Profile[] = ['quick', 'full'];

export type QuestionId = 'q1' | 'q2' | 'q3' | 'q4' | 'q5' | 'q6' | 'q7' | 'q8';

export interface QuestionContext {
  profile: Profile;
  seed: number;
  /** The report's directory (--out); figure paths are stored relative to it. */
  outDirectory: string;
  /** This question's own directory inside outDirectory, emptied before each run. */
  directory: string;
  /** The data sets' directory (--data-dir); undefined: $HW7_DATA_DIR, else the copy shipped in @hw7/datasets. */
  dataDirectory: string | undefined;
  /** One line on the terminal, prefixed with the question. */
  log(line: string): void;
}

export interface Figure {
  title: string;
  /** An SVG or PNG file, relative to the output directory. */
  path: string;
}

export type Cell = string | number | null;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export interface QuestionOutput {
  /** The settings that produced the results (the profile's values, resolved). */
  settings: Record<string, unknown>;
  /** Every number the question produced, for results.json. */
  metrics: Record<string, unknown>;
  tables: Table[];
  figures: Figure[];
  /** Parts that were skipped or unavailable, and why. */
  notes: string[];
}

export interface Question {
  id: QuestionId;
  title: string;
  /** One sentence for --help and the report: what the question shows. */
  summary: string;
  /** Why the question cannot run at all (e.g. its data set is missing); undefined when it can. */
  skipReason?(context: QuestionContext): string | undefined;
  run(context: QuestionContext): Promise<QuestionOutput>;
}

/** A figure entry for a file the question wrote into its directory. */
export function figure(context: QuestionContext, file: string, title: string): Figure {
  return { title, path: relative(context.outDirectory, file) };
}

/** Rounds for tables: enough digits to compare runs, few enough to read. */
export function fixed(value: number | null | undefined, digits = 4): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));
}
