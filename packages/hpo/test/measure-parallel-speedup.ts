// Measures runParallelStudy with 1 and 2 worker processes on a CPU-bound objective:
// `tsx test/measure-parallel-speedup.ts` from packages/hpo (not a test: timings on a shared machine
// are no pass/fail matter). HW7_HPO_TRIALS (default 20), HW7_HPO_WORK_MS (per trial on an idle core,
// default 200) and HW7_HPO_ROUNDS (default 2) change the run. Prints one JSON line per run. Wall
// times include starting the workers, which under tsx compile the sources (about 0.7 s of CPU each).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runParallelStudy } from '../src/parallel.js';

const nTrials = Number(process.env.HW7_HPO_TRIALS ?? 20);
const workMs = Number(process.env.HW7_HPO_WORK_MS ?? 200);
const rounds = Number(process.env.HW7_HPO_ROUNDS ?? 2);

/** Iterations of the objective's loop that take `workMs` here; the fastest of a few tries. */
function calibrate(): number {
  const probe = 20_000_000;
  let fastest = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 5; attempt++) {
    const start = performance.now();
    let sum = 0;
    for (let i = 0; i < probe; i++) sum += Math.sqrt(i + 1.5);
    if (sum > 0) fastest = Math.min(fastest, performance.now() - start);
  }
  return Math.round((probe * workMs) / fastest);
}

process.env.HW7_HPO_WORK_ITERATIONS = String(calibrate());
const directory = mkdtempSync(join(tmpdir(), 'hpo-speedup-'));
const wallSeconds: Record<number, number[]> = { 1: [], 2: [] };
try {
  for (let round = 0; round < rounds; round++) {
    for (const nJobs of [1, 2]) {
      const start = performance.now();
      const study = await runParallelStudy({
        storage: `sqlite:///${join(directory, `round-${round}-jobs-${nJobs}.db`)}`,
        studyName: 'speedup',
        objectiveModule: new URL('./fixtures/fixed-work-objective.ts', import.meta.url),
        nJobs,
        nTrials,
      });
      const seconds = (performance.now() - start) / 1000;
      wallSeconds[nJobs].push(seconds);
      const trials = study.trials;
      const firstStart = Math.min(...trials.map((trial) => trial.datetimeStart?.getTime() ?? Number.NaN));
      const lastEnd = Math.max(...trials.map((trial) => trial.datetimeComplete?.getTime() ?? Number.NaN));
      const trialSeconds = trials.map((trial) => trial.durationSeconds ?? Number.NaN);
      console.log(
        JSON.stringify({
          round,
          nJobs,
          nTrials,
          wallSeconds: +seconds.toFixed(2),
          trialPhaseSeconds: (lastEnd - firstStart) / 1000,
          meanTrialSeconds: +(trialSeconds.reduce((a, b) => a + b, 0) / trials.length).toFixed(3),
          loadAverage: +loadavg()[0].toFixed(1),
        }),
      );
    }
  }
  const best = (values: number[]) => Math.min(...values);
  console.log(JSON.stringify({ speedupOfBestWallTimes: +(best(wallSeconds[1]) / best(wallSeconds[2])).toFixed(2) }));
} finally {
  rmSync(directory, { recursive: true, force: true });
}
