// Runs the homework's CNN study end to end: data, TPE, optional median pruning, a time budget, one
// log line per finished trial. The command line (`hw7-hpo cnn`) is a thin layer over this.
import { currentBackend, initBackend, seedEverything } from '@hw7/tensor-utils';
import type { FrozenTrial } from '../frozen-trial.js';
import { MedianPruner } from '../pruners/median-pruner.js';
import { NopPruner } from '../pruners/nop-pruner.js';
import { TPESampler } from '../samplers/tpe/tpe-sampler.js';
import type { Storage } from '../storage/storage.js';
import { createStudy, type Study } from '../study.js';
import { PRUNER_NAMES, type PrunerName } from './cnn-names.js';
import { createCnnObjective } from './cnn-objective.js';
import { type ImageDatasetOptions, loadImageDataset } from './image-dataset.js';

export interface CnnStudyOptions extends ImageDatasetOptions {
  /** Stop after this many trials in this run; unlimited when omitted (then set `timeout`). */
  nTrials?: number;
  /** Seconds after which no new trial starts (a running trial finishes). */
  timeout?: number;
  /** 'median' (default): Optuna's MedianPruner defaults; 'none': every trial runs all epochs. */
  pruner?: PrunerName;
  /** A `Storage` or a URL such as `sqlite:///study.db`; default in memory. */
  storage?: Storage | string;
  studyName?: string;
  /** Seeds the sampler, the weight initialisation and the shuffling (default 0). */
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

/** One line per finished trial, e.g. `trial 3 PRUNED value=0.9012 at epoch 0 (4.2 s) lr=0.003 ...`. */
export function describeFinishedTrial(trial: FrozenTrial): string {
  const value = trial.values === null ? 'no value' : `value=${trial.values.map((v) => v.toFixed(4)).join(',')}`;
  const where = trial.state === 'PRUNED' ? ` at epoch ${trial.lastStep}` : '';
  const seconds = trial.durationSeconds === undefined ? '' : ` (${trial.durationSeconds.toFixed(1)} s)`;
  return `trial ${trial.number} ${trial.state} ${value}${where}${seconds} ${formatParams(trial)}`;
}

/** Maximises test accuracy over the homework's search space; returns the study. */
export async function runCnnStudy(options: CnnStudyOptions): Promise<Study> {
  const { nTrials, timeout, pruner = 'median', seed = 0, log } = options;
  if (!PRUNER_NAMES.includes(pruner)) {
    throw new RangeError(`pruner must be one of ${PRUNER_NAMES.join(', ')}; got ${String(pruner)}`);
  }
  if (nTrials === undefined && timeout === undefined) {
    throw new RangeError('pass nTrials or timeout (or both); otherwise the study never ends');
  }
  if (!currentBackend()) await initBackend();
  seedEverything(seed);
  const data = await loadImageDataset(options);
  try {
    const study = createStudy({
      direction: 'maximize',
      sampler: new TPESampler({ seed }),
      pruner: pruner === 'median' ? new MedianPruner() : new NopPruner(),
      storage: options.storage,
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
    await study.optimize(objective, {
      nTrials,
      timeout,
      callbacks: log ? [(_study, trial) => log(describeFinishedTrial(trial))] : [],
    });
    return study;
  } finally {
    data.dispose();
  }
}
