// Training on 64 real MNIST images: the discriminator learns, a resumed run repeats an
// uninterrupted one exactly, the pictures are written, and no tensor leaks.
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, loadMnist, mnistToTensors, readMetricsLog, readPng, seedEverything, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscriminator, createGenerator } from './models.js';
import { classGridSize, generateClassGrid, loadGenerator } from './samples.js';
import { type TrainCganOptions, trainCgan } from './train.js';
import { createCganTrainStep } from './train-step.js';

// 64 images in batches of 16: 4 steps per epoch.
const BASE: TrainCganOptions = { limit: 64, batchSize: 16, seed: 0, quiet: true, sampleEvery: 5, checkpointEvery: 3 };

let root: string;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  root = await fs.mkdtemp(join(tmpdir(), 'hw7-cgan-train-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function lossesOf(out: string): Promise<Array<[number, number, number]>> {
  const records = await readMetricsLog(join(out, 'metrics.jsonl'));
  return records.map((record) => [record.step, record.loss_d as number, record.loss_g as number]);
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('trainCgan', () => {
  it('lowers the discriminator loss within a few epochs on 64 images', async () => {
    const out = join(root, 'learns');
    const result = await trainCgan({ ...BASE, epochs: 6, out });
    expect(result.steps).toBe(24);
    const discriminator = (await lossesOf(out)).map(([, loss]) => loss);
    expect(discriminator).toHaveLength(24);
    expect(discriminator.every(Number.isFinite)).toBe(true);
    // At the start D cannot tell real from fake (BCE ~ ln 2 = 0.69); it must have really learned.
    const first = mean(discriminator.slice(0, 4));
    const last = mean(discriminator.slice(-4));
    expect(first).toBeGreaterThan(0.6);
    expect(last).toBeLessThan(first - 0.1);
    expect(result.lastLosses?.discriminator).toBe(discriminator[23]);
  });

  it('resumed after an epoch, gives exactly the losses and samples of an uninterrupted run', async () => {
    const whole = join(root, 'whole');
    const resumed = join(root, 'resumed');
    await trainCgan({ ...BASE, epochs: 3, out: whole });
    const first = await trainCgan({ ...BASE, epochs: 1, out: resumed });
    expect(first.steps).toBe(4);
    const second = await trainCgan({ ...BASE, epochs: 3, out: resumed, resume: true });
    expect(second).toMatchObject({ steps: 12, stepsRun: 8 });

    const expected = await lossesOf(whole);
    expect(expected.map(([step]) => step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(await lossesOf(resumed)).toEqual(expected);
    const [wholeGrid, resumedGrid] = await Promise.all([
      fs.readFile(join(whole, 'samples', 'latest.png')),
      fs.readFile(join(resumed, 'samples', 'latest.png')),
    ]);
    expect(resumedGrid.equals(wholeGrid)).toBe(true);
  });

  it('resumed mid-epoch after a crash, repeats the lost steps exactly', async () => {
    const out = join(root, 'crash');
    await trainCgan({ ...BASE, epochs: 3, out });
    const expected = await lossesOf(out);
    // Checkpoints every 3 steps, 2 kept: losing step 12 leaves step 9, in the middle of epoch 3.
    await fs.rm(join(out, 'checkpoints', 'step-000000012'), { recursive: true });
    const result = await trainCgan({ ...BASE, epochs: 3, out, resume: true });
    expect(result).toMatchObject({ steps: 12, stepsRun: 3 });
    expect(await lossesOf(out)).toEqual(expected);
    // After a resume, metrics.jsonl holds every step once and no resumedFrom line (issue #24).
    const lines = (await fs.readFile(join(out, 'metrics.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(lines.some((line) => line.includes('resumedFrom'))).toBe(false);
  });

  it('stopped by its signal, saves a checkpoint and resumes to the losses of an uninterrupted run', async () => {
    const whole = join(root, 'signal-whole');
    const stopped = join(root, 'signal-stopped');
    await trainCgan({ ...BASE, epochs: 2, out: whole });
    const controller = new AbortController();
    const reason = new Error('stop');
    // Aborted once two steps are logged (as Ctrl-C would): the loop stops after the step running.
    const metrics = join(stopped, 'metrics.jsonl');
    const poll = setInterval(() => {
      if (existsSync(metrics) && readFileSync(metrics, 'utf8').split('\n').length > 2) controller.abort(reason);
    }, 5);
    const run = trainCgan({ ...BASE, epochs: 2, out: stopped, signal: controller.signal });
    await expect(run).rejects.toBe(reason);
    clearInterval(poll);
    const saved = (await fs.readdir(join(stopped, 'checkpoints'))).filter((name) => name.startsWith('step-'));
    expect(saved.length).toBeGreaterThan(0);
    const resumed = await trainCgan({ ...BASE, epochs: 2, out: stopped, resume: true });
    expect(resumed.steps).toBe(8);
    expect(await lossesOf(stopped)).toEqual(await lossesOf(whole));
  });

  it("a new run into a directory without a checkpoint removes the earlier run's sample PNGs (issue #24)", async () => {
    const out = join(root, 'rerun');
    await trainCgan({ ...BASE, epochs: 2, out });
    expect(existsSync(join(out, 'samples', 'step-000005.png'))).toBe(true);
    // The earlier run lost its checkpoints (or never reached one); a note of the user's stays.
    await fs.rm(join(out, 'checkpoints'), { recursive: true });
    await fs.writeFile(join(out, 'notes.txt'), 'mine');
    await trainCgan({ ...BASE, epochs: 1, out });
    expect((await fs.readdir(join(out, 'samples'))).sort()).toEqual(['latest.png', 'step-000004.png']);
    expect((await lossesOf(out)).map(([step]) => step)).toEqual([1, 2, 3, 4]);
    expect(await fs.readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a limit larger than the training set instead of clamping it silently (issue #24)', async () => {
    await expect(trainCgan({ ...BASE, limit: 1e8, out: join(root, 'limit') })).rejects.toThrow(
      'trainCgan: limit is 100000000 but the MNIST training set has 60000 images; give at most 60000',
    );
  });

  it('writes 10 x 10 class grids, the loss plot and the summary', async () => {
    const out = join(root, 'pictures');
    const result = await trainCgan({ ...BASE, epochs: 3, out });
    expect(result.files.samples).toBe(join(out, 'samples', 'latest.png'));
    for (const name of ['step-000005.png', 'step-000010.png', 'step-000012.png', 'latest.png']) {
      expect(existsSync(join(out, 'samples', name)), name).toBe(true);
    }
    const png = await readPng(result.files.samples);
    expect({ width: png.width, height: png.height }).toEqual(classGridSize(10));
    expect(classGridSize(10)).toEqual({ width: 582, height: 582 });
    const svg = await fs.readFile(result.files.losses, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('discriminator');
    expect(svg).toContain('generator');
    const summary = JSON.parse(await fs.readFile(result.files.summary, 'utf8'));
    expect(summary.steps).toBe(12);
    expect(result.msPerStep).toBeGreaterThan(0);
  });

  it('refuses to overwrite a run, and to resume one with other settings', async () => {
    const out = join(root, 'refuses');
    await trainCgan({ ...BASE, epochs: 1, out });
    await expect(trainCgan({ ...BASE, epochs: 1, out })).rejects.toThrow(
      /already holds a training run \(checkpoint at step 4\); resume it with --resume/,
    );
    await expect(trainCgan({ ...BASE, epochs: 2, out, resume: true, seed: 1 })).rejects.toThrow(
      /cannot resume .* with different settings \(seed: checkpoint 0, now 1\)/,
    );
  });

  it('rejects bad options, naming them', async () => {
    await expect(trainCgan({ epochs: 0 })).rejects.toThrow('trainCgan: epochs must be an integer >= 1; got 0');
    await expect(trainCgan({ labelSmoothing: 0.9 })).rejects.toThrow(/labelSmoothing must be a number in \[0, 0.5\)/);
    await expect(trainCgan({ nClasses: 3 as 10 })).rejects.toThrow(/nClasses must be 10/);
  });

  it('runs the opt-in fixes and the unconditional DCGAN', async () => {
    const fixes = await trainCgan({
      ...BASE,
      limit: 32,
      epochs: 1,
      out: join(root, 'fixes'),
      labelSmoothing: 0.1,
      instanceNoise: 0.1,
      generatorNoise: 'reuse',
    });
    expect(fixes.steps).toBe(2);
    expect(Number.isFinite(fixes.lastLosses?.discriminator)).toBe(true);
    const unconditional = await trainCgan({ ...BASE, limit: 32, epochs: 1, out: join(root, 'dcgan'), nClasses: 0 });
    expect(Number.isFinite(unconditional.lastLosses?.generator)).toBe(true);
    const png = await readPng(unconditional.files.samples);
    expect(png.width).toBe(582);
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await trainCgan({ ...BASE, limit: 32, epochs: 2, out: join(root, 'memory') });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('createCganTrainStep', () => {
  it('does not grow the number of tensors across steps', async () => {
    seedEverything(3);
    const generator = createGenerator({ hiddenDim: 8 });
    const discriminator = createDiscriminator({ hiddenDim: 8 });
    const generatorOptimizer = tf.train.adam(2e-4, 0.5, 0.999);
    const discriminatorOptimizer = tf.train.adam(2e-4, 0.5, 0.999);
    const step = createCganTrainStep({
      generator,
      discriminator,
      generatorOptimizer,
      discriminatorOptimizer,
      zDim: 64,
      nClasses: 10,
    });
    const data = await loadMnist({ split: 'train', limit: 16 });
    const { x, y } = mnistToTensors(data, { range: [-1, 1] });
    const batch = { images: x, labels: data.labels };
    await step(batch); // creates the optimizers' moment variables
    const after = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) {
      const losses = await step(batch, 0.1);
      expect(Number.isFinite(losses.discriminator) && Number.isFinite(losses.generator)).toBe(true);
      expect(tf.memory().numTensors).toBe(after);
    }
    tf.dispose([x, y]);
    generator.dispose();
    discriminator.dispose();
    generatorOptimizer.dispose();
    discriminatorOptimizer.dispose();
  });
});

describe('loadGenerator', () => {
  it('rebuilds the latest checkpoint of a run and samples a 10 x 10 grid in [-1, 1]', async () => {
    const out = join(root, 'load');
    await trainCgan({ ...BASE, limit: 32, epochs: 1, out });
    const loaded = await loadGenerator(out);
    expect(loaded.step).toBe(2);
    expect(loaded.architecture).toEqual({ zDim: 64, hiddenDim: 64, imageChannels: 1, nClasses: 10 });
    const [shape, min, max] = tf.tidy(() => {
      const grid = generateClassGrid(loaded.generator, { zDim: 64, nClasses: 10, seed: 0 });
      return [grid.shape, grid.min().dataSync()[0], grid.max().dataSync()[0]] as const;
    });
    expect(shape).toEqual([100, 28, 28, 1]);
    expect(min).toBeGreaterThanOrEqual(-1);
    expect(max).toBeLessThanOrEqual(1);
    loaded.generator.dispose();
    await expect(loadGenerator(join(root, 'nothing-here'))).rejects.toThrow(/no checkpoint in .*nothing-here/);
  });
});
