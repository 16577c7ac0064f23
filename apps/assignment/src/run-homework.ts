// Runs the selected questions one after the other and rewrites results.json and report.html after
// every step, so a failure or an interruption never loses what already finished. A question runs in
// a staging directory that replaces its folder only when it completes; until then its earlier files
// and numbers stay in place (a killed or failed rerun loses nothing).
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { type BackendName, initBackend, writeFileAtomic } from '@hw7/tensor-utils';
import type { Profile, Question, QuestionContext, QuestionId } from './questions/question.js';
import { REPORT_FILE, renderReport } from './report/html.js';
import { type QuestionResult, type QuestionRun, type Results, readPreviousResults, writeResults } from './results.js';

export interface HomeworkOptions {
  questions: readonly Question[];
  profile: Profile;
  seed: number;
  out: string;
  backend: BackendName | 'auto';
  /** Where q3 and q7 read their data sets (see QuestionContext.dataDirectory). */
  dataDirectory?: string;
  /** Where the step messages go (progress bars of the packages go to stderr by themselves). */
  log?: (line: string) => void;
}

export interface HomeworkRun {
  results: Results;
  reportPath: string;
  resultsPath: string;
  failed: QuestionResult[];
}

/** A question's folder, its staging folder (a run in progress) and the folder it replaces. */
export function questionDirectories(outDirectory: string, id: QuestionId) {
  return {
    final: join(outDirectory, id),
    staging: join(outDirectory, `.${id}.partial`),
    replaced: join(outDirectory, `.${id}.replaced`),
  };
}

/**
 * Clears what a killed run left: its staging folder, and, when it died between the two renames of a
 * swap, puts the earlier folder back.
 */
async function recoverDirectories(outDirectory: string, id: QuestionId): Promise<void> {
  const { final, staging, replaced } = questionDirectories(outDirectory, id);
  await rm(staging, { recursive: true, force: true });
  if (existsSync(replaced)) {
    if (existsSync(final)) await rm(replaced, { recursive: true, force: true });
    else await rename(replaced, final);
  }
}

/** Moves a completed run's staging folder into place of the earlier folder. */
async function promoteStaging(outDirectory: string, id: QuestionId): Promise<void> {
  const { final, staging, replaced } = questionDirectories(outDirectory, id);
  if (existsSync(final)) await rename(final, replaced);
  await rename(staging, final);
  await rm(replaced, { recursive: true, force: true });
}

export async function runHomework(options: HomeworkOptions): Promise<HomeworkRun> {
  const { profile, seed } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const outDirectory = resolve(options.out);
  await mkdir(outDirectory, { recursive: true });
  const backend = await initBackend({ backend: options.backend, quiet: true });
  log(`backend ${backend.name}: ${backend.reason}`);
  const questions = await readPreviousResults(outDirectory);
  for (const result of Object.values(questions)) {
    // A question still 'running' in the file belongs to a run that was killed.
    if (result.status === 'running') Object.assign(result, { status: 'failed', reason: 'interrupted' });
  }
  const results: Results = {
    updatedAt: new Date().toISOString(),
    environment: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: availableParallelism(),
      loadAverage: loadavg()[0],
      backend: { name: backend.name, reason: backend.reason },
    },
    questions,
  };
  const newAttempt = (): QuestionRun => ({ profile, seed, backend: backend.name, startedAt: new Date().toISOString() });
  /** The entry for a new attempt: the earlier completed run stays until this one completes. */
  const attemptEntry = (question: Question, status: QuestionResult['status']): QuestionResult => {
    const completed = questions[question.id]?.completed;
    return { id: question.id, title: question.title, status, attempt: newAttempt(), ...(completed && { completed }) };
  };
  for (const question of options.questions) questions[question.id] = attemptEntry(question, 'pending');

  const save = async () => {
    results.updatedAt = new Date().toISOString();
    await writeResults(outDirectory, results);
    await writeFileAtomic(join(outDirectory, REPORT_FILE), await renderReport(results, outDirectory));
  };
  await save();

  for (const question of options.questions) {
    await recoverDirectories(outDirectory, question.id);
    const result = attemptEntry(question, 'running');
    questions[question.id] = result;
    const attempt = result.attempt as QuestionRun;
    const { staging } = questionDirectories(outDirectory, question.id);
    const context: QuestionContext = {
      id: question.id,
      profile,
      seed,
      outDirectory,
      directory: staging,
      dataDirectory: options.dataDirectory,
      log: (line) => log(`[${question.id}] ${line}`),
    };
    const skipReason = question.skipReason?.(context);
    if (skipReason !== undefined) {
      Object.assign(result, { status: 'skipped', reason: skipReason });
      context.log(`skipped: ${skipReason}`);
      await save();
      continue;
    }
    await save();
    context.log(`${question.title}: started (${profile} profile)`);
    const started = performance.now();
    try {
      await mkdir(staging, { recursive: true });
      const output = await question.run(context);
      attempt.seconds = (performance.now() - started) / 1000;
      await promoteStaging(outDirectory, question.id);
      questions[question.id] = {
        id: question.id,
        title: question.title,
        status: 'done',
        completed: { ...attempt, seconds: attempt.seconds, output },
      };
      context.log(`done in ${attempt.seconds.toFixed(1)} s`);
    } catch (error) {
      attempt.seconds = (performance.now() - started) / 1000;
      result.status = 'failed';
      result.reason = error instanceof Error ? error.message : String(error);
      context.log(`FAILED: ${result.reason}`);
      await rm(staging, { recursive: true, force: true });
    }
    await save();
  }
  return {
    results,
    reportPath: join(outDirectory, REPORT_FILE),
    resultsPath: join(outDirectory, 'results.json'),
    failed: options.questions.flatMap((question) => {
      const result = questions[question.id];
      return result?.status === 'failed' ? [result] : [];
    }),
  };
}
