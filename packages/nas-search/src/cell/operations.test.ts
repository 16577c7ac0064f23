// Each NAS-Bench-201 operation keeps the shape; 'none' is zero and 'skip_connect' the identity.
import { initBackend, Rng, tf } from '@hw7/tensor-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { NB201_OPERATIONS } from '../spaces/nb201-cell.js';
import { createOperationModule } from './operation-module.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', quiet: true });
});

describe('createOperationModule', () => {
  const x = () => tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 1) as tf.Tensor4D;

  it.each(NB201_OPERATIONS)('%s keeps the NHWC shape', (operation) => {
    const module = createOperationModule(operation, 3, new Rng(0));
    const input = x();
    const output = module.apply(input);
    expect(output.shape).toEqual([2, 5, 5, 3]);
    tf.dispose([input, output, ...module.variables]);
  });

  it("'none' gives zeros and 'skip_connect' the input itself", () => {
    const input = x();
    const none = createOperationModule('none', 3, new Rng(0)).apply(input);
    const skip = createOperationModule('skip_connect', 3, new Rng(0)).apply(input);
    expect(Array.from(none.dataSync()).every((value) => value === 0)).toBe(true);
    expect(skip.dataSync()).toEqual(input.dataSync());
    tf.dispose([input, none, skip]);
  });

  it('gives the convolutions weights and the others none', () => {
    const sizes = NB201_OPERATIONS.map((operation) => {
      const module = createOperationModule(operation, 3, new Rng(0));
      const size = module.variables.reduce((sum, variable) => sum + variable.size, 0);
      tf.dispose(module.variables);
      return size;
    });
    expect(sizes).toEqual([0, 0, 9, 81, 0]);
  });

  it('names the argument when the operation is unknown', () => {
    expect(() => createOperationModule('conv_5x5' as never, 3, new Rng(0))).toThrow(/operation must be/);
  });
});
