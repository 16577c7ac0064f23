// How multi-task training forms its batches when each example has labels for only some tasks.
// Every strategy returns example indices; the model runs all heads on a batch and each task's loss
// is masked to the examples labelled for it (class index -1 elsewhere).
//
// - 'mixed': one pass over the union of all tasks' examples per epoch, shuffled, cut into batches
//   of `batchSize` (the last one may be smaller). A batch holds whatever tasks its examples have.
// - 'balanced': each batch takes an equal share of `batchSize` from every task (the remainder of
//   batchSize / tasks goes to the first tasks), each task cycling through its own reshuffled
//   examples, so small tasks are repeated within an epoch. An example labelled for two tasks may
//   appear twice in a batch. An epoch has ceil(union size / batchSize) batches, like 'mixed'.
// - 'proportional': each batch is `batchSize` examples of one task, the task drawn with probability
//   (its example count) / (sum of example counts); `task` names it, and only its loss should be used.
//   An epoch has ceil(sum of example counts / batchSize) batches, so each task's examples are seen
//   about once per epoch.
// - 'dynamic': like 'proportional', but after `updateLosses` the task probabilities are
//   softmax(relativeLoss / temperature), where relativeLoss = current loss / first reported loss of
//   the task: a task whose loss has fallen least (the one learning slowest) is drawn most, and the
//   ratio makes tasks with different loss scales (2 vs 7 classes) comparable. Before the first
//   update the probabilities are proportional, as in 'proportional'.
import { Rng } from '@hw7/tensor-utils/base';

export type TaskBatchingStrategy = 'mixed' | 'balanced' | 'proportional' | 'dynamic';

export const TASK_BATCHING_STRATEGIES: readonly TaskBatchingStrategy[] = [
  'mixed',
  'balanced',
  'proportional',
  'dynamic',
];

export interface TaskExamples {
  name: string;
  /** The examples labelled for this task. */
  indices: ArrayLike<number>;
}

export interface TaskBatcherOptions {
  tasks: readonly TaskExamples[];
  batchSize: number;
  strategy: TaskBatchingStrategy;
  seed: number | string;
  /** Softmax temperature of 'dynamic'; lower concentrates on the slowest task; default 1. */
  temperature?: number;
}

export interface TaskBatch {
  /** The one task this batch is for ('proportional', 'dynamic'); undefined for batches of several tasks. */
  task?: string;
  indices: Int32Array;
}

export interface TaskBatcher {
  readonly strategy: TaskBatchingStrategy;
  readonly batchesPerEpoch: number;
  /** The next batch. */
  next(): TaskBatch;
  /** `batchesPerEpoch` batches; for 'mixed', one shuffled pass when not mixed with calls to `next`. */
  nextEpoch(): TaskBatch[];
  /**
   * Reports each task's current training loss (e.g. its mean over the last epoch); a task left out
   * keeps its last loss. Steers 'dynamic'; the other strategies ignore it, so a training loop may
   * call it whatever the strategy.
   */
  updateLosses(lossByTask: Readonly<Record<string, number>>): void;
  /** The probability of each task for the next batch ('proportional', 'dynamic'); undefined otherwise. */
  taskProbabilities(): Record<string, number> | undefined;
}

/** Hands out a set of indices in shuffled passes, reshuffling at the end of each pass. */
class ShuffledCycle {
  private readonly order: Int32Array;
  private position: number;

  constructor(
    indices: Int32Array,
    private readonly rng: Rng,
  ) {
    this.order = Int32Array.from(indices);
    this.position = this.order.length;
  }

  get size(): number {
    return this.order.length;
  }

  /** The next `count` indices, wrapping into a new pass when this one runs out. */
  take(count: number): Int32Array {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      if (this.position === this.order.length) this.startPass();
      out[i] = this.order[this.position++];
    }
    return out;
  }

  /** Up to `count` indices, stopping at the end of the current pass. */
  takeWithinPass(count: number): Int32Array {
    if (this.position === this.order.length) this.startPass();
    const end = Math.min(this.position + count, this.order.length);
    const out = this.order.slice(this.position, end);
    this.position = end;
    return out;
  }

  private startPass(): void {
    this.rng.shuffle(this.order);
    this.position = 0;
  }
}

function validatedIndices(task: TaskExamples, position: number): Int32Array {
  if (typeof task?.name !== 'string' || task.name === '') {
    throw new TypeError(`tasks[${position}].name must be a non-empty string`);
  }
  const indices = Int32Array.from(task.indices ?? []);
  if (indices.length === 0)
    throw new RangeError(`task '${task.name}' has no examples (tasks[${position}].indices is empty)`);
  for (let i = 0; i < indices.length; i++) {
    if (indices[i] < 0 || indices[i] !== task.indices[i]) {
      throw new RangeError(`task '${task.name}': indices[${i}] must be an integer >= 0; got ${task.indices[i]}`);
    }
  }
  return indices;
}

function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

function checkBatcherOptions({ tasks, batchSize, strategy, temperature = 1 }: TaskBatcherOptions): void {
  if (!TASK_BATCHING_STRATEGIES.includes(strategy)) {
    throw new RangeError(`strategy must be one of ${TASK_BATCHING_STRATEGIES.join(', ')}; got ${strategy}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be an integer >= 1; got ${batchSize}`);
  if (!(temperature > 0 && Number.isFinite(temperature)))
    throw new RangeError(`temperature must be > 0; got ${temperature}`);
  if (!Array.isArray(tasks) || tasks.length === 0) throw new RangeError('tasks must be a non-empty array');
  const names = tasks.map((task) => task.name);
  if (new Set(names).size !== names.length)
    throw new RangeError(`task names must be distinct; got ${names.join(', ')}`);
  if (strategy === 'balanced' && batchSize < tasks.length) {
    throw new RangeError(`batchSize must be >= the number of tasks (${tasks.length}) for 'balanced'; got ${batchSize}`);
  }
}

/**
 * Draws the task of each single-task batch: with probability proportional to its data, or
 * (`dynamic`) the softmax of each task's loss relative to its first, so tasks whose loss has fallen
 * least are drawn most.
 */
class TaskSampler {
  probabilities: number[];
  private readonly firstLosses = new Map<string, number>();
  private readonly currentLosses = new Map<string, number>();

  constructor(
    private readonly names: readonly string[],
    sizes: readonly number[],
    private readonly rng: Rng,
    private readonly dynamic: boolean,
    private readonly temperature: number,
  ) {
    const totalSize = sizes.reduce((a, b) => a + b, 0);
    this.probabilities = sizes.map((size) => size / totalSize);
  }

  draw(): number {
    const u = this.rng.next();
    let cumulative = 0;
    for (let position = 0; position < this.probabilities.length; position++) {
      cumulative += this.probabilities[position];
      if (u < cumulative) return position;
    }
    return this.probabilities.length - 1;
  }

  update(lossByTask: Record<string, number>): void {
    const { names } = this;
    for (const [name, loss] of Object.entries(lossByTask)) {
      if (!names.includes(name))
        throw new RangeError(`updateLosses: unknown task '${name}' (tasks: ${names.join(', ')})`);
      if (!(Number.isFinite(loss) && loss >= 0)) {
        throw new RangeError(`updateLosses: the loss of task '${name}' must be a finite number >= 0; got ${loss}`);
      }
      if (!this.firstLosses.has(name)) this.firstLosses.set(name, loss);
      this.currentLosses.set(name, loss);
    }
    if (!this.dynamic) return;
    // A task not reported yet counts as not having improved (relative loss 1).
    const relativeLosses = names.map((name) => {
      const first = this.firstLosses.get(name);
      const current = this.currentLosses.get(name);
      return first === undefined || current === undefined ? 1 : current / Math.max(first, Number.MIN_VALUE);
    });
    this.probabilities = softmax(relativeLosses.map((loss) => loss / this.temperature));
  }
}

export function createTaskBatcher(options: TaskBatcherOptions): TaskBatcher {
  checkBatcherOptions(options);
  const { tasks, batchSize, strategy, seed, temperature = 1 } = options;
  const names = tasks.map((task) => task.name);
  const rng = new Rng(seed);
  const taskIndices = tasks.map(validatedIndices);
  const cycles = taskIndices.map((indices) => new ShuffledCycle(indices, rng));
  const union = new ShuffledCycle(Int32Array.from(new Set(taskIndices.flatMap((indices) => [...indices]))), rng);
  const sizes = cycles.map((cycle) => cycle.size);
  const sampler = new TaskSampler(names, sizes, rng, strategy === 'dynamic', temperature);
  const shares = names.map(
    (_, position) => Math.floor(batchSize / tasks.length) + (position < batchSize % tasks.length ? 1 : 0),
  );

  const next = (): TaskBatch => {
    switch (strategy) {
      case 'mixed':
        return { indices: union.takeWithinPass(batchSize) };
      case 'balanced': {
        const indices = new Int32Array(batchSize);
        let offset = 0;
        cycles.forEach((cycle, position) => {
          indices.set(cycle.take(shares[position]), offset);
          offset += shares[position];
        });
        return { indices };
      }
      case 'proportional':
      case 'dynamic': {
        const position = sampler.draw();
        return { task: names[position], indices: cycles[position].take(batchSize) };
      }
    }
  };

  const singleTaskBatches = strategy === 'proportional' || strategy === 'dynamic';
  const totalSize = sizes.reduce((a, b) => a + b, 0);
  const batchesPerEpoch = Math.ceil((singleTaskBatches ? totalSize : union.size) / batchSize);
  return {
    strategy,
    batchesPerEpoch,
    next,
    nextEpoch: () => Array.from({ length: batchesPerEpoch }, next),
    updateLosses: (lossByTask) => sampler.update(lossByTask),
    taskProbabilities: () =>
      singleTaskBatches
        ? Object.fromEntries(names.map((name, position) => [name, sampler.probabilities[position]]))
        : undefined,
  };
}
