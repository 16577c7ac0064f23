// What the dashboard shows of a stored study, as JSON-safe data: an overview (trial counts by state,
// best value, last activity) for the list, the trials as table rows, and a version that changes
// whenever anything shown does, so that pages poll cheaply and plots are redrawn only when needed.
import { createHash } from 'node:crypto';
import type { ParamValue } from '../distributions.js';
import { type FrozenTrial, isFinished, type TrialState } from '../frozen-trial.js';
import type { StoredStudy } from '../storage/storage.js';
import { directionSign } from '../study-direction.js';
import { paretoFront } from '../visualization/pareto-front.js';

const STATES: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'];

/** A number JSON can carry: NaN and ±Infinity become the strings 'NaN', 'Infinity', '-Infinity'. */
export type JsonNumber = number | string;

const jsonNumber = (value: number): JsonNumber => (Number.isFinite(value) ? value : String(value));

export interface StudyOverview {
  id: number;
  name: string;
  directions: StoredStudy['directions'];
  trials: number;
  counts: Record<TrialState, number>;
  /** The best value (one objective) or undefined; for several objectives see `paretoSize`. */
  best?: JsonNumber;
  bestTrial?: number;
  /** How many trials are on the Pareto front of a multi-objective study. */
  paretoSize?: number;
  /** ISO time of the latest trial start or completion. */
  lastActivity?: string;
  version: string;
}

export interface TrialRow {
  number: number;
  state: TrialState;
  values: JsonNumber[] | null;
  /** Seconds from start to completion (to now for a running trial). */
  duration: number | null;
  params: Record<string, ParamValue>;
}

/** Changes whenever a trial is added or finishes, or an unfinished one records anything. */
export function studyVersion(trials: readonly FrozenTrial[]): string {
  let finished = 0;
  const unfinished = createHash('sha1');
  for (const trial of trials) {
    if (isFinished(trial.state)) finished++;
    else {
      unfinished.update(
        `${trial.number}:${trial.state}:${Object.keys(trial.internalParams).length}:${trial.intermediateValues.size}:${trial.values?.join(',')};`,
      );
    }
  }
  return `${trials.length}-${finished}-${unfinished.digest('hex').slice(0, 8)}`;
}

function bestOf(
  study: StoredStudy,
  trials: readonly FrozenTrial[],
): Pick<StudyOverview, 'best' | 'bestTrial' | 'paretoSize'> {
  const complete = trials.filter((trial) => trial.state === 'COMPLETE' && trial.values?.every(Number.isFinite));
  if (study.directions.length > 1) {
    return complete.length === 0 ? {} : { paretoSize: paretoFront(study.directions, complete).length };
  }
  const sign = directionSign(study.directions[0]);
  let best: FrozenTrial | undefined;
  for (const trial of complete) {
    if (!best || sign * ((trial.values as number[])[0] - (best.values as number[])[0]) < 0) best = trial;
  }
  return best ? { best: jsonNumber((best.values as number[])[0]), bestTrial: best.number } : {};
}

export function studyOverview(study: StoredStudy, trials: readonly FrozenTrial[]): StudyOverview {
  const counts = Object.fromEntries(STATES.map((state) => [state, 0])) as Record<TrialState, number>;
  let last = 0;
  for (const trial of trials) {
    counts[trial.state]++;
    last = Math.max(last, trial.datetimeStart?.getTime() ?? 0, trial.datetimeComplete?.getTime() ?? 0);
  }
  return {
    id: study.studyId,
    name: study.studyName,
    directions: study.directions,
    trials: trials.length,
    counts,
    ...bestOf(study, trials),
    ...(last > 0 ? { lastActivity: new Date(last).toISOString() } : {}),
    version: studyVersion(trials),
  };
}

export function trialRow(trial: FrozenTrial, now: number): TrialRow {
  const start = trial.datetimeStart?.getTime();
  const end = trial.datetimeComplete?.getTime() ?? (trial.state === 'RUNNING' ? now : undefined);
  return {
    number: trial.number,
    state: trial.state,
    values: trial.values === null ? null : trial.values.map(jsonNumber),
    duration: start === undefined || end === undefined ? null : (end - start) / 1000,
    params: Object.fromEntries(
      Object.entries(trial.params).map(([name, value]) => [
        name,
        typeof value === 'number' ? jsonNumber(value) : value,
      ]),
    ) as Record<string, ParamValue>,
  };
}

/** Every parameter name of the trials, sorted: the table's parameter columns. */
export function parameterColumns(trials: readonly FrozenTrial[]): string[] {
  const names = new Set<string>();
  for (const trial of trials) for (const name in trial.internalParams) names.add(name);
  return [...names].sort();
}
