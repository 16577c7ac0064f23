// The homework's conditional DCGAN generator and discriminator for MNIST as tf.Sequential models
// (they save, load and checkpoint like any tfjs model); nClasses = 0 gives the unconditional DCGAN.
import { tf } from '@hw7/tensor-utils';
import { type GanBlock, makeDiscBlock, makeGenBlock } from './blocks.js';
import { assertNonNegativeInteger, assertPositiveInteger, shapeText } from './validation.js';

/** MNIST's image side; the generator's transposed convolutions grow 1 -> 3 -> 6 -> 13 -> 28. */
export const IMAGE_SIZE = 28;

export interface GeneratorOptions {
  /** Length of the noise vector (default 64). */
  zDim?: number;
  /** Width unit of the blocks: 4h, 2h, h channels (default 64). */
  hiddenDim?: number;
  /** Channels of the generated image (default 1). */
  imageChannels?: number;
  /** Classes appended to the noise as one-hot (default 10); 0 for an unconditional DCGAN. */
  nClasses?: number;
}

export interface DiscriminatorOptions {
  /** Channels of the real/fake image (default 1). */
  imageChannels?: number;
  /** Width unit of the blocks: h, 2h channels (default 64). */
  hiddenDim?: number;
  /** One-hot class planes appended to the image channels (default 10); 0 for an unconditional DCGAN. */
  nClasses?: number;
}

/** Adds a block's layers to `model`, checking the channels flowing in and out against the block's. */
function addBlock(model: tf.Sequential, block: GanBlock, context: string): void {
  const before = model.outputs[0].shape;
  if (before[before.length - 1] !== block.inputChannels) {
    throw new RangeError(
      `${context}: a block made for ${block.inputChannels} input channels follows output ${shapeText(before)}`,
    );
  }
  for (const layer of block.layers) model.add(layer);
  const after = model.outputs[0].shape;
  if (after[after.length - 1] !== block.outputChannels) {
    throw new RangeError(`${context}: block output ${shapeText(after)} should have ${block.outputChannels} channels`);
  }
}

function architecture(options: GeneratorOptions | DiscriminatorOptions, context: string) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${context}: options must be an object; got ${String(options)}`);
  }
  const { hiddenDim = 64, imageChannels = 1, nClasses = 10 } = options;
  assertPositiveInteger(hiddenDim, 'hiddenDim', context);
  assertPositiveInteger(imageChannels, 'imageChannels', context);
  assertNonNegativeInteger(nClasses, 'nClasses', context);
  return { hiddenDim, imageChannels, nClasses };
}

/**
 * The homework's Generator: input [B, zDim + nClasses] (noise, then one-hot class), viewed as a
 * 1x1 image, then gen blocks (in, 4h) 3x3, (4h, 2h, 4, 1) 6x6, (2h, h) 13x13, (h, C, 4, final)
 * 28x28, output [B, 28, 28, C] in [-1, 1] (tanh).
 */
export function createGenerator(options: GeneratorOptions = {}): tf.Sequential {
  const context = 'createGenerator';
  const { hiddenDim: h, imageChannels, nClasses } = architecture(options, context);
  const { zDim = 64 } = options;
  assertPositiveInteger(zDim, 'zDim', context);
  const inputDim = zDim + nClasses;
  const model = tf.sequential({ name: 'generator' });
  // PyTorch's forward does `noise.view(len(noise), -1, 1, 1)`: the NHWC equivalent is [B, 1, 1, D].
  model.add(tf.layers.reshape({ inputShape: [inputDim], targetShape: [1, 1, inputDim] }));
  addBlock(model, makeGenBlock(inputDim, h * 4), context);
  addBlock(model, makeGenBlock(h * 4, h * 2, 4, 1), context);
  addBlock(model, makeGenBlock(h * 2, h), context);
  addBlock(model, makeGenBlock(h, imageChannels, 4, 2, true), context);
  return model;
}

/**
 * The homework's Discriminator: input [B, 28, 28, C + nClasses] (image, then one one-hot plane per
 * class), disc blocks (C + nClasses, h) 13x13, (h, 2h) 5x5, (2h, 1, final) 1x1, flattened to
 * logits [B, 1] (PyTorch's `view(len(x), -1)`). Use a sigmoid loss on logits, not a sigmoid layer.
 */
export function createDiscriminator(options: DiscriminatorOptions = {}): tf.Sequential {
  const context = 'createDiscriminator';
  const { hiddenDim: h, imageChannels, nClasses } = architecture(options, context);
  const inputChannels = imageChannels + nClasses;
  const model = tf.sequential({ name: 'discriminator' });
  model.add(tf.layers.inputLayer({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, inputChannels] }));
  addBlock(model, makeDiscBlock(inputChannels, h), context);
  addBlock(model, makeDiscBlock(h, h * 2), context);
  addBlock(model, makeDiscBlock(h * 2, 1, 4, 2, true), context);
  model.add(tf.layers.flatten());
  return model;
}
