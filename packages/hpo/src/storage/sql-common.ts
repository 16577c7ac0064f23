// What the SQL storages (SQLite, PostgreSQL) share: the heartbeat options and their checks, the
// encoding of objective values, the reason a stale trial fails with, and retrying transient errors.

/** Dead-worker detection, as Optuna's `heartbeat_interval` and `grace_period`. */
export interface HeartbeatOptions {
  /**
   * Seconds between heartbeats of running trials (Optuna's `heartbeat_interval`). Setting it turns
   * on dead-worker detection: while `optimize` runs a trial, a thread of this process records a
   * heartbeat every `heartbeatInterval` seconds (even while a synchronous objective blocks the main
   * thread), and before each trial `optimize` marks FAIL the RUNNING trials whose last heartbeat is
   * older than `gracePeriod`. Default: off.
   */
  heartbeatInterval?: number;
  /** Seconds without a heartbeat after which a RUNNING trial counts as dead. Default: 2 * heartbeatInterval. */
  gracePeriod?: number;
}

/** Checks the heartbeat options; returns the grace period in milliseconds (0 when heartbeats are off). */
export function gracePeriodMilliseconds({ heartbeatInterval, gracePeriod }: HeartbeatOptions): number {
  if (heartbeatInterval !== undefined && !(heartbeatInterval > 0)) {
    throw new RangeError(`heartbeatInterval must be > 0 seconds; got ${heartbeatInterval}`);
  }
  const grace = gracePeriod ?? 2 * (heartbeatInterval ?? 0);
  if (gracePeriod !== undefined && (heartbeatInterval === undefined || !(grace > heartbeatInterval))) {
    throw new RangeError(
      `gracePeriod needs a heartbeatInterval and must exceed it (${heartbeatInterval} s); got ${gracePeriod}`,
    );
  }
  return grace * 1000;
}

/** The `failReason` of a trial failed by `failStaleTrials`. */
export function staleTrialReason(gracePeriodMs: number): string {
  return `no heartbeat for ${gracePeriodMs / 1000} s: its worker stopped without finishing it`;
}

/** JSON for objective values, keeping ±Infinity (and NaN), which JSON has no numbers for. */
export function encodeNumbers(values: readonly number[]): string {
  return JSON.stringify(values.map((value) => (Number.isFinite(value) ? value : String(value))));
}

export function decodeNumbers(json: string): number[] {
  return (JSON.parse(json) as (number | string)[]).map(Number);
}

/**
 * Runs `work`, retrying with a growing random back-off (blocking this thread: the storages are
 * synchronous) while it throws errors `isTransient` accepts, up to `maxAttempts` attempts.
 */
export function retryTransient<T>(work: () => T, isTransient: (error: unknown) => boolean, maxAttempts = 20): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isTransient(error) || attempt >= maxAttempts) throw error;
      sleepSync(attempt * 10 + Math.random() * 20);
    }
  }
}

export function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}
