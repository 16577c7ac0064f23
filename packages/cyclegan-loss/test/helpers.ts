// Test helpers: the PyTorch fixture as tensors, and a relative-tolerance comparison for float32.
import { readFileSync } from 'node:fs';
import { tf } from '@hw7/tensor-utils';
import { expect } from 'vitest';

export interface Fixture {
  tensors: Record<string, { shape: number[]; data: number[] }>;
  adversarial: {
    mode: 'lsgan' | 'vanilla';
    real: string;
    fake: string;
    generator: number;
    discriminator: number;
    realIsReal: number;
    fakeIsFake: number;
  }[];
  cycle: { A: number; B: number; total: number };
  identity: { A: number; B: number; total: number };
  generator: {
    mode: 'lsgan' | 'vanilla';
    options: { lambdaCycle?: number; lambdaIdentity?: number };
    expected: Record<string, number>;
  }[];
  instanceNorm: { plain: number[]; affine: number[] };
}

export const fixture: Fixture = JSON.parse(
  readFileSync(new URL('./fixtures/cyclegan-fixtures.json', import.meta.url), 'utf8'),
);

export function fixtureTensor<T extends tf.Tensor = tf.Tensor4D>(name: string): T {
  const entry = fixture.tensors[name];
  if (!entry) throw new Error(`no fixture tensor ${name}`);
  return tf.tensor(entry.data, entry.shape, 'float32') as T;
}

/** |actual - expected| <= 1e-5 * max(|expected|, 1e-3). */
export function expectClose(actual: tf.Tensor | number, expected: number, label = ''): void {
  const value = typeof actual === 'number' ? actual : (actual.dataSync()[0] as number);
  const tolerance = 1e-5 * Math.max(Math.abs(expected), 1e-3);
  expect(Math.abs(value - expected), `${label}: got ${value}, expected ${expected}`).toBeLessThanOrEqual(tolerance);
}
