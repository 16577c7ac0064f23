// What the `hw7-hpo` commands do once their command line has been checked (cli.ts declares them).
// Loaded only when a command runs; `cnn` loads TensorFlow.js only then too.
import { join } from 'node:path';
import { type BackendName, CliError, quoteValue, writeFileAtomic } from '@hw7/tensor-utils/base';
import { type DatasetName, DEFAULT_PRUNING_CNN, type OptimizerName, type PrunerName } from './examples/cnn-names.js';
import type { CnnHyperparameters } from './examples/cnn-objective.js';
import type { FrozenTrial } from './frozen-trial.js';
import { redactedUrl } from './storage/postgres-connection.js';
import { StudyNotFoundError } from './storage/storage.js';
import { loadStudy } from './study.js';
import { readStudyJson, StudyJsonError } from './study-json.js';
import type { StudyLike } from './visualization/study-data.js';
import { writeStudyReport } from './visualization/study-report.js';
import { runWorker } from './worker.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

export interface CnnCommandOptions {
  dataset: DatasetName;
  cifarDir: string | undefined;
  trials: number | undefined;
  timeout: number | undefined;
  pruner: PrunerName;
  epochs: number;
  batchSize: number;
  trainLimit: number;
  testLimit: number;
  seed: number;
  backend: BackendName | 'auto' | undefined;
  storage: string | undefined;
  studyName: string | undefined;
  heartbeatInterval: number | undefined;
  out: string;
}

/** Counts by final state, e.g. `{ complete: 3, pruned: 1, fail: 0 }`. */
function stateCounts(trials: readonly FrozenTrial[]): Record<string, number> {
  return Object.fromEntries(
    (['COMPLETE', 'PRUNED', 'FAIL'] as const).map((state) => [
      state.toLowerCase(),
      trials.filter((trial) => trial.state === state).length,
    ]),
  );
}

export async function cnnCommand(options: CnnCommandOptions): Promise<void> {
  const [{ initBackend }, { runCnnStudy }] = await Promise.all([
    import('@hw7/tensor-utils'),
    import('./examples/cnn-study.js'),
  ]);
  await initBackend({ backend: options.backend, quiet: true });
  const study = await runCnnStudy({
    dataset: options.dataset,
    cifarDirectory: options.cifarDir,
    nTrials: options.trials,
    // Without --trials, a study must end some time: 5 minutes.
    timeout: options.timeout ?? (options.trials === undefined ? 300 : undefined),
    pruner: options.pruner,
    epochs: options.epochs,
    batchSize: options.batchSize,
    trainLimit: options.trainLimit === 0 ? undefined : options.trainLimit,
    testLimit: options.testLimit === 0 ? undefined : options.testLimit,
    seed: options.seed,
    storage: options.storage,
    studyName: options.studyName,
    heartbeatInterval: options.heartbeatInterval,
    progress: true,
    log: print,
  });
  // The study first: it is the finished work, and the report can be drawn again from it.
  await writeFileAtomic(join(options.out, 'study.json'), study.toJson());
  const report = await writeStudyReport(study, options.out, {
    title: `${study.studyName}: CNN on ${options.dataset}`,
  });
  const best = study.getTrials(['COMPLETE']).length > 0 ? study.bestTrial : undefined;
  const summary = {
    study: study.studyName,
    trials: stateCounts(study.trials),
    best: best && { number: best.number, testAccuracy: best.value, params: best.params },
    report: join(options.out, 'index.html'),
    skippedPlots: report.skipped,
  };
  print(JSON.stringify(summary, null, 2));
}

export interface WorkerCommandOptions {
  storage: string;
  study: string;
  objective: string;
  direction: 'minimize' | 'maximize' | undefined;
  trials: number | undefined;
  timeout: number | undefined;
  workerIndex: number | undefined;
  heartbeatInterval: number | undefined;
  gracePeriod: number | undefined;
  maxRetries: number;
  catchErrors: boolean;
}

export async function workerCommand(options: WorkerCommandOptions): Promise<void> {
  const { workerIndex } = options;
  const summary = await runWorker({
    storage: options.storage,
    studyName: options.study,
    objectiveModule: options.objective,
    directions: options.direction ? [options.direction] : undefined,
    nTrials: options.trials,
    timeout: options.timeout,
    context: workerIndex === undefined ? undefined : { workerIndex, nJobs: 1 },
    heartbeatInterval: options.heartbeatInterval,
    gracePeriod: options.gracePeriod,
    maxRetries: options.maxRetries,
    catchErrors: options.catchErrors,
    onTrial: (_study, trial) =>
      print(
        JSON.stringify({
          number: trial.number,
          state: trial.state,
          values: trial.values,
          params: trial.params,
          ...(trial.state === 'FAIL' ? { failReason: trial.failReason ?? null } : {}),
        }),
      ),
  });
  print(JSON.stringify({ pid: process.pid, ...summary }));
}

export interface ReportCommandOptions {
  storage: string | undefined;
  studyName: string | undefined;
  studyJson: string | undefined;
  out: string;
}

async function studyFromJson(path: string): Promise<StudyLike> {
  try {
    return await readStudyJson(path);
  } catch (error) {
    if (error instanceof StudyJsonError || error instanceof SyntaxError) {
      // The message starts with the file's name, which the subject names already.
      const detail = error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message;
      throw new CliError(
        `is not a study: ${detail}`,
        `--study-json ${quoteValue(path)}`,
        'a study.json written by hw7-hpo cnn (study.toJson())',
        { cause: error },
      );
    }
    throw error;
  }
}

function studyFromStorage({ storage, studyName }: ReportCommandOptions): StudyLike {
  try {
    return loadStudy({ studyName: studyName as string, storage: storage as string });
  } catch (error) {
    if (!(error instanceof StudyNotFoundError)) throw error;
    throw new CliError('no such study', `--study-name ${quoteValue(studyName as string)}`, `a study in ${storage}`);
  }
}

export async function reportCommand(options: ReportCommandOptions): Promise<void> {
  const study: StudyLike =
    options.studyJson !== undefined ? await studyFromJson(options.studyJson) : studyFromStorage(options);
  print(JSON.stringify(await writeStudyReport(study, options.out), null, 2));
}

export interface DashboardCommandOptions {
  storage: string;
  port: number;
  host: string;
}

/** Serves the dashboard until Ctrl-C (`signal`) or SIGTERM, then closes it. */
export async function dashboardCommand(options: DashboardCommandOptions, signal: AbortSignal): Promise<void> {
  const { startDashboard } = await import('./dashboard/dashboard-server.js');
  let dashboard: Awaited<ReturnType<typeof startDashboard>>;
  try {
    dashboard = await startDashboard(options);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new CliError(
        code === 'EADDRINUSE' ? 'is in use' : 'is not allowed',
        `--port ${options.port}`,
        'a free port (0: any)',
        {
          kind: 'runtime',
          cause: error,
        },
      );
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new CliError(
        'is not an address of this machine',
        `--host ${quoteValue(options.host)}`,
        'e.g. 127.0.0.1 or 0.0.0.0',
        {
          kind: 'runtime',
          cause: error,
        },
      );
    }
    // Anything else failed opening the storage (a file without studies, a server that refused).
    throw new CliError(
      'cannot be read',
      `--storage ${quoteValue(redactedUrl(options.storage))}`,
      `a study storage: ${(error as Error).message}`,
      {
        kind: 'runtime',
        cause: error,
      },
    );
  }
  print(`hw7-hpo dashboard: ${dashboard.url}`);
  if (dashboard.token !== undefined) print('(every request needs the token: open the URL above, token included)');
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGTERM', () => resolve());
  });
  await dashboard.close();
  print('hw7-hpo dashboard: stopped');
}

export interface PruneCommandOptions {
  dataset: DatasetName;
  cifarDir: string | undefined;
  batchSize: number;
  trainLimit: number;
  testLimit: number;
  seed: number;
  backend: BackendName | 'auto' | undefined;
  studyJson: string | undefined;
  filters: number[];
  hiddenUnits: number[];
  optimizer: OptimizerName | undefined;
  lr: number | undefined;
  epochs: number;
  fineTuneSteps: number | undefined;
  sparsities: number[];
  magnitudeScope: 'global' | 'layer';
  out: string;
}

/** The best complete trial of a study.json, as the network it stands for. */
async function bestNetworkOf(path: string): Promise<CnnHyperparameters> {
  const study = await studyFromJson(path);
  const { cnnHyperparametersFromParams } = await import('./examples/cnn-objective.js');
  const sign = study.directions[0] === 'maximize' ? -1 : 1;
  const best = study.trials
    .filter((trial) => trial.state === 'COMPLETE' && Number.isFinite(trial.values?.[0]))
    .sort((a, b) => sign * ((a.values?.[0] ?? 0) - (b.values?.[0] ?? 0)))[0];
  const subject = `--study-json ${quoteValue(path)}`;
  if (best === undefined)
    throw new CliError('has no complete trial', subject, 'a study with at least one complete trial');
  try {
    return cnnHyperparametersFromParams(best.params);
  } catch (error) {
    throw new CliError(
      `is not a CNN study: ${(error as Error).message}`,
      subject,
      'a study.json written by hw7-hpo cnn',
    );
  }
}

export async function pruneCommand(options: PruneCommandOptions): Promise<void> {
  const hyperparameters =
    options.studyJson === undefined
      ? {
          filters: options.filters.length > 0 ? options.filters : DEFAULT_PRUNING_CNN.filters,
          hiddenUnits: (options.hiddenUnits.length > 0 ? options.hiddenUnits : DEFAULT_PRUNING_CNN.hiddenUnits).filter(
            (units) => units > 0,
          ),
          optimizer: options.optimizer ?? DEFAULT_PRUNING_CNN.optimizer,
          learningRate: options.lr ?? DEFAULT_PRUNING_CNN.learningRate,
        }
      : await bestNetworkOf(options.studyJson);
  const [{ initBackend }, { networkPruningSvg, runNetworkPruning }] = await Promise.all([
    import('@hw7/tensor-utils'),
    import('./examples/network-pruning.js'),
  ]);
  await initBackend({ backend: options.backend, quiet: true });
  const result = await runNetworkPruning({
    dataset: options.dataset,
    cifarDirectory: options.cifarDir,
    trainLimit: options.trainLimit === 0 ? undefined : options.trainLimit,
    testLimit: options.testLimit === 0 ? undefined : options.testLimit,
    hyperparameters,
    epochs: options.epochs,
    fineTuneSteps: options.fineTuneSteps,
    batchSize: options.batchSize,
    sparsities: options.sparsities,
    magnitudeScope: options.magnitudeScope,
    seed: options.seed,
    progress: true,
    log: print,
  });
  const files = [join(options.out, 'pruning.json'), join(options.out, 'pruning.svg')];
  await writeFileAtomic(files[0], `${JSON.stringify(result, null, 2)}\n`);
  await writeFileAtomic(files[1], networkPruningSvg(result));
  print(JSON.stringify({ unpruned: result.unpruned, hyperparameters, seconds: result.seconds, files }, null, 2));
}
