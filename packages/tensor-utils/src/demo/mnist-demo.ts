// The core's demo: a small CNN trained on real MNIST with every core utility in play (backend
// selection, seeding, data, schedule, early stopping, checkpoints and resume, progress, metrics,
// pictures), so a new user sees the whole toolbox work in about a minute.
import { join } from 'node:path';
import { type BackendName, initBackend } from '../backend.js';
import { epochOrder } from '../data/batches.js';
import type { ImageTensors } from '../data/images.js';
import { loadMnist, mnistToTensors } from '../data/mnist.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { writeImageGrid } from '../images/png-grid.js';
import { writeLinePlot } from '../plots/line-plot.js';
import { seedEverything } from '../random.js';
import * as tf from '../tf.js';
import { CheckpointManager } from '../training/checkpoint.js';
import { EarlyStopping } from '../training/early-stopping.js';
import { learningRateSchedule } from '../training/lr-schedule.js';
import { MetricsLog, readMetricsLog } from '../training/metrics-log.js';
import { createProgress } from '../training/progress.js';
import { trainLoop } from '../training/train-loop.js';

export interface MnistDemoOptions {
  steps: number;
  batchSize: number;
  seed: number;
  out: string;
  /** Default: HW7_BACKEND, else the fastest that works. */
  backend?: BackendName | 'auto';
  trainLimit: number;
  /** Stops training after the current step, with a checkpoint saved (re-running resumes). */
  signal?: AbortSignal;
}

function buildClassifier(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.25 }),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

/**
 * The batch of indices of each step. The order of each epoch depends only on (seed, epoch), so a
 * resumed run sees the same batches.
 */
function epochBatches(count: number, batchSize: number, seed: number): (step: number) => tf.Tensor1D {
  const batchesPerEpoch = Math.floor(count / batchSize);
  let order: { epoch: number; indices: Int32Array } = { epoch: -1, indices: new Int32Array(0) };
  return (step: number) => {
    const epoch = Math.floor(step / batchesPerEpoch);
    if (order.epoch !== epoch) order = { epoch, indices: epochOrder(count, seed, epoch) };
    const start = (step % batchesPerEpoch) * batchSize;
    return tf.tensor1d(order.indices.subarray(start, start + batchSize), 'int32');
  };
}

/** Trains `model` on `train` with the core's loop, its schedule, early stopping and checkpoints. */
function trainClassifier(
  model: tf.Sequential,
  optimizer: tf.Optimizer,
  train: ImageTensors,
  testAccuracy: () => number,
  metricsLog: MetricsLog,
  options: MnistDemoOptions,
) {
  const batchAt = epochBatches(train.x.shape[0], options.batchSize, options.seed);
  return trainLoop({
    steps: options.steps,
    optimizer,
    varList: model.trainableWeights.map((weight) => weight.read() as tf.Variable),
    lossFn: (step) => {
      const indices = batchAt(step);
      const logits = model.apply(tf.gather(train.x, indices), { training: true }) as tf.Tensor;
      return tf.losses.softmaxCrossEntropy(tf.gather(train.y, indices), logits) as tf.Scalar;
    },
    learningRate: {
      schedule: learningRateSchedule({
        baseLr: 2e-3,
        warmupSteps: Math.min(20, Math.floor(options.steps / 5)),
        decay: 'cosine',
        totalSteps: options.steps,
        minLr: 1e-4,
      }),
    },
    evaluate: {
      every: 50,
      fn: testAccuracy,
      name: 'test_accuracy',
      earlyStopping: new EarlyStopping({ patience: 4, mode: 'max' }),
    },
    checkpoint: {
      manager: new CheckpointManager(join(options.out, 'checkpoints'), { keep: 2 }),
      every: 100,
      targets: { models: { classifier: model }, optimizers: { adam: optimizer } },
    },
    metricsLog,
    progress: createProgress({ total: options.steps, label: 'mnist-demo' }),
    signal: options.signal,
  });
}

/** A PNG of the first 100 test digits and an SVG of the training loss and test error. */
async function writeDemoPictures(out: string, backendName: string, testX: tf.Tensor4D, metricsPath: string) {
  const samples = tf.tidy(() => testX.slice([0, 0, 0, 0], [100, 28, 28, 1]));
  const samplesPath = writeImageGrid(join(out, 'test-digits.png'), samples, {
    columns: 10,
    range: [0, 1],
    scale: 2,
  });
  samples.dispose();
  const records = await readMetricsLog(metricsPath);
  const lossPoints = records
    .filter((r) => typeof r.loss === 'number')
    .map((r) => [r.step, r.loss as number] as [number, number]);
  const accuracyPoints = records
    .filter((r) => typeof r.test_accuracy === 'number')
    .map((r) => [r.step, 1 - (r.test_accuracy as number)] as [number, number]);
  const plotPath = await writeLinePlot(join(out, 'training.svg'), {
    title: `MNIST demo on ${backendName}`,
    xLabel: 'step',
    yLabel: 'value',
    yScale: 'log',
    series: [
      { name: 'training loss', points: lossPoints },
      { name: 'test error', points: accuracyPoints },
    ],
  });
  return { samples: await samplesPath, plot: plotPath };
}

export async function runMnistDemo(options: MnistDemoOptions) {
  const backend = await initBackend({ backend: options.backend });
  seedEverything(options.seed);
  const train = mnistToTensors(await loadMnist({ split: 'train', limit: options.trainLimit }), {
    range: [0, 1],
    oneHot: true,
  });
  const test = mnistToTensors(await loadMnist({ split: 'test', limit: 2000 }), { range: [0, 1] });
  const model = buildClassifier();
  const optimizer = tf.train.adam(1e-3);
  const testAccuracy = () =>
    tf.tidy(() => {
      const predicted = (model.predict(test.x, { batchSize: 500 }) as tf.Tensor).argMax(1);
      return predicted.equal(test.y).mean().dataSync()[0];
    });
  const metricsLog = new MetricsLog(join(options.out, 'metrics.jsonl'));
  const result = await trainClassifier(model, optimizer, train, testAccuracy, metricsLog, options);

  const accuracy = testAccuracy();
  const pictures = await writeDemoPictures(options.out, backend.name, test.x, metricsLog.path);
  const summary = {
    backend: backend.name,
    seed: options.seed,
    steps: result.startStep + result.stepsRun,
    resumedFrom: result.startStep,
    stoppedEarly: result.stoppedEarly,
    testAccuracy: accuracy,
    files: { samples: pictures.samples, plot: pictures.plot, metrics: metricsLog.path },
  };
  await writeFileAtomic(join(options.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  tf.dispose([train.x, train.y, test.x, test.y]);
  model.dispose();
  optimizer.dispose();
  return summary;
}
