// The default storage: studies and trials in this process's memory (Optuna's `InMemoryStorage`).
// Trial snapshots are immutable and replaced on every change, so reads hand them out uncopied.
import type { Distribution } from '../distributions.js';
import { FrozenTrial, isFinished, type JsonValue, type TrialRecord, type TrialState } from '../frozen-trial.js';
import type { StudyDirection } from '../study-direction.js';
import {
  DuplicatedStudyError,
  type Storage,
  type StoredStudy,
  StudyNotFoundError,
  type TrialTemplate,
  type UniqueAttrClaim,
} from './storage.js';

interface StudyRecord {
  name: string;
  directions: readonly StudyDirection[];
  userAttrs: Record<string, JsonValue>;
  trialIds: number[];
}

export class InMemoryStorage implements Storage {
  private readonly studies = new Map<number, StudyRecord>();
  private readonly trials = new Map<number, FrozenTrial>();
  private readonly studyOfTrial = new Map<number, number>();
  private nextStudyId = 0;
  private nextTrialId = 0;

  createStudy(studyName: string, directions: readonly StudyDirection[]): number {
    if (this.findStudyId(studyName) !== undefined) throw new DuplicatedStudyError(studyName);
    const studyId = this.nextStudyId++;
    this.studies.set(studyId, { name: studyName, directions: [...directions], userAttrs: {}, trialIds: [] });
    return studyId;
  }

  deleteStudy(studyId: number): void {
    const study = this.study(studyId);
    for (const trialId of study.trialIds) {
      this.trials.delete(trialId);
      this.studyOfTrial.delete(trialId);
    }
    this.studies.delete(studyId);
  }

  findStudyId(studyName: string): number | undefined {
    for (const [studyId, study] of this.studies) if (study.name === studyName) return studyId;
    return undefined;
  }

  getAllStudies(): readonly StoredStudy[] {
    return [...this.studies].map(([studyId, { name, directions }]) => ({ studyId, studyName: name, directions }));
  }

  getStudyName(studyId: number): string {
    return this.study(studyId).name;
  }

  getStudyDirections(studyId: number): readonly StudyDirection[] {
    return this.study(studyId).directions;
  }

  setStudyUserAttr(studyId: number, key: string, value: JsonValue): void {
    this.study(studyId).userAttrs[key] = structuredClone(value);
  }

  getStudyUserAttrs(studyId: number): Readonly<Record<string, JsonValue>> {
    return structuredClone(this.study(studyId).userAttrs);
  }

  createTrial(studyId: number, template: TrialTemplate): FrozenTrial {
    const study = this.study(studyId);
    const trialId = this.nextTrialId++;
    const trial = new FrozenTrial({
      trialId,
      number: study.trialIds.length,
      state: template.state,
      values: null,
      datetimeStart: template.state === 'RUNNING' ? new Date().toISOString() : null,
      datetimeComplete: null,
      params: {},
      distributions: {},
      intermediateValues: [],
      userAttrs: structuredClone(template.userAttrs ?? {}),
      systemAttrs: structuredClone(template.systemAttrs ?? {}),
    });
    study.trialIds.push(trialId);
    this.trials.set(trialId, trial);
    this.studyOfTrial.set(trialId, studyId);
    return trial;
  }

  claimWaitingTrial(studyId: number): FrozenTrial | undefined {
    for (const trialId of this.study(studyId).trialIds) {
      const trial = this.getTrial(trialId);
      if (trial.state !== 'WAITING') continue;
      return this.update(trialId, { state: 'RUNNING', datetimeStart: new Date().toISOString() });
    }
    return undefined;
  }

  createTrialClaiming(studyId: number, claim: UniqueAttrClaim): FrozenTrial | undefined {
    const held = new Set(this.getAllTrials(studyId).map((trial) => JSON.stringify(trial.systemAttrs[claim.key])));
    const free = claim.candidates.find((candidate) => !held.has(JSON.stringify(candidate)));
    if (free === undefined) return undefined;
    return this.createTrial(studyId, { state: 'RUNNING', systemAttrs: { [claim.key]: free } });
  }

  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): void {
    const trial = this.runningTrial(trialId);
    this.update(trialId, {
      params: { ...trial.internalParams, [name]: internalValue },
      distributions: { ...trial.distributions, [name]: distribution },
    });
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): void {
    const trial = this.runningTrial(trialId);
    const values = new Map(trial.intermediateValues).set(step, value);
    this.update(trialId, { intermediateValues: [...values] });
  }

  setTrialStateValues(trialId: number, state: TrialState, values: readonly number[] | null): boolean {
    const trial = this.getTrial(trialId);
    if (isFinished(trial.state)) return false;
    const now = new Date().toISOString();
    this.update(trialId, {
      state,
      values: values === null ? null : [...values],
      datetimeStart: trial.datetimeStart?.toISOString() ?? (state === 'RUNNING' ? now : null),
      datetimeComplete: isFinished(state) ? now : null,
    });
    return true;
  }

  setTrialUserAttr(trialId: number, key: string, value: JsonValue): void {
    const trial = this.runningTrial(trialId);
    this.update(trialId, { userAttrs: { ...trial.userAttrs, [key]: structuredClone(value) } });
  }

  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void {
    const trial = this.getTrial(trialId);
    this.update(trialId, { systemAttrs: { ...trial.systemAttrs, [key]: structuredClone(value) } });
  }

  getTrial(trialId: number): FrozenTrial {
    const trial = this.trials.get(trialId);
    if (!trial) throw new RangeError(`no trial with id ${trialId}`);
    return trial;
  }

  getAllTrials(studyId: number, states?: readonly TrialState[]): readonly FrozenTrial[] {
    const all = this.study(studyId).trialIds.map((trialId) => this.getTrial(trialId));
    return states ? all.filter((trial) => states.includes(trial.state)) : all;
  }

  private study(studyId: number): StudyRecord {
    const study = this.studies.get(studyId);
    if (!study) throw new StudyNotFoundError(`with id ${studyId}`);
    return study;
  }

  private runningTrial(trialId: number): FrozenTrial {
    const trial = this.getTrial(trialId);
    if (isFinished(trial.state)) {
      throw new Error(`trial ${trial.number} has already finished (${trial.state}) and cannot be changed`);
    }
    return trial;
  }

  private update(trialId: number, changes: Partial<TrialRecord>): FrozenTrial {
    const trial = new FrozenTrial({ ...this.getTrial(trialId).toRecord(), ...changes });
    this.trials.set(trialId, trial);
    return trial;
  }
}
