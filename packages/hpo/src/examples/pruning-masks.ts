// Pruning masks for the homework's CNN (question 6c): which weights a pruned network keeps.
// Unstructured magnitude pruning (Han et al. 2015, "Learning both Weights and Connections for
// Efficient Neural Networks") zeroes the weights of smallest magnitude, over the whole network or
// layer by layer; structured filter pruning (Li et al. 2017, "Pruning Filters for Efficient
// ConvNets") removes the convolution filters of smallest L1 norm, each layer by the same fraction,
// together with their biases and the next layer's weights on their channels. Masks are plain arrays
// so that they can be inspected and counted; pruning applies them by multiplying the weights.
import type { tf } from '@hw7/tensor-utils';

/** 'magnitude': unstructured (Han et al. 2015); 'filter': structured L1-norm filter pruning (Li et al. 2017). */
export const PRUNING_METHODS = ['magnitude', 'filter'] as const;
export type PruningMethod = (typeof PRUNING_METHODS)[number];

/** Magnitude pruning's threshold: one over all layers ('global') or one per layer ('layer'). */
export type MagnitudeScope = 'global' | 'layer';

/** The mask of one weight tensor of a layer: 1 keeps a weight, 0 prunes it. */
export interface WeightMask {
  /** The layer's name (`model.getLayer(name)`). */
  layer: string;
  /** Index into the layer's `weights` (0: kernel, 1: bias). */
  weight: number;
  shape: number[];
  values: Float32Array;
}

/** What a pruned network keeps; layers and weights without a mask are kept whole. */
export type PruningMasks = WeightMask[];

/** The convolution and dense layers, whose kernels (and biases) pruning acts on. */
function prunableLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((layer) => ['Conv2D', 'Dense'].includes(layer.getClassName()));
}

function checkSparsity(sparsity: number): void {
  if (!(sparsity >= 0 && sparsity < 1)) throw new RangeError(`sparsity must be in [0, 1); got ${sparsity}`);
}

function kernelOf(layer: tf.layers.Layer): { shape: number[]; values: Float32Array } {
  const kernel = layer.getWeights()[0];
  return { shape: kernel.shape, values: kernel.dataSync() as Float32Array };
}

/** Masks keeping every weight except the `count` of smallest magnitude among `values` (all tensors together). */
function keepLargest(values: Float32Array[], count: number): Float32Array[] {
  const masks = values.map((v) => new Float32Array(v.length).fill(1));
  if (count === 0) return masks;
  const magnitudes = new Float32Array(values.reduce((sum, v) => sum + v.length, 0));
  let offset = 0;
  for (const v of values) {
    for (let i = 0; i < v.length; i++) magnitudes[offset + i] = Math.abs(v[i]);
    offset += v.length;
  }
  const threshold = magnitudes.slice().sort()[count - 1];
  // Everything below the threshold goes, then ties at it in order of position: the count is exact.
  let tiesToPrune = count - magnitudes.reduce((below, m) => below + (m < threshold ? 1 : 0), 0);
  offset = 0;
  values.forEach((v, tensor) => {
    for (let i = 0; i < v.length; i++) {
      const m = magnitudes[offset + i];
      if (m < threshold || (m === threshold && tiesToPrune-- > 0)) masks[tensor][i] = 0;
    }
    offset += v.length;
  });
  return masks;
}

/**
 * Unstructured magnitude pruning: masks zeroing the fraction `sparsity` of the kernel weights of every
 * convolution and dense layer with the smallest magnitude, over all layers at once ('global', the
 * default) or in each layer ('layer'). Biases are kept.
 */
export function magnitudePruningMasks(
  model: tf.LayersModel,
  sparsity: number,
  scope: MagnitudeScope = 'global',
): PruningMasks {
  checkSparsity(sparsity);
  const layers = prunableLayers(model);
  const kernels = layers.map(kernelOf);
  const groups = scope === 'global' ? [kernels.map((_, i) => i)] : kernels.map((_, i) => [i]);
  const masks: PruningMasks = [];
  for (const group of groups) {
    const values = group.map((i) => kernels[i].values);
    const total = values.reduce((sum, v) => sum + v.length, 0);
    const kept = keepLargest(values, Math.round(sparsity * total));
    for (const [j, i] of group.entries()) {
      masks.push({ layer: layers[i].name, weight: 0, shape: kernels[i].shape, values: kept[j] });
    }
  }
  return masks;
}

/** The indices of the `count` filters of smallest L1 norm in a conv kernel [h, w, in, out]. */
function weakestFilters(kernel: { shape: number[]; values: Float32Array }, count: number): number[] {
  const filters = kernel.shape[3];
  const norms = new Float64Array(filters);
  for (let i = 0; i < kernel.values.length; i++) norms[i % filters] += Math.abs(kernel.values[i]);
  return Array.from(norms.keys())
    .sort((a, b) => norms[a] - norms[b] || a - b)
    .slice(0, count);
}

function onesLike(shape: number[]): Float32Array {
  return new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1);
}

/**
 * Zeroes the inputs of `layer` (a conv kernel [h, w, in, out], or a dense kernel [in, out] after a
 * flatten of `channels` channels) that read the channels in `removed`.
 */
function maskInputChannels(mask: WeightMask, removed: Set<number>, channels: number): void {
  const [inputs, outputs] = mask.shape.length === 4 ? [mask.shape[2], mask.shape[3]] : [mask.shape[0], mask.shape[1]];
  for (let i = 0; i < mask.values.length; i++) {
    const input = Math.floor(i / outputs) % inputs;
    if (removed.has(input % channels)) mask.values[i] = 0;
  }
}

/**
 * Structured filter pruning: in every convolution layer, the fraction `sparsity` of its filters
 * with the smallest L1 norm (rounded, at least one filter kept) is removed: masks zero the filters'
 * kernels and biases and, in the next convolution or dense layer, the weights reading their channels.
 * Norms are those of the trained weights, each layer on its own (Li et al.'s independent pruning).
 */
export function filterPruningMasks(model: tf.LayersModel, sparsity: number): PruningMasks {
  checkSparsity(sparsity);
  const layers = prunableLayers(model);
  const kernels = layers.map(kernelOf);
  const kernelMasks: WeightMask[] = layers.map((layer, i) => ({
    layer: layer.name,
    weight: 0,
    shape: kernels[i].shape,
    values: onesLike(kernels[i].shape),
  }));
  const biasMasks: WeightMask[] = [];
  layers.forEach((layer, i) => {
    if (layer.getClassName() !== 'Conv2D') return;
    const filters = kernels[i].shape[3];
    const removed = new Set(weakestFilters(kernels[i], Math.min(filters - 1, Math.round(sparsity * filters))));
    if (removed.size === 0) return;
    // Its own filters are its kernel's outputs: zero [.., .., .., f].
    const own = kernelMasks[i].values;
    for (let j = 0; j < own.length; j++) if (removed.has(j % filters)) own[j] = 0;
    const bias = { layer: layer.name, weight: 1, shape: [filters], values: onesLike([filters]) };
    for (const f of removed) bias.values[f] = 0;
    biasMasks.push(bias);
    if (i + 1 < layers.length) maskInputChannels(kernelMasks[i + 1], removed, filters);
  });
  return [...kernelMasks, ...biasMasks];
}
