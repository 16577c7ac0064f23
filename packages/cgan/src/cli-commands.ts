// What `hw7-cgan`'s commands do once their arguments are checked (cli.ts loads this module, and with
// it TensorFlow.js, only then).
import { join } from 'node:path';
import { type BackendName, CliError, initBackend, quoteValue } from '@hw7/tensor-utils';
import { loadOrTrainClassifier } from './evaluation/classifier.js';
import { evaluateCgan } from './evaluation/evaluate.js';
import { checkpointDirectory } from './run-directory.js';
import { loadGenerator, writeClassGrid } from './samples.js';
import { trainCgan } from './train.js';
import type { GeneratorNoise } from './train-step.js';

type Backend = BackendName | 'auto' | undefined;

export interface TrainCommandOptions {
  epochs: number;
  out: string;
  resume: boolean;
  seed: number;
  batchSize: number;
  sampleEvery: number;
  checkpointEvery: number;
  limit: number | undefined;
  unconditional: boolean;
  labelSmoothing: number | undefined;
  instanceNoise: number | undefined;
  generatorNoise: GeneratorNoise;
  backend: Backend;
}

export async function trainCommand(options: TrainCommandOptions, signal: AbortSignal): Promise<void> {
  const { backend, unconditional, ...training } = options;
  await initBackend({ backend });
  try {
    const result = await trainCgan({ ...training, nClasses: unconditional ? 0 : 10, signal });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    if (!signal.aborted) throw error;
    throw new CliError(
      'stopped early',
      'Ctrl-C',
      `the checkpoints in ${quoteValue(options.out)} are kept: continue with hw7-cgan train --resume and the same options`,
      { kind: 'runtime', cause: error },
    );
  }
}

export interface SampleCommandOptions {
  checkpoint: string;
  out: string | undefined;
  seed: number;
  backend: Backend;
}

export async function sampleCommand({ checkpoint, out, seed, backend }: SampleCommandOptions): Promise<void> {
  await initBackend({ backend });
  const { generator, architecture, step } = await loadGenerator(checkpoint);
  try {
    const directory = out ?? (checkpointDirectory(checkpoint) === checkpoint ? join(checkpoint, '..') : checkpoint);
    const path = join(directory, `sample-step-${String(step).padStart(6, '0')}-seed-${seed}.png`);
    await writeClassGrid(path, generator, { zDim: architecture.zDim, nClasses: architecture.nClasses, seed });
    process.stdout.write(`${path}\n`);
  } finally {
    generator.dispose();
  }
}

export interface EvaluateCommandOptions {
  checkpoint: string;
  samples: number;
  seed: number;
  backend: Backend;
}

export async function evaluateCommand({ checkpoint, samples, seed, backend }: EvaluateCommandOptions): Promise<void> {
  await initBackend({ backend });
  const { generator, architecture, step } = await loadGenerator(checkpoint);
  try {
    if (architecture.nClasses === 0) {
      throw new CliError(
        'is an unconditional generator',
        `--checkpoint ${quoteValue(checkpoint)}`,
        'a conditional one: eval scores classes',
      );
    }
    const classifier = await loadOrTrainClassifier();
    try {
      const evaluation = await evaluateCgan({
        generator,
        classifier: classifier.model,
        zDim: architecture.zDim,
        nClasses: architecture.nClasses,
        samples,
        seed,
      });
      process.stdout.write(`${JSON.stringify({ step, ...evaluation }, null, 2)}\n`);
    } finally {
      classifier.model.dispose();
    }
  } finally {
    generator.dispose();
  }
}
