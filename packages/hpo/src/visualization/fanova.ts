// fANOVA (Hutter, Hoos & Leyton-Brown 2014, "An Efficient Approach for Assessing Hyperparameter
// Importance"), the estimator behind Optuna's default `FanovaImportanceEvaluator`: each tree of a
// random forest is a piecewise-constant function over the search space; a parameter's importance is
// the variance of that function's marginal over the parameter (other parameters averaged out
// uniformly), as a fraction of the function's total variance, averaged over the trees.
// Only main effects are computed (Optuna reports those too).
import type { TreeNode } from './random-forest.js';

interface Leaf {
  value: number;
  low: number[];
  high: number[];
}

function leavesOf(tree: TreeNode, low: number[], high: number[], leaves: Leaf[]): Leaf[] {
  if (tree.kind === 'leaf') {
    leaves.push({ value: tree.value, low, high });
    return leaves;
  }
  const { feature, threshold } = tree;
  // A split outside the box (possible once the box is narrowed) leaves one side empty.
  if (threshold > low[feature]) {
    const leftHigh = [...high];
    leftHigh[feature] = Math.min(high[feature], threshold);
    leavesOf(tree.left, low, leftHigh, leaves);
  }
  if (threshold < high[feature]) {
    const rightLow = [...low];
    rightLow[feature] = Math.max(low[feature], threshold);
    leavesOf(tree.right, rightLow, high, leaves);
  }
  return leaves;
}

/**
 * Fractions of one tree's variance explained by each feature alone, over the box [bounds[d][0],
 * bounds[d][1]] with the uniform measure; undefined when the tree is constant on the box.
 */
export function treeMainEffects(
  tree: TreeNode,
  bounds: ReadonlyArray<readonly [number, number]>,
): number[] | undefined {
  const widths = bounds.map(([low, high]) => high - low);
  const leaves = leavesOf(
    tree,
    bounds.map(([low]) => low),
    bounds.map(([, high]) => high),
    [],
  );
  const volume = (leaf: Leaf) => leaf.low.reduce((product, low, d) => product * ((leaf.high[d] - low) / widths[d]), 1);
  const weights = leaves.map(volume);
  const average = leaves.reduce((sum, leaf, i) => sum + weights[i] * leaf.value, 0);
  const variance = leaves.reduce((sum, leaf, i) => sum + weights[i] * (leaf.value - average) ** 2, 0);
  if (!(variance > 1e-15 * Math.max(1, average * average))) return undefined;

  return bounds.map((_, feature) => {
    const edges = [...new Set(leaves.flatMap((leaf) => [leaf.low[feature], leaf.high[feature]]))].sort((a, b) => a - b);
    let marginalVariance = 0;
    for (let k = 0; k + 1 < edges.length; k++) {
      const [from, to] = [edges[k], edges[k + 1]];
      // The marginal on [from, to]: leaves covering the interval, weighted by their volume in the other dimensions.
      let marginal = 0;
      leaves.forEach((leaf, i) => {
        if (leaf.low[feature] <= from && leaf.high[feature] >= to) {
          marginal += leaf.value * (weights[i] / ((leaf.high[feature] - leaf.low[feature]) / widths[feature]));
        }
      });
      marginalVariance += ((to - from) / widths[feature]) * (marginal - average) ** 2;
    }
    return marginalVariance / variance;
  });
}

/** Mean main-effect fractions over the trees that vary; zeros when none does. */
export function fanovaMainEffects(
  trees: readonly TreeNode[],
  bounds: ReadonlyArray<readonly [number, number]>,
): number[] {
  const totals = bounds.map(() => 0);
  let varyingTrees = 0;
  for (const tree of trees) {
    const effects = treeMainEffects(tree, bounds);
    if (!effects) continue;
    varyingTrees++;
    effects.forEach((effect, feature) => {
      totals[feature] += effect;
    });
  }
  return totals.map((total) => (varyingTrees === 0 ? 0 : total / varyingTrees));
}
