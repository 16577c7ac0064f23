// A synchronous PostgreSQL connection. The `Storage` interface is synchronous (as `trial.suggestFloat`
// is), while every PostgreSQL client for Node is asynchronous; so a worker thread owns the `pg`
// client and this thread blocks on `Atomics.wait` until the thread has the answer, which it then
// takes with `receiveMessageOnPort` (the pattern of `synckit`, without its dependency). One
// `query` is one round trip; the storage makes each of its methods one statement.
// The same thread beats the heartbeats of running trials on a second connection: its event loop
// keeps running while a synchronous objective blocks this thread.
import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

/** An error the server reported, with its SQLSTATE `code`. */
export class PostgresQueryError extends Error {
  constructor(
    url: string,
    /** The server's message alone. */
    readonly serverMessage: string,
    readonly code: string | undefined,
  ) {
    super(`PostgreSQL (${redactedUrl(url)}): ${serverMessage}`);
    this.name = 'PostgresQueryError';
  }
}

interface Reply {
  rows?: unknown[][];
  error?: { message: string; code?: string };
}

// CommonJS whatever this process runs as (a study worker runs with `--input-type=module`, which
// threads would otherwise inherit), evaluated rather than loaded from a file so that the ESM and
// CommonJS builds need no extra entry.
const CONNECTION_THREAD = `
const { workerData } = require('node:worker_threads');
const { Client } = require(workerData.driverPath);
const { port, signal, url, heartbeatIntervalMs } = workerData;
const connect = () => {
  const client = new Client({ connectionString: url, application_name: 'hw7-hpo' });
  // A dropped connection fails the next query; the error event must not take the thread down.
  client.on('error', () => {});
  return client.connect().then(() => client);
};
const connection = connect();
connection.catch(() => {});
const beating = new Set();
let heartbeatsStarted = false;
function startHeartbeats() {
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
}
port.on('message', async (request) => {
  if (request.heartbeat) {
    if (request.heartbeat.running) beating.add(request.heartbeat.trialId);
    else beating.delete(request.heartbeat.trialId);
    if (!heartbeatsStarted) startHeartbeats();
    return;
  }
  let reply;
  try {
    const result = await (await connection).query({ text: request.sql, values: request.params, rowMode: 'array' });
    reply = { rows: result.rows };
  } catch (error) {
    reply = { error: { message: error.message, code: error.code } };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
`;

const DRIVER_HINT =
  'PostgresStorage needs the package pg@^8 (a dependency of @hw7/hpo), which failed to resolve; install it';

export class SyncPostgresConnection {
  private readonly thread: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly queryTimeoutMs: number;
  private closed = false;

  /** Connects (lazily, on the first query) to the server `url` names. */
  constructor(
    readonly url: string,
    options: { heartbeatIntervalMs?: number; queryTimeoutMs?: number } = {},
  ) {
    let driverPath: string;
    try {
      driverPath = createRequire(import.meta.url).resolve('pg');
    } catch (cause) {
      throw new Error(DRIVER_HINT, { cause });
    }
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 120_000;
    this.thread = new Worker(CONNECTION_THREAD, {
      eval: true,
      execArgv: [],
      workerData: {
        driverPath,
        port: port2,
        signal: this.signal,
        url,
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
      },
      transferList: [port2],
    });
    // The connection must not keep the process alive once its work is done.
    this.thread.unref();
    this.port.unref();
  }

  /** Runs one statement and returns its rows as arrays of column values; throws `PostgresQueryError`. */
  query(sql: string, params: readonly unknown[] = []): unknown[][] {
    // A closed port would swallow the request and leave this thread waiting for the timeout.
    if (this.closed) throw new Error(`the connection to PostgreSQL at ${redactedUrl(this.url)} is closed`);
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ sql, params });
    if (Atomics.wait(this.signal, 0, 0, this.queryTimeoutMs) === 'timed-out') {
      throw new Error(`PostgreSQL at ${redactedUrl(this.url)} did not answer within ${this.queryTimeoutMs} ms`);
    }
    const reply = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    if (!reply) throw new Error('the PostgreSQL connection thread answered nothing');
    if (reply.error) {
      throw new PostgresQueryError(this.url, reply.error.message, reply.error.code);
    }
    return reply.rows ?? [];
  }

  /** Starts or stops beating the heartbeat of a running trial (no reply, so this never blocks). */
  heartbeat(trialId: number, running: boolean): void {
    this.port.postMessage({ heartbeat: { trialId, running } });
  }

  close(): void {
    this.closed = true;
    this.port.close();
    void this.thread.terminate();
  }
}

/** The URL without its password, for error messages. */
export function redactedUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
