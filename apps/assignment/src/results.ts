// results.json: every question's status, settings and numbers. Runs of some questions update their
// entries and keep the others, so `hw7 q6` after `hw7 run` still yields the complete report; and a
// rerun of a question keeps its earlier results until the new ones are complete.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hw7/tensor-utils/base';
import type { Profile, QuestionId, QuestionOutput } from './questions/question.js';

export const RESULTS_FILE = 'results.json';

export type QuestionStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

/** One run of a question: its settings and, when it completed, its wall time and output. */
export interface QuestionRun {
  profile: Profile;
  seed: number;
  backend: string;
  startedAt: string;
  /** Wall time, in seconds (once it ended). */
  seconds?: number;
}

export interface QuestionResult {
  id: QuestionId;
  title: string;
  /** The status of the latest attempt. */
  status: QuestionStatus;
  /** Why the latest attempt failed (the error message) or was skipped. */
  reason?: string;
  /** The latest attempt, when it is not the completed run below (running, failed or skipped). */
  attempt?: QuestionRun;
  /** The latest completed run, whose output the report shows (kept while a rerun runs or after it failed). */
  completed?: QuestionRun & { seconds: number; output: QuestionOutput };
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

/** An entry of an older results.json (flat fields, before `completed`), read as the current shape. */
function upgrade(entry: QuestionResult & Partial<QuestionRun> & { output?: QuestionOutput }): QuestionResult {
  if (entry.completed !== undefined || entry.output === undefined) return entry;
  const { output, profile, seed, backend, startedAt, seconds, ...rest } = entry;
  if (profile === undefined || seed === undefined || backend === undefined) return rest;
  return { ...rest, completed: { profile, seed, backend, startedAt: startedAt ?? '', seconds: seconds ?? 0, output } };
}

/** The results of an earlier run in `outDirectory`, or none (a missing or unreadable file starts afresh). */
export async function readPreviousResults(outDirectory: string): Promise<Results['questions']> {
  const path = join(outDirectory, RESULTS_FILE);
  if (!existsSync(path)) return {};
  try {
    const questions = (JSON.parse(await readFile(path, 'utf8')) as Results).questions ?? {};
    return Object.fromEntries(
      Object.entries(questions).map(([id, entry]) => [id, upgrade(entry as Parameters<typeof upgrade>[0])]),
    );
  } catch {
    return {};
  }
}

export async function writeResults(outDirectory: string, results: Results): Promise<void> {
  await writeFileAtomic(join(outDirectory, RESULTS_FILE), `${JSON.stringify(results, null, 2)}\n`);
}
