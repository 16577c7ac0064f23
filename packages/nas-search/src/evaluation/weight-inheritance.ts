// Weight inheritance (as in Real et al. 2017's large-scale evolution and network morphisms): a child
// starts from its parent's trained weights wherever a layer with the same name has weights of the
// same shapes, so a mutated architecture needs only a short fine-tune instead of training from scratch.
import type { tf } from '@hw7/tensor-utils';

/** Copies matching layers' weights from `parent` into `child`; returns the names of the layers copied. */
export function inheritWeights(child: tf.LayersModel, parent: tf.LayersModel): string[] {
  const parentLayers = new Map(parent.layers.map((layer) => [layer.name, layer]));
  const copied: string[] = [];
  for (const layer of child.layers) {
    const source = parentLayers.get(layer.name);
    const ownWeights = layer.getWeights();
    if (!source || ownWeights.length === 0) continue;
    const weights = source.getWeights();
    const sameShapes =
      weights.length === ownWeights.length &&
      weights.every((weight, i) => weight.shape.join('x') === ownWeights[i].shape.join('x'));
    if (!sameShapes) continue;
    layer.setWeights(weights);
    copied.push(layer.name);
  }
  return copied;
}
