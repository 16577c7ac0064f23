// Random search: uniform samples from the space; the baseline every NAS method must beat
// (Li & Talwalkar, "Random Search and Reproducibility for NAS", 2019).
import { Rng } from '@hw7/tensor-utils/base';
import type { SearchSpace } from '../spaces/search-space.js';
import { assertReward, type Candidate, CandidateFactory, type SearchStrategy } from './strategy.js';

export interface RandomSearchOptions {
  seed?: number;
}

export class RandomSearch<A> implements SearchStrategy<A> {
  readonly name = 'random';
  private readonly rng: Rng;
  private readonly candidates: CandidateFactory<A>;

  constructor(
    private readonly space: SearchSpace<A>,
    options: RandomSearchOptions = {},
  ) {
    this.rng = new Rng(options.seed ?? 0);
    this.candidates = new CandidateFactory((architecture) => space.format(architecture));
  }

  ask(): Candidate<A>[] {
    return [this.candidates.create(this.space.sample(this.rng))];
  }

  tell(candidate: Candidate<A>, reward: number): void {
    assertReward(candidate, reward);
  }
}
