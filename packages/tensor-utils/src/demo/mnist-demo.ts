// The core's demo: a small CNN trained on real MNIST with every core utility in play (backend
// selection, seeding, data, schedule, early stopping, checkpoints and resume, progress, metrics,
// pictures), so a new user sees the whole toolbox work in about a minute.
import { join } from 'node:path';
import { type BackendName, initBackend } from '../backend.js';
import { epochOrder } from '../data/batches.js';
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
  // The order of each epoch depends only on (seed, epoch), so a resumed run sees the same batches.
  const count = train.x.shape[0];
  const batchesPerEpoch = Math.floor(count / options.batchSize);
  let order: { epoch: number; indices: Int32Array } = { epoch: -1, indices: new Int32Array(0) };
  const batchAt = (step: number) => {
    const epoch = Math.floor(step / batchesPerEpoch);
    if (order.epoch !== epoch) order = { epoch, indices: epochOrder(count, options.seed, epoch) };
    const start = (step % batchesPerEpoch) * options.batchSize;
    return tf.tensor1d(order.indices.subarray(start, start + options.batchSize), 'int32');
  };

  const testAccuracy = () =>
    tf.tidy(() => {
      const predicted = (model.predict(test.x, { batchSize: 500 }) as tf.Tensor).argMax(1);
      return predicted.equal(test.y).mean().dataSync()[0];
    });
  const metricsLog = new MetricsLog(join(options.out, 'metrics.jsonl'));
  const result = await trainLoop({
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

  const accuracy = testAccuracy();
  const samples = tf.tidy(() => test.x.slice([0, 0, 0, 0], [100, 28, 28, 1]));
  const samplesPath = writeImageGrid(join(options.out, 'test-digits.png'), samples, {
    columns: 10,
    range: [0, 1],
    scale: 2,
  });
  samples.dispose();
  const records = await readMetricsLog(metricsLog.path);
  const lossPoints = records
    .filter((r) => typeof r.loss === 'number')
    .map((r) => [r.step, r.loss as number] as [number, number]);
  const accuracyPoints = records
    .filter((r) => typeof r.test_accuracy === 'number')
    .map((r) => [r.step, 1 - (r.test_accuracy as number)] as [number, number]);
  const plotPath = await writeLinePlot(join(options.out, 'training.svg'), {
    title: `MNIST demo on ${backend.name}`,
    xLabel: 'step',
    yLabel: 'value',
    yScale: 'log',
    series: [
      { name: 'training loss', points: lossPoints },
      { name: 'test error', points: accuracyPoints },
    ],
  });
  const summary = {
    backend: backend.name,
    seed: options.seed,
    steps: result.startStep + result.stepsRun,
    resumedFrom: result.startStep,
    stoppedEarly: result.stoppedEarly,
    testAccuracy: accuracy,
    files: { samples: await samplesPath, plot: plotPath, metrics: metricsLog.path },
  };
  await writeFileAtomic(join(options.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  tf.dispose([train.x, train.y, test.x, test.y]);
  model.dispose();
  optimizer.dispose();
  return summary;
}
