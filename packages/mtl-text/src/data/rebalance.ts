// Rebalancing the training rows of one task: EDA-augmented copies of its minority-class rows, then
// random oversampled copies. Each copy is labelled for the task it rebalances only (unlabelled for
// the others), so rebalancing sentiment does not also tilt the topic task towards the topics of
// negative sentences.
import { OptionError } from '../option-error.js';
import { augmentExamples } from './augment.js';
import { UNLABELLED } from './label-encoder.js';
import { countClasses, oversampleMinority } from './oversample.js';
import type { LabeledTable } from './table.js';

/** What to rebalance; see ImbalanceOptions. */
export interface RebalanceOptions {
  oversample?: string;
  augment?: { task: string; perExample?: number; alpha?: number };
}

/** The index of task `name` in `table`; an OptionError naming `option` when there is none. */
export function taskIndex(table: LabeledTable, name: string, option: string): number {
  const index = table.tasks.findIndex((task) => task.name === name);
  if (index < 0) {
    const names = table.tasks.map((task) => task.name).join(', ');
    throw new OptionError(option, name, 'is not a task', `one of the tasks: ${names}`);
  }
  return index;
}

/** The training rows `train` of the table plus the copies `imbalance` asks for. */
export function rebalancedTrainingRows(
  table: LabeledTable,
  train: ArrayLike<number>,
  imbalance: RebalanceOptions,
  seed: number,
): { texts: string[]; labels: Int32Array[] } {
  const texts = Array.from(train, (row) => table.texts[row] as string);
  let labels: Int32Array[] = table.tasks.map((task) => Int32Array.from(train, (row) => task.y[row] as number));
  if (imbalance.augment) {
    const task = taskIndex(table, imbalance.augment.task, 'imbalance.augment.task');
    const y = labels[task] as Int32Array;
    const counts = countClasses(y, table.tasks[task]?.labels.length ?? 0);
    const majority = Math.max(...counts);
    const minorityRows = [...y.keys()].filter((i) => (y[i] as number) >= 0 && counts[y[i] as number] !== majority);
    const augmented = augmentExamples(minorityRows, texts, {
      perExample: imbalance.augment.perExample ?? 1,
      alpha: imbalance.augment.alpha,
      seed: `${seed}:augment`,
    });
    texts.push(...augmented.texts);
    labels = withCopyLabels(labels, augmented.sourceIndices, task);
  }
  if (imbalance.oversample) {
    const task = taskIndex(table, imbalance.oversample, 'imbalance.oversample');
    const order = oversampleMinority(labels[task] as Int32Array, { seed: `${seed}:oversample` });
    const repeated = order.subarray(texts.length);
    texts.push(...Array.from(repeated, (row) => texts[row] as string));
    labels = withCopyLabels(labels, repeated, task);
  }
  return { texts, labels };
}

/** The labels with rows appended for copies of the rows `sources`, labelled for `task` only. */
function withCopyLabels(labels: Int32Array[], sources: ArrayLike<number>, task: number): Int32Array[] {
  return labels.map((y, t) => {
    const extended = new Int32Array(y.length + sources.length).fill(UNLABELLED);
    extended.set(y);
    const copied = t === task ? Array.from(sources, (source) => y[source] as number) : [];
    extended.set(copied, y.length);
    return extended;
  });
}
