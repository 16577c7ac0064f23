// Gradients flow through every loss: a few Adam steps with tiny generators/discriminators on fixed data
// reduce each one (both adversarial forms, cycle, identity, total, discriminators fed from an ImagePool).
import { initBackend, Rng, seedEverything, tf } from '@hw7/tensor-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cycleConsistencyLoss,
  discriminatorAdversarialLoss,
  type GanMode,
  generatorAdversarialLoss,
  generatorLoss,
  ImagePool,
  identityLoss,
  patchDiscriminator,
  resnetGenerator,
} from './index.js';

const SIZE = 8;
let realA: tf.Tensor4D;
let realB: tf.Tensor4D;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
  seedEverything(0);
  const rng = new Rng(0);
  realA = tf.tensor4d(rng.normalArray(4 * SIZE * SIZE), [4, SIZE, SIZE, 1]).tanh();
  realB = tf.tidy(() => tf.neg(realA).mul(0.8));
});

afterAll(() => tf.dispose([realA, realB]));

function nets() {
  return {
    g: resnetGenerator({ size: SIZE, filters: 4, blocks: 1, name: 'G' }),
    f: resnetGenerator({ size: SIZE, filters: 4, blocks: 1, name: 'F' }),
    dA: patchDiscriminator({ size: SIZE, filters: 4, layers: 2, name: 'D_A' }),
    dB: patchDiscriminator({ size: SIZE, filters: 4, layers: 2, name: 'D_B' }),
  };
}

function vars(...models: tf.LayersModel[]): tf.Variable[] {
  return models.flatMap((m) => m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
}

/** Loss before and after `steps` Adam steps on `varList`. */
function optimise(loss: () => tf.Scalar, varList: tf.Variable[], steps = 8, lr = 0.01): [number, number] {
  const optimizer = tf.train.adam(lr);
  const first = tf.tidy(() => loss().dataSync()[0]);
  for (let i = 0; i < steps; i++) tf.dispose(optimizer.minimize(loss, true, varList) ?? []);
  const last = tf.tidy(() => loss().dataSync()[0]);
  optimizer.dispose();
  return [first, last];
}

function disposeAll(models: Record<string, tf.LayersModel>) {
  for (const m of Object.values(models)) m.dispose();
}

describe('gradients flow and a few steps reduce each loss', () => {
  for (const mode of ['lsgan', 'vanilla'] as GanMode[]) {
    it(`${mode}: generator adversarial and discriminator losses`, () => {
      const m = nets();
      const predict = (model: tf.LayersModel, x: tf.Tensor) => model.apply(x) as tf.Tensor;
      const [g0, g1] = optimise(
        () => generatorAdversarialLoss(predict(m.dB, predict(m.g, realA)), { mode }),
        vars(m.g),
      );
      expect(g1).toBeLessThan(g0);
      const pool = new ImagePool({ size: 4, seed: 0 });
      const fakes = tf.tidy(() => predict(m.g, realA)) as tf.Tensor4D;
      const pooled = pool.query(fakes);
      const [d0, d1] = optimise(
        () =>
          discriminatorAdversarialLoss(
            { realPrediction: predict(m.dB, realB), fakePrediction: predict(m.dB, pooled) },
            { mode },
          ),
        vars(m.dB),
      );
      expect(d1).toBeLessThan(d0);
      tf.dispose([fakes, pooled]);
      pool.dispose();
      disposeAll(m);
    });
  }

  it('cycle and identity losses', () => {
    const m = nets();
    const run = (model: tf.LayersModel, x: tf.Tensor) => model.apply(x) as tf.Tensor4D;
    const [c0, c1] = optimise(
      () =>
        cycleConsistencyLoss({
          realA,
          recoveredA: run(m.f, run(m.g, realA)),
          realB,
          recoveredB: run(m.g, run(m.f, realB)),
        }),
      vars(m.g, m.f),
    );
    expect(c1).toBeLessThan(c0);
    const [i0, i1] = optimise(
      () => identityLoss({ realA, identityA: run(m.f, realA), realB, identityB: run(m.g, realB) }),
      vars(m.g, m.f),
    );
    expect(i1).toBeLessThan(i0);
    disposeAll(m);
  });

  it('total generator loss with D fixed, and every variable of both generators gets a gradient', () => {
    const m = nets();
    const run = (model: tf.LayersModel, x: tf.Tensor) => model.apply(x) as tf.Tensor4D;
    const total = () =>
      tf.tidy(() => {
        const fakeB = run(m.g, realA);
        const fakeA = run(m.f, realB);
        const loss = generatorLoss({
          predictionOnFakeB: run(m.dB, fakeB),
          predictionOnFakeA: run(m.dA, fakeA),
          realA,
          recoveredA: run(m.f, fakeB),
          realB,
          recoveredB: run(m.g, fakeA),
          identityA: run(m.f, realA),
          identityB: run(m.g, realB),
        });
        return loss.total;
      });
    const genVars = vars(m.g, m.f);
    const { grads } = tf.variableGrads(total, genVars);
    for (const v of genVars) {
      const norm = tf.tidy(() => tf.sum(tf.abs(grads[v.name])).dataSync()[0]);
      expect(norm, v.name).toBeGreaterThan(0);
    }
    tf.dispose(grads);
    const [t0, t1] = optimise(total, genVars);
    expect(t1).toBeLessThan(t0);
    disposeAll(m);
  });
});
