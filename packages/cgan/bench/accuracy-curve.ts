// Trains the homework's cGAN on the full MNIST training set epoch by epoch and, after each epoch,
// scores 10,000 generated digits with the MNIST classifier shipped in the package: one JSON line per
// epoch with the conditional accuracy, the Fréchet distance and the losses. Resumable: re-running
// continues.
//   tsx bench/accuracy-curve.ts [--epochs 12] [--out out/cgan-curve] [--seed 0] [recipe flags]
import { parseArgs } from 'node:util';
import { initBackend } from '@hw7/tensor-utils';
import { benchLine, round } from '@hw7/tensor-utils/dev';
import { evaluateCgan, loadGenerator, loadOrTrainClassifier, trainCgan } from '../src/index.js';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '12' },
    out: { type: 'string', default: 'out/cgan-curve' },
    seed: { type: 'string', default: '0' },
    'label-smoothing': { type: 'string', default: '0' },
    'instance-noise': { type: 'string', default: '0' },
  },
});
const epochs = Number(values.epochs);
const seed = Number(values.seed);
const recipe = { labelSmoothing: Number(values['label-smoothing']), instanceNoise: Number(values['instance-noise']) };

const backend = await initBackend();
const { model: classifier, testAccuracy } = await loadOrTrainClassifier();
benchLine('cgan-classifier', { testAccuracy: round(testAccuracy, 4) });
for (let epoch = 1; epoch <= epochs; epoch++) {
  const started = performance.now();
  const result = await trainCgan({ epochs: epoch, out: values.out, seed, resume: true, ...recipe });
  const trainSeconds = (performance.now() - started) / 1000;
  const { generator, step } = await loadGenerator(values.out);
  const evaluation = await evaluateCgan({ generator, classifier, samples: 10_000, seed: 1, progress: false });
  generator.dispose();
  benchLine('cgan-accuracy-curve', {
    backend: backend.name,
    epoch,
    step,
    ...recipe,
    conditionalAccuracy: round(evaluation.conditionalAccuracy, 4),
    perClassAccuracy: evaluation.perClassAccuracy.map((a) => round(a, 3)),
    frechetDistance: round(evaluation.frechetDistance, 2),
    discLoss: result.lastLosses ? round(result.lastLosses.discriminator, 4) : null,
    genLoss: result.lastLosses ? round(result.lastLosses.generator, 4) : null,
    msPerStep: result.msPerStep === null ? null : round(result.msPerStep, 1),
    trainSeconds: round(trainSeconds, 1),
  });
}
