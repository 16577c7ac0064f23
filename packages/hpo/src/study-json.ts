// Reading a study back from the JSON `study.toJson()` writes (what `hw7-hpo cnn` saves as
// study.json), for reports of finished studies. The file is checked field by field, so a damaged or
// foreign file gives one error naming the file and the field instead of a TypeError in a plot.
import { parseJson, readTextFile } from '@hw7/tensor-utils/base';
import {
  categoricalDistribution,
  contains,
  type Distribution,
  floatDistribution,
  intDistribution,
} from './distributions.js';
import { FrozenTrial, type JsonValue, type TrialRecord, type TrialState } from './frozen-trial.js';
import type { StudyDirection } from './study-direction.js';

/** A study read from JSON: enough for reports and plots (`StudyLike`). */
export interface StudyJson {
  studyName: string | undefined;
  directions: StudyDirection[];
  trials: FrozenTrial[];
}

/** A study JSON that parsed but does not hold a study; `message` names the source and the field. */
export class StudyJsonError extends Error {
  override name = 'StudyJsonError';
}

const STATES: readonly TrialState[] = ['RUNNING', 'WAITING', 'COMPLETE', 'PRUNED', 'FAIL'];

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks one field at a time; every failure names where it is (`trials[3].params.lr`). */
class FieldReader {
  constructor(private readonly source: string) {}

  fail(where: string, expected: string, value: Json): never {
    const shown = JSON.stringify(value) ?? String(value);
    const got = shown.length > 60 ? `${shown.slice(0, 60)}...` : shown;
    throw new StudyJsonError(`${this.source}: ${where} must be ${expected}; got ${got}`);
  }

  record(value: Json, where: string): Record<string, Json> {
    if (!isRecord(value)) this.fail(where, 'an object', value);
    return value;
  }

  array(value: Json, where: string): Json[] {
    if (!Array.isArray(value)) this.fail(where, 'an array', value);
    return value;
  }

  integer(value: Json, where: string): number {
    if (!Number.isSafeInteger(value) || (value as number) < 0) this.fail(where, 'an integer >= 0', value);
    return value as number;
  }

  /** A number, or null for NaN and the infinities (which JSON writes as null). */
  number(value: Json, where: string): number {
    if (value === null) return Number.NaN;
    if (typeof value !== 'number') this.fail(where, 'a number or null', value);
    return value;
  }

  date(value: Json, where: string): string | null {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) this.fail(where, 'an ISO date or null', value);
    return value;
  }

  attrs(value: Json, where: string): Record<string, JsonValue> {
    return value === undefined ? {} : (this.record(value, where) as Record<string, JsonValue>);
  }

  distribution(value: Json, where: string): Distribution {
    const spec = this.record(value, where);
    try {
      if (spec.type === 'categorical') return categoricalDistribution(spec.choices as never, where);
      const options = { step: spec.step as number | undefined, log: spec.log === true };
      if (spec.type === 'float') return floatDistribution(spec.low as number, spec.high as number, options, where);
      if (spec.type === 'int') return intDistribution(spec.low as number, spec.high as number, options, where);
    } catch (error) {
      throw new StudyJsonError(`${this.source}: ${(error as Error).message}`);
    }
    return this.fail(`${where}.type`, "'float', 'int' or 'categorical'", spec.type);
  }

  trial(value: Json, index: number): TrialRecord {
    const where = `trials[${index}]`;
    const trial = this.record(value, where);
    const number = this.integer(trial.number, `${where}.number`);
    const state = trial.state as TrialState;
    if (!STATES.includes(state)) this.fail(`${where}.state`, `one of ${STATES.join(', ')}`, trial.state);
    const values =
      trial.values === null || trial.values === undefined
        ? null
        : this.array(trial.values, `${where}.values`).map((v, i) => this.number(v, `${where}.values[${i}]`));
    const distributions: Record<string, Distribution> = {};
    for (const [name, spec] of Object.entries(this.record(trial.distributions ?? {}, `${where}.distributions`))) {
      distributions[name] = this.distribution(spec, `${where}.distributions.${name}`);
    }
    const params: Record<string, number> = {};
    for (const [name, internal] of Object.entries(this.record(trial.params ?? {}, `${where}.params`))) {
      const distribution = distributions[name];
      if (distribution === undefined) this.fail(`${where}.params.${name}`, 'a parameter with a distribution', internal);
      if (typeof internal !== 'number' || !contains(distribution, internal)) {
        this.fail(`${where}.params.${name}`, `a value of its distribution (internal representation)`, internal);
      }
      params[name] = internal;
    }
    const intermediateValues = this.array(trial.intermediateValues ?? [], `${where}.intermediateValues`).map(
      (pair, i): [number, number] => {
        const at = `${where}.intermediateValues[${i}]`;
        if (!Array.isArray(pair) || pair.length !== 2) this.fail(at, 'a [step, value] pair', pair);
        return [this.integer(pair[0], `${at}[0]`), this.number(pair[1], `${at}[1]`)];
      },
    );
    return {
      trialId: trial.trialId === undefined ? number : this.integer(trial.trialId, `${where}.trialId`),
      number,
      state,
      values,
      datetimeStart: this.date(trial.datetimeStart, `${where}.datetimeStart`),
      datetimeComplete: this.date(trial.datetimeComplete, `${where}.datetimeComplete`),
      params,
      distributions,
      intermediateValues,
      userAttrs: this.attrs(trial.userAttrs, `${where}.userAttrs`),
      systemAttrs: this.attrs(trial.systemAttrs, `${where}.systemAttrs`),
    };
  }
}

/**
 * The study in `text`, as `study.toJson()` writes it (`{ studyName, directions, trials }`). Throws a
 * `SyntaxError` for invalid JSON and a `StudyJsonError` for a missing or malformed field, each
 * naming `source` (the file).
 */
export function parseStudyJson(text: string, source: string): StudyJson {
  const reader = new FieldReader(source);
  const root = reader.record(parseJson(text, source), 'the file');
  const directions = reader.array(root.directions, 'directions');
  if (directions.length === 0 || directions.some((d) => d !== 'minimize' && d !== 'maximize')) {
    reader.fail('directions', "a non-empty array of 'minimize' and 'maximize'", root.directions);
  }
  const trials = reader.array(root.trials, 'trials').map((trial, index) => reader.trial(trial, index));
  for (const [index, trial] of trials.entries()) {
    if (trial.values !== null && trial.values.length !== directions.length) {
      reader.fail(`trials[${index}].values`, `${directions.length} value(s), one per direction`, trial.values);
    }
  }
  return {
    studyName: typeof root.studyName === 'string' ? root.studyName : undefined,
    directions: directions as StudyDirection[],
    trials: trials.map((record) => new FrozenTrial(record)),
  };
}

/** Reads a study JSON file (`parseStudyJson`); every error names the file. */
export async function readStudyJson(path: string): Promise<StudyJson> {
  return parseStudyJson(await readTextFile(path), path);
}
