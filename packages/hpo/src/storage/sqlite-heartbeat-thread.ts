// The heartbeat thread of SqliteStorage: its own connection, beating for the trials the main thread
// names. A thread, because a timer on the main thread would not fire while a synchronous objective
// runs. Started from its source (see thread-source.ts), so it uses nothing outside this function.

import type * as WorkerThreads from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { ThreadRequire } from './thread-source.js';

/** What SqliteStorage passes as `workerData`. */
export interface SqliteHeartbeatData {
  /** Where better-sqlite3 resolves from the package, since the thread has no module context. */
  driverPath: string;
  path: string;
  busyTimeout: number;
  intervalMs: number;
}

export function sqliteHeartbeatThread(require: ThreadRequire): void {
  const { parentPort, workerData } = require('node:worker_threads') as typeof WorkerThreads;
  const data = workerData as SqliteHeartbeatData;
  const Database = require(data.driverPath) as typeof BetterSqlite3;
  const db = new Database(data.path, { timeout: data.busyTimeout });
  const beat = db.prepare("UPDATE trials SET heartbeat_ms = ? WHERE trial_id = ? AND state = 'RUNNING'");
  const trialIds = new Set<number>();
  parentPort?.on('message', ({ trialId, running }: { trialId: number; running: boolean }) => {
    if (running) trialIds.add(trialId);
    else trialIds.delete(trialId);
  });
  setInterval(() => {
    for (const trialId of trialIds) {
      try {
        beat.run(Date.now(), trialId);
      } catch (error) {
        // A beat lost to a long-locked database is made up for at the next tick.
        if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw error;
      }
    }
  }, data.intervalMs);
}
