// Objective module for the distributed-worker tests and the PostgreSQL bench: an 8 x 8 grid, every
// worker walking it in the same seeded order (so only atomic claims keep them apart), each trial
// taking HW7_HPO_TRIAL_MS milliseconds of CPU (default 0: a trivial objective).
import { busyWait } from '../test/fixtures/busy-wait.js';
import { GridSampler } from './samplers/grid-sampler.js';
import type { Trial } from './trial.js';

const side = Array.from({ length: 8 }, (_, i) => i);
const trialMs = Number(process.env.HW7_HPO_TRIAL_MS ?? 0);

export function objective(trial: Trial): number {
  const x = trial.suggestCategorical('x', side);
  const y = trial.suggestCategorical('y', side);
  trial.setUserAttr('pid', process.pid);
  busyWait(trialMs);
  return x * 8 + y;
}

export function createSampler(): GridSampler {
  return new GridSampler({ x: side, y: side }, { seed: 0 });
}
