// What `hw7-cgan`'s commands do once their arguments are checked (cli.ts loads this module, and with
// it TensorFlow.js, only then).
import { join } from 'node:path';
import { type BackendName, CliError, currentBackend, initBackend, quoteValue } from '@hw7/tensor-utils';
import { loadOrTrainClassifier, trainAndSaveClassifier } from './evaluation/classifier.js';
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
  classifier: string | undefined;
  verifyClassifier: boolean;
  minAccuracy: number;
  backend: Backend;
}

export async function evaluateCommand(options: EvaluateCommandOptions): Promise<void> {
  const { checkpoint, samples, seed, backend } = options;
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
    const { verifyClassifier: verify, minAccuracy } = options;
    const classifier = await loadOrTrainClassifier(
      options.classifier === undefined
        ? { verify, minAccuracy }
        : { source: 'cache', cacheDir: options.classifier, verify, minAccuracy },
    );
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

export interface TrainClassifierCommandOptions {
  out: string;
  replace: boolean;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  limit: number | undefined;
  minAccuracy: number;
  backend: Backend;
}

/** A value as typed on a command line: bare when it needs no quotes. */
function shellWord(value: string): string {
  return /^[\w./:=@+-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

export async function trainClassifierCommand(options: TrainClassifierCommandOptions): Promise<void> {
  const { out, replace, seed, epochs, batchSize, learningRate, limit, minAccuracy, backend } = options;
  await initBackend({ backend });
  // Everything that shapes the weights, so that running it again gives the same ones.
  const command = [
    'hw7-cgan train-classifier',
    `--out ${shellWord(out)}`,
    `--seed ${seed}`,
    `--epochs ${epochs}`,
    `--batch-size ${batchSize}`,
    `--learning-rate ${learningRate}`,
    ...(limit === undefined ? [] : [`--limit ${limit}`]),
    `--backend ${currentBackend()?.name}`,
  ].join(' ');
  const saved = await trainAndSaveClassifier(out, {
    seed,
    epochs,
    batchSize,
    learningRate,
    limit,
    minAccuracy,
    replace,
    command,
  });
  saved.model.dispose();
  process.stdout.write(`${JSON.stringify(saved.info, null, 2)}\n`);
}
