// A study: one optimisation task, its trials and its best results (Optuna's `Study`). Trials are
// created and claimed through the storage, so several workers (or, with a shared storage,
// several processes) can run the same study.
import { performance } from 'node:perf_hooks';
import type { ParamValue } from './distributions.js';
import { type FrozenTrial, isFinished, type JsonValue, type TrialState } from './frozen-trial.js';
import { NopPruner } from './pruners/nop-pruner.js';
import type { Pruner } from './pruners/pruner.js';
import { RandomSampler } from './samplers/random-sampler.js';
import { type Sampler, SamplerExhaustedError } from './samplers/sampler.js';
import { TPESampler } from './samplers/tpe/tpe-sampler.js';
import { InMemoryStorage } from './storage/in-memory-storage.js';
import { type Storage, StudyNotFoundError } from './storage/storage.js';
import { storageFromUrl } from './storage/storage-url.js';
import { directionSign, nondominatedFronts, type StudyDirection } from './study-direction.js';
import { FIXED_PARAMS_KEY, Trial } from './trial.js';
import { TrialPruned } from './trial-pruned.js';
import { trialsToCsv, trialsToJson } from './trials-export.js';

export type ObjectiveResult = number | readonly number[];
export type Objective = (trial: Trial) => ObjectiveResult | Promise<ObjectiveResult>;
export type StudyCallback = (study: Study, trial: FrozenTrial) => void | Promise<void>;
/** Errors the study records as FAIL and moves on from: error classes, or a predicate. */
export type CatchSpec = ReadonlyArray<abstract new (...args: never[]) => unknown> | ((error: unknown) => boolean);

export interface OptimizeOptions {
  /** Trials to run in this call; unlimited when omitted (then set `timeout` or call `study.stop()`). */
  nTrials?: number;
  /** Seconds after which no new trial starts. */
  timeout?: number;
  /** Called after each finished trial. */
  callbacks?: readonly StudyCallback[];
  /**
   * Which errors thrown by the objective only fail the trial. As in Optuna, any other error is
   * recorded (state FAIL, `failReason`) and then re-thrown, stopping the study. Invalid returned
   * values (NaN, wrong type or count) always just fail the trial.
   */
  catch?: CatchSpec;
  /**
   * Concurrent workers in this process (default 1). They interleave async (I/O-bound) objectives
   * on one thread; CPU-bound objectives run in parallel with `runParallelStudy` instead.
   */
  nJobs?: number;
}

export interface StudyOptions {
  direction?: StudyDirection;
  directions?: readonly StudyDirection[];
  /** Default: `TPESampler` (single objective) or `RandomSampler` (multi-objective); pass `NSGAIISampler` for the latter. */
  sampler?: Sampler;
  /** Default: `NopPruner`. */
  pruner?: Pruner;
  /** Default: a new `InMemoryStorage`. A URL such as `'sqlite:///study.db'` opens a `SqliteStorage`. */
  storage?: Storage | string;
  /** Default: a fresh unique name. */
  studyName?: string;
  /** With a `studyName` that exists in `storage`, load it instead of failing. */
  loadIfExists?: boolean;
}

export type TellResult =
  | number
  | readonly number[]
  | { state: 'COMPLETE' | 'PRUNED' | 'FAIL'; values?: readonly number[] };

let unnamedStudies = 0;

function resolveDirections(options: StudyOptions): StudyDirection[] {
  if (options.direction && options.directions) throw new TypeError('pass either direction or directions, not both');
  const directions = options.directions ? [...options.directions] : [options.direction ?? 'minimize'];
  if (directions.length === 0) throw new RangeError('directions must not be empty');
  for (const direction of directions) {
    if (direction !== 'minimize' && direction !== 'maximize') {
      throw new RangeError(`direction must be 'minimize' or 'maximize'; got ${String(direction)}`);
    }
  }
  return directions;
}

export function createStudy(options: StudyOptions = {}): Study {
  const storage = resolveStorage(options.storage ?? new InMemoryStorage());
  const directions = resolveDirections(options);
  const studyName = options.studyName ?? `no-name-${Date.now().toString(36)}-${unnamedStudies++}`;
  let studyId = storage.findStudyId(studyName);
  if (studyId !== undefined && options.loadIfExists) {
    const stored = storage.getStudyDirections(studyId);
    if (stored.join() !== directions.join()) {
      throw new Error(`study "${studyName}" exists with directions [${stored}], not [${directions}]`);
    }
  } else {
    studyId = storage.createStudy(studyName, directions);
  }
  return new Study(storage, studyId, options.sampler, options.pruner);
}

export function loadStudy(options: {
  studyName: string;
  storage: Storage | string;
  sampler?: Sampler;
  pruner?: Pruner;
}): Study {
  const storage = resolveStorage(options.storage);
  const studyId = storage.findStudyId(options.studyName);
  if (studyId === undefined) throw new StudyNotFoundError(`named "${options.studyName}"`);
  return new Study(storage, studyId, options.sampler, options.pruner);
}

export function deleteStudy(options: { studyName: string; storage: Storage | string }): void {
  const storage = resolveStorage(options.storage);
  const studyId = storage.findStudyId(options.studyName);
  if (studyId === undefined) throw new StudyNotFoundError(`named "${options.studyName}"`);
  storage.deleteStudy(studyId);
}

function resolveStorage(storage: Storage | string): Storage {
  return typeof storage === 'string' ? storageFromUrl(storage) : storage;
}

/**
 * Whether the objective threw `TrialPruned`. Compared by name too: another copy of this package
 * (its CommonJS build, or the one an objective module imports in a worker) has its own class.
 */
function isTrialPruned(error: unknown): boolean {
  return error instanceof TrialPruned || (error instanceof Error && error.name === 'TrialPruned');
}

function isCaught(error: unknown, spec: CatchSpec | undefined): boolean {
  if (!spec) return false;
  if (typeof spec === 'function') return spec(error);
  return spec.some((errorClass) => error instanceof errorClass);
}

/** Why a returned value cannot be recorded, or undefined when it can. */
function invalidValuesReason(result: unknown, nObjectives: number): string | undefined {
  const values = typeof result === 'number' ? [result] : result;
  if (!Array.isArray(values) || values.some((value) => typeof value !== 'number')) {
    return `the objective returned ${String(result)}, not ${nObjectives === 1 ? 'a number' : 'an array of numbers'}`;
  }
  if (values.length !== nObjectives) {
    return `the objective returned ${values.length} values for a study with ${nObjectives} objective(s)`;
  }
  if (values.some(Number.isNaN)) return `the objective returned NaN (${JSON.stringify(values)})`;
  return undefined;
}

export class Study {
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  private stopRequested = false;

  constructor(
    readonly storage: Storage,
    readonly studyId: number,
    sampler?: Sampler,
    pruner?: Pruner,
  ) {
    const multiObjective = storage.getStudyDirections(studyId).length > 1;
    this.sampler = sampler ?? (multiObjective ? new RandomSampler() : new TPESampler());
    this.pruner = pruner ?? new NopPruner();
  }

  get studyName(): string {
    return this.storage.getStudyName(this.studyId);
  }

  get directions(): readonly StudyDirection[] {
    return this.storage.getStudyDirections(this.studyId);
  }

  /** The direction of a single-objective study. */
  get direction(): StudyDirection {
    const directions = this.directions;
    if (directions.length > 1) throw new Error('study.direction is for single-objective studies; use study.directions');
    return directions[0];
  }

  get trials(): readonly FrozenTrial[] {
    return this.storage.getAllTrials(this.studyId);
  }

  getTrials(states?: readonly TrialState[]): readonly FrozenTrial[] {
    return this.storage.getAllTrials(this.studyId, states);
  }

  /** The best COMPLETE trial of a single-objective study. */
  get bestTrial(): FrozenTrial {
    const sign = directionSign(this.direction);
    let best: FrozenTrial | undefined;
    for (const trial of this.getTrials(['COMPLETE'])) {
      if (!best || sign * (trial.values?.[0] ?? 0) < sign * (best.values?.[0] ?? 0)) best = trial;
    }
    if (!best) throw new Error('no trial has completed yet');
    return best;
  }

  get bestValue(): number {
    return this.bestTrial.values?.[0] ?? Number.NaN;
  }

  get bestParams(): Readonly<Record<string, ParamValue>> {
    return this.bestTrial.params;
  }

  /** The Pareto front of the COMPLETE trials (for one objective: every trial with the best value). */
  get bestTrials(): FrozenTrial[] {
    const complete = this.getTrials(['COMPLETE']);
    if (complete.length === 0) return [];
    return nondominatedFronts(complete, (trial) => trial.values ?? [], this.directions)[0];
  }

  setUserAttr(key: string, value: JsonValue): void {
    this.storage.setStudyUserAttr(this.studyId, key, value);
  }

  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.storage.getStudyUserAttrs(this.studyId);
  }

  /** Makes `optimize` start no further trial (e.g. from a callback). */
  stop(): void {
    this.stopRequested = true;
  }

  /**
   * Schedules a trial whose parameters are fixed to `params` (the others are sampled as usual);
   * it runs before any new trial. With `skipIfExists`, nothing happens when a trial with these
   * parameter values already exists.
   */
  enqueueTrial(
    params: Record<string, ParamValue>,
    options: { userAttrs?: Record<string, JsonValue>; skipIfExists?: boolean } = {},
  ): void {
    if (options.skipIfExists && this.trials.some((trial) => sameParams(trial, params))) return;
    this.storage.createTrial(this.studyId, {
      state: 'WAITING',
      userAttrs: options.userAttrs,
      systemAttrs: { [FIXED_PARAMS_KEY]: params },
    });
  }

  /**
   * Starts a trial (an enqueued one first) for an objective run outside `optimize`. Throws
   * `SamplerExhaustedError` when the sampler has nothing left (a GridSampler's points are all taken).
   */
  ask(): Trial {
    const frozen = this.storage.claimWaitingTrial(this.studyId) ?? this.createRunningTrial();
    this.sampler.beforeTrial?.(this, frozen);
    const current = this.storage.getTrial(frozen.trialId);
    const searchSpace = this.sampler.inferRelativeSearchSpace?.(this, current) ?? {};
    const relativeParams =
      Object.keys(searchSpace).length > 0 ? (this.sampler.sampleRelative?.(this, current, searchSpace) ?? {}) : {};
    return new Trial(this, frozen.trialId, frozen.number, searchSpace, relativeParams);
  }

  /**
   * Finishes a trial started by `ask`: with its value(s) (COMPLETE, or FAIL when they are invalid)
   * or an explicit state. A PRUNED trial takes its last reported value, as in Optuna.
   */
  tell(trial: Trial | number, result: TellResult): FrozenTrial {
    const trialId = typeof trial === 'number' ? this.trialIdOf(trial) : trial.trialId;
    const frozen = this.storage.getTrial(trialId);
    if (isFinished(frozen.state)) throw new Error(`trial ${frozen.number} has already finished (${frozen.state})`);
    if (frozen.state === 'WAITING') throw new Error(`trial ${frozen.number} has not started; ask() for it first`);
    let values: unknown = result;
    if (typeof result === 'object' && 'state' in result) {
      if (result.state === 'PRUNED') return this.finish(trialId, 'PRUNED', this.lastReportedValue(frozen));
      if (result.state === 'FAIL') return this.finish(trialId, 'FAIL', null, 'told FAIL');
      values = result.values;
    }
    const reason = invalidValuesReason(values, this.directions.length);
    if (reason) return this.finish(trialId, 'FAIL', null, reason);
    return this.finish(trialId, 'COMPLETE', typeof values === 'number' ? [values] : [...(values as number[])]);
  }

  /** Runs the objective on new trials until `nTrials`, `timeout` or `stop()`. */
  async optimize(objective: Objective, options: OptimizeOptions = {}): Promise<void> {
    const { nTrials, timeout, callbacks = [], nJobs = 1 } = options;
    if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0)) {
      throw new RangeError(`nTrials must be an integer >= 0; got ${nTrials}`);
    }
    if (timeout !== undefined && !(timeout >= 0)) throw new RangeError(`timeout must be >= 0 seconds; got ${timeout}`);
    if (!(Number.isInteger(nJobs) && nJobs >= 1)) throw new RangeError(`nJobs must be an integer >= 1; got ${nJobs}`);
    this.stopRequested = false;
    const deadline = timeout === undefined ? Number.POSITIVE_INFINITY : performance.now() + timeout * 1000;
    let started = 0;
    const worker = async () => {
      while (!this.stopRequested && (nTrials === undefined || started < nTrials) && performance.now() < deadline) {
        started++;
        const frozen = await this.runTrial(objective, options.catch);
        if (frozen === undefined) {
          this.stopRequested = true;
          return;
        }
        for (const callback of callbacks) await callback(this, frozen);
      }
    };
    try {
      await Promise.all(Array.from({ length: nJobs }, worker));
    } finally {
      this.stopRequested = false;
    }
  }

  /** All trials as CSV, one row per trial (params, user attributes, values, state, timing). */
  toCsv(): string {
    return trialsToCsv(this.trials, this.directions);
  }

  /** The study (name, directions, user attributes) and all its trials as JSON. */
  toJson(): string {
    return trialsToJson(this.studyName, this.directions, this.userAttrs, this.trials);
  }

  /** Runs one trial; undefined when the sampler is exhausted and no trial was started. */
  private async runTrial(objective: Objective, catchSpec: CatchSpec | undefined): Promise<FrozenTrial | undefined> {
    // Optuna's fail_stale_trials: trials of workers that died stop counting as running.
    this.storage.failStaleTrials?.(this.studyId);
    let trial: Trial;
    try {
      trial = this.ask();
    } catch (error) {
      if (error instanceof SamplerExhaustedError) return undefined;
      throw error;
    }
    const stopHeartbeat = this.storage.startHeartbeat?.(trial.trialId);
    let result: ObjectiveResult;
    try {
      result = await objective(trial);
    } catch (error) {
      if (isTrialPruned(error)) return this.tell(trial, { state: 'PRUNED' });
      const frozen = this.finish(trial.trialId, 'FAIL', null, error instanceof Error ? error.message : String(error));
      if (!isCaught(error, catchSpec)) {
        this.stopRequested = true;
        throw error;
      }
      return frozen;
    } finally {
      stopHeartbeat?.();
    }
    return this.tell(trial, result);
  }

  private createRunningTrial(): FrozenTrial {
    const claim = this.sampler.uniqueTrialAttr?.(this);
    if (!claim) return this.storage.createTrial(this.studyId, { state: 'RUNNING' });
    const trial = this.storage.createTrialClaiming(this.studyId, claim);
    if (!trial) throw new SamplerExhaustedError(`every value of the trials' '${claim.key}' is taken`);
    return trial;
  }

  private finish(
    trialId: number,
    state: 'COMPLETE' | 'PRUNED' | 'FAIL',
    values: number[] | null,
    failReason?: string,
  ): FrozenTrial {
    if (failReason !== undefined) this.storage.setTrialSystemAttr(trialId, 'failReason', failReason);
    if (!this.storage.setTrialStateValues(trialId, state, values)) {
      throw new Error(`trial with id ${trialId} was finished by another worker`);
    }
    const frozen = this.storage.getTrial(trialId);
    this.sampler.afterTrial?.(this, frozen);
    return frozen;
  }

  private lastReportedValue(trial: FrozenTrial): number[] | null {
    const step = trial.lastStep;
    if (step === undefined) return null;
    const value = trial.intermediateValues.get(step) as number;
    return Number.isNaN(value) ? null : [value];
  }

  private trialIdOf(number: number): number {
    const trial = this.trials[number];
    if (!trial) throw new RangeError(`no trial number ${number} in study "${this.studyName}"`);
    return trial.trialId;
  }
}

/** Whether a trial has (or, if still waiting, will have) exactly these parameter values. */
function sameParams(trial: FrozenTrial, params: Record<string, ParamValue>): boolean {
  const existing = (trial.systemAttrs[FIXED_PARAMS_KEY] as Record<string, ParamValue> | undefined) ?? trial.params;
  const names = Object.keys(params);
  return (
    names.length === Object.keys(existing).length &&
    names.every((name) => name in existing && Object.is(existing[name], params[name]))
  );
}
