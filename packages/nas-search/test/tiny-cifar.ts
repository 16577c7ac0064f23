// Tiny CIFAR-10 / CIFAR-100 folders in the binary distribution format, for tests: no real CIFAR
// files exist on the test machines. Each record is its label byte(s) (CIFAR-100: coarse, then fine)
// and 3072 pixel bytes (red, green, blue planes of 32x32); pixels depend on the record and label.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PIXELS = 3 * 32 * 32;

export interface TinyCifar {
  directory: string;
  /** The class of each training record, in file order (fine labels for CIFAR-100). */
  trainLabels: number[];
}

function encode(labels: number[], coarseAndFine: boolean, offset: number): Uint8Array {
  const labelBytes = coarseAndFine ? 2 : 1;
  const bytes = new Uint8Array(labels.length * (labelBytes + PIXELS));
  labels.forEach((label, r) => {
    const start = r * (labelBytes + PIXELS);
    if (coarseAndFine) bytes.set([label % 20, label], start);
    else bytes[start] = label;
    for (let p = 0; p < PIXELS; p++) bytes[start + labelBytes + p] = (p * 7 + (offset + r) * 13 + label * 29) % 256;
  });
  return bytes;
}

/** Writes `train` training and `test` test records of `dataset` to a new temporary folder. */
export async function writeTinyCifar(dataset: 'cifar10' | 'cifar100', train: number, test: number): Promise<TinyCifar> {
  const directory = await mkdtemp(join(tmpdir(), `nas-${dataset}-`));
  const classes = dataset === 'cifar10' ? 10 : 100;
  // Consecutive records cycle through the classes, so even a few dozen cover many of them.
  const trainLabels = Array.from({ length: train }, (_, i) => (i * 7) % classes);
  const testLabels = Array.from({ length: test }, (_, i) => (i * 3) % classes);
  if (dataset === 'cifar100') {
    await writeFile(join(directory, 'train.bin'), encode(trainLabels, true, 0));
    await writeFile(join(directory, 'test.bin'), encode(testLabels, true, train));
  } else {
    // The training split is five batch files, read in order.
    const perBatch = Math.ceil(train / 5);
    for (let batch = 0; batch < 5; batch++) {
      const labels = trainLabels.slice(batch * perBatch, (batch + 1) * perBatch);
      await writeFile(join(directory, `data_batch_${batch + 1}.bin`), encode(labels, false, batch * perBatch));
    }
    await writeFile(join(directory, 'test_batch.bin'), encode(testLabels, false, train));
  }
  return { directory, trainLabels };
}
