// Studies in one SQLite file (Optuna's RDBStorage on SQLite): they survive a crash or a restart, and
// several processes on one machine can work on one study at once. Every change is one short
// `BEGIN IMMEDIATE` transaction (the write lock is taken up front, so two writers never deadlock
// upgrading read locks); WAL mode lets readers run beside the writer; a busy timeout plus retries
// absorb the remaining lock contention. better-sqlite3 is native and loaded only when a
// SqliteStorage is created, so in-memory users never need it.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { Distribution } from '../distributions.js';
import { FrozenTrial, isFinished, type JsonValue, type TrialState } from '../frozen-trial.js';
import type { StudyDirection } from '../study-direction.js';
import {
  decodeNumbers,
  encodeNumbers,
  gracePeriodMilliseconds,
  type HeartbeatOptions,
  retryTransient,
  staleTrialReason,
} from './sql-common.js';
import { type SqliteHeartbeatData, sqliteHeartbeatThread } from './sqlite-heartbeat-thread.js';
import {
  DuplicatedStudyError,
  type Storage,
  type StoredStudy,
  StudyNotFoundError,
  type TrialTemplate,
  type UniqueAttrClaim,
} from './storage.js';
import { threadSource } from './thread-source.js';

/** Heartbeats (`heartbeatInterval`, see HeartbeatOptions) need a file, not `':memory:'`. */
export interface SqliteStorageOptions extends HeartbeatOptions {
  /** Milliseconds a statement waits for another connection's lock before retrying. Default: 10 000. */
  busyTimeout?: number;
  /**
   * Open an existing study file for reading only (the dashboard does): SQLite refuses any write,
   * and nothing (schema, WAL mode) is set up. Other processes may write to the file meanwhile.
   */
  readOnly?: boolean;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS studies (
    study_id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    directions TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS study_user_attrs (
    study_id INTEGER NOT NULL REFERENCES studies ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (study_id, key)
  );
  CREATE TABLE IF NOT EXISTS trials (
    trial_id INTEGER PRIMARY KEY AUTOINCREMENT,
    study_id INTEGER NOT NULL REFERENCES studies ON DELETE CASCADE,
    number INTEGER NOT NULL,
    state TEXT NOT NULL,
    objective_values TEXT,
    datetime_start TEXT,
    datetime_complete TEXT,
    heartbeat_ms INTEGER,
    UNIQUE (study_id, number)
  );
  CREATE INDEX IF NOT EXISTS trials_by_state ON trials (study_id, state);
  CREATE TABLE IF NOT EXISTS trial_params (
    trial_id INTEGER NOT NULL REFERENCES trials ON DELETE CASCADE,
    name TEXT NOT NULL,
    internal_value REAL NOT NULL,
    distribution TEXT NOT NULL,
    PRIMARY KEY (trial_id, name)
  );
  CREATE TABLE IF NOT EXISTS trial_intermediate_values (
    trial_id INTEGER NOT NULL REFERENCES trials ON DELETE CASCADE,
    step INTEGER NOT NULL,
    value REAL,
    PRIMARY KEY (trial_id, step)
  );
  CREATE TABLE IF NOT EXISTS trial_user_attrs (
    trial_id INTEGER NOT NULL REFERENCES trials ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (trial_id, key)
  );
  CREATE TABLE IF NOT EXISTS trial_system_attrs (
    trial_id INTEGER NOT NULL REFERENCES trials ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (trial_id, key)
  );
`;

interface TrialRow {
  trial_id: number;
  number: number;
  state: TrialState;
  objective_values: string | null;
  datetime_start: string | null;
  datetime_complete: string | null;
}

const MAX_BUSY_ATTEMPTS = 20;

const BETTER_SQLITE3_HINT =
  'SqliteStorage needs the native module better-sqlite3@^12 (a dependency of @hw7/hpo), which failed to load; ' +
  'build it with `pnpm rebuild better-sqlite3` (needs python3, make and a C++ compiler), or use InMemoryStorage';

export class SqliteStorage implements Storage {
  readonly heartbeatInterval: number | undefined;
  private readonly gracePeriodMs: number;
  private readonly busyTimeout: number;
  private heartbeatThread: Worker | undefined;
  private readonly db: BetterSqlite3.Database;
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly transaction: BetterSqlite3.Transaction<<T>(work: () => T) => T>;
  // Finished trials never change again, so they are read from the file once (as Optuna caches them).
  private readonly finishedTrials = new Map<number, FrozenTrial>();

  /** Opens (creating if needed) the SQLite file at `path`; `':memory:'` gives a private database. */
  constructor(
    readonly path: string,
    options: SqliteStorageOptions = {},
  ) {
    const { heartbeatInterval, busyTimeout = 10_000, readOnly = false } = options;
    this.gracePeriodMs = gracePeriodMilliseconds(options);
    if (readOnly && heartbeatInterval !== undefined) {
      throw new RangeError('heartbeatInterval writes heartbeats; it cannot go with readOnly');
    }
    if (heartbeatInterval !== undefined && path === ':memory:') {
      throw new RangeError("heartbeatInterval needs a database file; got path ':memory:'");
    }
    if (!(Number.isFinite(busyTimeout) && busyTimeout >= 0)) {
      throw new RangeError(`busyTimeout must be >= 0 milliseconds; got ${busyTimeout}`);
    }
    this.heartbeatInterval = heartbeatInterval;
    this.busyTimeout = busyTimeout;
    this.db = openDatabase(path, busyTimeout, readOnly);
    this.transaction = this.db.transaction(<T>(work: () => T) => work());
    try {
      if (readOnly) checkStudyTables(this.db);
      else {
        retryWhileBusy(() => {
          // WAL: readers do not block the writer nor it them. NORMAL sync in WAL loses nothing on a
          // process crash (only, at worst, the last commits on a power cut).
          this.db.pragma('journal_mode = WAL');
          this.db.pragma('synchronous = NORMAL');
          this.db.pragma('foreign_keys = ON');
          this.db.exec(SCHEMA);
        });
      }
    } catch (error) {
      this.db.close();
      throw openError(path, error);
    }
  }

  /** Closes the file; the storage cannot be used afterwards. */
  close(): void {
    void this.heartbeatThread?.terminate();
    this.db.close();
  }

  createStudy(studyName: string, directions: readonly StudyDirection[]): number {
    return this.write(() => {
      if (this.findStudyIdNow(studyName) !== undefined) throw new DuplicatedStudyError(studyName);
      const inserted = this.run(
        'INSERT INTO studies (name, directions) VALUES (?, ?)',
        studyName,
        JSON.stringify(directions),
      );
      return Number(inserted.lastInsertRowid);
    });
  }

  deleteStudy(studyId: number): void {
    this.write(() => {
      this.requireStudy(studyId);
      this.run('DELETE FROM studies WHERE study_id = ?', studyId);
    });
  }

  findStudyId(studyName: string): number | undefined {
    return retryWhileBusy(() => this.findStudyIdNow(studyName));
  }

  getAllStudies(): readonly StoredStudy[] {
    return this.read(() =>
      this.all<{ study_id: number; name: string; directions: string }>(
        'SELECT study_id, name, directions FROM studies ORDER BY study_id',
      ),
    ).map((row) => ({
      studyId: row.study_id,
      studyName: row.name,
      directions: JSON.parse(row.directions) as StudyDirection[],
    }));
  }

  getStudyName(studyId: number): string {
    return retryWhileBusy(() => this.requireStudy(studyId).name);
  }

  getStudyDirections(studyId: number): readonly StudyDirection[] {
    return retryWhileBusy(() => JSON.parse(this.requireStudy(studyId).directions) as StudyDirection[]);
  }

  setStudyUserAttr(studyId: number, key: string, value: JsonValue): void {
    this.write(() => {
      this.requireStudy(studyId);
      this.run(
        'INSERT INTO study_user_attrs (study_id, key, value) VALUES (?, ?, ?) ' +
          'ON CONFLICT (study_id, key) DO UPDATE SET value = excluded.value',
        studyId,
        key,
        JSON.stringify(value),
      );
    });
  }

  getStudyUserAttrs(studyId: number): Readonly<Record<string, JsonValue>> {
    return this.read(() => {
      this.requireStudy(studyId);
      return this.attrs('study_user_attrs', 'study_id', studyId);
    });
  }

  createTrial(studyId: number, template: TrialTemplate): FrozenTrial {
    const trialId = this.write(() => this.insertTrial(studyId, template));
    return this.getTrial(trialId);
  }

  claimWaitingTrial(studyId: number): FrozenTrial | undefined {
    const trialId = this.write(() => {
      this.requireStudy(studyId);
      const waiting = this.get<{ trial_id: number }>(
        "SELECT trial_id FROM trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1",
        studyId,
      );
      if (!waiting) return undefined;
      this.run(
        "UPDATE trials SET state = 'RUNNING', datetime_start = ?, heartbeat_ms = ? WHERE trial_id = ?",
        new Date().toISOString(),
        this.heartbeatNow(),
        waiting.trial_id,
      );
      return waiting.trial_id;
    });
    return trialId === undefined ? undefined : this.getTrial(trialId);
  }

  createTrialClaiming(studyId: number, claim: UniqueAttrClaim): FrozenTrial | undefined {
    const trialId = this.write(() => {
      this.requireStudy(studyId);
      const held = new Set(
        this.all<{ value: string }>(
          'SELECT a.value FROM trial_system_attrs a JOIN trials t USING (trial_id) WHERE t.study_id = ? AND a.key = ?',
          studyId,
          claim.key,
        ).map((row) => row.value),
      );
      const free = claim.candidates.find((candidate) => !held.has(JSON.stringify(candidate)));
      if (free === undefined) return undefined;
      return this.insertTrial(studyId, { state: 'RUNNING', systemAttrs: { [claim.key]: free } });
    });
    return trialId === undefined ? undefined : this.getTrial(trialId);
  }

  setTrialParam(trialId: number, name: string, internalValue: number, distribution: Distribution): void {
    this.writeToRunningTrial(trialId, () =>
      this.run(
        'INSERT INTO trial_params (trial_id, name, internal_value, distribution) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (trial_id, name) DO UPDATE SET internal_value = excluded.internal_value, distribution = excluded.distribution',
        trialId,
        name,
        internalValue,
        JSON.stringify(distribution),
      ),
    );
  }

  setTrialIntermediateValue(trialId: number, step: number, value: number): void {
    this.writeToRunningTrial(trialId, () =>
      this.run(
        'INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES (?, ?, ?) ' +
          'ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value',
        trialId,
        step,
        // SQLite stores NaN as NULL; it is read back as NaN.
        Number.isNaN(value) ? null : value,
      ),
    );
  }

  setTrialStateValues(trialId: number, state: TrialState, values: readonly number[] | null): boolean {
    return this.write(() => {
      const row = this.requireTrialRow(trialId);
      if (isFinished(row.state)) return false;
      const now = new Date().toISOString();
      this.run(
        'UPDATE trials SET state = ?, objective_values = ?, datetime_start = ?, datetime_complete = ?, heartbeat_ms = ? ' +
          'WHERE trial_id = ?',
        state,
        values === null ? null : encodeNumbers(values),
        row.datetime_start ?? (state === 'RUNNING' ? now : null),
        isFinished(state) ? now : null,
        this.heartbeatNow(),
        trialId,
      );
      return true;
    });
  }

  setTrialUserAttr(trialId: number, key: string, value: JsonValue): void {
    this.writeToRunningTrial(trialId, () => this.upsertAttr('trial_user_attrs', trialId, key, value));
  }

  setTrialSystemAttr(trialId: number, key: string, value: JsonValue): void {
    this.write(() => {
      this.requireTrialRow(trialId);
      this.upsertAttr('trial_system_attrs', trialId, key, value);
    });
    this.finishedTrials.delete(trialId);
  }

  getTrial(trialId: number): FrozenTrial {
    return this.finishedTrials.get(trialId) ?? this.read(() => this.loadTrial(this.requireTrialRow(trialId)));
  }

  getAllTrials(studyId: number, states?: readonly TrialState[]): readonly FrozenTrial[] {
    const trials = this.read(() => {
      this.requireStudy(studyId);
      const rows = this.all<TrialRow>('SELECT * FROM trials WHERE study_id = ? ORDER BY number', studyId);
      return rows.map((row) => this.finishedTrials.get(row.trial_id) ?? this.loadTrial(row));
    });
    return states ? trials.filter((trial) => states.includes(trial.state)) : trials;
  }

  startHeartbeat(trialId: number): () => void {
    if (this.heartbeatInterval === undefined) return () => {};
    const thread = this.startHeartbeatThread(this.heartbeatInterval);
    thread.postMessage({ trialId, running: true });
    return () => thread.postMessage({ trialId, running: false });
  }

  failStaleTrials(studyId: number): readonly FrozenTrial[] {
    if (this.heartbeatInterval === undefined) return [];
    const findStale = () =>
      this.all<{ trial_id: number }>(
        "SELECT trial_id FROM trials WHERE study_id = ? AND state = 'RUNNING' AND heartbeat_ms < ?",
        studyId,
        Date.now() - this.gracePeriodMs,
      ).map((row) => row.trial_id);
    // Looked for without the write lock first: every worker asks before every trial.
    if (retryWhileBusy(findStale).length === 0) return [];
    const staleIds = this.write(() => {
      const stale = findStale();
      const now = new Date().toISOString();
      for (const trialId of stale) {
        this.run("UPDATE trials SET state = 'FAIL', datetime_complete = ? WHERE trial_id = ?", now, trialId);
        this.upsertAttr('trial_system_attrs', trialId, 'failReason', staleTrialReason(this.gracePeriodMs));
      }
      return stale;
    });
    return staleIds.map((trialId) => this.getTrial(trialId));
  }

  private insertTrial(studyId: number, template: TrialTemplate): number {
    this.requireStudy(studyId);
    // Numbering inside the write transaction makes numbers unique across processes.
    const { count } = this.get<{ count: number }>(
      'SELECT COUNT(*) AS count FROM trials WHERE study_id = ?',
      studyId,
    ) as { count: number };
    const running = template.state === 'RUNNING';
    const inserted = this.run(
      'INSERT INTO trials (study_id, number, state, datetime_start, heartbeat_ms) VALUES (?, ?, ?, ?, ?)',
      studyId,
      count,
      template.state,
      running ? new Date().toISOString() : null,
      running ? this.heartbeatNow() : null,
    );
    const trialId = Number(inserted.lastInsertRowid);
    for (const [key, value] of Object.entries(template.userAttrs ?? {})) {
      this.upsertAttr('trial_user_attrs', trialId, key, value);
    }
    for (const [key, value] of Object.entries(template.systemAttrs ?? {})) {
      this.upsertAttr('trial_system_attrs', trialId, key, value);
    }
    return trialId;
  }

  private writeToRunningTrial(trialId: number, work: () => void): void {
    this.write(() => {
      const row = this.requireTrialRow(trialId);
      if (isFinished(row.state)) {
        throw new Error(`trial ${row.number} has already finished (${row.state}) and cannot be changed`);
      }
      work();
    });
  }

  private startHeartbeatThread(heartbeatInterval: number): Worker {
    if (this.heartbeatThread) return this.heartbeatThread;
    const workerData: SqliteHeartbeatData = {
      driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: this.path,
      busyTimeout: this.busyTimeout,
      intervalMs: heartbeatInterval * 1000,
    };
    const thread = new Worker(threadSource(sqliteHeartbeatThread), {
      eval: true,
      // The script is CommonJS whatever this process's flags say (a worker process runs with
      // `--input-type=module`, which threads would otherwise inherit).
      execArgv: [],
      workerData,
    });
    // Heartbeats must not keep the process alive, nor their failure bring it down: without them
    // the trials will at worst be failed as stale.
    thread.unref();
    thread.on('error', (error) => process.emitWarning(`SqliteStorage heartbeat thread stopped: ${error.message}`));
    this.heartbeatThread = thread;
    return thread;
  }

  private loadTrial(row: TrialRow): FrozenTrial {
    const params: Record<string, number> = {};
    const distributions: Record<string, Distribution> = {};
    const paramRows = this.all<{ name: string; internal_value: number; distribution: string }>(
      'SELECT name, internal_value, distribution FROM trial_params WHERE trial_id = ? ORDER BY rowid',
      row.trial_id,
    );
    for (const param of paramRows) {
      params[param.name] = param.internal_value;
      distributions[param.name] = JSON.parse(param.distribution) as Distribution;
    }
    const intermediateValues = this.all<{ step: number; value: number | null }>(
      'SELECT step, value FROM trial_intermediate_values WHERE trial_id = ? ORDER BY rowid',
      row.trial_id,
    ).map((reported): [number, number] => [reported.step, reported.value ?? Number.NaN]);
    const trial = new FrozenTrial({
      trialId: row.trial_id,
      number: row.number,
      state: row.state,
      values: row.objective_values === null ? null : decodeNumbers(row.objective_values),
      datetimeStart: row.datetime_start,
      datetimeComplete: row.datetime_complete,
      params,
      distributions,
      intermediateValues,
      userAttrs: this.attrs('trial_user_attrs', 'trial_id', row.trial_id),
      systemAttrs: this.attrs('trial_system_attrs', 'trial_id', row.trial_id),
    });
    if (isFinished(trial.state)) this.finishedTrials.set(trial.trialId, trial);
    return trial;
  }

  private attrs(table: string, idColumn: string, id: number): Record<string, JsonValue> {
    const attrs: Record<string, JsonValue> = {};
    const rows = this.all<{ key: string; value: string }>(
      `SELECT key, value FROM ${table} WHERE ${idColumn} = ? ORDER BY rowid`,
      id,
    );
    for (const { key, value } of rows) attrs[key] = JSON.parse(value) as JsonValue;
    return attrs;
  }

  private upsertAttr(table: 'trial_user_attrs' | 'trial_system_attrs', trialId: number, key: string, value: JsonValue) {
    this.run(
      `INSERT INTO ${table} (trial_id, key, value) VALUES (?, ?, ?) ON CONFLICT (trial_id, key) DO UPDATE SET value = excluded.value`,
      trialId,
      key,
      JSON.stringify(value),
    );
  }

  private findStudyIdNow(studyName: string): number | undefined {
    return this.get<{ study_id: number }>('SELECT study_id FROM studies WHERE name = ?', studyName)?.study_id;
  }

  private requireStudy(studyId: number): { name: string; directions: string } {
    const study = this.get<{ name: string; directions: string }>(
      'SELECT name, directions FROM studies WHERE study_id = ?',
      studyId,
    );
    if (!study) throw new StudyNotFoundError(`with id ${studyId}`);
    return study;
  }

  private requireTrialRow(trialId: number): TrialRow {
    const row = this.get<TrialRow>('SELECT * FROM trials WHERE trial_id = ?', trialId);
    if (!row) throw new RangeError(`no trial with id ${trialId}`);
    return row;
  }

  private heartbeatNow(): number | null {
    return this.heartbeatInterval === undefined ? null : Date.now();
  }

  private write<T>(work: () => T): T {
    return retryWhileBusy(() => this.transaction.immediate(work) as T);
  }

  /** Several reads as one consistent snapshot. */
  private read<T>(work: () => T): T {
    return retryWhileBusy(() => this.transaction.deferred(work) as T);
  }

  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private run(sql: string, ...params: unknown[]): BetterSqlite3.RunResult {
    return this.statement(sql).run(...params);
  }

  private get<Row>(sql: string, ...params: unknown[]): Row | undefined {
    return this.statement(sql).get(...params) as Row | undefined;
  }

  private all<Row>(sql: string, ...params: unknown[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }
}

function openDatabase(path: string, busyTimeout: number, readOnly: boolean): BetterSqlite3.Database {
  let Database: typeof BetterSqlite3;
  try {
    Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (cause) {
    throw new Error(BETTER_SQLITE3_HINT, { cause });
  }
  try {
    return new Database(path, { timeout: busyTimeout, readonly: readOnly, fileMustExist: readOnly });
  } catch (error) {
    throw openError(path, error);
  }
}

/** A file opened read-only gets no schema: it must have the study tables already. */
function checkStudyTables(db: BetterSqlite3.Database): void {
  const found = retryWhileBusy(() =>
    db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('studies', 'trials')").get(),
  ) as { n: number };
  if (found.n !== 2) throw new Error('it has no hw7-hpo studies (no studies and trials tables)');
}

/** SQLite's and better-sqlite3's open errors ("unable to open database file") leave out the path. */
function openError(path: string, error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(
    `cannot open the SQLite database ${path}: ${reason}${typeof code === 'string' ? ` (${code})` : ''}`,
    { cause: error },
  );
  return Object.assign(wrapped, { code, path });
}

/**
 * Runs `work`, retrying while SQLite reports a lock held by another connection. The busy timeout
 * already waits inside SQLite; some cases (e.g. switching to WAL while another process opens the
 * file) fail at once instead.
 */
function retryWhileBusy<T>(work: () => T): T {
  return retryTransient(work, isBusyError, MAX_BUSY_ATTEMPTS);
}

function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
