// One experiment end to end: load a labelled table, split it by group, build the vocabulary from the
// training texts, apply the chosen imbalance handling, train the multi-task model with early
// stopping on validation macro-F1, and score every task on the held-out test rows. With `folds`, one
// model per fold of the non-test rows (each early-stopped on its own fold) and their mean
// probabilities scored: a cross-validated ensemble, whose out-of-fold validation score covers every
// non-test row instead of a small validation part.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ensureBackend, fileError, writeDirectoryAtomic, writeFileAtomic } from '@hw7/tensor-utils';
import { type KeyedVectors, loadWord2VecFormat } from '@hw7/word2vec';
import { countClasses } from './data/oversample.js';
import { taskIndex } from './data/rebalance.js';
import { groupedFolds, groupedSplit, type SplitIndices } from './data/split.js';
import { groupKey, type LabeledTable, loadLabeledTable } from './data/table.js';
import { checkExperimentOptions, type ExperimentOptions, resolveExperimentOptions } from './experiment-options.js';
import { type FittedModel, fitModel, type ModelRun } from './fit-model.js';
import { type BinaryDecision, tuneBinaryThreshold } from './metrics/decision-threshold.js';
import { evaluateTask, type TaskEvaluation } from './metrics/task-evaluation.js';
import { checkVectors } from './model/transfer.js';
import { OptionError } from './option-error.js';

export interface ExperimentResult {
  /** Test scores per task: of the one model, or of the fold models' mean probabilities with `folds`. */
  evaluations: TaskEvaluation[];
  /**
   * Validation scores per task, the basis for choosing between configurations (never the test
   * scores): of the kept epoch's weights, or with `folds` out of fold (every non-test row predicted
   * by the model that did not train on it); empty without validation rows (validationFraction 0,
   * the fastText encoder's default).
   */
  validation: TaskEvaluation[];
  /** The tuned decision threshold of each task named in `imbalance.tuneThreshold`. */
  decisions: Record<string, BinaryDecision>;
  /** The trained models: one, or one per fold. */
  models: ModelRun[];
  testRows: number;
}

/** The table with the tasks to train (`trainTasks`, default all); threshold moving needs a binary task. */
async function loadTrainedTable(options: ExperimentOptions): Promise<LabeledTable> {
  const loaded = await loadLabeledTable(options.data, options);
  const table: LabeledTable = options.trainTasks
    ? { ...loaded, tasks: options.trainTasks.map((name) => loaded.tasks[taskIndex(loaded, name, 'trainTasks')]) }
    : loaded;
  for (const name of options.imbalance?.tuneThreshold ?? []) {
    const classes = table.tasks[taskIndex(table, name, 'imbalance.tuneThreshold')]?.labels;
    if (classes?.length !== 2) {
      throw new OptionError(
        'imbalance.tuneThreshold',
        name,
        `is a task of ${classes?.length} classes (${classes?.join(', ')})`,
        'a binary task: threshold moving picks the threshold of one of two classes',
      );
    }
  }
  return table;
}

/** How an experiment's rows are used: the split, and each model's train and validation rows. */
interface ExperimentRows {
  /** The grouped split (with `folds`, its train part holds every non-test row). */
  split: SplitIndices;
  /** The split itself, or each fold validating in turn. */
  parts: SplitIndices[];
}

function splitRows(table: LabeledTable, options: ExperimentOptions): ExperimentRows {
  const { seed = 0, folds = 1 } = options;
  const split = groupedSplit(table.groups, {
    seed,
    testFraction: options.testFraction,
    validationFraction: folds > 1 ? 0 : options.validationFraction,
    testGroups: options.testGroups?.map(groupKey),
  });
  if (folds === 1) return { split, parts: [split] };
  const groups = new Set(Array.from(split.train, (row) => table.groups[row])).size;
  if (folds > groups) {
    throw new OptionError(
      'folds',
      folds,
      `is more than the ${groups} groups of the non-test rows`,
      `at most ${groups}`,
    );
  }
  const foldRows = groupedFolds(table.groups, split.train, { k: folds, seed: `${seed}:folds` });
  const parts = foldRows.map((validation, f) => ({
    train: Int32Array.from(foldRows.filter((_, other) => other !== f).flatMap((fold) => [...fold])).sort(),
    validation,
    test: split.test,
  }));
  return { split, parts };
}

/** The word2vec vectors of `path`, checked to look like word vectors that fit the model. */
async function loadVectors(path: string, options: ExperimentOptions): Promise<KeyedVectors> {
  const vectors = await loadWord2VecFormat(path);
  checkVectors(vectors, path, options);
  return vectors;
}

/** The element-wise mean of several models' probabilities for the same rows (soft voting). */
function meanProbabilities(perModel: readonly Float32Array[][]): Float32Array[] {
  const [first, ...others] = perModel;
  if (!first) return [];
  if (others.length === 0) return first;
  return first.map((row, i) => {
    const mean = Float32Array.from(row);
    for (const model of others) {
      const other = model[i] as Float32Array;
      for (let c = 0; c < mean.length; c++) mean[c] = (mean[c] as number) + (other[c] as number);
    }
    return mean.map((sum) => sum / perModel.length);
  });
}

/** Each task's scores from the models' probabilities: pooled out of fold (validation), averaged (test). */
function scoreModels(
  table: LabeledTable,
  rows: ExperimentRows,
  fitted: readonly FittedModel[],
  options: ExperimentOptions,
): Pick<ExperimentResult, 'evaluations' | 'validation' | 'decisions'> {
  const validationRows = rows.parts.flatMap((part) => [...part.validation]);
  const validationProbabilities = (t: number) => fitted.flatMap((model) => model.validation[t] as Float32Array[]);
  const decisions: Record<string, BinaryDecision> = {};
  for (const name of options.imbalance?.tuneThreshold ?? []) {
    const t = taskIndex(table, name, 'imbalance.tuneThreshold');
    const { y } = table.tasks[t] as LabeledTable['tasks'][number];
    const counts = countClasses(
      Array.from(rows.split.train, (row) => y[row] as number),
      2,
    );
    const minority = (counts[1] as number) < (counts[0] as number) ? 1 : 0;
    decisions[name] = tuneBinaryThreshold(
      validationRows.map((row) => y[row] as number),
      validationProbabilities(t),
      minority,
    );
  }
  const score = (scored: readonly number[], probabilities: (t: number) => Float32Array[]) =>
    table.tasks.map((task, t) =>
      evaluateTask(
        task.name,
        task.labels,
        Int32Array.from(scored, (row) => task.y[row] as number),
        probabilities(t),
        decisions[task.name],
      ),
    );
  return {
    // With threshold moving the validation scores use the threshold tuned on them (optimistic by that one choice).
    validation: validationRows.length > 0 ? score(validationRows, validationProbabilities) : [],
    evaluations: score([...rows.split.test], (t) =>
      meanProbabilities(fitted.map((model) => model.test[t] as Float32Array[])),
    ),
    decisions,
  };
}

async function writeEvaluations(out: string, evaluations: TaskEvaluation[]): Promise<void> {
  const summaries = evaluations.map((evaluation) => evaluation.summary);
  await writeFileAtomic(join(out, 'metrics.json'), `${JSON.stringify(summaries, null, 2)}\n`);
  await writeFileAtomic(
    join(out, 'report.txt'),
    evaluations.map((e) => `${e.summary.task}\n\n${e.report}`).join('\n\n'),
  );
}

/** The experiment, writing its artifacts into `out` (a fresh directory) when given. */
async function experiment(options: ExperimentOptions, out: string | undefined): Promise<ExperimentResult> {
  await ensureBackend();
  const table = await loadTrainedTable(options);
  const rows = splitRows(table, options);
  const vectors = options.vectors ? await loadVectors(options.vectors, options) : undefined;
  const fitted: FittedModel[] = [];
  for (const [f, part] of rows.parts.entries()) {
    const modelOut = out && rows.parts.length > 1 ? join(out, `fold-${f + 1}`) : out;
    fitted.push(await fitModel(table, part, vectors, options, modelOut));
  }
  const scores = scoreModels(table, rows, fitted, options);
  if (out) await writeEvaluations(out, scores.evaluations);
  return { ...scores, models: fitted.map((model) => model.run), testRows: rows.split.test.length };
}

/** `out` must be new or an empty directory, so that no earlier run is mixed in or overwritten. */
async function checkNewRunDirectory(out: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR') throw new OptionError('out', out, 'is an existing file', 'a new or empty directory');
    throw fileError(error, out, 'read');
  }
  if (names.length > 0) {
    throw new OptionError(
      'out',
      out,
      `is not empty (it holds ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`,
      'a new or empty directory, so that no earlier run is mixed in or overwritten',
    );
  }
}

/**
 * Runs one experiment (see ExperimentOptions; the defaults are resolveExperimentOptions'). With
 * `out`, everything is written into a temporary sibling directory that becomes `out` only when the
 * experiment has finished: a failure, a full disk or a killed process leaves nothing there.
 */
export async function runExperiment(given: ExperimentOptions): Promise<ExperimentResult> {
  const options = resolveExperimentOptions(given);
  checkExperimentOptions(options);
  const { out } = options;
  if (out === undefined) return experiment(options, undefined);
  await checkNewRunDirectory(out);
  let result: ExperimentResult | undefined;
  await writeDirectoryAtomic(out, async (staging) => {
    result = await experiment(options, staging);
  });
  return result as ExperimentResult;
}
