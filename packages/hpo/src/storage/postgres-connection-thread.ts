// The thread of a SyncPostgresConnection: it owns the `pg` client, answers each query on the port
// and wakes the blocked caller through the shared signal, and beats the heartbeats of running trials
// on a second connection. Started from its source (see thread-source.ts), so it uses nothing outside
// this function.
import type * as WorkerThreads from 'node:worker_threads';
import type * as Pg from 'pg';
import type { ThreadRequire } from './thread-source.js';

/** What SyncPostgresConnection passes as `workerData`. */
export interface PostgresThreadData {
  /** Where `pg` resolves from the package, since the thread has no module context. */
  driverPath: string;
  port: WorkerThreads.MessagePort;
  signal: Int32Array;
  url: string;
  heartbeatIntervalMs: number;
  /** Every transaction of the session read-only: the server refuses any write. */
  readOnly: boolean;
}

/** A query, or a heartbeat to start or stop (which gets no reply). */
export type PostgresThreadRequest =
  | { sql: string; params: readonly unknown[]; heartbeat?: undefined }
  | { heartbeat: { trialId: number; running: boolean } };

export interface PostgresThreadReply {
  rows?: unknown[][];
  error?: { message: string; code?: string };
}

export function postgresConnectionThread(require: ThreadRequire): void {
  const { workerData } = require('node:worker_threads') as typeof WorkerThreads;
  const { driverPath, port, signal, url, heartbeatIntervalMs, readOnly } = workerData as PostgresThreadData;
  const { Client } = require(driverPath) as typeof Pg;
  const connect = () => {
    const client = new Client({
      connectionString: url,
      application_name: 'hw7-hpo',
      ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    // A dropped connection fails the next query; the error event must not take the thread down.
    client.on('error', () => {});
    return client.connect().then(() => client);
  };
  const connection = connect();
  connection.catch(() => {});
  const beating = new Set<number>();
  let heartbeatsStarted = false;
  const startHeartbeats = () => {
    heartbeatsStarted = true;
    const beater = connect();
    beater.catch(() => {});
    setInterval(async () => {
      if (beating.size === 0) return;
      try {
        await (await beater).query(
          "UPDATE trials SET heartbeat = now() WHERE trial_id = ANY($1) AND state = 'RUNNING'",
          [[...beating]],
        );
      } catch {
        // A lost beat is made up for at the next tick; at worst the trial is failed as stale.
      }
    }, heartbeatIntervalMs).unref();
  };
  port.on('message', async (request: PostgresThreadRequest) => {
    if (request.heartbeat) {
      if (request.heartbeat.running) beating.add(request.heartbeat.trialId);
      else beating.delete(request.heartbeat.trialId);
      if (!heartbeatsStarted) startHeartbeats();
      return;
    }
    let reply: PostgresThreadReply;
    try {
      const result = await (await connection).query({
        text: request.sql,
        values: [...request.params],
        rowMode: 'array',
      });
      reply = { rows: result.rows };
    } catch (error) {
      const { message, code } = error as { message: string; code?: string };
      reply = { error: { message, code } };
    }
    port.postMessage(reply);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}
