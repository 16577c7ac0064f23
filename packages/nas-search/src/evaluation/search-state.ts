// What an image search keeps in its output directory so that it can resume after being stopped or
// killed: its settings, every finished evaluation (with the state of the global random generator
// after it, so the resumed run draws the same numbers) and which trained models are kept for weight
// inheritance (each saved once, in models/<index>/). Written atomically after every evaluation; no
// TensorFlow.js here, so the command line can look before loading it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJson, type RngState, readTextFile, writeFileAtomic } from '@hw7/tensor-utils/base';

export const SEARCH_STATE_DIRECTORY = 'search-state';
const STATE_FILE = 'state.json';
const VERSION = 1;

/** A saved search that cannot be resumed as asked: what is wrong with `out`, and what was expected. */
export class SearchStateError extends Error {
  override name = 'SearchStateError';

  constructor(
    readonly out: string,
    readonly problem: string,
    readonly expected: string,
  ) {
    super(`${problem} (${out}): ${expected}`);
  }
}

/** One trained architecture of an image search. */
export interface EvaluatedArchitecture {
  /** The architecture's canonical string. */
  key: string;
  /** The best validation accuracy over its evaluations (the reward the strategy was told). */
  accuracy: number;
  /** Epochs begun. */
  epochs: number;
  /** Steps (batches) trained. */
  steps: number;
  /** Whether early stopping ended its training before the last epoch. */
  stoppedEarly: boolean;
  /** Layers whose weights came from the parent. */
  inherited: number;
  seconds: number;
}

export interface SavedEvaluation {
  evaluation: EvaluatedArchitecture;
  /** The global random generator (Math.random) right after the evaluation. */
  randomState: RngState;
}

export interface SearchState {
  version: number;
  /** The options that decide what the search does; a resumed search must repeat them. */
  settings: Record<string, unknown>;
  evaluations: SavedEvaluation[];
  /** Indices of the evaluations whose trained models are kept (saved in models/<index>/), oldest first. */
  kept: number[];
}

const statePath = (out: string) => join(out, SEARCH_STATE_DIRECTORY, STATE_FILE);

/** The directory holding the trained model of evaluation `index`. */
export const modelDirectory = (out: string, index: number) =>
  join(out, SEARCH_STATE_DIRECTORY, 'models', String(index).padStart(6, '0'));

/**
 * How many evaluations the search saved in `out` holds (0 when its state is unreadable), or undefined
 * when `out` holds no search: a quick look for the command line's checks.
 */
export function savedEvaluationCount(out: string): number | undefined {
  const path = statePath(out);
  if (!existsSync(path)) return undefined;
  try {
    const { evaluations } = JSON.parse(readFileSync(path, 'utf8')) as Partial<SearchState>;
    return Array.isArray(evaluations) ? evaluations.length : 0;
  } catch {
    return 0;
  }
}

/** The saved state of the search in `out`, or undefined when there is none; checked for shape. */
export async function readSearchState(out: string): Promise<SearchState | undefined> {
  const path = statePath(out);
  if (!existsSync(path)) return undefined;
  let state: Partial<SearchState> | null;
  try {
    state = parseJson(await readTextFile(path), path) as Partial<SearchState> | null;
  } catch (error) {
    throw new SearchStateError(
      out,
      `holds an unreadable search state (${(error as Error).message})`,
      'remove it to start afresh',
    );
  }
  const valid =
    state !== null &&
    state.version === VERSION &&
    typeof state.settings === 'object' &&
    Array.isArray(state.evaluations) &&
    Array.isArray(state.kept) &&
    state.evaluations.every(
      (saved) => typeof saved?.evaluation?.key === 'string' && typeof saved.randomState === 'object',
    );
  if (!valid) {
    const problem = `holds a search state this version cannot read (${path}, not version ${VERSION})`;
    throw new SearchStateError(out, problem, 'remove it to start afresh');
  }
  return state as SearchState;
}

export async function writeSearchState(out: string, state: Omit<SearchState, 'version'>): Promise<void> {
  await writeFileAtomic(statePath(out), `${JSON.stringify({ version: VERSION, ...state })}\n`);
}

/** Throws unless a resumed search repeats the saved settings, naming those that differ. */
export function assertSameSettings(
  saved: Record<string, unknown>,
  settings: Record<string, unknown>,
  out: string,
): void {
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(settings)])];
  const differing = keys.filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(settings[key]));
  if (differing.length > 0) {
    const listed = differing.map(
      (key) => `${key} ${JSON.stringify(saved[key])} (now ${JSON.stringify(settings[key])})`,
    );
    throw new SearchStateError(
      out,
      `holds a search with other settings: ${listed.join(', ')}`,
      'resume it with the settings it was started with, or choose a new directory',
    );
  }
}
