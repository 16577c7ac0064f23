// `pnpm --filter @hw7/hpo bench:postgres`: the bookkeeping throughput of PostgresStorage. For 1, 4
// and 8 `hw7-hpo worker` processes on one study with a trivial objective (two floats, a user
// attribute; random sampler; heartbeats on), the trials per second over all workers, counted
// while all of them were running (process start-up excluded). One JSON line per worker count.
// The server: HW7_POSTGRES_URL, or a throwaway one (see src/storage/postgres-test-server.ts).
// HW7_BENCH_SECONDS sets how long each worker runs (default 10); HW7_BENCH_WORKERS the counts.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchLine, integerFromEnv, round } from '@hw7/tensor-utils/dev';
import type { FrozenTrial, Trial } from '../src/index.js';
import type { WorkerContext } from '../src/parallel.js';
import { RandomSampler } from '../src/samplers.js';
import { createTestDatabase, startTestPostgres } from '../src/storage/postgres-test-server.js';
import { PostgresStorage } from '../src/storages.js';

// This file is also the workers' objective module.
export function objective(trial: Trial): number {
  trial.setUserAttr('pid', process.pid);
  return trial.suggestFloat('x', 0, 1) + trial.suggestFloat('y', 0, 1);
}

export function createSampler({ workerIndex }: WorkerContext): RandomSampler {
  return new RandomSampler({ seed: workerIndex });
}

const SECONDS = integerFromEnv('HW7_BENCH_SECONDS', 10, 1);
const WORKER_COUNTS = (process.env.HW7_BENCH_WORKERS ?? '1,4,8').split(',').map(Number);
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

async function runWorkers(url: string, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const args = ['--import', 'tsx', CLI, 'worker', '--storage', url, '--study', 'throughput'];
      args.push('--objective', fileURLToPath(import.meta.url), '--timeout', String(SECONDS));
      args.push('--heartbeat-interval', '1', '--worker-index', String(index));
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      return new Promise<void>((resolve, reject) =>
        child.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`worker ${index} exited with ${code}`)),
        ),
      );
    }),
  );
}

/** Trials finished while every worker was running: from the last worker's first start to the first worker's last finish. */
function steadyThroughput(trials: readonly FrozenTrial[]) {
  const byPid = new Map<unknown, FrozenTrial[]>();
  for (const trial of trials) {
    const own = byPid.get(trial.userAttrs.pid) ?? [];
    own.push(trial);
    byPid.set(trial.userAttrs.pid, own);
  }
  const start = Math.max(...[...byPid.values()].map((own) => Math.min(...own.map(startMs))));
  const end = Math.min(...[...byPid.values()].map((own) => Math.max(...own.map(completeMs))));
  const inWindow = trials.filter((trial) => completeMs(trial) > start && completeMs(trial) <= end).length;
  return { workersSeen: byPid.size, inWindow, windowSeconds: (end - start) / 1000 };
}
const startMs = (trial: FrozenTrial) => trial.datetimeStart?.getTime() ?? Number.NaN;
const completeMs = (trial: FrozenTrial) => trial.datetimeComplete?.getTime() ?? Number.NaN;

async function main(): Promise<void> {
  const server = await startTestPostgres();
  if ('skipReason' in server) throw new Error(`no PostgreSQL server for the bench: ${server.skipReason}`);
  try {
    for (const workers of WORKER_COUNTS) {
      const database = createTestDatabase(server);
      try {
        await runWorkers(database.url, workers);
        const storage = new PostgresStorage(database.url);
        const studyId = storage.findStudyId('throughput') as number;
        const trials = storage.getAllTrials(studyId);
        storage.close();
        const { workersSeen, inWindow, windowSeconds } = steadyThroughput(trials);
        benchLine('postgres-throughput', {
          workers,
          workersSeen,
          trialsPerSecond: round(inWindow / windowSeconds, 1),
          trialsPerSecondPerWorker: round(inWindow / windowSeconds / workers, 1),
          trialsInWindow: inWindow,
          windowSeconds: round(windowSeconds, 2),
          totalTrials: trials.length,
          complete: trials.filter((trial) => trial.state === 'COMPLETE').length,
          loadAverage1m: round(loadavg()[0], 2),
        });
      } finally {
        database.drop();
      }
    }
  } finally {
    server.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
