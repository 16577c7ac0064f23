// A small regression random forest (Breiman 2001) for fANOVA: bootstrap samples, CART trees grown on
// squared error with every feature tried at every split, as scikit-learn's RandomForestRegressor does
// with Optuna's fANOVA settings (64 trees, max depth 64, min_samples_split 2, min_samples_leaf 1).
import { Rng } from '@hw7/tensor-utils/base';

export type TreeNode =
  | { kind: 'leaf'; value: number }
  | { kind: 'split'; feature: number; threshold: number; left: TreeNode; right: TreeNode };

export interface RandomForestOptions {
  nTrees?: number;
  maxDepth?: number;
  seed?: number;
}

interface Split {
  feature: number;
  threshold: number;
  /** Reduction of the node's summed squared error. */
  gain: number;
}

function mean(indices: readonly number[], targets: readonly number[]): number {
  let sum = 0;
  for (const index of indices) sum += targets[index];
  return sum / indices.length;
}

/** The split of `indices` with the largest drop in squared error, between distinct feature values. */
function bestSplit(
  indices: readonly number[],
  features: readonly number[][],
  targets: readonly number[],
): Split | undefined {
  const count = indices.length;
  let total = 0;
  let totalSquares = 0;
  for (const index of indices) {
    total += targets[index];
    totalSquares += targets[index] ** 2;
  }
  const parentError = totalSquares - (total * total) / count;
  let best: Split | undefined;
  const featureCount = features[indices[0]].length;
  for (let feature = 0; feature < featureCount; feature++) {
    const sorted = [...indices].sort((a, b) => features[a][feature] - features[b][feature]);
    let leftSum = 0;
    let leftSquares = 0;
    for (let k = 0; k < count - 1; k++) {
      const target = targets[sorted[k]];
      leftSum += target;
      leftSquares += target * target;
      const [here, next] = [features[sorted[k]][feature], features[sorted[k + 1]][feature]];
      if (here === next) continue;
      const leftCount = k + 1;
      const rightCount = count - leftCount;
      const rightSum = total - leftSum;
      const error =
        leftSquares -
        (leftSum * leftSum) / leftCount +
        (totalSquares - leftSquares) -
        (rightSum * rightSum) / rightCount;
      const gain = parentError - error;
      if (gain > 1e-12 * Math.max(1, parentError) && (!best || gain > best.gain)) {
        best = { feature, threshold: (here + next) / 2, gain };
      }
    }
  }
  return best;
}

function growTree(
  indices: number[],
  features: readonly number[][],
  targets: readonly number[],
  depth: number,
  maxDepth: number,
): TreeNode {
  const split = depth < maxDepth && indices.length >= 2 ? bestSplit(indices, features, targets) : undefined;
  if (!split) return { kind: 'leaf', value: mean(indices, targets) };
  const left = indices.filter((index) => features[index][split.feature] <= split.threshold);
  const right = indices.filter((index) => features[index][split.feature] > split.threshold);
  return {
    kind: 'split',
    feature: split.feature,
    threshold: split.threshold,
    left: growTree(left, features, targets, depth + 1, maxDepth),
    right: growTree(right, features, targets, depth + 1, maxDepth),
  };
}

/** Grows `nTrees` trees (default 64), each on a bootstrap sample of the rows. */
export function fitRandomForest(
  features: readonly number[][],
  targets: readonly number[],
  options: RandomForestOptions = {},
): TreeNode[] {
  const { nTrees = 64, maxDepth = 64, seed = 0 } = options;
  if (features.length === 0 || features.length !== targets.length) {
    throw new RangeError(
      `fitRandomForest needs as many feature rows as targets, at least 1; got ${features.length} and ${targets.length}`,
    );
  }
  const rng = new Rng(`random-forest:${seed}`);
  const count = features.length;
  return Array.from({ length: nTrees }, () => {
    const sample = Array.from({ length: count }, () => rng.int(0, count - 1));
    return growTree(sample, features, targets, 0, maxDepth);
  });
}
