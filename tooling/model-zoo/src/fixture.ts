// The loss-agreement fixtures (fixtures/<model>.json, written by `bench/torch/zoo.py fixture`):
// PyTorch's initial weights in tfjs's layout, the specs of each step's inputs, and the losses
// PyTorch computed over 20 steps. The inputs are not stored: both sides regenerate them from each
// step's seed with the same tiny generator (mulberry32), bit for bit.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf } from '@hw7/tensor-utils';
import { type InputSpec, type Inputs, resolveSetup, type ZooModel } from './zoo.js';

interface EncodedArray {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: string;
}

export interface Fixture {
  model: string;
  batch: number;
  torch: string;
  inputs: Record<string, InputSpec>;
  firstStepSeed: number;
  weights: EncodedArray[];
  losses: number[][];
  /** The same 20 steps in float64 (from the same weights). */
  losses64: number[][];
  /** The same 20 steps in float32 from weights moved by one rounding error (relative 2^-24). */
  lossesNudged: number[][];
}

export const FIXTURE_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function loadFixture(name: string, directory = FIXTURE_DIRECTORY): Fixture {
  const path = join(directory, `${name}.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Fixture;
  } catch (error) {
    throw new Error(
      `cannot read the fixture ${path} (${(error as Error).message}); write it with ` +
        `/usr/bin/python3 bench/torch/zoo.py fixture ${name}`,
    );
  }
}

function decode({ shape, dtype, data }: EncodedArray): tf.Tensor {
  const bytes = Buffer.from(data, 'base64');
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const values = dtype === 'int32' ? new Int32Array(buffer) : new Float32Array(buffer);
  return tf.tensor(values, shape, dtype);
}

/** mulberry32: uniform numbers in [0, 1) from a 32-bit state, as zoo.py's twin of it. */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A step's inputs from its seed, in the order of `specs`: 'uniform' 2u - 1, 'normal' the sum of 12
 * uniforms minus 6 (exact in float64, so both languages agree to the bit), 'int' floor(u * high).
 */
export function fixtureInputs(specs: Record<string, InputSpec>, seed: number): Inputs {
  const uniform = mulberry32(seed);
  const inputs: Inputs = {};
  for (const [name, { shape, kind, high = 2 }] of Object.entries(specs)) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (kind === 'int') {
      inputs[name] = tf.tensor(
        Int32Array.from({ length: size }, () => Math.floor(uniform() * high)),
        shape,
        'int32',
      );
      continue;
    }
    const values = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      if (kind === 'uniform') values[i] = 2 * uniform() - 1;
      else {
        let sum = 0;
        for (let k = 0; k < 12; k++) sum += uniform();
        values[i] = sum - 6;
      }
    }
    inputs[name] = tf.tensor(values, shape, 'float32');
  }
  return inputs;
}

export interface Agreement {
  model: string;
  steps: number;
  ours: number[][];
  torch: number[][];
  /** Largest |ours - PyTorch| over the steps and losses, absolute and relative to PyTorch's. */
  maxAbsDiff: number;
  maxRelDiff: number;
  /**
   * What float32 rounding alone does to PyTorch's own losses over the steps: the larger of its
   * float32-vs-float64 and its nudged-vs-unnudged differences (GANs and Adam's first steps amplify
   * rounding errors, so the 20th step can legitimately differ much more than the first).
   */
  float32RelDiff: number;
  /**
   * max over steps of |ours - PyTorch| / allowed, where allowed at step s is the larger of 1e-5 and
   * 10x the float32 reach up to step s (relative): <= 1 means agreement to float32 tolerance.
   */
  toleranceUsed: number;
}

/** Relative tolerance floor: 1e-5 (sums over thousands of float32 products differ by that much). */
export const RELATIVE_TOLERANCE = 1e-5;
/** How many times the float32 reach (PyTorch against itself) a difference may be. */
export const REACH_FACTOR = 10;

function stepRelativeDifference(a: number[] | undefined, reference: number[] | undefined): number {
  let worst = 0;
  (reference ?? []).forEach((value, k) => {
    const diff = Math.abs((a?.[k] ?? Number.NaN) - value);
    worst = Math.max(worst, Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff / Math.max(Math.abs(value), 1e-6));
  });
  return worst;
}

/** Largest relative difference between two runs' losses over `steps` steps. */
export function maxRelativeDifference(a: number[][], reference: number[][], steps = reference.length): number {
  let worst = 0;
  for (let step = 0; step < steps; step++) worst = Math.max(worst, stepRelativeDifference(a[step], reference[step]));
  return worst;
}

/** `toleranceUsed` of `ours` against the fixture (see Agreement). */
export function toleranceUsed(ours: number[][], fixture: Fixture, steps = ours.length): number {
  let reach = 0;
  let used = 0;
  for (let step = 0; step < steps; step++) {
    reach = Math.max(
      reach,
      stepRelativeDifference(fixture.losses[step], fixture.losses64[step]),
      stepRelativeDifference(fixture.lossesNudged[step], fixture.losses[step]),
    );
    const allowed = Math.max(RELATIVE_TOLERANCE, REACH_FACTOR * reach);
    used = Math.max(used, stepRelativeDifference(ours[step], fixture.losses[step]) / allowed);
  }
  return used;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Builds `model` at fixture size, loads PyTorch's initial weights, runs the fixture's steps and
 * compares the losses. Shapes that differ from the twin's (inputs or weights) are errors.
 */
export function lossAgreement(
  model: ZooModel,
  fixture: Fixture = loadFixture(model.name),
  steps = fixture.losses.length,
): Agreement {
  const setup = resolveSetup(model, { scale: 'fixture' });
  const ourSpecs = model.inputs(setup);
  for (const [name, spec] of Object.entries(fixture.inputs)) {
    const ours = ourSpecs[name];
    if (!ours || !sameShape(ours.shape, spec.shape)) {
      throw new Error(
        `${model.name}: the fixture's input '${name}' is [${spec.shape}], ours ${ours ? `[${ours.shape}]` : 'is missing'}`,
      );
    }
  }
  const trainer = model.create(setup);
  try {
    if (trainer.variables.length !== fixture.weights.length) {
      throw new Error(
        `${model.name}: ${trainer.variables.length} variables, the fixture has ${fixture.weights.length} weights`,
      );
    }
    trainer.variables.forEach((variable, i) => {
      const weight = fixture.weights[i] as EncodedArray;
      if (!sameShape(variable.shape, weight.shape)) {
        throw new Error(
          `${model.name}: variable ${i} (${variable.name}) is [${variable.shape}], the fixture's [${weight.shape}]`,
        );
      }
      const value = decode(weight);
      variable.assign(value);
      value.dispose();
    });
    const ours: number[][] = [];
    for (let step = 0; step < steps; step++) {
      const inputs = fixtureInputs(fixture.inputs, fixture.firstStepSeed + step);
      ours.push(trainer.step(inputs));
      tf.dispose(Object.values(inputs));
    }
    let maxAbsDiff = 0;
    ours.forEach((losses, step) => {
      losses.forEach((loss, k) => {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(loss - (fixture.losses[step]?.[k] as number)));
      });
    });
    return {
      model: model.name,
      steps,
      ours,
      torch: fixture.losses.slice(0, steps),
      maxAbsDiff,
      maxRelDiff: maxRelativeDifference(ours, fixture.losses, steps),
      float32RelDiff: Math.max(
        maxRelativeDifference(fixture.losses, fixture.losses64, steps),
        maxRelativeDifference(fixture.lossesNudged, fixture.losses, steps),
      ),
      toleranceUsed: toleranceUsed(ours, fixture, steps),
    };
  } finally {
    trainer.dispose();
  }
}
