// results.json: every question's status, settings and numbers. Runs of some questions update their
// entries and keep the others, so `hw7 q6` after `hw7 run` still yields the complete report.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hw7/tensor-utils';
import type { Profile, QuestionId, QuestionOutput } from './questions/question.js';

export const RESULTS_FILE = 'results.json';

export type QuestionStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface QuestionResult {
  id: QuestionId;
  title: string;
  status: QuestionStatus;
  profile: Profile;
  seed: number;
  backend: string;
  startedAt?: string;
  /** Wall time of the question, in seconds. */
  seconds?: number;
  /** Why it failed (the error message) or was skipped. */
  reason?: string;
  output?: QuestionOutput;
}

export interface RunEnvironment {
  node: string;
  platform: string;
  cpus: number;
  /** 1-minute load average when the run started: other jobs slow every timing. */
  loadAverage: number;
  backend: { name: string; reason: string };
}

export interface Results {
  updatedAt: string;
  environment: RunEnvironment;
  questions: Partial<Record<QuestionId, QuestionResult>>;
}

/** The results of an earlier run in `outDirectory`, or none (a missing or unreadable file starts afresh). */
export async function readPreviousResults(outDirectory: string): Promise<Results['questions']> {
  const path = join(outDirectory, RESULTS_FILE);
  if (!existsSync(path)) return {};
  try {
    return (JSON.parse(await readFile(path, 'utf8')) as Results).questions ?? {};
  } catch {
    return {};
  }
}

export async function writeResults(outDirectory: string, results: Results): Promise<void> {
  await writeFileAtomic(join(outDirectory, RESULTS_FILE), `${JSON.stringify(results, null, 2)}\n`);
}
