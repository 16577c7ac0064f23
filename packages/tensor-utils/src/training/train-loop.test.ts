import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RngState, seedEverything } from '../random.js';
import * as tf from '../tf.js';
import { CheckpointManager } from './checkpoint.js';
import { EarlyStopping } from './early-stopping.js';
import { NonFiniteLossError } from './finite-loss.js';
import { learningRateSchedule } from './lr-schedule.js';
import { MetricsLog, readMetricsLog } from './metrics-log.js';
import { createProgress } from './progress.js';
import { trainLoop } from './train-loop.js';

let directory: string;
let inputs: tf.Tensor2D;
let targets: tf.Tensor2D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  inputs = tf.tensor2d(
    Array.from({ length: 32 }, (_, index) => Math.sin(index)),
    [8, 4],
  );
  targets = tf.tensor2d(
    Array.from({ length: 8 }, (_, index) => Math.cos(index)),
    [8, 1],
  );
});
afterAll(() => {
  tf.dispose([inputs, targets]);
});
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hw7-train-loop-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function plainStream(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').trimEnd().split('\n') };
}

function buildModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [4] }),
      tf.layers.dropout({ rate: 0.3 }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}

/** A loss with dropout, so the run also depends on the global random generator being restored. */
function lossOf(model: tf.LayersModel): tf.Scalar {
  return tf.losses.meanSquaredError(targets, model.apply(inputs, { training: true }) as tf.Tensor2D) as tf.Scalar;
}

describe('trainLoop', () => {
  it('trains with an optimizer and a loss, applying the schedule and logging every step', async () => {
    const weight = tf.tidy(() => tf.variable(tf.zeros([4, 1]), true, 'train-loop-linear'));
    const optimizer = tf.train.sgd(1);
    const metricsLog = new MetricsLog(join(directory, 'metrics.jsonl'));
    const { stream, lines } = plainStream();
    const before = tf.memory().numTensors;
    const result = await trainLoop({
      steps: 5,
      optimizer,
      varList: [weight],
      lossFn: () => tf.losses.meanSquaredError(targets, tf.matMul(inputs, weight)) as tf.Scalar,
      learningRate: { schedule: learningRateSchedule({ baseLr: 0.2, warmupSteps: 2 }) },
      metricsLog,
      progress: createProgress({ total: 5, label: 'fit', stream, intervalMs: 0 }),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result).toMatchObject({ startStep: 0, stepsRun: 5, stoppedEarly: false, bestValue: null, bestStep: null });
    const records = await readMetricsLog(metricsLog.path);
    expect(records.map((record) => record.step)).toEqual([1, 2, 3, 4, 5]);
    expect(records.map((record) => record.lr)).toEqual([0.1, 0.2, 0.2, 0.2, 0.2]);
    const losses = records.map((record) => record.loss as number);
    for (let index = 1; index < losses.length; index++) expect(losses[index]).toBeLessThan(losses[index - 1]);
    expect(result.lastMetrics).toEqual({ loss: losses[4], lr: 0.2 });
    expect(lines()[0]).toBe('fit 0/5 (0.0%)');
    expect(lines()).toHaveLength(7);
    expect(lines()[6]).toMatch(/^fit 5\/5 \(100\.0%\) loss=\d\.\d+ lr=0\.2 elapsed \d+s$/);
    weight.dispose();
    optimizer.dispose();
  });

  it('reads extra metrics returned with the loss without leaking tensors', async () => {
    const weight = tf.tidy(() => tf.variable(tf.zeros([4, 1]), true, 'train-loop-metrics'));
    const optimizer = tf.train.sgd(0.1);
    const before = tf.memory().numTensors;
    const result = await trainLoop({
      steps: 2,
      optimizer,
      varList: [weight],
      lossFn: (step) => {
        const predictions = tf.matMul(inputs, weight);
        return {
          loss: tf.losses.meanSquaredError(targets, predictions) as tf.Scalar,
          metrics: { mae: tf.losses.absoluteDifference(targets, predictions) as tf.Scalar, index: step },
        };
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(result.lastMetrics)).toEqual(['loss', 'mae', 'index']);
    expect(result.lastMetrics.index).toBe(1);
    expect(result.lastMetrics.mae).toBeGreaterThan(0);
    weight.dispose();
    optimizer.dispose();
  });

  it('resumes from the latest checkpoint with exactly the losses of an uninterrupted run', async () => {
    const run = async (steps: number, checkpointDirectory: string, seed: number) => {
      const { global } = seedEverything(seed);
      const model = buildModel();
      const optimizer = tf.train.adam(0.01);
      const metricsLog = new MetricsLog(join(checkpointDirectory, 'metrics.jsonl'));
      const result = await trainLoop({
        steps,
        optimizer,
        varList: model.trainableWeights.map((weight) => weight.read() as tf.Variable),
        lossFn: () => lossOf(model),
        metricsLog,
        checkpoint: {
          manager: new CheckpointManager(join(checkpointDirectory, 'checkpoints')),
          every: 2,
          targets: { models: { net: model }, optimizers: { net: optimizer } },
          state: () => ({ random: global.state() }),
          onRestore: (state) => global.restore((state as { random: RngState }).random),
        },
      });
      model.dispose();
      optimizer.dispose();
      return { result, losses: (await readMetricsLog(metricsLog.path)).map((record) => record.loss) };
    };

    const uninterrupted = await run(6, join(directory, 'uninterrupted'), 0);
    const first = await run(3, join(directory, 'resumed'), 0);
    // A different seed: the initial weights and the random state both come from the checkpoint.
    const resumed = await run(6, join(directory, 'resumed'), 1);
    expect(first.result).toMatchObject({ startStep: 0, stepsRun: 3 });
    expect(resumed.result).toMatchObject({ startStep: 3, stepsRun: 3 });
    expect(resumed.losses).toEqual(uninterrupted.losses);
    expect(resumed.losses).toHaveLength(6);
  });

  it('supports several optimizers through a custom step, scheduling all of them', async () => {
    const discriminator = tf.tidy(() => tf.variable(tf.scalar(1), true, 'train-loop-d'));
    const generator = tf.tidy(() => tf.variable(tf.scalar(-1), true, 'train-loop-g'));
    const optimizerD = tf.train.sgd(1);
    const optimizerG = tf.train.adam(1);
    const rates: number[][] = [];
    const schedule = learningRateSchedule({ baseLr: 0.3, decay: 'cosine', totalSteps: 3 });
    const result = await trainLoop({
      steps: 3,
      learningRate: {
        schedule,
        optimizers: [optimizerD, optimizerG],
      },
      trainStep: () => {
        rates.push([optimizerD, optimizerG].map((optimizer) => optimizer.getConfig().learningRate as number));
        const lossD = optimizerD.minimize(() => tf.square(discriminator), true, [discriminator]) as tf.Scalar;
        const lossG = optimizerG.minimize(() => tf.square(generator), true, [generator]) as tf.Scalar;
        const metrics = { loss_d: lossD.dataSync()[0], loss_g: lossG.dataSync()[0] };
        tf.dispose([lossD, lossG]);
        return metrics;
      },
    });
    expect(rates).toEqual([0, 1, 2].map((step) => [schedule(step), schedule(step)]));
    expect(rates[2]).toEqual([0, 0]);
    expect(Object.keys(result.lastMetrics)).toEqual(['loss_d', 'loss_g', 'lr']);
    expect(result.lastMetrics.lr).toBe(0);
    for (const disposable of [discriminator, generator, optimizerD, optimizerG]) disposable.dispose();
  });

  it('evaluates periodically, stops early, checkpoints the stop and stays stopped on resume', async () => {
    const validation = [5, 4, 4.5, 4.2, 4.1, 3];
    const evaluated: number[] = [];
    const options = (earlyStopping: EarlyStopping) => ({
      steps: 100,
      trainStep: () => ({ loss: 1 }),
      evaluate: {
        every: 2,
        name: 'val_loss',
        earlyStopping,
        fn: (step: number) => {
          evaluated.push(step);
          return validation[evaluated.length - 1];
        },
      },
      checkpoint: { manager: new CheckpointManager(directory), every: 50, targets: {} },
    });
    const result = await trainLoop(options(new EarlyStopping({ patience: 2 })));
    expect(evaluated).toEqual([2, 4, 6, 8, 10]);
    expect(result).toMatchObject({ stepsRun: 10, stoppedEarly: true, bestValue: 4, bestStep: 4 });
    expect(result.lastMetrics).toEqual({ loss: 1, val_loss: 4.1 });
    expect((await new CheckpointManager(directory).latest())?.step).toBe(10);

    const resumed = await trainLoop(options(new EarlyStopping({ patience: 2 })));
    expect(resumed).toMatchObject({ startStep: 10, stepsRun: 0, stoppedEarly: true, bestValue: 4, bestStep: 4 });
  });

  it('stops at the first non-finite metric, naming it and the step, and finishes the progress', async () => {
    const { stream, lines } = plainStream();
    const run = trainLoop({
      steps: 10,
      trainStep: (step) => ({ loss_d: 0.5, loss_g: step === 2 ? Number.NaN : 1 }),
      progress: createProgress({ total: 10, label: 'gan', stream, intervalMs: 60_000 }),
    });
    await expect(run).rejects.toThrow(NonFiniteLossError);
    await expect(run).rejects.toThrow('loss_g became NaN at step 3; lower the learning rate or check the inputs');
    expect(lines().at(-1)).toMatch(/^gan 2\/10 \(20\.0%\) loss_d=0\.5 loss_g=1 elapsed \d+s$/);
  });

  it('rejects incomplete or contradictory options', async () => {
    await expect(trainLoop({ steps: 1 } as never)).rejects.toThrow(/pass either optimizer and lossFn, or trainStep/);
    await expect(trainLoop({ steps: 1, trainStep: () => ({}), learningRate: { schedule: () => 0.1 } })).rejects.toThrow(
      /learningRate.optimizers is required with trainStep/,
    );
    await expect(trainLoop({ steps: 1, trainStep: () => ({}), evaluate: { every: 0, fn: () => 0 } })).rejects.toThrow(
      /evaluate.every must be an integer >= 1; got 0/,
    );
    await expect(trainLoop({ steps: -1, trainStep: () => ({}) })).rejects.toThrow(/steps must be an integer >= 0/);
  });
});
