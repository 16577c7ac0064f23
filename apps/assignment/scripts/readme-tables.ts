// The README's measured tables, generated from the committed measurements so that no number in them
// is typed by hand: measured/<profile>/results.json (a run's results) and run.json (its wall time and
// the machine's load, written by scripts/measure-profile.sh). Each table sits between
// `<!-- generated:<profile> -->` and `<!-- /generated:<profile> -->` in README.md. scripts/readme.ts
// rewrites them; test/readme.test.ts fails when they differ from measured/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { plainText } from '../src/answers/prose.js';
import type { Profile, Question } from '../src/questions/question.js';
import { QUESTIONS } from '../src/questions/registry.js';
import type { Results } from '../src/results.js';

const APP = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The app's README. */
export const README = join(APP, 'README.md');

interface RunRecord {
  command: string;
  date: string;
  cpus: number;
  wallSeconds: number;
  buildSeconds: number;
  loadAverageBefore: number;
  loadAverageAfter: number;
  exitStatus: number;
}

const seconds = (value: number) =>
  value.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const minutes = (value: number) =>
  (value / 60).toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function table(profile: Profile): string {
  const directory = join(APP, 'measured', profile);
  const resultsPath = join(directory, 'results.json');
  if (!existsSync(resultsPath))
    return `No measurement of the ${profile} profile is committed yet (measured/${profile}/).`;
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as Results;
  const run = existsSync(join(directory, 'run.json'))
    ? (JSON.parse(readFileSync(join(directory, 'run.json'), 'utf8')) as RunRecord)
    : undefined;
  const rows = (QUESTIONS as readonly Question[]).map((question) => {
    const result = results.questions[question.id];
    const completed = result?.completed;
    if (completed === undefined) {
      const why =
        result?.status === 'failed' ? `failed: ${(result.reason ?? '').replace(/\|/g, '\\|')}` : 'not measured';
      return `| ${question.id} | – | ${why} |`;
    }
    const headline = plainText(question.headline(completed.output.metrics)).replace(/\|/g, '\\|');
    return `| ${question.id} | ${seconds(completed.seconds)} | ${headline} |`;
  });
  const total = Object.values(results.questions).reduce((sum, result) => sum + (result?.completed?.seconds ?? 0), 0);
  const lines = [
    '| question | seconds | result (the report’s one-line conclusion) |',
    '| --- | --- | --- |',
    ...rows,
    `| all | ${seconds(total)} | ${minutes(total)} minutes of questions |`,
  ];
  if (run) {
    lines.push(
      '',
      `Measured ${run.date.slice(0, 10)} with \`${run.command}\` on ${run.cpus} cores, backend ` +
        `${results.environment.backend.name}: **${minutes(run.wallSeconds)} minutes of wall time** ` +
        `(${seconds(run.buildSeconds)} s of it the build), load average ${run.loadAverageBefore} before and ` +
        `${run.loadAverageAfter} after (other jobs share the machine; on a quiet one it is faster).` +
        (run.exitStatus === 0 ? '' : ` The run ended with status ${run.exitStatus}.`),
    );
  }
  return lines.join('\n');
}

function readResults(profile: Profile): Results | undefined {
  const path = join(APP, 'measured', profile, 'results.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Results) : undefined;
}

/** The full profile: measured where measured/full/ has the question, else estimated from the quick run. */
function fullTable(): string {
  const full = readResults('full');
  const quick = readResults('quick');
  let total = 0;
  let estimated = false;
  const rows = (QUESTIONS as readonly Question[]).map((question) => {
    const measured = full?.questions[question.id]?.completed;
    if (measured?.profile === 'full') {
      total += measured.seconds;
      return `| ${question.id} | ${minutes(measured.seconds)} | measured (${measured.startedAt.slice(0, 10)}) |`;
    }
    const run = quick?.questions[question.id]?.completed;
    if (run === undefined) return `| ${question.id} | – | neither measured nor estimable (no quick run committed) |`;
    const estimate = question.estimateFull({ seconds: run.seconds, metrics: run.output.metrics });
    total += estimate.seconds;
    estimated = true;
    return `| ${question.id} | ~${minutes(estimate.seconds)} | estimated: ${estimate.basis.replace(/\|/g, '\\|')} |`;
  });
  return [
    '| question | minutes | how |',
    '| --- | --- | --- |',
    ...rows,
    `| all | ${estimated ? '~' : ''}${minutes(total)} | ${(total / 3600).toLocaleString('en-US', { maximumFractionDigits: 1 })} hours on 2 cores${estimated ? ', partly estimated' : ''} |`,
  ].join('\n');
}

/** `readme` with every generated table replaced by the one measured/ gives now. */
export function withMeasuredTables(readme: string): string {
  let updated = readme;
  for (const [profile, render] of [
    ['quick', () => table('quick')],
    ['full', fullTable],
  ] as const) {
    const start = `<!-- generated:${profile} -->`;
    const end = `<!-- /generated:${profile} -->`;
    const from = updated.indexOf(start);
    const to = updated.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} block`);
    updated = `${updated.slice(0, from + start.length)}\n${render()}\n${updated.slice(to)}`;
  }
  return updated;
}
