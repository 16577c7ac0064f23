import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
import { type EpochSummary, optimizerStep, trainLoop } from './train-loop.js';

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

/** A linear model y = x w fitted by SGD on the fixed inputs, one row per batch index. */
function linearSetup(name: string) {
  const weight = tf.tidy(() => tf.variable(tf.zeros([4, 1]), true, name));
  const optimizer = tf.train.sgd(0.1);
  const lossOf = (rows: number[]) =>
    tf.tidy(() => {
      const indices = tf.tensor1d(rows, 'int32');
      const predictions = tf.matMul(tf.gather(inputs, indices), weight);
      return tf.losses.meanSquaredError(tf.gather(targets, indices), predictions) as tf.Scalar;
    });
  const validationLoss = () =>
    tf.tidy(() => (tf.losses.meanSquaredError(targets, tf.matMul(inputs, weight)) as tf.Scalar).dataSync()[0]);
  return { weight, optimizer, lossOf, validationLoss, dispose: () => tf.dispose([weight, optimizer as never]) };
}

/** Batches of rows 0..7 in a seeded order per epoch: [[...3 rows], [...3 rows], [...2 rows]]. */
function rowBatches(epoch: number): number[][] {
  const rows = [0, 1, 2, 3, 4, 5, 6, 7].sort((a, b) => ((a * 7 + epoch * 3) % 8) - ((b * 7 + epoch * 3) % 8));
  return [rows.slice(0, 3), rows.slice(3, 6), rows.slice(6)];
}

describe('trainLoop by epochs', () => {
  it('runs every batch of every epoch, evaluates after each epoch and averages the metrics by batch weight', async () => {
    const model = linearSetup('train-loop-epochs');
    const summaries: EpochSummary[] = [];
    const seen: string[] = [];
    const result = await trainLoop({
      epochs: 3,
      batches: rowBatches,
      batchWeight: (rows) => rows.length,
      optimizer: model.optimizer,
      varList: [model.weight],
      lossFn: (step, { epoch, stepInEpoch, batch }) => {
        seen.push(`${step}:${epoch}.${stepInEpoch}:${batch.length}`);
        return model.lossOf(batch);
      },
      evaluate: { every: 'epoch', fn: () => model.validationLoss(), name: 'val_loss' },
      onEpochEnd: (summary) => {
        summaries.push(summary);
      },
    });
    expect(seen).toEqual([
      '0:0.0:3',
      '1:0.1:3',
      '2:0.2:2',
      '3:1.0:3',
      '4:1.1:3',
      '5:1.2:2',
      '6:2.0:3',
      '7:2.1:3',
      '8:2.2:2',
    ]);
    expect(result.stepsRun).toBe(9);
    expect(result.epochs).toEqual(summaries);
    expect(summaries.map((summary) => [summary.epoch, summary.steps])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    // The validation loss of each epoch is logged with its last step.
    expect(summaries.map((summary) => Object.keys(summary.evaluation ?? {}))).toEqual([
      ['val_loss'],
      ['val_loss'],
      ['val_loss'],
    ]);
    expect(result.lastMetrics.val_loss).toBe(summaries[2].evaluation?.val_loss);
    expect(summaries[2].evaluation?.val_loss).toBeLessThan(summaries[0].evaluation?.val_loss as number);
    model.dispose();
  });

  it('weights the epoch mean of a metric by the batch weights', async () => {
    const result = await trainLoop({
      epochs: 1,
      batches: () => [[1, 1, 1], [5]],
      batchWeight: (batch) => batch.length,
      trainStep: (_step, { batch }) => ({ loss: batch[0] }),
    });
    expect(result.epochs[0].metrics.loss).toBe((3 * 1 + 1 * 5) / 4);
  });

  it('stops early and restores the weights of the best evaluation', async () => {
    const weight = tf.tidy(() => tf.variable(tf.scalar(0), true, 'train-loop-best'));
    const scores = [0.5, 0.9, 0.7, 0.6, 0.8];
    const result = await trainLoop({
      epochs: 10,
      batches: () => [0],
      trainStep: (step) => {
        weight.assign(tf.scalar(step + 1));
        return { loss: 1 };
      },
      evaluate: {
        every: 'epoch',
        fn: (step) => scores[step - 1],
        name: 'accuracy',
        earlyStopping: new EarlyStopping({ patience: 1, mode: 'max' }),
        restoreBest: { variables: { weight } },
      },
    });
    expect(result).toMatchObject({ stepsRun: 4, stoppedEarly: true, bestValue: 0.9, bestStep: 2, restoredBestStep: 2 });
    expect(weight.dataSync()[0]).toBe(2);
    weight.dispose();
  });

  it('resumed mid-epoch, skips the batches already trained and repeats the losses exactly', async () => {
    const run = async (epochs: number, checkpointDirectory: string, stopAfter?: number) => {
      const model = linearSetup(`train-loop-resume-${Math.random()}`);
      const controller = new AbortController();
      const metricsLog = new MetricsLog(join(checkpointDirectory, 'metrics.jsonl'));
      const outcome = await trainLoop({
        epochs,
        batches: rowBatches,
        optimizer: model.optimizer,
        varList: [model.weight],
        lossFn: (step, { batch }) => {
          if (step + 1 === stopAfter) controller.abort(new Error('stop here'));
          return model.lossOf(batch);
        },
        signal: controller.signal,
        metricsLog,
        checkpoint: {
          manager: new CheckpointManager(join(checkpointDirectory, 'checkpoints')),
          every: 'epoch',
          targets: { variables: { weight: model.weight } },
        },
      }).catch((error: Error) => error);
      model.dispose();
      return { outcome, text: await readFile(metricsLog.path, 'utf8') };
    };
    const whole = await run(3, join(directory, 'whole'));
    // Aborted after step 5 (in the middle of epoch 1): a checkpoint is saved at step 5.
    const stopped = await run(3, join(directory, 'resumed'), 5);
    expect(stopped.outcome).toEqual(new Error('stop here'));
    expect((await new CheckpointManager(join(directory, 'resumed', 'checkpoints')).latest())?.step).toBe(5);
    const resumed = await run(3, join(directory, 'resumed'));
    expect(resumed.outcome).toMatchObject({ startStep: 5, stepsRun: 4 });
    const losses = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((line) => [JSON.parse(line).step, JSON.parse(line).loss]);
    expect(losses(resumed.text)).toEqual(losses(whole.text));
    // Every step appears once, and no resume marker is left in the file.
    expect(resumed.text).not.toContain('resumedFrom');
  });
});

describe('trainLoop: cancellation, clean-up, snapshots, several optimizers', () => {
  it('saves a checkpoint and rejects with the reason when the signal aborts', async () => {
    const controller = new AbortController();
    const manager = new CheckpointManager(join(directory, 'abort'));
    const { stream, lines } = plainStream();
    const run = trainLoop({
      steps: 100,
      trainStep: (step) => {
        if (step === 2) controller.abort();
        return { loss: 1 };
      },
      signal: controller.signal,
      checkpoint: { manager, every: 50, targets: {} },
      progress: createProgress({ total: 100, label: 'abort', stream, intervalMs: 60_000 }),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect((await manager.latest())?.step).toBe(3);
    expect(lines().at(-1)).toMatch(/^abort 3\/100 /);
  });

  it('disposes the tensors a step forgets, and leaks them when told not to', async () => {
    const leaky = (disposeStepTensors: boolean) =>
      trainLoop({
        steps: 4,
        disposeStepTensors,
        trainStep: async () => {
          const forgotten = tf.ones([3]);
          const kept = tf.keep(tf.zeros([1]));
          kept.dispose();
          return { loss: (await forgotten.sum().data())[0] };
        },
      });
    const before = tf.memory().numTensors;
    await leaky(true);
    expect(tf.memory().numTensors).toBe(before);
    await leaky(false);
    expect(tf.memory().numTensors - before).toBe(8);
  });

  it('snapshots every N steps and once at the end, never twice for one step', async () => {
    const at: number[] = [];
    const snapshot = { every: 2, fn: (step: number) => void at.push(step) };
    await trainLoop({ steps: 5, trainStep: () => ({ loss: 1 }), snapshot });
    expect(at).toEqual([2, 4, 5]);
    at.length = 0;
    await trainLoop({ steps: 4, trainStep: () => ({ loss: 1 }), snapshot });
    expect(at).toEqual([2, 4]);
  });

  it('runs a GAN-style step with one optimizerStep per optimizer, leaking nothing', async () => {
    const discriminator = tf.tidy(() => tf.variable(tf.scalar(1), true, 'train-loop-osd'));
    const generator = tf.tidy(() => tf.variable(tf.scalar(-1), true, 'train-loop-osg'));
    const optimizers = { d: tf.train.sgd(0.1), g: tf.train.sgd(0.1) };
    const before = tf.memory().numTensors;
    const result = await trainLoop({
      steps: 3,
      trainStep: async () => {
        const d = await optimizerStep(optimizers.d, () => tf.square(discriminator), [discriminator]);
        const g = await optimizerStep(
          optimizers.g,
          () => ({ loss: tf.square(generator), metrics: { value: generator.clone() as tf.Scalar } }),
          [generator],
        );
        return { loss_d: d.loss, loss_g: g.loss, g: g.value };
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    // SGD on x^2 with lr 0.1 multiplies x by 0.8 per step: after 2 steps g = -0.64, loss 0.4096.
    expect(result.lastMetrics.loss_g).toBeCloseTo(0.4096, 6);
    expect(result.lastMetrics.g).toBeCloseTo(-0.64, 6);
    expect(generator.dataSync()[0]).toBeCloseTo(-0.512, 6);
    tf.dispose([discriminator, generator]);
  });

  it('lets an evaluation callback stop the run, or fail it (a pruner)', async () => {
    const stopped = await trainLoop({
      steps: 10,
      trainStep: () => ({ loss: 1 }),
      evaluate: {
        every: 2,
        fn: (step) => ({ accuracy: step / 10, loss: 1 }),
        monitor: 'accuracy',
        onResult: ({ step }) => (step >= 4 ? 'stop' : undefined),
      },
    });
    expect(stopped).toMatchObject({ stepsRun: 4, stoppedEarly: true });
    expect(stopped.lastMetrics).toEqual({ loss: 1, accuracy: 0.4 });
    await expect(
      trainLoop({
        steps: 10,
        trainStep: () => ({ loss: 1 }),
        evaluate: {
          every: 3,
          fn: () => 0.1,
          onResult: () => {
            throw new Error('pruned');
          },
        },
      }),
    ).rejects.toThrow('pruned');
    await expect(
      trainLoop({ steps: 2, trainStep: () => ({ loss: 1 }), evaluate: { every: 1, fn: () => ({ a: 1 }) } }),
    ).rejects.toThrow("the evaluation returned no 'validation' to monitor (it returned a)");
    await expect(
      trainLoop({ steps: 2, trainStep: () => ({ loss: 1 }), evaluate: { every: 'epoch', fn: () => 1 } }),
    ).rejects.toThrow("evaluate.every 'epoch' needs epochs and batches");
  });
});

describe('trainLoop: best weights across a resume', () => {
  it('restores a best reached before the interruption from the checkpoint directory', async () => {
    const scores = [0.5, 0.9, 0.7, 0.6, 0.65, 0.6];
    const manager = new CheckpointManager(join(directory, 'best-resume'));
    const run = async (steps: number) => {
      const weight = tf.tidy(() => tf.variable(tf.scalar(0), true, `train-loop-best-resume-${steps}`));
      const result = await trainLoop({
        steps,
        trainStep: (step) => {
          weight.assign(tf.scalar(step + 1));
          return { loss: 1 };
        },
        evaluate: {
          every: 1,
          fn: (step) => scores[step - 1],
          earlyStopping: new EarlyStopping({ patience: 2, mode: 'max' }),
          restoreBest: { variables: { weight } },
        },
        checkpoint: { manager, every: 1, targets: { variables: { weight } } },
      });
      const value = weight.dataSync()[0];
      weight.dispose();
      return { result, value };
    };
    // The first part ends at step 3 with its best (0.9) at step 2: the weights of step 2 come back.
    expect(await run(3)).toEqual({ result: expect.objectContaining({ restoredBestStep: 2 }), value: 2 });
    // The checkpoint holds the weights of step 3; resumed, steps 4 and 5 do not improve and patience
    // ends the run: the best from before the interruption is read back from checkpoints/best.
    const resumed = await run(6);
    expect(resumed.result).toMatchObject({
      startStep: 3,
      stepsRun: 2,
      stoppedEarly: true,
      bestStep: 2,
      restoredBestStep: 2,
    });
    expect(resumed.value).toBe(2);
  });
});
