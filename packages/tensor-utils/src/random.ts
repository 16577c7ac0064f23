// Seeded randomness. `Rng` is a small, serialisable generator for our own sampling (shuffles,
// noise, choices); `seedEverything` also seeds the global `Math.random` that TensorFlow.js uses for
// unseeded initialisers, dropout and random ops, so a whole run is reproducible on one backend.
import seedrandom from 'seedrandom';

/** Serialisable state of an `Rng`, for checkpoints. */
export type RngState = seedrandom.State.Arc4;

function assertSeed(seed: unknown, name: string): asserts seed is number | string {
  const ok = (typeof seed === 'number' && Number.isFinite(seed)) || (typeof seed === 'string' && seed !== '');
  if (!ok) throw new TypeError(`${name} must be a finite number or a non-empty string; got ${String(seed)}`);
}

export class Rng {
  private readonly prng: seedrandom.StatefulPRNG<seedrandom.State.Arc4>;
  private spareNormal: number | undefined;

  constructor(seed: number | string, state?: RngState) {
    assertSeed(seed, 'seed');
    this.prng = state ? seedrandom('', { state: structuredClone(state) }) : seedrandom(String(seed), { state: true });
  }

  /** Restores a generator from `rng.state()`. */
  static fromState(state: RngState): Rng {
    return new Rng('restored', state);
  }

  /** A copy of the internal state; `Rng.fromState(state)` continues the same sequence. */
  state(): RngState {
    return structuredClone(this.prng.state());
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.prng();
  }

  /** Uniform integer in [low, high] (both inclusive). */
  int(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high < low) {
      throw new RangeError(`int(low, high) needs integers with low <= high; got low=${low}, high=${high}`);
    }
    return low + Math.floor(this.prng() * (high - low + 1));
  }

  /** Normal deviate (Box-Muller, caching the second value). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const value = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * value;
    }
    let u = 0;
    while (u === 0) u = this.prng();
    const v = this.prng();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  /** A Float32Array of normal deviates, e.g. latent vectors. */
  normalArray(length: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T, A extends { length: number; [index: number]: T }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation(n) needs an integer n >= 0; got ${n}`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** One element of a non-empty array, uniformly. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice(items) needs a non-empty array');
    return items[Math.floor(this.prng() * items.length)];
  }

  /** An integer seed derived from this generator, for seeding tfjs ops or child generators. */
  seed(): number {
    return Math.floor(this.prng() * 2 ** 31);
  }
}

/** A handle on the seeded global `Math.random`, so checkpoints can save and restore it. */
export interface GlobalRandom {
  seed: number | string;
  state(): RngState;
  restore(state: RngState): void;
}

/**
 * Seeds `Math.random` (used by TensorFlow.js for unseeded initialisers, dropout and random ops)
 * and returns an `Rng` for the caller's own sampling, derived from the same seed.
 */
export function seedEverything(seed: number | string): { rng: Rng; global: GlobalRandom } {
  assertSeed(seed, 'seed');
  seedrandom(`hw7-global:${seed}`, { global: true, state: true });
  const global: GlobalRandom = {
    seed,
    state: () => {
      const prng = Math.random as unknown as seedrandom.StatefulPRNG<seedrandom.State.Arc4>;
      if (typeof prng.state !== 'function') throw new Error('Math.random is no longer the seeded generator');
      return structuredClone(prng.state());
    },
    restore: (state) => {
      seedrandom('', { global: true, state: structuredClone(state) });
    },
  };
  return { rng: new Rng(seed), global };
}
