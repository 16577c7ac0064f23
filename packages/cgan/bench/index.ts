// `pnpm --filter @hw7/cgan bench`: a full training step of the homework's cGAN (discriminator
// update + generator update, batch 128) with this package's own models and step, beside the PyTorch
// reference (../shared/anchors/torch_steps.py) timed in the same run on the same machine.
import { join } from 'node:path';
import { initBackend, loadMnist, mnistToTensors, seedEverything, tf } from '@hw7/tensor-utils';
import { benchLine, findReferenceScripts, round, runPythonReference, timeIt } from '@hw7/tensor-utils/dev';
import { createCganTrainStep, createDiscriminator, createGenerator } from '../src/index.js';

const BATCH = 128;

async function torchFullStepMs(): Promise<{ fullMs: number } | string> {
  const anchors = findReferenceScripts();
  if (!anchors.ok) return anchors.reason;
  const result = await runPythonReference<{ fullMs: number }>(join(anchors.value, 'torch_steps.py'), ['1', '15']);
  return result.ok ? result.value : result.reason;
}

const torch = await torchFullStepMs();
const backend = await initBackend({ quiet: true });
seedEverything(0);
const data = await loadMnist({ split: 'train', limit: BATCH });
const { x } = mnistToTensors(data, { range: [-1, 1] });
const batch = { images: x, labels: data.labels };
const generator = createGenerator();
const discriminator = createDiscriminator();
const step = createCganTrainStep({
  generator,
  discriminator,
  generatorOptimizer: tf.train.adam(2e-4, 0.5, 0.999),
  discriminatorOptimizer: tf.train.adam(2e-4, 0.5, 0.999),
  zDim: 64,
  nClasses: 10,
});
const timing = await timeIt(() => step(batch), { warmup: 3, repeats: 15 });
benchLine('cgan-train-step', {
  backend: backend.name,
  backendDetail: backend.reason,
  batch: BATCH,
  msPerStep: round(timing.medianMs, 1),
  ...(typeof torch === 'string'
    ? { torchSkipped: torch }
    : { torchMsPerStep: torch.fullMs, ratio: round(timing.medianMs / torch.fullMs, 2) }),
});
