// The MNIST demo runs a few CycleGAN steps end to end and writes the real / translated / reconstructed PNG.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readPng, tf } from '@hw7/tensor-utils';
import { beforeAll, expect, it } from 'vitest';
import { runCycleGanDemo } from './index.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

it('trains on unpaired MNIST domains and writes a PNG, leaking no tensors', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cyclegan-demo-'));
  const before = tf.memory().numTensors;
  const { out, losses } = await runCycleGanDemo({ steps: 3, batchSize: 4, out: join(dir, 'demo.png') });
  expect(losses).toHaveLength(3);
  expect(losses.every(Number.isFinite)).toBe(true);
  const png = await readPng(out);
  expect(png.width).toBeGreaterThan(8 * 28 - 1);
  expect(png.height).toBeGreaterThan(6 * 28 - 1);
  expect(tf.memory().numTensors).toBe(before);
  rmSync(dir, { recursive: true, force: true });
});

it('stops on its signal before training, leaking no tensors', async () => {
  const before = tf.memory().numTensors;
  const reason = new Error('stop');
  const controller = new AbortController();
  controller.abort(reason);
  const dir = mkdtempSync(join(tmpdir(), 'cyclegan-demo-'));
  await expect(
    runCycleGanDemo({ steps: 3, batchSize: 4, out: join(dir, 'demo.png'), signal: controller.signal }),
  ).rejects.toBe(reason);
  expect(tf.memory().numTensors).toBe(before);
  rmSync(dir, { recursive: true, force: true });
});
