// What every kind of worker (`runParallelStudy`'s child processes, `hw7-hpo worker`) shares: the
// objective lives in a module the worker imports, and the first worker to arrive creates the study.
import type { Pruner } from '../pruners/pruner.js';
import type { Sampler } from '../samplers/sampler.js';
import { DuplicatedStudyError, type Storage } from '../storage/storage.js';
import { createStudy, loadStudy, type Objective, type Study } from '../study.js';
import type { StudyDirection } from '../study-direction.js';

/** What a worker passes to an objective module's factories. */
export interface WorkerContext {
  /** 0 .. nJobs - 1; e.g. to give each worker's sampler its own seed. */
  workerIndex: number;
  nJobs: number;
}

/** The exports `objectiveModule` must (`objective`) or may (the factories) have. */
export interface ObjectiveModule {
  objective: Objective;
  /** Default: the study's default sampler. Seed it per worker, or all workers propose the same points. */
  createSampler?(context: WorkerContext): Sampler;
  createPruner?(context: WorkerContext): Pruner;
}

/** Imports an objective module and calls its factories for this worker. */
export async function importObjectiveModule(
  url: string,
  context: WorkerContext,
): Promise<{ objective: Objective; sampler?: Sampler; pruner?: Pruner }> {
  let module: Partial<ObjectiveModule>;
  try {
    module = (await import(url)) as Partial<ObjectiveModule>;
  } catch (error) {
    // A syntax error's message does not say in which file it is.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`objective module ${url} failed to load: ${reason}`, { cause: error });
  }
  if (typeof module.objective !== 'function') {
    throw new TypeError(
      `objectiveModule ${url} must export a function named 'objective'; it exports [${Object.keys(module).join(', ')}]`,
    );
  }
  return {
    objective: module.objective,
    sampler: module.createSampler?.(context),
    pruner: module.createPruner?.(context),
  };
}

export interface OpenOrCreateStudyOptions {
  storage: Storage;
  studyName: string;
  /** Used when the study does not exist yet (default minimize); an existing study must have them, when given. */
  directions?: readonly StudyDirection[];
  sampler?: Sampler;
  pruner?: Pruner;
}

/** The named study, created when no worker has created it yet (several may race to do so). */
export function openOrCreateStudy(options: OpenOrCreateStudyOptions): Study {
  if (options.storage.findStudyId(options.studyName) === undefined) {
    try {
      return createStudy(options);
    } catch (error) {
      // Another worker created it between our look and our insert: use theirs.
      if (!(error instanceof DuplicatedStudyError)) throw error;
    }
  }
  return options.directions ? createStudy({ ...options, loadIfExists: true }) : loadStudy(options);
}
