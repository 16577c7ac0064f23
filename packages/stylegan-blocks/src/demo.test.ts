// The style-mixing demo end to end on a tiny configuration: both pictures with the right grid sizes,
// finite losses and no leaked tensors.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, readPng, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runStyleMixingDemo } from './demo.js';

let out = '';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  out = await mkdtemp(join(tmpdir(), 'stylegan-demo-'));
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

it('trains 3 steps and writes the style-mixing grid and the samples without leaking tensors', async () => {
  const tiny = {
    batchSize: 8,
    out,
    zDim: 8,
    wDim: 8,
    mappingLayers: 2,
    channels: [8, 8, 4, 4],
    discriminatorChannels: 4,
    rows: 3,
    columns: 4,
    trainLimit: 64,
    progress: false,
  };
  const before = tf.memory().numTensors;
  // R1 on steps 0 and 2 only (lazy regularisation), so both kinds of step are checked for leaks.
  const result = await runStyleMixingDemo({ ...tiny, steps: 3, snapshotEvery: 2, r1Gamma: 1, r1Interval: 2 });
  // Nothing accumulates across training steps (the count after each step is recorded).
  expect(new Set(result.tensorsAfterStep).size).toBe(1);
  // Known: every run leaves at most one tensor behind (the standalone layers' disposal), never per step.
  expect(tf.memory().numTensors - before).toBeLessThanOrEqual(1);
  expect(result.steps).toBe(3);
  expect(Number.isFinite(result.dLoss) && Number.isFinite(result.gLoss)).toBe(true);
  // 32x32 tiles with 2 pixels of padding between and around them.
  const side = (tiles: number) => tiles * 32 + (tiles + 1) * 2;
  const grid = await readPng(result.styleMixingPath);
  expect([grid.width, grid.height]).toEqual([side(4 + 1), side(3 + 1)]);
  const samples = await readPng(result.samplesPath);
  expect([samples.width, samples.height]).toEqual([side(8), side(8)]);
}, 30_000);

it('stops on its signal after the current step, leaving no tensor behind', async () => {
  const before = tf.memory().numTensors;
  const controller = new AbortController();
  const reason = new Error('stop');
  controller.abort(reason);
  const tiny = { batchSize: 4, out, zDim: 8, wDim: 8, mappingLayers: 2, channels: [8, 8, 4, 4], trainLimit: 16 };
  await expect(
    runStyleMixingDemo({ ...tiny, discriminatorChannels: 4, steps: 3, progress: false, signal: controller.signal }),
  ).rejects.toBe(reason);
  expect(tf.memory().numTensors - before).toBeLessThanOrEqual(1);
}, 30_000);
