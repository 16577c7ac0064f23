import {
  promises as fsPromises,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedEverything } from '../random.js';
import * as tf from '../tf.js';
import { CheckpointError, CheckpointManager } from './checkpoint.js';

let directory: string;
let inputs: tf.Tensor2D;
let targets: tf.Tensor2D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  inputs = tf.tensor2d(
    Array.from({ length: 64 }, (_, index) => Math.sin(index)),
    [16, 4],
  );
  targets = tf.tensor2d(
    Array.from({ length: 16 }, (_, index) => Math.cos(index)),
    [16, 1],
  );
});
afterAll(() => {
  tf.dispose([inputs, targets]);
});
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'hw7-checkpoint-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

function buildModel(): tf.LayersModel {
  return tf.sequential({
    layers: [tf.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), tf.layers.dense({ units: 1 })],
  });
}

function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/** Runs `steps` Adam steps on the fixed data and returns the losses. */
function trainSteps(model: tf.LayersModel, optimizer: tf.Optimizer, steps: number): number[] {
  const losses: number[] = [];
  const variables = trainableVariables(model);
  for (let step = 0; step < steps; step++) {
    const loss = optimizer.minimize(
      () => tf.losses.meanSquaredError(targets, model.apply(inputs) as tf.Tensor2D) as tf.Scalar,
      true,
      variables,
    ) as tf.Scalar;
    losses.push(loss.dataSync()[0]);
    loss.dispose();
  }
  return losses;
}

function weightValues(model: tf.LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}

function directoryEntries(): string[] {
  return readdirSync(directory).sort();
}

describe('CheckpointManager', () => {
  // Resuming after 5 steps catches Adam's beta powers: pow(0.999, 6) differs from 0.999 multiplied
  // five times onto 0.999 in float32, so restoring them through tfjs's setWeights alone would drift.
  it.each([3, 5])(
    'resumes a 6-step Adam run after %i steps with exactly the same losses and weights',
    async (split) => {
      seedEverything(0);
      const uninterruptedModel = buildModel();
      const uninterruptedOptimizer = tf.train.adam(0.01);
      const expectedLosses = trainSteps(uninterruptedModel, uninterruptedOptimizer, 6);
      const expectedWeights = weightValues(uninterruptedModel);
      uninterruptedModel.dispose();
      uninterruptedOptimizer.dispose();

      const before = tf.memory().numTensors;
      const manager = new CheckpointManager(directory);
      seedEverything(0);
      const firstModel = buildModel();
      const firstOptimizer = tf.train.adam(0.01);
      const firstLosses = trainSteps(firstModel, firstOptimizer, split);
      await manager.save({
        step: split,
        models: { net: firstModel },
        optimizers: { net: firstOptimizer },
        state: { epoch: 1 },
      });
      const savedWeights = weightValues(firstModel);
      firstModel.dispose();
      firstOptimizer.dispose();

      seedEverything(1);
      const resumedModel = buildModel();
      const resumedOptimizer = tf.train.adam(0.01);
      expect(weightValues(resumedModel)).not.toEqual(savedWeights);
      const restored = await manager.restore({ models: { net: resumedModel }, optimizers: { net: resumedOptimizer } });
      expect(restored?.step).toBe(split);
      expect(restored?.state).toEqual({ epoch: 1 });
      expect(weightValues(resumedModel)).toEqual(savedWeights);
      const resumedLosses = trainSteps(resumedModel, resumedOptimizer, 6 - split);

      expect([...firstLosses, ...resumedLosses]).toEqual(expectedLosses);
      expect(weightValues(resumedModel)).toEqual(expectedWeights);
      resumedModel.dispose();
      resumedOptimizer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('writes step directories and latest.json without leaving temporary files or tensors', async () => {
    const manager = new CheckpointManager(directory);
    const variable = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3]), true, 'checkpoint-test-counts'));
    const model = buildModel();
    const optimizer = tf.train.adam(0.01);
    trainSteps(model, optimizer, 2);

    const before = tf.memory().numTensors;
    const saved = await manager.save({
      step: 123,
      models: { net: model },
      variables: { counts: variable },
      optimizers: { net: optimizer },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(saved).toEqual({ step: 123, path: join(directory, 'step-000000123') });
    expect(directoryEntries()).toEqual(['latest.json', 'step-000000123']);
    expect(readdirSync(saved.path).sort()).toEqual(['manifest.json', 'tensors.bin']);
    expect(JSON.parse(readFileSync(join(directory, 'latest.json'), 'utf8'))).toEqual({
      step: 123,
      directory: 'step-000000123',
    });
    const manifest = JSON.parse(readFileSync(join(saved.path, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'hw7-checkpoint', version: 1, step: 123, state: null });
    expect(manifest.tensors.find((record: { name: string }) => record.name === 'counts')).toMatchObject({
      group: 'variable',
      dtype: 'float32',
      shape: [3],
      byteLength: 12,
    });

    // Restoring into the same, already-trained optimizer replaces its slot variables without leaking.
    tf.tidy(() => variable.assign(tf.zeros([3])));
    await manager.restore({ models: { net: model }, variables: { counts: variable }, optimizers: { net: optimizer } });
    expect(Array.from(variable.dataSync())).toEqual([1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
    variable.dispose();
    model.dispose();
    optimizer.dispose();
  });

  it('keeps the previous latest checkpoint intact when a save fails', async () => {
    const manager = new CheckpointManager(directory);
    const variable = tf.tidy(() => tf.variable(tf.tensor1d([1, 2]), true, 'checkpoint-test-failure'));
    await manager.save({ step: 1, variables: { v: variable } });
    const entriesBefore = directoryEntries();

    tf.tidy(() => variable.assign(tf.tensor1d([5, 6])));
    const writeFile = fsPromises.writeFile;
    vi.spyOn(fsPromises, 'writeFile').mockImplementation(async (path, data, options) => {
      if (String(path).endsWith('tensors.bin')) throw new Error('disk full');
      return writeFile(path, data, options);
    });
    await expect(manager.save({ step: 2, variables: { v: variable } })).rejects.toThrow('disk full');
    vi.restoreAllMocks();

    expect(directoryEntries()).toEqual(entriesBefore);
    expect(await manager.latest()).toEqual({ step: 1, path: join(directory, 'step-000000001') });
    const restored = await manager.restore({ variables: { v: variable } });
    expect(restored?.step).toBe(1);
    expect(Array.from(variable.dataSync())).toEqual([1, 2]);
    variable.dispose();
  });

  it('keeps only the newest `keep` checkpoints', async () => {
    const manager = new CheckpointManager(directory, { keep: 2 });
    const variable = tf.tidy(() => tf.variable(tf.scalar(0), true, 'checkpoint-test-keep'));
    for (let step = 1; step <= 5; step++) {
      tf.tidy(() => variable.assign(tf.scalar(step)));
      await manager.save({ step, variables: { v: variable } });
    }
    expect((await manager.list()).map((checkpoint) => checkpoint.step)).toEqual([4, 5]);
    expect(directoryEntries()).toEqual(['latest.json', 'step-000000004', 'step-000000005']);
    variable.dispose();
  });

  it('replaces a same-step checkpoint and drops those of an abandoned run', async () => {
    const manager = new CheckpointManager(directory, { keep: 10 });
    for (let step = 1; step <= 4; step++) await manager.save({ step, state: { run: 'first' } });
    // A run resumed from step 2 reaches step 3 again: step 3 is replaced and step 4 is obsolete.
    await manager.save({ step: 3, state: { run: 'second' } });
    expect((await manager.list()).map((checkpoint) => checkpoint.step)).toEqual([1, 2, 3]);
    expect(directoryEntries().filter((name) => name.startsWith('.'))).toEqual([]);
    expect((await manager.restore({}))?.state).toEqual({ run: 'second' });
  });

  it('falls back to the newest checkpoint when latest.json is missing', async () => {
    const manager = new CheckpointManager(directory);
    expect(await manager.latest()).toBeNull();
    expect(await manager.list()).toEqual([]);
    expect(await manager.restore({})).toBeNull();
    await manager.save({ step: 7 });
    await manager.save({ step: 9 });
    rmSync(join(directory, 'latest.json'));
    expect(await manager.latest()).toEqual({ step: 9, path: join(directory, 'step-000000009') });
    writeFileSync(join(directory, 'latest.json'), '{"step":');
    await expect(manager.latest()).rejects.toThrow(/latest.json is not valid JSON/);
  });

  it('restores JSON state, such as the seeded random generators', async () => {
    const manager = new CheckpointManager(directory);
    const { rng, global } = seedEverything('state-test');
    await manager.save({ step: 1, state: { rng: rng.state(), global: global.state(), epoch: 2, done: false } });
    const expected = [rng.next(), Math.random()];
    const restored = await manager.restore<{
      rng: ReturnType<typeof rng.state>;
      global: ReturnType<typeof global.state>;
    }>({});
    if (restored === null) throw new Error('expected a checkpoint');
    global.restore(restored.state.global);
    const { Rng } = await import('../random.js');
    expect([Rng.fromState(restored.state.rng).next(), Math.random()]).toEqual(expected);
  });

  it('rejects state that JSON cannot represent, naming where it is', async () => {
    const manager = new CheckpointManager(directory);
    await expect(manager.save({ step: 1, state: { losses: [1, Number.NaN] } })).rejects.toThrow(
      /state.losses\[1\] is NaN; checkpoint state must be JSON data/,
    );
    await expect(manager.save({ step: 1, state: { seen: new Map() } })).rejects.toThrow(/state.seen is a Map/);
    await expect(manager.save({ step: 1, state: { later: undefined } })).rejects.toThrow(/state.later is undefined/);
    expect(await manager.list()).toEqual([]);
  });

  it('explains shape, dtype, name and class mismatches before changing anything', async () => {
    const manager = new CheckpointManager(directory);
    const generator = tf.sequential({ layers: [tf.layers.dense({ name: 'dense', units: 10, inputShape: [64] })] });
    const step = tf.tidy(() => tf.variable(tf.scalar(3, 'int32'), false, 'checkpoint-test-step'));
    const optimizer = tf.train.sgd(0.1);
    await manager.save({ step: 1, models: { gen: generator }, variables: { step }, optimizers: { gen: optimizer } });

    const wider = tf.sequential({ layers: [tf.layers.dense({ name: 'dense', units: 12, inputShape: [64] })] });
    const widerBefore = weightValues(wider);
    await expect(manager.restore({ models: { gen: wider } })).rejects.toThrow(
      "checkpoint tensor 'gen/dense/kernel' has shape [64,10], model expects [64,12]",
    );
    expect(weightValues(wider)).toEqual(widerBefore);
    await expect(manager.restore({ models: { disc: generator } })).rejects.toThrow(
      /has no model 'disc' \(it has: gen\)/,
    );

    const floatStep = tf.tidy(() => tf.variable(tf.scalar(0), false, 'checkpoint-test-float-step'));
    await expect(manager.restore({ variables: { step: floatStep } })).rejects.toThrow(
      "checkpoint tensor 'step' has dtype int32, variable expects float32",
    );
    await expect(manager.restore({ variables: { epoch: floatStep } })).rejects.toThrow(
      /has no variable 'epoch' \(it has: step\)/,
    );
    const adam = tf.train.adam();
    await expect(manager.restore({ optimizers: { gen: adam } })).rejects.toThrow(
      "checkpoint optimizer 'gen' is SGD, the target optimizer is Adam",
    );

    const withBias = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [4] })] });
    const withAlpha = tf.sequential({
      layers: [tf.layers.dense({ units: 4, useBias: false, inputShape: [4] }), tf.layers.prelu()],
    });
    await manager.save({ step: 2, models: { net: withBias } });
    await expect(manager.restore({ models: { net: withAlpha } })).rejects.toThrow(
      /checkpoint tensor 'net\/dense_Dense\d+\/bias' does not line up with model weight 'p_re_lu_PReLU\d+\/alpha'/,
    );
    for (const model of [generator, wider, withBias, withAlpha]) model.dispose();
    for (const disposable of [step, floatStep, optimizer, adam]) disposable.dispose();
  });

  it('reports truncated, corrupted and unreadable checkpoints clearly', async () => {
    const manager = new CheckpointManager(directory);
    const variable = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3, 4]), true, 'checkpoint-test-corrupt'));
    const { path } = await manager.save({ step: 5, variables: { v: variable } });
    const tensorsPath = join(path, 'tensors.bin');
    const original = readFileSync(tensorsPath);

    truncateSync(tensorsPath, 10);
    await expect(manager.restore({ variables: { v: variable } })).rejects.toThrow(
      /is corrupt: tensors.bin has 10 bytes, its manifest.json expects 16 \(truncated\?\)/,
    );
    const flipped = Buffer.from(original);
    flipped[3] ^= 0xff;
    writeFileSync(tensorsPath, flipped);
    await expect(manager.restore({ variables: { v: variable } })).rejects.toThrow(
      /is corrupt: tensors.bin does not match its checksum/,
    );
    await expect(manager.restore({ variables: { v: variable } })).rejects.toBeInstanceOf(CheckpointError);
    writeFileSync(join(path, 'manifest.json'), '{');
    await expect(manager.restore({ variables: { v: variable } })).rejects.toThrow(
      /invalid manifest.json: not valid JSON/,
    );
    rmSync(join(path, 'manifest.json'));
    await expect(manager.restore({ variables: { v: variable } })).rejects.toThrow(/has no readable manifest.json/);
    expect(Array.from(variable.dataSync())).toEqual([1, 2, 3, 4]);
    variable.dispose();
  });

  it('rejects optimizers tfjs cannot serialise and invalid arguments', async () => {
    const manager = new CheckpointManager(directory);
    const adamax = tf.train.adamax(0.01);
    await expect(manager.save({ step: 1, optimizers: { opt: adamax } })).rejects.toThrow(
      /optimizer 'opt' \(Adamax\) cannot be checkpointed: getWeights\(\) is not implemented for Adamax yet/,
    );
    expect(directoryEntries()).toEqual([]);
    await expect(manager.save({ step: -1 })).rejects.toThrow(/step must be an integer >= 0; got -1/);
    expect(() => new CheckpointManager(directory, { keep: 0 })).toThrow(/keep must be an integer >= 1; got 0/);
    expect(() => new CheckpointManager('')).toThrow(/directory must be a non-empty string/);
    adamax.dispose();
  });
});
