// The layout of a training run's output directory, and what it holds, without loading TensorFlow.js:
// the command line checks `--out` and `--checkpoint` with it before any work starts.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where a `trainCgan` run writes, below its output directory. */
export function runFiles(out: string) {
  return {
    /** The newest sample grid. */
    samples: join(out, 'samples', 'latest.png'),
    /** `step-XXXXXX.png` for every step sampled. */
    samplesDirectory: join(out, 'samples'),
    losses: join(out, 'losses.svg'),
    metrics: join(out, 'metrics.jsonl'),
    checkpoints: join(out, 'checkpoints'),
    summary: join(out, 'summary.json'),
  };
}

/** `dir` itself when it holds checkpoints, else `dir/checkpoints` (a training run's output directory). */
export function checkpointDirectory(dir: string): string {
  const nested = join(dir, 'checkpoints');
  return existsSync(join(dir, 'latest.json')) || !existsSync(nested) ? dir : nested;
}

const CHECKPOINT_PATTERN = /^step-(\d+)$/;

/**
 * The step of the newest checkpoint directory in a run (its output directory or its checkpoints/),
 * or null when there is none. A quick look for the command line; `CheckpointManager` verifies.
 */
export function newestCheckpointStep(dir: string): number | null {
  let names: string[];
  try {
    names = readdirSync(checkpointDirectory(dir));
  } catch {
    return null;
  }
  const steps = names.flatMap((name) => {
    const match = CHECKPOINT_PATTERN.exec(name);
    return match ? [Number(match[1])] : [];
  });
  return steps.length === 0 ? null : Math.max(...steps);
}
