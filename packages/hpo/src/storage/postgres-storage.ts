// Studies in a PostgreSQL database (Optuna's RDBStorage on PostgreSQL): any number of worker
// processes on any number of machines attach to one study. Same semantics as `SqliteStorage`;
// every method is one statement (most call a PL/pgSQL function of the schema, see
// postgres-schema.ts), hence one transaction and one round trip through the synchronous bridge
// (postgres-connection.ts). The schema is created, and migrated, by the library: a version table
// records which migrations ran, under an advisory lock so that workers starting together agree.
import type { Distribution } from '../distributions.js';
import { FrozenTrial, isFinished, type JsonValue, type TrialRecord, type TrialState } from '../frozen-trial.js';
import type { StudyDirection } from '../study-direction.js';
import { PostgresQueryError, redactedUrl, SyncPostgresConnection } from './postgres-connection.js';
import { MIGRATIONS, SCHEMA_ERRORS } from './postgres-schema.js';
import {
  decodeNumbers,
  encodeNumbers,
  gracePeriodMilliseconds,
  type HeartbeatOptions,
  retryTransient,
  staleTrialReason,
} from './sql-common.js';
import {
  DuplicatedStudyError,
  type Storage,
  type StoredStudy,
  StudyNotFoundError,
  type TrialTemplate,
  type UniqueAttrClaim,
} from './storage.js';

export interface PostgresStorageOptions extends HeartbeatOptions {
  /**
   * How many times a trial failed for a stale heartbeat is enqueued again (Optuna's
   * RetryFailedTrialCallback `max_retry`): a WAITING copy with its parameters fixed and its
   * attributes (a grid point included) copied, which the next free worker runs. Default 0.
   */
  maxRetries?: number;
  /**
   * Open for reading only (the dashboard does): every transaction of the session is read-only, so
   * the server refuses any write, and the schema must already be there, at this library's version.
   */
  readOnly?: boolean;
}

/** Whether `url` names a PostgreSQL database (`postgresql://` or `postgres://`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The table recording which migrations of postgres-schema.ts have run. */
export const SCHEMA_VERSION_TABLE = 'hw7_hpo_schema_version';
// Any constant; shared by every process migrating the same database.
const MIGRATION_LOCK_KEY = 7_000_011;
const UNIQUE_VIOLATION = '23505';
// Deadlocks and serialisation failures only need the transaction run again.
const TRANSIENT_CODES = new Set(['40P01', '40001']);

type TrialJson = Omit<TrialRecord, 'values' | 'params' | 'distributions' | 'intermediateValues'> & {
  values: string | null;
  params: [string, number | string, Distribution][] | null;
  intermediateValues: [number, number | string][] | null;
  userAttrs: [string, JsonValue][] | null;
  systemAttrs: [string, JsonValue][] | null;
};

export class PostgresStorage implements Storage {
  readonly heartbeatInterval: number | undefined;
  readonly maxRetries: number;
  private readonly gracePeriodMs: number;
  private readonly connection: SyncPostgresConnection;
  // Finished trials never change again, so they are read once (as Optuna caches them).
  private readonly finishedTrials = new Map<number, FrozenTrial>();
  // The RUNNING trials this storage created or claimed: only their worker writes to them, so it
  // reads them back from here, kept up to date by its own writes, not from the server (as Optuna's
  // cached storage does). Another worker can only fail them as stale, which the server's check
  // then reports at this worker's next write.
  private readonly ownTrials = new Map<number, TrialRecord>();
  private readonly directions = new Map<number, readonly StudyDirection[]>();

  /** Connects to `postgresql://user[:password]@host[:port]/database` and creates or migrates the schema. */
  constructor(
    readonly url: string,
    options: PostgresStorageOptions = {},
  ) {
    if (!isPostgresUrl(url)) {
      throw new RangeError(
        `PostgreSQL URL must look like 'postgresql://user@host:5432/database'; got '${redactedUrl(url)}'`,
      );
    }
    const { heartbeatInterval, maxRetries = 0, readOnly = false } = options;
    if (readOnly && heartbeatInterval !== undefined) {
      throw new RangeError('heartbeatInterval writes heartbeats; it cannot go with readOnly');
    }
    this.gracePeriodMs = gracePeriodMilliseconds(options);
    if (!(Number.isInteger(maxRetries) && maxRetries >= 0)) {
      throw new RangeError(`maxRetries must be an integer >= 0; got ${maxRetries}`);
    }
    if (maxRetries > 0 && heartbeatInterval === undefined) {
      throw new RangeError(`maxRetries retries trials failed for a stale heartbeat; it needs a heartbeatInterval`);
    }
    this.heartbeatInterval = heartbeatInterval;
    this.maxRetries = maxRetries;
    this.connection = new SyncPostgresConnection(url, {
      heartbeatIntervalMs: heartbeatInterval === undefined ? undefined : heartbeatInterval * 1000,
      readOnly,
    });
    try {
      if (readOnly) this.checkSchema();
      else this.migrate();
    } catch (error) {
      this.connection.close();
      throw error;
    }
  }

  /** The schema version this library writes. */
  static get schemaVersion(): number {
    return MIGRATIONS.length;
  }

  /** Closes the connection; the storage cannot be used afterwards. */
  close(): void {
    this.connection.close();
  }

  createStudy(studyName: string, directions: readonly StudyDirection[]): number {
    try {
      return this.value<number>('INSERT INTO studies (name, directions) VALUES ($1, $2) RETURNING study_id', [
        studyName,
        JSON.stringify(directions),
      ]);
    } catch (error) {
      if (error instanceof PostgresQueryError && error.code === UNIQUE_VIOLATION) {
        throw new DuplicatedStudyError(studyName);
      }
      throw error;
    }
  }

  deleteStudy(studyId: number): void {
    const deleted = this.query('DELETE FROM studies WHERE study_id = $1 RETURNING study_id', [studyId]);
    if (deleted.length === 0) throw new StudyNotFoundError(`with id ${studyId}`);
    this.directions.delete(studyId);
  }

  findStudyId(studyName: string): number | undefined {
    return this.query('SELECT study_id FROM studies WHERE name = $1', [studyName])[0]?.[0] as number | undefined;
  }

  getAllStudies(): readonly StoredStudy[] {
    return (
      this.query('SELECT study_id, name, directions FROM studies ORDER BY study_id') as [number, string, string][]
    ).map(([studyId, studyName, directions]) => ({
      studyId,
      studyName,
      directions: JSON.parse(directions) as StudyDirection[],
    }));
  }

  getStudyName(studyId: number): string {
    return this.requireStudy(studyId)[0];
  }

  getStudyDirections(studyId: number): readonly StudyDirection[] {
    // A study's directions never change, and every `tell` asks for them.
    let directions = this.directions.get(studyId);
    if (!directions) {
      directions = JSON.parse(this.requireStudy(studyId)[1]) as StudyDirection[];
      this.directions.set(studyId, directions);
    }
    return directions;
  }

  setStudyUserAttr(studyId: number, key: string, value: JsonValue): void {
    this.query('SELECT hw7_set_study_user_attr($1, $2, $3)', [studyId, key, JSON.stringify(value)]);
  }

  getStudyUserAttrs(studyId: number): Readonly<Record<string, JsonValue>> {
    const rows = this.query(
      'SELECT a.key, a.value FROM studies s LEFT JOIN study_user_attrs a USING (study_id) WHERE s.study_id = $1 ORDER BY a.seq',
      [studyId],
    ) as [string | null, string | null][];
    if (rows.length === 0) throw new StudyNotFoundError(`with id ${studyId}`);
    return Object.fromEntries(
      rows.filter(([key]) => key !== null).map(([key, value]) => [key, JSON.parse(value as string) as JsonValue]),
    );
  }

  createTrial(studyId: number, template: TrialTemplate): FrozenTrial {
    const json = this.value<string>('SELECT hw7_create_trial($1, $2, $3, $4, $5, $6)', [
      studyId,
      template.state,
      new Date().toISOString(),
      this.heartbeatInterval !== undefined,
      JSON.stringify(template.userAttrs ?? {}),
      JSON.stringify(template.systemAttrs ?? {}),
    ]);
    return this.ownTrial(json);
  }

  claimWaitingTrial(studyId: number): FrozenTrial | undefined {
    const json = this.value<string | null>('SELECT hw7_claim_waiting_trial($1, $2, $3)', [
      studyId,
      new Date().toISOString(),
      this.heartbeatInterval !== undefined,
    ]);
    return json === null ? undefined : this.ownTrial(json);
  }

  createTrialClaiming(studyId: number, claim: UniqueAttrClaim): FrozenTrial | undefined {
    const json = this.value<string | null>('SELECT hw7_create_trial_claiming($1, $2, $3, $4, $5)', [
      studyId,
      claim.key,
      JSON.stringify(claim.candidates),
      new Date().toISOString(),
      this.heartbeatInterval !== undefined,
    ]);
    return json === null ? undefined : this.ownTrial(json);
  }

  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): void {
    this.query('SELECT hw7_set_trial_param($1, $2, $3, $4)', [
      trialId,
      name,
      internalValue,
      JSON.stringify(distribution),
    ]);
    this.updateOwnTrial(trialId, (record) => ({
      params: { ...record.params, [name]: internalValue },
      distributions: { ...record.distributions, [name]: distribution },
    }));
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): void {
    // Double precision keeps NaN and ±Infinity; pg sends them as 'NaN' and 'Infinity'.
    this.query('SELECT hw7_set_trial_intermediate_value($1, $2, $3)', [trialId, step, value]);
    this.updateOwnTrial(trialId, (record) => {
      // A step reported again keeps its place, as the row's upsert keeps its seq.
      const again = record.intermediateValues.some(([reported]) => reported === step);
      return {
        intermediateValues: again
          ? record.intermediateValues.map(([reported, old]) => [reported, reported === step ? value : old])
          : [...record.intermediateValues, [step, value]],
      };
    });
  }

  setTrialStateValues(trialId: number, state: TrialState, values: readonly number[] | null): boolean {
    this.ownTrials.delete(trialId);
    const json = this.value<string | null>('SELECT hw7_set_trial_state_values($1, $2, $3, $4, $5)', [
      trialId,
      state,
      values === null ? null : encodeNumbers(values),
      new Date().toISOString(),
      this.heartbeatInterval !== undefined,
    ]);
    // Remembers the trial as it now is, so the `getTrial` that usually follows needs no round trip.
    if (json !== null) this.ownTrial(json);
    return json !== null;
  }

  setTrialUserAttr(trialId: number, key: string, value: JsonValue): void {
    this.query('SELECT hw7_set_trial_attr($1, FALSE, $2, $3)', [trialId, key, JSON.stringify(value)]);
    this.updateOwnTrial(trialId, (record) => ({ userAttrs: { ...record.userAttrs, [key]: value } }));
  }

  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void {
    this.query('SELECT hw7_set_trial_attr($1, TRUE, $2, $3)', [trialId, key, JSON.stringify(value)]);
    this.finishedTrials.delete(trialId);
    this.updateOwnTrial(trialId, (record) => ({ systemAttrs: { ...record.systemAttrs, [key]: value } }));
  }

  getTrial(trialId: number): FrozenTrial {
    const cached = this.finishedTrials.get(trialId);
    if (cached) return cached;
    const own = this.ownTrials.get(trialId);
    if (own) return new FrozenTrial(own);
    const rows = this.query('SELECT hw7_trial_json(t) FROM trials t WHERE t.trial_id = $1', [trialId]);
    if (rows.length === 0) throw new RangeError(`no trial with id ${trialId}`);
    return this.trialFromJson(rows[0][0] as string);
  }

  getAllTrials(studyId: number, states?: readonly TrialState[]): readonly FrozenTrial[] {
    const rows = this.query('SELECT trial_id, trial FROM hw7_study_trials($1, $2)', [
      studyId,
      [...this.finishedTrials.keys()],
    ]) as [number, string | null][];
    const trials = rows.map(([trialId, json]) =>
      json === null ? (this.finishedTrials.get(trialId) as FrozenTrial) : this.trialFromJson(json),
    );
    return states ? trials.filter((trial) => states.includes(trial.state)) : trials;
  }

  startHeartbeat(trialId: number): () => void {
    if (this.heartbeatInterval === undefined) return () => {};
    this.connection.heartbeat(trialId, true);
    return () => this.connection.heartbeat(trialId, false);
  }

  failStaleTrials(studyId: number): readonly FrozenTrial[] {
    if (this.heartbeatInterval === undefined) return [];
    return this.query('SELECT hw7_fail_stale_trials($1, $2, $3, $4, $5)', [
      studyId,
      this.gracePeriodMs,
      new Date().toISOString(),
      staleTrialReason(this.gracePeriodMs),
      this.maxRetries,
    ]).map(([json]) => this.trialFromJson(json as string));
  }

  /** Creates the schema, or brings it up to this library's version, once per database. */
  private migrate(): void {
    this.query('BEGIN');
    try {
      this.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      this.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA_VERSION_TABLE} (version INTEGER NOT NULL)`);
      const version = this.value<number>(`SELECT COALESCE(MAX(version), 0) FROM ${SCHEMA_VERSION_TABLE}`);
      if (version > MIGRATIONS.length) {
        throw new Error(
          `the database at ${redactedUrl(this.url)} has hw7-hpo schema version ${version}, newer than the ` +
            `${MIGRATIONS.length} this @hw7/hpo knows; upgrade @hw7/hpo`,
        );
      }
      for (let next = version; next < MIGRATIONS.length; next++) {
        this.query(MIGRATIONS[next]);
        this.query(`DELETE FROM ${SCHEMA_VERSION_TABLE}`);
        this.query(`INSERT INTO ${SCHEMA_VERSION_TABLE} (version) VALUES ($1)`, [next + 1]);
      }
      this.query('COMMIT');
    } catch (error) {
      this.query('ROLLBACK');
      throw error;
    }
  }

  /** A read-only storage cannot migrate: the schema must be this library's. */
  private checkSchema(): void {
    const table = this.value<string | null>('SELECT to_regclass($1)::text', [SCHEMA_VERSION_TABLE]);
    const version =
      table === null ? 0 : this.value<number>(`SELECT COALESCE(MAX(version), 0) FROM ${SCHEMA_VERSION_TABLE}`);
    if (version !== MIGRATIONS.length) {
      throw new Error(
        `the database at ${redactedUrl(this.url)} has hw7-hpo schema version ${version}, not the ` +
          `${MIGRATIONS.length} this @hw7/hpo reads (open it once without readOnly, e.g. by a worker, to create or migrate it)`,
      );
    }
  }

  private requireStudy(studyId: number): [string, string] {
    const row = this.query('SELECT name, directions FROM studies WHERE study_id = $1', [studyId])[0];
    if (!row) throw new StudyNotFoundError(`with id ${studyId}`);
    return row as [string, string];
  }

  /** A trial this storage just made RUNNING, remembered for `getTrial`. */
  private ownTrial(json: string): FrozenTrial {
    const trial = this.trialFromJson(json);
    if (trial.state === 'RUNNING') this.ownTrials.set(trial.trialId, trial.toRecord());
    return trial;
  }

  /** Replaces (never mutates: snapshots share it) the remembered record of an own running trial. */
  private updateOwnTrial(trialId: number, change: (record: TrialRecord) => Partial<TrialRecord>): void {
    const record = this.ownTrials.get(trialId);
    if (record) this.ownTrials.set(trialId, { ...record, ...change(record) });
  }

  private trialFromJson(json: string): FrozenTrial {
    const record = JSON.parse(json) as TrialJson;
    const params: Record<string, number> = {};
    const distributions: Record<string, Distribution> = {};
    for (const [name, internal, distribution] of record.params ?? []) {
      // PostgreSQL writes non-finite doubles in JSON as strings ("NaN", "Infinity").
      params[name] = Number(internal);
      distributions[name] = distribution;
    }
    const trial = new FrozenTrial({
      ...record,
      values: record.values === null ? null : decodeNumbers(record.values),
      params,
      distributions,
      intermediateValues: (record.intermediateValues ?? []).map(([step, value]) => [step, Number(value)]),
      userAttrs: Object.fromEntries(record.userAttrs ?? []),
      systemAttrs: Object.fromEntries(record.systemAttrs ?? []),
    });
    if (isFinished(trial.state)) this.finishedTrials.set(trial.trialId, trial);
    return trial;
  }

  private value<T>(sql: string, params: readonly unknown[] = []): T {
    return this.query(sql, params)[0]?.[0] as T;
  }

  /** One statement; errors of the schema's functions become this package's errors. */
  private query(sql: string, params: readonly unknown[] = []): unknown[][] {
    try {
      return retryTransient(
        () => this.connection.query(sql, params),
        (error) => error instanceof PostgresQueryError && TRANSIENT_CODES.has(error.code ?? ''),
      );
    } catch (error) {
      if (!(error instanceof PostgresQueryError)) throw error;
      const message = error.serverMessage;
      if (error.code === SCHEMA_ERRORS.studyNotFound) throw new StudyNotFoundError(message.replace(/^no study /, ''));
      if (error.code === SCHEMA_ERRORS.trialNotFound) throw new RangeError(message);
      if (error.code === SCHEMA_ERRORS.trialFinished) throw new Error(message);
      throw error;
    }
  }
}
