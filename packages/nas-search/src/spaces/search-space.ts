// What every search space offers the strategies: sampling and variation for evolution, a fixed
// list of categorical decisions for controllers, a layer-by-layer decision process for Q-learning,
// a fixed-length numeric encoding for predictors, and a canonical string for tables and caches.
import type { Rng } from '@hw7/tensor-utils/base';

/** One categorical decision a controller makes, e.g. the operation on one edge. */
export interface Decision {
  name: string;
  /** Human-readable labels of the choices; a token is an index into this list. */
  choices: readonly string[];
}

/**
 * An architecture as a sequence of actions (MetaQNN): states are (depth, last action), actions
 * are the next layer or the end of the network.
 */
export interface ArchitectureProcess<A> {
  /** The actions allowed after `path`; empty when `path` describes a complete architecture. */
  actions(path: readonly string[]): readonly string[];
  /** The Q-table state reached after `path`, e.g. "2:conv32k3" (depth and last action). */
  state(path: readonly string[]): string;
  /** The architecture a complete `path` describes. */
  build(path: readonly string[]): A;
}

export interface SearchSpace<A> {
  /** Short name used in messages and output, e.g. 'nb201-cell'. */
  readonly name: string;
  /** The controller's decisions, always the same list; `fromTokens` ignores decisions that end up unused. */
  readonly decisions: readonly Decision[];
  /** The decision process a Q-learning agent walks. */
  readonly process: ArchitectureProcess<A>;
  /** Length of `encode`'s vectors. */
  readonly encodingLength: number;
  /** A uniformly random architecture (uniform over the decisions). */
  sample(rng: Rng): A;
  /** A copy of `architecture` with one small random change; never returns an identical architecture. */
  mutate(architecture: A, rng: Rng): A;
  /** A child combining both parents' choices. */
  crossover(first: A, second: A, rng: Rng): A;
  /** One token per decision (an index into `decisions[i].choices`). */
  toTokens(architecture: A): number[];
  fromTokens(tokens: readonly number[]): A;
  /** A fixed-length vector of numbers in [0, 1], for surrogate predictors. */
  encode(architecture: A): number[];
  /** The canonical string: equal architectures give equal strings, and `parse(format(a))` equals `a`. */
  format(architecture: A): string;
  /** Parses a string in the canonical format; throws an error naming what is wrong. */
  parse(text: string): A;
}

/** Checks that `tokens` fits `decisions` (one valid index per decision). */
export function assertTokens(decisions: readonly Decision[], tokens: readonly number[], space: string): void {
  if (tokens.length !== decisions.length) {
    throw new RangeError(
      `${space}: tokens must have ${decisions.length} entries (one per decision); got ${tokens.length}`,
    );
  }
  tokens.forEach((token, i) => {
    const count = decisions[i].choices.length;
    if (!Number.isInteger(token) || token < 0 || token >= count) {
      throw new RangeError(
        `${space}: token ${i} (${decisions[i].name}) must be an integer in [0, ${count - 1}]; got ${token}`,
      );
    }
  });
}
