#!/usr/bin/env node
// `hw7`: runs the homework's questions on the workspace packages and writes one report.
import { statSync } from 'node:fs';
import { BACKEND_NAMES, backendOption, integerOption, parseCommandLine } from '@hw7/tensor-utils';
import { PROFILES, type Profile } from './questions/question.js';
import { QUESTION_GROUPS, QUESTIONS, selectQuestions } from './questions/registry.js';
import { runHomework } from './run-homework.js';

const OPTIONS = {
  profile: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMON_OPTIONS = ['profile', 'out', 'seed', 'backend', 'data-dir'] as const;

const HELP = `Usage: hw7 run [QUESTION...] [options]    run the named questions (default: all of them)
       hw7 QUESTION [options]                 run one question or group, e.g. hw7 q6, hw7 nas

Questions:
${QUESTIONS.map((question) => `  ${question.id}  ${question.summary}`).join('\n')}

Groups:
${Object.entries(QUESTION_GROUPS)
  .map(([name, ids]) => `  ${name.padEnd(4)}  ${ids.join(' ')}`)
  .join('\n')}

Options:
  --profile NAME   quick (default): every question in at most ~10 minutes on 2 CPU cores;
                   full: the homework's own settings (30-minute Optuna budgets, full cGAN
                   training, the whole word2vec corpus, ...), hours on a CPU
  --out DIR        output directory (default out): report.html, results.json, one folder per question
  --seed N         seed of every question (default 0)
  --backend NAME   auto | ${BACKEND_NAMES.join(' | ')} (default: auto, or $HW7_BACKEND)
  --data-dir DIR   the data sets of q3 and q7 (default: $HW7_DATA_DIR, else the copy shipped in
                   @hw7/datasets); laid out like the shipped one (see @hw7/datasets' README)
  -h, --help       show this help

After every question, DIR/results.json (every number) and DIR/report.html (one self-contained page
with the figures embedded) are rewritten, so an interrupted or failed run keeps what finished.
Running some questions keeps the other questions' earlier results in the report.
The data sets of q3 and q7 ship with the project (@hw7/datasets) and are checked against their
SHA-256 before use. Exit status 1 when a question failed.
`;

function profileOption(value: string | undefined): Profile {
  if (value === undefined) return 'quick';
  if (!(PROFILES as readonly string[]).includes(value)) {
    throw new Error(`--profile must be one of ${PROFILES.join(', ')}; got "${value}"`);
  }
  return value as Profile;
}

async function main(argv: string[]): Promise<number> {
  const questionCommands = [...QUESTIONS.map((question) => question.id), ...Object.keys(QUESTION_GROUPS)];
  const { command, values, positionals } = parseCommandLine(argv, {
    program: 'hw7',
    options: OPTIONS,
    commands: {
      run: { options: [], positionals: [0, questionCommands.length] },
      ...Object.fromEntries(questionCommands.map((name) => [name, { options: [] }])),
    },
    commonOptions: COMMON_OPTIONS,
  });
  if (command === undefined) {
    process.stdout.write(HELP);
    return 0;
  }
  const dataDirectory = values['data-dir'];
  if (dataDirectory !== undefined && !statSync(dataDirectory, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`--data-dir ${dataDirectory}: no such directory`);
  }
  const started = performance.now();
  const run = await runHomework({
    questions: selectQuestions(command === 'run' ? positionals : [command]),
    profile: profileOption(values.profile),
    seed: integerOption(values.seed, 'seed', 0) ?? 0,
    out: values.out ?? 'out',
    backend: backendOption(values.backend) ?? 'auto',
    dataDirectory,
  });
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  process.stdout.write(`report: ${run.reportPath}\nresults: ${run.resultsPath}\n(${minutes} min)\n`);
  if (run.failed.length === 0) return 0;
  for (const failure of run.failed) process.stderr.write(`hw7: ${failure.id} failed: ${failure.reason}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(`hw7: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
