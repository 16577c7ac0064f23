// A synchronous PostgreSQL connection. The `Storage` interface is synchronous (as `trial.suggestFloat`
// is), while every PostgreSQL client for Node is asynchronous; so a worker thread owns the `pg`
// client and this thread blocks on `Atomics.wait` until the thread has the answer, which it then
// takes with `receiveMessageOnPort` (the pattern of `synckit`, without its dependency). One
// `query` is one round trip; the storage makes each of its methods one statement.
// The same thread beats the heartbeats of running trials on a second connection: its event loop
// keeps running while a synchronous objective blocks this thread.
import { createRequire } from 'node:module';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type PostgresThreadData,
  type PostgresThreadReply,
  type PostgresThreadRequest,
  postgresConnectionThread,
} from './postgres-connection-thread.js';
import { threadSource } from './thread-source.js';

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
    options: { heartbeatIntervalMs?: number; queryTimeoutMs?: number; readOnly?: boolean } = {},
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
    const workerData: PostgresThreadData = {
      driverPath,
      port: port2,
      signal: this.signal,
      url,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
      readOnly: options.readOnly ?? false,
    };
    // CommonJS whatever this process runs as (a study worker runs with `--input-type=module`, which
    // threads would otherwise inherit).
    this.thread = new Worker(threadSource(postgresConnectionThread), {
      eval: true,
      execArgv: [],
      workerData,
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
    this.port.postMessage({ sql, params } satisfies PostgresThreadRequest);
    if (Atomics.wait(this.signal, 0, 0, this.queryTimeoutMs) === 'timed-out') {
      throw new Error(`PostgreSQL at ${redactedUrl(this.url)} did not answer within ${this.queryTimeoutMs} ms`);
    }
    const reply = receiveMessageOnPort(this.port)?.message as PostgresThreadReply | undefined;
    if (!reply) throw new Error('the PostgreSQL connection thread answered nothing');
    if (reply.error) {
      throw new PostgresQueryError(this.url, reply.error.message, reply.error.code);
    }
    return reply.rows ?? [];
  }

  /** Starts or stops beating the heartbeat of a running trial (no reply, so this never blocks). */
  heartbeat(trialId: number, running: boolean): void {
    this.port.postMessage({ heartbeat: { trialId, running } } satisfies PostgresThreadRequest);
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
