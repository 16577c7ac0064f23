import { assertTargets } from './validation.js';

/** Fraction of samples whose predicted label equals the true label (sklearn's `accuracy_score`). */
export function accuracyScore(yTrue: readonly number[], yPred: readonly number[]): number {
  assertTargets(yTrue, yPred);
  let correct = 0;
  for (let sample = 0; sample < yTrue.length; sample++) {
    if (yTrue[sample] === yPred[sample]) correct++;
  }
  return correct / yTrue.length;
}
