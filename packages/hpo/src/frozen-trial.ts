// An immutable snapshot of one trial as the storage holds it (Optuna's `FrozenTrial`). Parameters
// are kept in their internal representation next to their distributions; `params` is the view
// the objective saw. Storages replace snapshots instead of mutating them, so they can be shared.
import { type Distribution, type ParamValue, toExternal } from './distributions.js';

export type TrialState = 'RUNNING' | 'WAITING' | 'COMPLETE' | 'PRUNED' | 'FAIL';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function isFinished(state: TrialState): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

/** The serialisable fields of a trial: what a storage writes and reads back. */
export interface TrialRecord {
  trialId: number;
  number: number;
  state: TrialState;
  /** Objective values; for a pruned trial, its last intermediate value (as Optuna does). */
  values: number[] | null;
  datetimeStart: string | null;
  datetimeComplete: string | null;
  /** Internal representation: floats, integers, or the index of a categorical choice. */
  params: Record<string, number>;
  distributions: Record<string, Distribution>;
  /** `[step, value]` pairs in the order they were reported. */
  intermediateValues: [number, number][];
  userAttrs: Record<string, JsonValue>;
  systemAttrs: Record<string, JsonValue>;
}

export class FrozenTrial {
  readonly trialId: number;
  readonly number: number;
  readonly state: TrialState;
  readonly values: readonly number[] | null;
  readonly datetimeStart: Date | null;
  readonly datetimeComplete: Date | null;
  readonly internalParams: Readonly<Record<string, number>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  readonly intermediateValues: ReadonlyMap<number, number>;
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  private externalParams: Record<string, ParamValue> | undefined;

  constructor(record: TrialRecord) {
    this.trialId = record.trialId;
    this.number = record.number;
    this.state = record.state;
    this.values = record.values;
    this.datetimeStart = record.datetimeStart === null ? null : new Date(record.datetimeStart);
    this.datetimeComplete = record.datetimeComplete === null ? null : new Date(record.datetimeComplete);
    this.internalParams = record.params;
    this.distributions = record.distributions;
    this.intermediateValues = new Map(record.intermediateValues);
    this.userAttrs = record.userAttrs;
    this.systemAttrs = record.systemAttrs;
  }

  /** Parameter values as the objective received them. */
  get params(): Readonly<Record<string, ParamValue>> {
    if (!this.externalParams) {
      this.externalParams = {};
      for (const [name, internal] of Object.entries(this.internalParams)) {
        this.externalParams[name] = toExternal(this.distributions[name], internal);
      }
    }
    return this.externalParams;
  }

  /** The single objective value; throws for multi-objective trials. */
  get value(): number | undefined {
    if (this.values === null) return undefined;
    if (this.values.length !== 1) throw new Error('trial.value is for single-objective studies; use trial.values');
    return this.values[0];
  }

  /** The largest reported step, or undefined when nothing was reported. */
  get lastStep(): number | undefined {
    let last: number | undefined;
    for (const step of this.intermediateValues.keys()) if (last === undefined || step > last) last = step;
    return last;
  }

  /** Why the trial failed (the error message or the invalid return value), if it did. */
  get failReason(): string | undefined {
    const reason = this.systemAttrs.failReason;
    return typeof reason === 'string' ? reason : undefined;
  }

  /** Seconds between start and completion. */
  get durationSeconds(): number | undefined {
    if (!this.datetimeStart || !this.datetimeComplete) return undefined;
    return (this.datetimeComplete.getTime() - this.datetimeStart.getTime()) / 1000;
  }

  toRecord(): TrialRecord {
    return {
      trialId: this.trialId,
      number: this.number,
      state: this.state,
      values: this.values === null ? null : [...this.values],
      datetimeStart: this.datetimeStart?.toISOString() ?? null,
      datetimeComplete: this.datetimeComplete?.toISOString() ?? null,
      params: { ...this.internalParams },
      distributions: { ...this.distributions },
      intermediateValues: [...this.intermediateValues],
      userAttrs: { ...this.userAttrs },
      systemAttrs: { ...this.systemAttrs },
    };
  }

  /** The record plus the external parameter values, for reports. */
  toJSON(): TrialRecord & { externalParams: Record<string, ParamValue> } {
    return { ...this.toRecord(), externalParams: { ...this.params } };
  }
}
