// The one interface every search strategy implements: `ask` proposes architectures, `tell` reports
// each one's reward. A strategy is seeded and reproducible: the same seed and the same rewards give
// the same proposals.

/** An architecture proposed by a strategy; `tell` takes it back with its reward. */
export interface Candidate<A> {
  /** Unique within one strategy, increasing in the order of proposal. */
  id: number;
  architecture: A;
  /** The space's canonical string of the architecture. */
  key: string;
  /** The key of the architecture this one was bred from, when there is one (evolution), e.g. for weight inheritance. */
  parentKey?: string;
}

export interface SearchStrategy<A> {
  readonly name: string;
  /**
   * The next architectures to evaluate (at least one). Strategies that learn from batches (a
   * REINFORCE batch, a NEAT generation) return several and learn once all have been told.
   */
  ask(): Candidate<A>[];
  /** The reward (higher is better, e.g. validation accuracy) of a candidate from `ask`. */
  tell(candidate: Candidate<A>, reward: number): void;
  /** Frees tensors and other resources; the strategy must not be used afterwards. */
  dispose?(): void;
}

/** Numbers the candidates of one strategy. */
export class CandidateFactory<A> {
  private nextId = 0;

  constructor(private readonly format: (architecture: A) => string) {}

  create(architecture: A, parent?: A): Candidate<A> {
    const candidate: Candidate<A> = { id: this.nextId++, architecture, key: this.format(architecture) };
    if (parent !== undefined) candidate.parentKey = this.format(parent);
    return candidate;
  }
}

/** Throws unless `reward` is a finite number, naming the candidate. */
export function assertReward(candidate: Candidate<unknown>, reward: number): void {
  if (!Number.isFinite(reward)) {
    throw new RangeError(
      `tell(candidate ${candidate.id} "${candidate.key}", reward): reward must be finite; got ${reward}`,
    );
  }
}
