// How well the surrogate predictor ranks architectures it has not seen: leave-one-out predictions
// from an MLP refitted on all other (encoding, reward) pairs, for comparing against the true
// rewards with Kendall's tau. This is the surrogate's offline test; SurrogateScreen is its use.
import { MlpSurrogate, type MlpSurrogateOptions } from './mlp-surrogate.js';

/** For each i, the prediction of a fresh surrogate fitted on every pair but the i-th. */
export function leaveOneOutPredictions(
  encodings: number[][],
  rewards: number[],
  options: MlpSurrogateOptions = {},
): number[] {
  if (encodings.length !== rewards.length || encodings.length < 3) {
    throw new RangeError(
      `leaveOneOutPredictions: needs as many encodings as rewards, at least 3; got ${encodings.length} and ${rewards.length}`,
    );
  }
  return encodings.map((encoding, held) => {
    const others = (_: unknown, i: number) => i !== held;
    const surrogate = new MlpSurrogate(encoding.length, options);
    try {
      surrogate.fit(encodings.filter(others), rewards.filter(others));
      return surrogate.predict([encoding])[0];
    } finally {
      surrogate.dispose();
    }
  });
}
