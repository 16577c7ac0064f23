// ImagePool follows the official image_pool.py: fill, then 50/50 swap with a random slot; seeded; no leaks.
import { initBackend, Rng, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImagePool } from './index.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

/** A batch whose image i is filled with the value ids[i], so returned images can be identified. */
function batch(ids: number[]): tf.Tensor4D {
  return tf.tidy(() => tf.mul(tf.ones([ids.length, 2, 2, 1]), tf.tensor4d(ids, [ids.length, 1, 1, 1])));
}

function ids(images: tf.Tensor4D): number[] {
  const data = images.dataSync();
  const per = images.size / images.shape[0];
  return Array.from({ length: images.shape[0] }, (_, i) => data[i * per]);
}

/** The official algorithm on plain ids with the same random draws, as a model of the pool. */
function modelPool(size: number, rng: Rng) {
  const stored: number[] = [];
  return (batchIds: number[]) =>
    batchIds.map((id) => {
      if (stored.length < size) {
        stored.push(id);
        return id;
      }
      if (rng.next() > 0.5) {
        const slot = rng.int(0, size - 1);
        const old = stored[slot];
        stored[slot] = id;
        return old;
      }
      return id;
    });
}

describe('ImagePool', () => {
  it('returns new images while filling, then mixes in stored ones exactly like the official algorithm', () => {
    const pool = new ImagePool({ size: 4, seed: 3 });
    const model = modelPool(4, new Rng(3));
    let next = 1;
    let fromHistory = 0;
    let total = 0;
    for (let step = 0; step < 40; step++) {
      const batchIds = [next++, next++, next++];
      const input = batch(batchIds);
      const out = pool.query(input);
      expect(out.shape).toEqual(input.shape);
      const got = ids(out);
      expect(got).toEqual(model(batchIds));
      if (step === 0) expect(got).toEqual(batchIds);
      if (step > 1) {
        fromHistory += got.filter((id, i) => id !== batchIds[i]).length;
        total += got.length;
      }
      tf.dispose([input, out]);
    }
    expect(pool.length).toBe(4);
    expect(fromHistory / total).toBeGreaterThan(0.3);
    expect(fromHistory / total).toBeLessThan(0.7);
    pool.dispose();
  });

  it('the default size is 50 and the same seed gives the same sequence', () => {
    const run = () => {
      const pool = new ImagePool({ rng: new Rng('pool') });
      expect(pool.size).toBe(50);
      const seen: number[] = [];
      for (let step = 0; step < 30; step++) {
        const input = batch([step * 2 + 1, step * 2 + 2]);
        const out = pool.query(input);
        seen.push(...ids(out));
        tf.dispose([input, out]);
      }
      pool.dispose();
      return seen;
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('size 0 passes images through', () => {
    const pool = new ImagePool({ size: 0 });
    const input = batch([5, 6]);
    const out = pool.query(input);
    expect(ids(out)).toEqual([5, 6]);
    expect(pool.length).toBe(0);
    tf.dispose([input, out]);
  });

  it('owns its tensors: survives tf.tidy and the caller disposing inputs, frees everything on dispose', () => {
    const before = tf.memory().numTensors;
    const pool = new ImagePool({ size: 3, seed: 1 });
    for (let step = 0; step < 20; step++) {
      tf.tidy(() => {
        const out = pool.query(batch([step * 2 + 1, step * 2 + 2]));
        expect(out.isDisposed).toBe(false);
      });
    }
    expect(tf.memory().numTensors - before).toBe(3);
    // Stored images are still readable after every input was disposed.
    const input = batch([100, 101, 102, 103, 104, 105]);
    const out = pool.query(input);
    expect(ids(out).every((id) => id > 0)).toBe(true);
    tf.dispose([input, out]);
    pool.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
