// Parallel trials for CPU-bound objectives. A JavaScript closure cannot move to another thread or
// process, so the objective lives in a module: each worker is a child process that imports it,
// opens the same study (SQLite or PostgreSQL) and runs `optimize`; the storage keeps their trials apart (atomic
// trial numbers, claims of enqueued trials and grid points). Processes rather than worker threads:
// a crashed or killed worker takes no other down, and its finished trials are already on disk.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { moduleUrl, THREADS_PER_CORE_LIMIT } from '@hw7/tensor-utils/base';
import { storageFromUrl } from '../storage/storage-url.js';
import { loadStudy, type Study } from '../study.js';
import type { StudyDirection } from '../study-direction.js';
import { importObjectiveModule, openOrCreateStudy, type WorkerContext } from './objective-module.js';

export interface ParallelStudyOptions {
  /** A `sqlite:///<path>` (or `postgresql://`) URL: the database through which the workers share the study. */
  storage: string;
  studyName: string;
  /** Used when the study does not exist yet (default 'minimize'); an existing study must have them, when given. */
  direction?: StudyDirection;
  directions?: readonly StudyDirection[];
  /** File URL or path of the module exporting `objective` (see `ObjectiveModule`). */
  objectiveModule: string | URL;
  /** Worker processes. */
  nJobs: number;
  /** Trials over all workers, split evenly among them; unlimited when omitted (set `timeout`). */
  nTrials?: number;
  /** Seconds after which no worker starts a new trial. */
  timeout?: number;
  /** Whether an objective's error only fails its trial; by default it also stops that worker. */
  catchErrors?: boolean;
  /** Heartbeats and stale-trial detection for the workers' trials (see `SqliteStorageOptions`). */
  heartbeatInterval?: number;
  gracePeriod?: number;
  /** Called as each worker process starts (e.g. to log or to watch its pid). */
  onWorkerStart?(worker: { workerIndex: number; pid: number }): void;
}

/** One worker's share of the study; what `runStudyWorker` receives (as JSON). */
export interface StudyWorkerConfig {
  storage: string;
  studyName: string;
  objectiveModule: string;
  workerIndex: number;
  nJobs: number;
  nTrials?: number;
  timeout?: number;
  catchErrors: boolean;
  heartbeatInterval?: number;
  gracePeriod?: number;
}

const RUNNER_MODULE_ENV = 'HW7_HPO_RUNNER_MODULE';
const WORKER_CONFIG_ENV = 'HW7_HPO_WORKER_CONFIG';

// Evaluated by each child: imports this very module (from dist/ when built, from src/ under a
// TypeScript loader) and runs its share. A CommonJS build arrives as the default export.
const WORKER_SCRIPT = `
const runner = await import(process.env.${RUNNER_MODULE_ENV});
const { runStudyWorker } = runner.runStudyWorker ? runner : runner.default;
await runStudyWorker(JSON.parse(process.env.${WORKER_CONFIG_ENV}));
`;

/**
 * Runs a SQLite study in `nJobs` worker processes at once and resolves, once every worker has
 * finished, with the study. Rejects, after the others have finished, when a worker failed or was
 * killed; the trials it completed stay in the study.
 */
export async function runParallelStudy(options: ParallelStudyOptions): Promise<Study> {
  const { nJobs, nTrials, timeout } = options;
  if (!(Number.isInteger(nJobs) && nJobs >= 1)) throw new RangeError(`nJobs must be an integer >= 1; got ${nJobs}`);
  const maxJobs = THREADS_PER_CORE_LIMIT * availableParallelism();
  if (nJobs > maxJobs) {
    // Each worker is a process with its own heap: more than a few per core only thrash.
    throw new RangeError(
      `nJobs must be at most ${maxJobs} (${THREADS_PER_CORE_LIMIT} per core; this machine has ${availableParallelism()}); got ${nJobs}`,
    );
  }
  if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0)) {
    throw new RangeError(`nTrials must be an integer >= 0; got ${nTrials}`);
  }
  if (timeout !== undefined && !(timeout >= 0)) throw new RangeError(`timeout must be >= 0 seconds; got ${timeout}`);
  const { direction, directions } = options;
  if (direction && directions) throw new TypeError('pass either direction or directions, not both');
  const storage = storageFromUrl(options.storage);
  const study = openOrCreateStudy({
    storage,
    studyName: options.studyName,
    directions: directions ?? (direction ? [direction] : undefined),
  });

  const objectiveModule = moduleUrl(options.objectiveModule);
  const exits = splitTrials(nTrials, nJobs).map((share, workerIndex) =>
    runWorkerProcess(
      {
        storage: options.storage,
        studyName: options.studyName,
        objectiveModule,
        workerIndex,
        nJobs,
        nTrials: share,
        timeout,
        catchErrors: options.catchErrors ?? false,
        heartbeatInterval: options.heartbeatInterval,
        gracePeriod: options.gracePeriod,
      },
      options.onWorkerStart,
    ),
  );
  const failures = (await Promise.all(exits)).filter((failure) => failure !== undefined);
  if (failures.length > 0) {
    throw new Error(
      `${failures.length} of ${exits.length} workers of study "${options.studyName}" failed: ${failures.join('; ')}. ` +
        'Their finished trials are in the study.',
    );
  }
  return study;
}

/** What each worker process runs: its share of trials of the study, in this process. */
export async function runStudyWorker(config: StudyWorkerConfig): Promise<void> {
  const context: WorkerContext = { workerIndex: config.workerIndex, nJobs: config.nJobs };
  const { objective, sampler, pruner } = await importObjectiveModule(config.objectiveModule, context);
  const storage = storageFromUrl(config.storage, {
    heartbeatInterval: config.heartbeatInterval,
    gracePeriod: config.gracePeriod,
  });
  try {
    const study = loadStudy({ storage, studyName: config.studyName, sampler, pruner });
    await study.optimize(objective, {
      nTrials: config.nTrials,
      timeout: config.timeout,
      catch: config.catchErrors ? () => true : undefined,
    });
  } finally {
    storage.close();
  }
}

/** Each worker's number of trials (undefined: unlimited); workers with none are not started. */
function splitTrials(nTrials: number | undefined, nJobs: number): (number | undefined)[] {
  if (nTrials === undefined) return Array.from({ length: nJobs }, () => undefined);
  return Array.from(
    { length: Math.min(nJobs, nTrials) },
    (_, i) => Math.floor(nTrials / nJobs) + (i < nTrials % nJobs ? 1 : 0),
  );
}

/** Starts one worker; resolves with why it failed, or undefined when it finished its share. */
function runWorkerProcess(
  config: StudyWorkerConfig,
  onWorkerStart: ParallelStudyOptions['onWorkerStart'],
): Promise<string | undefined> {
  const child = spawn(process.execPath, [...workerExecArgv(), '--input-type=module', '--eval', WORKER_SCRIPT], {
    env: { ...process.env, [RUNNER_MODULE_ENV]: import.meta.url, [WORKER_CONFIG_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (child.pid !== undefined) onWorkerStart?.({ workerIndex: config.workerIndex, pid: child.pid });
  return new Promise((resolvePromise) => {
    child.once('error', (error) => resolvePromise(`worker ${config.workerIndex} could not start: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (code === 0) resolvePromise(undefined);
      else if (signal) resolvePromise(`worker ${config.workerIndex} was killed by ${signal}`);
      else resolvePromise(`worker ${config.workerIndex} exited with code ${code} (its error is on stderr)`);
    });
  });
}

// Flags of this process a worker must not inherit: its own script and input type, and debugger
// ports (which every worker would try to take).
const UNINHERITED_FLAG = /^(-e|--eval|-p|--print|--input-type|--inspect(-brk|-wait|-port)?|--debug-port)(=|$)/;
const FLAG_VALUE_FOLLOWS = new Set(['-e', '--eval', '-p', '--print', '--input-type', '--inspect-port', '--debug-port']);

/**
 * This process's Node flags (as `child_process.fork` passes them), so loaders such as tsx reach the
 * workers too. Running from TypeScript sources (under vitest) without one, tsx is added.
 */
function workerExecArgv(): string[] {
  const execArgv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const flag = process.execArgv[i];
    if (!UNINHERITED_FLAG.test(flag)) execArgv.push(flag);
    else if (FLAG_VALUE_FOLLOWS.has(flag)) i++;
  }
  const fromSources = import.meta.url.endsWith('.ts');
  const loadsTsx = execArgv.some((flag) => /^tsx(\/|$)|[\\/]node_modules[\\/]tsx[\\/]/.test(flag));
  if (fromSources && !loadsTsx) {
    execArgv.push('--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href);
  }
  return execArgv;
}
