// Runs the homework's CNN study end to end: data, TPE, optional median pruning, a time budget, one
// log line per finished trial. The command line (`hw7-hpo cnn`) is a thin layer over this.
import { currentBackend, initBackend, seedEverything } from '@hw7/tensor-utils';
import type { FrozenTrial } from '../frozen-trial.js';
import { MedianPruner } from '../pruners/median-pruner.js';
import { NopPruner } from '../pruners/nop-pruner.js';
import type { Pruner } from '../pruners/pruner.js';
import { TPESampler } from '../samplers/tpe/tpe-sampler.js';
import type { Storage } from '../storage/storage.js';
import { storageFromUrl } from '../storage/storage-url.js';
import { createStudy, type Study } from '../study.js';
import { PRUNER_NAMES, type PrunerName } from './cnn-names.js';
import { createCnnObjective } from './cnn-objective.js';
import { type ImageDatasetOptions, loadImageDataset } from './image-dataset.js';

export interface CnnStudyOptions extends ImageDatasetOptions {
  /** Stop after this many trials in this run; unlimited when omitted (then set `timeout`). */
  nTrials?: number;
  /** Seconds after which no new trial starts (a running trial finishes). */
  timeout?: number;
  /**
   * 'median' (default): Optuna's MedianPruner defaults; 'none': every trial runs all epochs; or any
   * pruner, e.g. `new MedianPruner({ nStartupTrials: 3 })` for a short budget that allows few trials.
   */
  pruner?: PrunerName | Pruner;
  /** A `Storage` or a URL such as `sqlite:///study.db`; default in memory. */
  storage?: Storage | string;
  /** The study to create, or to resume when it exists in `storage`. */
  studyName?: string;
  /**
   * With a storage URL: seconds between heartbeats of the running trial (default 10), so that a
   * trial whose process was killed is failed once it has been silent for twice as long.
   */
  heartbeatInterval?: number;
  /**
   * Seeds the sampler, the weight initialisation and the shuffling (default 0). A resumed study's
   * sampler is seeded from this and its number of trials, so it does not repeat earlier trials.
   */
  seed?: number;
  epochs?: number;
  batchSize?: number;
  /** Per-trial progress bars on stderr (default false). */
  progress?: boolean;
  /** Receives one line per finished trial; default: nothing. */
  log?: (line: string) => void;
}

function formatParams(trial: FrozenTrial): string {
  return Object.entries(trial.params)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Number(value.toPrecision(4)) : String(value)}`)
    .join(' ');
}

/**
 * One line per finished trial, e.g. `trial 3 PRUNED value=0.9012 at epoch 0 (4.2 s) lr=0.003 ...`;
 * a failed trial ends with its reason.
 */
export function describeFinishedTrial(trial: FrozenTrial): string {
  const value = trial.values === null ? 'no value' : `value=${trial.values.map((v) => v.toFixed(4)).join(',')}`;
  const where = trial.state === 'PRUNED' ? ` at epoch ${trial.lastStep}` : '';
  const seconds = trial.durationSeconds === undefined ? '' : ` (${trial.durationSeconds.toFixed(1)} s)`;
  const reason = trial.state === 'FAIL' && trial.failReason ? `: ${trial.failReason}` : '';
  return `trial ${trial.number} ${trial.state} ${value}${where}${seconds} ${formatParams(trial)}${reason}`;
}

/**
 * The sampler's seed for a study that already has `trialCount` trials: `seed` for a new study,
 * another one derived from both for a resumed one (FNV-1a), so a rerun does not draw the
 * parameters of the first trials again.
 */
export function resumedSamplerSeed(seed: number, trialCount: number): number {
  if (trialCount === 0) return seed;
  let hash = 0x811c9dc5;
  for (const char of `${seed}/${trialCount}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

/** The storage a study option names; a URL opens one with heartbeats, so killed trials end FAIL. */
function openStorage(options: CnnStudyOptions): Storage | undefined {
  const { storage, heartbeatInterval = 10 } = options;
  return typeof storage === 'string' ? storageFromUrl(storage, { heartbeatInterval }) : storage;
}

function existingTrialCount(storage: Storage | undefined, studyName: string | undefined): number {
  if (storage === undefined || studyName === undefined) return 0;
  const studyId = storage.findStudyId(studyName);
  return studyId === undefined ? 0 : storage.getAllTrials(studyId).length;
}

/** Maximises test accuracy over the homework's search space; returns the study. */
export async function runCnnStudy(options: CnnStudyOptions): Promise<Study> {
  const { nTrials, timeout, pruner = 'median', seed = 0, log } = options;
  if (typeof pruner === 'string' && !PRUNER_NAMES.includes(pruner)) {
    throw new RangeError(`pruner must be one of ${PRUNER_NAMES.join(', ')}; got ${String(pruner)}`);
  }
  if (nTrials === undefined && timeout === undefined) {
    throw new RangeError('pass nTrials or timeout (or both); otherwise the study never ends');
  }
  if (timeout !== undefined && !(timeout > 0)) throw new RangeError(`timeout must be > 0 seconds; got ${timeout}`);
  if (!currentBackend()) await initBackend();
  seedEverything(seed);
  const data = await loadImageDataset(options);
  try {
    const storage = openStorage(options);
    const study = createStudy({
      direction: 'maximize',
      sampler: new TPESampler({ seed: resumedSamplerSeed(seed, existingTrialCount(storage, options.studyName)) }),
      pruner: typeof pruner !== 'string' ? pruner : pruner === 'median' ? new MedianPruner() : new NopPruner(),
      storage,
      studyName: options.studyName,
      loadIfExists: options.studyName !== undefined,
    });
    const objective = createCnnObjective({
      data,
      epochs: options.epochs,
      batchSize: options.batchSize,
      seed,
      progress: options.progress,
    });
    const logStaleTrials = () => {
      for (const trial of study.storage.failStaleTrials?.(study.studyId) ?? []) log?.(describeFinishedTrial(trial));
    };
    // Trials of killed runs whose heartbeat stopped end FAIL, and are said to.
    logStaleTrials();
    await study.optimize(objective, {
      nTrials,
      timeout,
      callbacks: log ? [(_study, trial) => log(describeFinishedTrial(trial))] : [],
    });
    logStaleTrials();
    return study;
  } finally {
    data.dispose();
  }
}
