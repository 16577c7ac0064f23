#!/usr/bin/env node
// `hw7`: runs the homework's questions on the workspace packages and writes one report answering it.
// Declared once on the core's CLI kit: every option is checked before TensorFlow.js loads.
import { defineCommand, defineProgram, option, runMain } from '@hw7/tensor-utils/base';
import { CATALOGUE, QUESTION_GROUPS, QUESTION_IDS } from './questions/catalogue.js';
import { PROFILES } from './questions/question.js';

const options = {
  profile: option.choice(PROFILES, {
    default: 'quick',
    description:
      'quick: every question in at most ~10 minutes on 2 CPU cores; full: the homework as it would be handed in ' +
      '(30-minute Optuna budgets, full GAN training, ...), hours on a CPU (README lists the times)',
  }),
  out: option.outputDirectory({
    default: 'out',
    description: 'report.html, results.json and one folder per question; other questions’ results there are kept',
  }),
  seed: option.seed({ description: 'seeds every question, so a run can be repeated exactly' }),
  backend: option.backend(),
  dataDir: option.inputDirectory({
    defaultText: '$HW7_DATA_DIR, else the copy shipped in @hw7/datasets',
    description: 'the data sets of q3 and q7, laid out like the shipped ones (see @hw7/datasets)',
  }),
};

type Options = { [Key in keyof typeof options]: NonNullable<(typeof options)[Key]['valueType']> | undefined };

async function runQuestions(names: readonly string[], values: Options): Promise<number> {
  const { runHomework } = await import('./run-homework.js');
  const { selectQuestions } = await import('./questions/registry.js');
  const started = performance.now();
  const run = await runHomework({
    questions: selectQuestions(names),
    profile: values.profile ?? 'quick',
    seed: values.seed ?? 0,
    out: values.out ?? 'out',
    backend: values.backend ?? 'auto',
    dataDirectory: values.dataDir,
  });
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  process.stdout.write(`report: ${run.reportPath}\nresults: ${run.resultsPath}\n(${minutes} min)\n`);
  for (const failure of run.failed) process.stderr.write(`hw7: ${failure.id} failed: ${failure.reason}\n`);
  return run.failed.length === 0 ? 0 : 1;
}

const questionCommands = Object.fromEntries(
  [
    ...CATALOGUE.map(({ id, summary }) => [id, summary] as const),
    ...Object.entries(QUESTION_GROUPS).map(([name, ids]) => [name, `the questions ${ids.join(' ')}`] as const),
  ].map(([name, summary]) => [
    name,
    defineCommand({ summary, options, run: ({ options: values }) => runQuestions([name], values) }),
  ]),
);

const run = defineCommand({
  summary: 'Run the named questions or groups in homework order (all of them without names).',
  options,
  args: {
    questions: option.choice([...QUESTION_IDS, ...Object.keys(QUESTION_GROUPS)], {
      multiple: true,
      valueName: 'QUESTION',
      description: 'question ids or groups, in any order; each question runs once, in homework order',
    }),
  },
  run: ({ options: values, args }) => runQuestions(args.questions, values),
});

runMain(
  defineProgram({
    name: 'hw7',
    summary:
      'Runs the homework’s questions on the workspace packages and writes OUT/report.html, one self-contained page ' +
      'answering every sub-question with this run’s numbers and figures, and OUT/results.json.',
    footer:
      'After every question, results.json and report.html are rewritten, so an interrupted or failed run keeps ' +
      'what finished; a question rerun keeps its earlier results until the new ones are complete. The data sets ' +
      'of q3 and q7 ship with the project (@hw7/datasets) and are checked against their SHA-256 before use. ' +
      'Exit status 1 when a question failed.',
    commands: { run, ...questionCommands },
  }),
);
