// tfjs-core's Tile gradient sums the repetitions one slice at a time: one Slice and one Add per
// repetition, e.g. 1,536 of each for every [32, 48, 1]-tiled tensor (tf.layers' LayerNormalization
// tiles its scale, offset and statistics over batch and time), which made the transformer's step
// 10x slower than it needs to be. Seen as [reps0, size0, reps1, size1, ...], the gradient is one sum
// over the repetition axes.
import * as tf from './tf.js';

let installed = false;

/** Registers the one-sum Tile gradient (every backend). Idempotent; results are unchanged. */
export function useSummingTileGradient(): void {
  if (installed) return;
  tf.registerGradient({
    kernelName: 'Tile',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const { reps } = attrs as unknown as { reps: number[] };
      return {
        x: () => {
          // Axes of size 1 and repetitions of 1 are left out, so that tiling over the batch becomes
          // a sum over leading axes (one SIMD pass on wasm).
          const shape: number[] = [];
          const repetitionAxes: number[] = [];
          x.shape.forEach((size, axis) => {
            const repetitions = reps[axis] as number;
            if (repetitions > 1) {
              repetitionAxes.push(shape.length);
              shape.push(repetitions);
            }
            if (size > 1) shape.push(size);
          });
          if (repetitionAxes.length === 0) return tf.reshape(dy as tf.Tensor, x.shape);
          return tf.reshape(tf.sum(tf.reshape(dy as tf.Tensor, shape), repetitionAxes), x.shape);
        },
      };
    },
  });
  installed = true;
}
