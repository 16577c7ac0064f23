// The one door to study and trial state. Everything a study, sampler or pruner learns or records
// goes through a `Storage`, so a persistent or shared implementation (SQLite, several processes)
// can replace the in-memory one without other changes. The interface is synchronous on purpose:
// `trial.suggestFloat()` must stay synchronous (as in Optuna), and embedded databases such as
// SQLite are synchronous too. Values cross it as JSON-serialisable data only.
import type { Distribution } from '../distributions.js';
import type { FrozenTrial, JsonValue, TrialState } from '../frozen-trial.js';
import type { StudyDirection } from '../study-direction.js';

/** What a new trial starts with; `enqueueTrial` creates WAITING trials with fixed parameters. */
export interface TrialTemplate {
  state: 'RUNNING' | 'WAITING';
  userAttrs?: Record<string, JsonValue>;
  systemAttrs?: Record<string, JsonValue>;
}

/** A system attribute whose value no two trials of a study may share (GridSampler: the grid point). */
export interface UniqueAttrClaim {
  key: string;
  /** Acceptable values in order of preference; the first one no trial holds yet is taken. */
  candidates: readonly JsonValue[];
}

/** A study as `getAllStudies` lists it. */
export interface StoredStudy {
  studyId: number;
  studyName: string;
  directions: readonly StudyDirection[];
}

export interface Storage {
  /** Creates a study and returns its id; throws `DuplicatedStudyError` when the name is taken. */
  createStudy(studyName: string, directions: readonly StudyDirection[]): number;
  deleteStudy(studyId: number): void;
  /** The id of the study with this name, or undefined. */
  findStudyId(studyName: string): number | undefined;
  getStudyName(studyId: number): string;
  getStudyDirections(studyId: number): readonly StudyDirection[];
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): void;
  getStudyUserAttrs(studyId: number): Readonly<Record<string, JsonValue>>;
  /**
   * Every study, oldest first (Optuna's `get_all_studies`). Optional for storages of your own; the
   * dashboard needs it.
   */
  getAllStudies?(): readonly StoredStudy[];

  /** Creates a trial numbered after the study's existing ones. */
  createTrial(studyId: number, template: TrialTemplate): FrozenTrial;
  /**
   * Atomically moves the oldest WAITING trial to RUNNING and returns it, or returns undefined.
   * Workers claim enqueued trials through this, so no two of them run the same one.
   */
  claimWaitingTrial(studyId: number): FrozenTrial | undefined;
  /**
   * Atomically creates a RUNNING trial whose system attribute `claim.key` is the first of
   * `claim.candidates` that no trial of the study holds yet; returns undefined, creating nothing,
   * when every candidate is held. Concurrent workers thus never take the same value.
   */
  createTrialClaiming(studyId: number, claim: UniqueAttrClaim): FrozenTrial | undefined;
  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): void;
  setTrialIntermediateValue(trialId: number, step: number, value: number): void;
  /**
   * Finishes a trial (or records a RUNNING trial's values). Returns false, changing nothing, when
   * the trial had already finished, e.g. because another worker told it first.
   */
  setTrialStateValues(trialId: number, state: TrialState, values: readonly number[] | null): boolean;
  setTrialUserAttr(trialId: number, key: string, value: JsonValue): void;
  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void;
  getTrial(trialId: number): FrozenTrial;
  /** The study's trials in order of their number, optionally only those in `states`. */
  getAllTrials(studyId: number, states?: readonly TrialState[]): readonly FrozenTrial[];

  /**
   * For storages that detect dead workers (Optuna's heartbeat): keeps recording that this process
   * is running the trial until the returned function is called.
   */
  startHeartbeat?(trialId: number): () => void;
  /** Marks FAIL the study's RUNNING trials whose heartbeat is older than the grace period; returns them. */
  failStaleTrials?(studyId: number): readonly FrozenTrial[];
}

export class DuplicatedStudyError extends Error {
  constructor(studyName: string) {
    super(`a study named "${studyName}" already exists; pass loadIfExists: true to reuse it`);
    this.name = 'DuplicatedStudyError';
  }
}

export class StudyNotFoundError extends Error {
  constructor(what: string) {
    super(`no study ${what}`);
    this.name = 'StudyNotFoundError';
  }
}
