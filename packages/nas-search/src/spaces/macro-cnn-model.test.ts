import { initBackend, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMacroModel } from './macro-cnn-model.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu', quiet: true });
});

describe('buildMacroModel', () => {
  it('resizes the images, stacks the chosen layers and ends in a softmax', () => {
    const model = buildMacroModel(
      {
        inputSize: 16,
        convLayers: [
          { filters: 4, kernelSize: 3 },
          { filters: 8, kernelSize: 5 },
        ],
        denseUnits: [8],
      },
      { inputShape: [28, 28, 1], numClasses: 10 },
    );
    expect(model.layers.map((layer) => layer.name)).toEqual([
      'images',
      'resize',
      'conv0',
      'pool0',
      'conv1',
      'pool1',
      'flatten',
      'dense0',
      'output',
    ]);
    expect(model.getLayer('flatten').outputShape).toEqual([null, 4 * 4 * 8]);
    const probabilities = tf.tidy(() => (model.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor).sum(1).arraySync());
    expect(probabilities).toEqual([expect.closeTo(1, 5), expect.closeTo(1, 5)]);
    model.dispose();
  });

  it('saves and loads with tf.io, the resize layer included', async () => {
    const model = buildMacroModel(
      { inputSize: 20, convLayers: [{ filters: 2, kernelSize: 3 }], denseUnits: [] },
      { inputShape: [28, 28, 1], numClasses: 3 },
    );
    let artifacts: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    expect(loaded.getLayer('resize').outputShape).toEqual([null, 20, 20, 1]);
    const input = tf.ones([1, 28, 28, 1]);
    const [a, b] = [model, loaded].map((m) => (m.predict(input) as tf.Tensor).arraySync());
    expect(b).toEqual(a);
    tf.dispose([input]);
    model.dispose();
    loaded.dispose();
  });
});
