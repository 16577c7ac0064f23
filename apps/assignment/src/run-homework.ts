// Runs the selected questions one after the other and rewrites results.json and report.html after
// every step, so a failure or an interruption never loses what already finished.
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { type BackendName, initBackend, writeFileAtomic } from '@hw7/tensor-utils';
import type { Profile, Question, QuestionContext } from './questions/question.js';
import { REPORT_FILE, renderReport } from './report/html.js';
import { type QuestionResult, type Results, readPreviousResults, writeResults } from './results.js';

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
  const entry = (question: Question): QuestionResult => ({
    id: question.id,
    title: question.title,
    status: 'pending',
    profile,
    seed,
    backend: backend.name,
  });
  for (const question of options.questions) questions[question.id] = entry(question);

  const save = async () => {
    results.updatedAt = new Date().toISOString();
    await writeResults(outDirectory, results);
    await writeFileAtomic(join(outDirectory, REPORT_FILE), await renderReport(results, outDirectory));
  };
  await save();

  for (const question of options.questions) {
    const result = entry(question);
    questions[question.id] = result;
    const directory = join(outDirectory, question.id);
    const context: QuestionContext = {
      profile,
      seed,
      outDirectory,
      directory,
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
    Object.assign(result, { status: 'running', startedAt: new Date().toISOString() });
    await save();
    context.log(`${question.title}: started (${profile} profile)`);
    const started = performance.now();
    try {
      // A fresh directory: the packages refuse to overwrite an earlier run's checkpoints.
      await rm(directory, { recursive: true, force: true });
      await mkdir(directory, { recursive: true });
      result.output = await question.run(context);
      result.status = 'done';
    } catch (error) {
      result.status = 'failed';
      result.reason = error instanceof Error ? error.message : String(error);
      context.log(`FAILED: ${result.reason}`);
    }
    result.seconds = (performance.now() - started) / 1000;
    if (result.status === 'done') context.log(`done in ${result.seconds.toFixed(1)} s`);
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
