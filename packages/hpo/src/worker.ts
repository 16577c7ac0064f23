// One worker of a distributed study (what `hw7-hpo worker` runs): it attaches to a study in a
// shared storage, PostgreSQL for workers on several machines or SQLite for one machine, and runs
// trials of the objective module until its share is done, the timeout passes or the sampler is
// exhausted. Start as many as you like, wherever the database is reachable; the storage keeps
// them apart (unique trial numbers, each grid point and enqueued trial handed to one worker), and
// with heartbeats a worker that dies has its trial failed (and, with maxRetries, run again) by the
// others.
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { moduleUrl } from '@hw7/tensor-utils/base';
import type { FrozenTrial } from './frozen-trial.js';
import { importObjectiveModule, openOrCreateStudy, type WorkerContext } from './parallel/objective-module.js';
import type { Pruner } from './pruners/pruner.js';
import type { Sampler } from './samplers/sampler.js';
import { storageFromUrl } from './storage/storage-url.js';
import type { Objective, Study } from './study.js';
import type { StudyDirection } from './study-direction.js';

export interface WorkerOptions {
  /** `postgresql://user@host:5432/db` (any machine) or `sqlite:///path.db` (this machine). */
  storage: string;
  studyName: string;
  /**
   * File URL or path of a module exporting `objective` (and optionally `createSampler`,
   * `createPruner`), which is how a command line names it; or give `objective` (and `sampler`,
   * `pruner`) directly.
   */
  objectiveModule?: string | URL;
  objective?: Objective;
  sampler?: Sampler;
  pruner?: Pruner;
  /**
   * The study's directions: it is created with them when no worker has created it yet (default
   * minimize); an existing study must have them (when given).
   */
  directions?: readonly StudyDirection[];
  /** Trials this worker runs at most; unlimited when omitted. */
  nTrials?: number;
  /** Seconds after which this worker starts no new trial. */
  timeout?: number;
  /** Passed to the module's factories, e.g. to seed each worker's sampler differently. */
  context?: WorkerContext;
  /** Whether an objective's error only fails its trial; by default it also stops this worker. */
  catchErrors?: boolean;
  /** Dead-worker detection (see `PostgresStorageOptions`); maxRetries needs PostgreSQL. */
  heartbeatInterval?: number;
  gracePeriod?: number;
  maxRetries?: number;
  /** Called after each trial this worker finished. */
  onTrial?: (study: Study, trial: FrozenTrial) => void;
}

/** What a worker did. */
export interface WorkerSummary {
  studyName: string;
  /** Trials this worker finished, by state. */
  finished: Record<'COMPLETE' | 'PRUNED' | 'FAIL', number>;
}

/** Runs one worker in this process until its share is done; resolves with what it did. */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const context = options.context ?? defaultContext();
  const { objective, sampler, pruner } = await loadObjective(options, context);
  const storage = storageFromUrl(options.storage, {
    heartbeatInterval: options.heartbeatInterval,
    gracePeriod: options.gracePeriod,
    maxRetries: options.maxRetries,
  });
  const finished = { COMPLETE: 0, PRUNED: 0, FAIL: 0 };
  try {
    const study = openOrCreateStudy({
      storage,
      studyName: options.studyName,
      directions: options.directions,
      sampler,
      pruner,
    });
    const deadline = options.timeout === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeout * 1000;
    const done = () => total(finished) >= (options.nTrials ?? Number.POSITIVE_INFINITY) || Date.now() >= deadline;
    for (;;) {
      await study.optimize(objective, {
        nTrials: options.nTrials === undefined ? undefined : options.nTrials - total(finished),
        timeout: Number.isFinite(deadline) ? Math.max(0, (deadline - Date.now()) / 1000) : undefined,
        catch: options.catchErrors ? () => true : undefined,
        callbacks: [
          (current, trial) => {
            if (trial.state !== 'RUNNING' && trial.state !== 'WAITING') finished[trial.state]++;
            options.onTrial?.(current, trial);
          },
        ],
      });
      // The sampler has nothing left (a grid is all taken). With heartbeats, stay while other
      // workers' trials run: one of them may die, and its trial must be failed, and maybe retried.
      if (
        done() ||
        options.heartbeatInterval === undefined ||
        !(await othersMayRetry(study, options.heartbeatInterval))
      ) {
        break;
      }
    }
  } finally {
    storage.close();
  }
  return { studyName: options.studyName, finished };
}

/** The objective, sampler and pruner given directly or exported by `objectiveModule`. */
async function loadObjective(
  options: WorkerOptions,
  context: WorkerContext,
): Promise<{ objective: Objective; sampler?: Sampler; pruner?: Pruner }> {
  if ((options.objectiveModule === undefined) === (options.objective === undefined)) {
    throw new TypeError('runWorker needs exactly one of objectiveModule and objective');
  }
  if (options.objective) return { objective: options.objective, sampler: options.sampler, pruner: options.pruner };
  return importObjectiveModule(moduleUrl(options.objectiveModule as string | URL), context);
}

function total(finished: Record<string, number>): number {
  return Object.values(finished).reduce((sum, count) => sum + count, 0);
}

/**
 * Waits while the study has RUNNING trials and no WAITING one, failing stale ones as they turn
 * up; true when a WAITING trial (a retry) appeared, false when nothing runs any more.
 */
async function othersMayRetry(study: Study, heartbeatInterval: number): Promise<boolean> {
  for (;;) {
    study.storage.failStaleTrials?.(study.studyId);
    const open = study.getTrials(['RUNNING', 'WAITING']);
    if (open.some((trial) => trial.state === 'WAITING')) return true;
    if (open.length === 0) return false;
    await sleep(heartbeatInterval * 1000);
  }
}

/**
 * Workers started by hand on several machines have no index; one drawn from the host name and
 * process id gives their samplers different seeds all the same.
 */
function defaultContext(): WorkerContext {
  let hash = process.pid;
  for (const char of hostname()) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return { workerIndex: hash % 1_000_000, nJobs: 1 };
}
