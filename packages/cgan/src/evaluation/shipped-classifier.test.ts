// The classifier shipped in the package (weights/mnist-classifier, made by `pnpm --filter @hw7/cgan
// make-classifier`): it loads without training, its features are the layer the Fréchet distance
// needs, its files are checked against classifier.json, and npm pack ships them. No MNIST training
// here: loading it and scoring a few hundred test digits takes seconds.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { initBackend, loadMnist, type MnistData, mnistToTensors, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_FILES, SHIPPED_CLASSIFIER_DIRECTORY } from '../classifier-files.js';
import {
  buildMnistClassifier,
  ClassifierFileError,
  type ClassifierInfo,
  loadClassifier,
  loadOrTrainClassifier,
  mnistAccuracy,
  penultimateFeatures,
} from './classifier.js';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('../..', import.meta.url));
const shippedFile = (name: string) => join(SHIPPED_CLASSIFIER_DIRECTORY, name);
const info = JSON.parse(readFileSync(shippedFile(CLASSIFIER_FILES.info), 'utf8')) as ClassifierInfo;

let root: string;
let test: MnistData;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  root = mkdtempSync(join(tmpdir(), 'hw7-shipped-classifier-'));
  test = await loadMnist({ split: 'test', limit: 500 });
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('the shipped MNIST classifier', () => {
  it('is in the package directory and records how it was made', () => {
    expect(SHIPPED_CLASSIFIER_DIRECTORY).toBe(join(PACKAGE_DIRECTORY, 'weights', 'mnist-classifier'));
    expect(info.format).toBe('hw7-mnist-classifier');
    expect(info.testAccuracy).toBeGreaterThanOrEqual(0.985);
    expect(info.trainImages).toBe(60_000);
    expect(info.settings).toEqual({
      epochs: 2,
      batchSize: 128,
      seed: 0,
      learningRate: 0.001,
      architecture: { filters: [32, 32, 64], units: 128, dropout: 0.3 },
    });
    // The package's make-classifier script, with every setting that shapes the weights.
    const script = JSON.parse(readFileSync(join(PACKAGE_DIRECTORY, 'package.json'), 'utf8')).scripts['make-classifier'];
    expect(script).toMatch(/^tsx src\/cli\.ts train-classifier --out weights\/mnist-classifier --replace --seed 0 /);
    expect(info.command).toBe(
      'hw7-cgan train-classifier --out weights/mnist-classifier --seed 0 --epochs 2 --batch-size 128 --learning-rate 0.001 --backend wasm',
    );
    for (const name of [CLASSIFIER_FILES.model, CLASSIFIER_FILES.weights]) {
      const bytes = readFileSync(shippedFile(name));
      expect(info.files?.[name], name).toEqual({
        bytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
    // 234,282 float32 parameters: about 1 MB.
    expect(info.files?.[CLASSIFIER_FILES.weights]?.bytes).toBe(234_282 * 4);
  });

  it('loads without training, in seconds, and classifies real test digits', async () => {
    const started = performance.now();
    const loaded = await loadOrTrainClassifier();
    const seconds = (performance.now() - started) / 1000;
    // Training takes minutes; loading ~1 MB and checking its SHA-256 takes well under a second.
    expect(seconds).toBeLessThan(15);
    expect(loaded.source).toBe('shipped');
    expect(loaded.directory).toBe(SHIPPED_CLASSIFIER_DIRECTORY);
    expect(loaded.testAccuracy).toBe(info.testAccuracy);
    // Measured again on all 10,000 MNIST test images: the recorded accuracy, above the homework's bar.
    const measured = await mnistAccuracy(loaded.model);
    expect(measured).toBeGreaterThanOrEqual(0.985);
    expect(measured).toBeCloseTo(info.testAccuracy, 3);
    loaded.model.dispose();
  }, 120_000);

  it("gives the Fréchet distance the penultimate 'features' layer, the input of its logits", async () => {
    const { model } = await loadClassifier(SHIPPED_CLASSIFIER_DIRECTORY);
    const built = buildMnistClassifier();
    expect(model.layers.map((layer) => layer.name)).toEqual(built.layers.map((layer) => layer.name));
    expect(model.getWeights().map((weight) => weight.shape)).toEqual(built.getWeights().map((weight) => weight.shape));
    built.dispose();
    expect(model.getLayer('features').outputShape).toEqual([null, 128]);

    const { x } = mnistToTensors(test, { range: [-1, 1], indices: Int32Array.from({ length: 50 }, (_, i) => i) });
    const features = await penultimateFeatures(model, x);
    expect([features.rows, features.cols]).toEqual([50, 128]);
    expect(Math.min(...features.data)).toBeGreaterThanOrEqual(0); // ReLU outputs
    // In inference mode dropout is the identity, so the logits are features · W + b.
    const [kernel, bias] = model.getLayer('logits').getWeights();
    const fromFeatures = tf.tidy(() => tf.tensor2d(features.data, [50, 128]).matMul(kernel).add(bias));
    const logits = model.predict(x) as tf.Tensor;
    const difference = tf.tidy(() => fromFeatures.sub(logits).abs().max());
    expect((await difference.data())[0]).toBeLessThan(1e-4);
    tf.dispose([x, fromFeatures, logits, difference]);
    model.dispose();
  });

  it('a corrupted copy is refused, naming the file and its expected SHA-256 (no silent retraining)', async () => {
    const copy = join(root, 'corrupted');
    await fs.cp(SHIPPED_CLASSIFIER_DIRECTORY, copy, { recursive: true });
    const weightsPath = join(copy, CLASSIFIER_FILES.weights);
    const original = await fs.readFile(weightsPath);
    const expected = info.files?.[CLASSIFIER_FILES.weights];

    const flipped = Buffer.from(original);
    flipped[1000] ^= 0x40;
    await fs.writeFile(weightsPath, flipped);
    const altered = loadClassifier(copy, { requireChecksums: true });
    await expect(altered).rejects.toThrow(ClassifierFileError);
    await expect(altered).rejects.toThrow(
      `${weightsPath} is altered: SHA-256 ${createHash('sha256').update(flipped).digest('hex')}, expected ${expected?.sha256} (recorded in classifier.json)`,
    );
    // As a cache directory too: an error, not a new training run (epochs: 0 would throw otherwise).
    await expect(
      loadOrTrainClassifier({ source: 'cache', cacheDir: copy, train: { epochs: 0 }, verify: false }),
    ).rejects.toThrow(`${weightsPath} is altered`);

    await fs.writeFile(weightsPath, original.subarray(0, 1000));
    await expect(loadClassifier(copy)).rejects.toThrow(
      `${weightsPath} is truncated or altered: 1000 bytes, expected ${expected?.bytes} bytes, SHA-256 ${expected?.sha256}`,
    );
    await fs.rm(weightsPath);
    await expect(loadClassifier(copy)).rejects.toThrow(`${weightsPath} is missing (expected ${expected?.bytes} bytes`);

    // Without its checksums, the copy is not accepted where they are required.
    await fs.writeFile(weightsPath, original);
    const infoPath = join(copy, CLASSIFIER_FILES.info);
    await fs.writeFile(infoPath, JSON.stringify({ ...info, files: undefined }));
    await expect(loadClassifier(copy, { requireChecksums: true })).rejects.toThrow(
      `${infoPath} does not record the size and SHA-256 of model.json and weights.bin`,
    );
    await fs.writeFile(infoPath, '{"format": "hw7-mnist');
    await expect(loadClassifier(copy)).rejects.toThrow(`${infoPath} is not valid JSON`);
    await fs.rm(infoPath);
    await expect(loadClassifier(copy, { requireChecksums: true })).rejects.toThrow(`${infoPath} is missing`);
    // Restored, it loads again.
    await fs.writeFile(infoPath, JSON.stringify(info));
    const restored = await loadClassifier(copy, { requireChecksums: true });
    expect(restored.info?.files).toEqual(info.files);
    restored.model.dispose();
  });

  it('is never trained or cached: training options need the cache', async () => {
    await expect(loadOrTrainClassifier({ source: 'shipped', retrain: true })).rejects.toThrow(
      "options.retrain needs source: 'cache'",
    );
    await expect(loadOrTrainClassifier({ source: 'shipped', cacheDir: root })).rejects.toThrow(
      "options.cacheDir needs source: 'cache'",
    );
  });

  it('ships in the npm package', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: PACKAGE_DIRECTORY,
      encoding: 'utf8',
    });
    const [pack] = JSON.parse(stdout) as { files: { path: string; size: number }[] }[];
    const shipped = pack.files.filter((file) => file.path.startsWith('weights/'));
    expect(shipped.map((file) => file.path).sort()).toEqual([
      'weights/mnist-classifier/classifier.json',
      'weights/mnist-classifier/model.json',
      'weights/mnist-classifier/weights.bin',
    ]);
    expect(shipped.find((file) => file.path.endsWith('weights.bin'))?.size).toBe(info.files?.['weights.bin']?.bytes);
  }, 60_000);
});
