// Optimisation directions and Pareto dominance between objective vectors (Optuna's
// `StudyDirection` and `_dominates`), shared by studies, samplers and pruners.

export type StudyDirection = 'minimize' | 'maximize';

/** +1 for minimise, -1 for maximise: multiplying by it turns every objective into a minimisation. */
export function directionSign(direction: StudyDirection): 1 | -1 {
  return direction === 'minimize' ? 1 : -1;
}

/** Whether `a` Pareto-dominates `b`: no worse in every objective and better in at least one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly StudyDirection[]): boolean {
  let better = false;
  for (let i = 0; i < directions.length; i++) {
    const sign = directionSign(directions[i]);
    const x = sign * a[i];
    const y = sign * b[i];
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/**
 * Splits `items` into non-dominated fronts (fast non-dominated sort, Deb et al. 2002): front 0
 * is the Pareto front, front 1 the front once front 0 is removed, and so on.
 */
export function nondominatedFronts<T>(
  items: readonly T[],
  valuesOf: (item: T) => readonly number[],
  directions: readonly StudyDirection[],
): T[][] {
  const n = items.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominating: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = valuesOf(items[i]);
      const b = valuesOf(items[j]);
      if (dominates(a, b, directions)) {
        dominating[i].push(j);
        dominatedBy[j]++;
      } else if (dominates(b, a, directions)) {
        dominating[j].push(i);
        dominatedBy[i]++;
      }
    }
  }
  const fronts: T[][] = [];
  let current = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    fronts.push(current.map((i) => items[i]));
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominating[i]) if (--dominatedBy[j] === 0) next.push(j);
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}
