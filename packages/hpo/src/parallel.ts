// `@hw7/hpo/parallel`: trials in several processes, on one machine (`runParallelStudy`) or on many
// through a shared database (`runWorker`, what `hw7-hpo worker` runs).
export type { ObjectiveModule, WorkerContext } from './parallel/objective-module.js';
export {
  type ParallelStudyOptions,
  runParallelStudy,
  runStudyWorker,
  type StudyWorkerConfig,
} from './parallel/run-parallel-study.js';
export { runWorker, type WorkerOptions, type WorkerSummary } from './worker.js';
