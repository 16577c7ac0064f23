// The blocks and models have the homework's (PyTorch's) shapes for MNIST, in NHWC, and the helper
// functions convert and validate like the homework's.
import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { combineVectors, getInputDimensions, getOneHotLabels, makeDiscBlock, makeGenBlock } from './blocks.js';
import { createDiscriminator, createGenerator } from './models.js';

const B = 3;

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

/** Runs a block on a real tensor (not just symbolically) and returns the output shape. */
function blockOutputShape(block: ReturnType<typeof makeGenBlock>, inputShape: number[]): number[] {
  return tf.tidy(() => block.apply(tf.randomNormal(inputShape), { training: true }).shape);
}

describe('makeGenBlock', () => {
  it('grows 1 -> 3 -> 6 -> 13 -> 28 like ConvTranspose2d with padding 0', () => {
    expect(blockOutputShape(makeGenBlock(74, 256), [B, 1, 1, 74])).toEqual([B, 3, 3, 256]);
    expect(blockOutputShape(makeGenBlock(256, 128, 4, 1), [B, 3, 3, 256])).toEqual([B, 6, 6, 128]);
    expect(blockOutputShape(makeGenBlock(128, 64), [B, 6, 6, 128])).toEqual([B, 13, 13, 64]);
    expect(blockOutputShape(makeGenBlock(64, 1, 4, 2, true), [B, 13, 13, 64])).toEqual([B, 28, 28, 1]);
  });

  it('has ConvTranspose2d, BatchNorm2d, ReLU, or ConvTranspose2d, Tanh when final', () => {
    const classes = (block: ReturnType<typeof makeGenBlock>) => block.layers.map((layer) => layer.getClassName());
    expect(classes(makeGenBlock(4, 8))).toEqual(['Conv2DTranspose', 'BatchNormalization', 'ReLU']);
    expect(classes(makeGenBlock(4, 1, 4, 2, true))).toEqual(['Conv2DTranspose', 'Activation']);
    const norm = makeGenBlock(4, 8).layers[1].getConfig();
    expect(norm.momentum).toBe(0.9);
    expect(norm.epsilon).toBe(1e-5);
  });

  it('final output is in [-1, 1]', () => {
    const [min, max] = tf.tidy(() => {
      const out = makeGenBlock(4, 1, 4, 2, true).apply(tf.randomNormal([2, 5, 5, 4], 0, 100));
      return [out.min().dataSync()[0], out.max().dataSync()[0]];
    });
    expect(min).toBeGreaterThanOrEqual(-1);
    expect(max).toBeLessThanOrEqual(1);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => makeGenBlock(0, 8)).toThrow(/inputChannels must be an integer >= 1; got 0/);
    expect(() => makeGenBlock(4, 2.5)).toThrow(/outputChannels must be an integer >= 1; got 2.5/);
    expect(() => makeGenBlock(4, 8, 1, 2)).toThrow(/kernelSize must be >= stride/);
    expect(() => makeGenBlock(4, 8, 3, 2, 'yes' as unknown as boolean)).toThrow(/finalLayer must be a boolean/);
  });

  it('rejects an input with the wrong channel count', () => {
    const block = makeGenBlock(74, 256);
    expect(() => tf.tidy(() => block.apply(tf.zeros([B, 1, 1, 73])))).toThrow(
      /input must be NHWC \[B, H, W, 74\]; got \[3, 1, 1, 73\]/,
    );
  });
});

describe('makeDiscBlock', () => {
  it('shrinks 28 -> 13 -> 5 -> 1 like Conv2d with padding 0', () => {
    expect(blockOutputShape(makeDiscBlock(11, 64), [B, 28, 28, 11])).toEqual([B, 13, 13, 64]);
    expect(blockOutputShape(makeDiscBlock(64, 128), [B, 13, 13, 64])).toEqual([B, 5, 5, 128]);
    expect(blockOutputShape(makeDiscBlock(128, 1, 4, 2, true), [B, 5, 5, 128])).toEqual([B, 1, 1, 1]);
  });

  it('has Conv2d, BatchNorm2d, LeakyReLU(0.2), or Conv2d alone when final', () => {
    const block = makeDiscBlock(4, 8);
    expect(block.layers.map((layer) => layer.getClassName())).toEqual(['Conv2D', 'BatchNormalization', 'LeakyReLU']);
    expect(block.layers[2].getConfig().alpha).toBe(0.2);
    expect(makeDiscBlock(4, 1, 4, 2, true).layers.map((layer) => layer.getClassName())).toEqual(['Conv2D']);
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => makeDiscBlock(11, -1)).toThrow(/makeDiscBlock: outputChannels must be an integer >= 1; got -1/);
    expect(() => makeDiscBlock(11, 64, 0)).toThrow(/kernelSize must be an integer >= 1; got 0/);
  });
});

describe('createGenerator', () => {
  it('maps [B, 74] to [B, 28, 28, 1] through 3x3x256, 6x6x128, 13x13x64', () => {
    const generator = createGenerator();
    expect(generator.inputs[0].shape).toEqual([null, 74]);
    const convOutputs = generator.layers
      .filter((layer) => layer.getClassName() === 'Conv2DTranspose')
      .map((layer) => layer.outputShape);
    expect(convOutputs).toEqual([
      [null, 3, 3, 256],
      [null, 6, 6, 128],
      [null, 13, 13, 64],
      [null, 28, 28, 1],
    ]);
    const shape = tf.tidy(() => (generator.predict(tf.randomNormal([B, 74])) as tf.Tensor).shape);
    expect(shape).toEqual([B, 28, 28, 1]);
    generator.dispose();
  });

  it('builds the unconditional DCGAN with nClasses = 0', () => {
    const generator = createGenerator({ nClasses: 0, zDim: 16, hiddenDim: 8 });
    expect(generator.inputs[0].shape).toEqual([null, 16]);
    expect(generator.outputs[0].shape).toEqual([null, 28, 28, 1]);
    generator.dispose();
  });

  it('rejects bad options, naming them', () => {
    expect(() => createGenerator({ zDim: 0 })).toThrow(/createGenerator: zDim must be an integer >= 1; got 0/);
    expect(() => createGenerator({ nClasses: -1 })).toThrow(/nClasses must be an integer >= 0; got -1/);
  });
});

describe('createDiscriminator', () => {
  it('maps [B, 28, 28, 11] to logits [B, 1] through 13x13x64, 5x5x128', () => {
    const discriminator = createDiscriminator();
    expect(discriminator.inputs[0].shape).toEqual([null, 28, 28, 11]);
    const convOutputs = discriminator.layers
      .filter((layer) => layer.getClassName() === 'Conv2D')
      .map((layer) => layer.outputShape);
    expect(convOutputs).toEqual([
      [null, 13, 13, 64],
      [null, 5, 5, 128],
      [null, 1, 1, 1],
    ]);
    const shape = tf.tidy(() => (discriminator.predict(tf.randomNormal([B, 28, 28, 11])) as tf.Tensor).shape);
    expect(shape).toEqual([B, 1]);
    discriminator.dispose();
  });

  it('takes [B, 28, 28, 1] when unconditional', () => {
    const discriminator = createDiscriminator({ nClasses: 0 });
    expect(discriminator.inputs[0].shape).toEqual([null, 28, 28, 1]);
    discriminator.dispose();
  });
});

describe('getOneHotLabels', () => {
  it('returns float32 one-hot rows', () => {
    const oneHot = getOneHotLabels([2, 0], 3);
    expect(oneHot.dtype).toBe('float32');
    expect(oneHot.arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    oneHot.dispose();
    const labels = tf.tensor1d([9], 'int32');
    const fromTensor = getOneHotLabels(labels, 10);
    expect(fromTensor.shape).toEqual([1, 10]);
    tf.dispose([labels, fromTensor]);
  });

  it('throws a clear error for label 10 with 10 classes', () => {
    expect(() => getOneHotLabels([3, 10], 10)).toThrow(
      'getOneHotLabels: label 10 at index 1 is not a class; labels must be integers in 0..9',
    );
  });

  it('rejects non-integer and negative labels and a bad nClasses', () => {
    const labels = tf.tensor1d([1.5]);
    expect(() => getOneHotLabels(labels, 10)).toThrow(/label 1.5 at index 0 is not a class/);
    labels.dispose();
    expect(() => getOneHotLabels([-1], 10)).toThrow(/label -1 at index 0/);
    expect(() => getOneHotLabels([0], 0)).toThrow(/nClasses must be an integer >= 1; got 0/);
  });
});

describe('combineVectors', () => {
  it('concatenates an int32 and a float32 tensor as float32 on the last axis', () => {
    const x = tf.tensor2d([[1, 2]], [1, 2], 'int32');
    const y = tf.tensor2d([[0.5]], [1, 1], 'float32');
    const combined = combineVectors(x, y);
    expect(combined.dtype).toBe('float32');
    expect(combined.arraySync()).toEqual([[1, 2, 0.5]]);
    tf.dispose([x, y, combined]);
  });

  it('concatenates NHWC images on the channel axis', () => {
    const shape = tf.tidy(() => combineVectors(tf.zeros([B, 28, 28, 1]), tf.ones([B, 28, 28, 10])).shape);
    expect(shape).toEqual([B, 28, 28, 11]);
  });

  it('rejects mismatched leading dimensions', () => {
    const x = tf.zeros([2, 4]);
    const y = tf.zeros([3, 4]);
    expect(() => combineVectors(x, y)).toThrow(
      'combineVectors: x [2, 4] and y [3, 4] must have the same rank and the same sizes on every axis but the last',
    );
    tf.dispose([x, y]);
  });
});

describe('getInputDimensions', () => {
  it("gives the homework's MNIST dimensions", () => {
    expect(getInputDimensions(64, [28, 28, 1], 10)).toEqual({ generatorInputDim: 74, discriminatorImageChannels: 11 });
    expect(getInputDimensions(10, [32, 32, 3], 0)).toEqual({ generatorInputDim: 10, discriminatorImageChannels: 3 });
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => getInputDimensions(64, [1, 28, 28, 1], 10)).toThrow(/imageShape must be \[H, W, C\]/);
    expect(() => getInputDimensions(0, [28, 28, 1], 10)).toThrow(/zDim must be an integer >= 1; got 0/);
  });
});
