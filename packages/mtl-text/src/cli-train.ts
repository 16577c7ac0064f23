// The work of `hw7-mtl train`, loaded only when the command runs (it loads TensorFlow.js): the
// backend, the experiment, and one JSON line per task with its test metrics on stdout.
import { type BackendName, initBackend } from '@hw7/tensor-utils';
import { dataFile } from './data-argument.js';
import { runExperiment } from './experiment.js';
import type { ExperimentOptions } from './experiment-options.js';

export async function trainCommand(
  options: ExperimentOptions,
  backend: BackendName | 'auto' | undefined,
  signal: AbortSignal,
): Promise<void> {
  await initBackend({ backend });
  const result = await runExperiment({ ...options, data: await dataFile(options.data), signal });
  for (const evaluation of result.evaluations) {
    const { support: _, ...summary } = evaluation.summary;
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}
