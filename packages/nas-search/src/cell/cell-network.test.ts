// The network builds and classifies for any genotype; the random baseline is a valid cell.
import { initBackend, Rng, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { DartsSupernet } from '../darts/darts-supernet.js';
import { Supernet } from '../oneshot/supernet.js';
import { NB201_EDGES, NB201_OPERATIONS } from '../spaces/nb201-cell.js';
import { GenotypeNetwork } from './genotype-network.js';
import { CONNECTING_OPERATIONS, randomGenotype } from './random-genotype.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

const TINY = { channels: 2, stages: 2, stemStride: 2 } as const;

describe('GenotypeNetwork', () => {
  it('builds for every operation on every edge and gives [N, 10] logits', () => {
    const x = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
    const genotypes = [
      ...NB201_OPERATIONS.map((op) => ({ edges: NB201_EDGES.map(() => op) })),
      randomGenotype(new Rng(3)),
    ];
    for (const genotype of genotypes) {
      const model = new GenotypeNetwork(genotype, TINY);
      const logits = model.logits(x);
      expect(logits.shape).toEqual([2, 10]);
      expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
      logits.dispose();
      model.dispose();
    }
    x.dispose();
  });

  it('has weights only for the convolutions of its cell', () => {
    const allSkip = new GenotypeNetwork({ edges: NB201_EDGES.map(() => 'skip_connect') }, TINY);
    const oneConv = new GenotypeNetwork(
      { edges: ['nor_conv_3x3', ...NB201_EDGES.slice(1).map(() => 'skip_connect' as const)] },
      TINY,
    );
    // One 3x3 2->2 filter in the stage-1 cell, one 3x3 4->4 in the stage-2 cell.
    expect(oneConv.network.parameterCount() - allSkip.network.parameterCount()).toBe(9 * 2 * 2 + 9 * 4 * 4);
    allSkip.dispose();
    oneConv.dispose();
  });

  it('takes CIFAR-100 images (3x32x32, 100 classes) in every network of the cell searches', () => {
    const cifar100 = { ...TINY, inputChannels: 3, numClasses: 100 };
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const genotype = randomGenotype(new Rng(5));
    const fixed = new GenotypeNetwork(genotype, cifar100);
    const oneShot = new Supernet(cifar100);
    const darts = new DartsSupernet(cifar100);
    for (const logits of [fixed.logits(x), oneShot.logits(x, genotype), darts.logits(x)]) {
      expect(logits.shape).toEqual([2, 100]);
      expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
      logits.dispose();
    }
    for (const network of [fixed, oneShot, darts]) network.dispose();
    x.dispose();
  });

  it('rejects images with the wrong channels, naming the expected shape', () => {
    const model = new GenotypeNetwork(randomGenotype(new Rng(0)), TINY);
    const x = tf.zeros([1, 28, 28, 3]) as tf.Tensor4D;
    expect(() => model.logits(x)).toThrow(/x must be \[N, H, W, 1\]/);
    x.dispose();
    model.dispose();
  });
});

describe('randomGenotype', () => {
  it('draws every connecting operation and no none unless allowed', () => {
    const rng = new Rng(1);
    const drawn = new Set(Array.from({ length: 50 }, () => randomGenotype(rng).edges).flat());
    expect([...drawn].sort()).toEqual([...CONNECTING_OPERATIONS].sort());
    const withNone = new Set(Array.from({ length: 50 }, () => randomGenotype(rng, { allowNone: true }).edges).flat());
    expect(withNone.has('none')).toBe(true);
  });
});
