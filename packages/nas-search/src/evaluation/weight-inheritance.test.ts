import { initBackend } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMacroModel } from '../spaces/macro-cnn-model.js';
import { inheritWeights } from './weight-inheritance.js';

beforeAll(async () => {
  await initBackend({ backend: 'cpu', quiet: true });
});

describe('inheritWeights', () => {
  it('copies the layers whose name and weight shapes match, and only those', () => {
    const options = { inputShape: [28, 28, 1], numClasses: 10 } as const;
    const parent = buildMacroModel(
      { inputSize: 16, convLayers: [{ filters: 4, kernelSize: 3 }], denseUnits: [8] },
      options,
    );
    const child = buildMacroModel(
      {
        inputSize: 16,
        convLayers: [
          { filters: 4, kernelSize: 3 },
          { filters: 4, kernelSize: 3 },
        ],
        denseUnits: [8],
      },
      options,
    );
    // conv1 is new, and the extra pooling changes the flattened size feeding dense0.
    expect(inheritWeights(child, parent)).toEqual(['conv0', 'output']);
    expect(child.getLayer('conv0').getWeights()[0].arraySync()).toEqual(
      parent.getLayer('conv0').getWeights()[0].arraySync(),
    );
    parent.dispose();
    child.dispose();
  });
});
