// Regularised (aging) evolution (Real et al., "Regularized Evolution for Image Classifier
// Architecture Search", AAAI 2019): a tournament picks the parent, its mutated child joins the
// population and the OLDEST member dies, so no architecture survives on one lucky evaluation.
import { Rng } from '@hw7/tensor-utils';
import type { SearchSpace } from '../spaces/search-space.js';
import { assertReward, type Candidate, CandidateFactory, type SearchStrategy } from './strategy.js';

export interface AgingEvolutionOptions {
  /** Population size P (default 10, as NAS-Bench-201's baseline). */
  populationSize?: number;
  /** Tournament sample size S (default 3). */
  sampleSize?: number;
  seed?: number;
}

interface Member<A> {
  architecture: A;
  reward: number;
}

export class AgingEvolution<A> implements SearchStrategy<A> {
  readonly name = 'evolution';
  private readonly rng: Rng;
  private readonly candidates: CandidateFactory<A>;
  private readonly populationSize: number;
  private readonly sampleSize: number;
  /** Oldest first. */
  private readonly population: Member<A>[] = [];
  private proposed = 0;

  constructor(
    private readonly space: SearchSpace<A>,
    options: AgingEvolutionOptions = {},
  ) {
    this.populationSize = options.populationSize ?? 10;
    this.sampleSize = options.sampleSize ?? 3;
    if (!Number.isInteger(this.populationSize) || this.populationSize < 1) {
      throw new RangeError(`AgingEvolution: populationSize must be an integer >= 1; got ${this.populationSize}`);
    }
    if (!Number.isInteger(this.sampleSize) || this.sampleSize < 1 || this.sampleSize > this.populationSize) {
      throw new RangeError(
        `AgingEvolution: sampleSize must be an integer in [1, populationSize=${this.populationSize}]; got ${this.sampleSize}`,
      );
    }
    this.rng = new Rng(options.seed ?? 0);
    this.candidates = new CandidateFactory((architecture) => space.format(architecture));
  }

  ask(): Candidate<A>[] {
    // The first P proposals (and any while initial rewards are still outstanding) are random.
    const random = this.proposed < this.populationSize || this.population.length === 0;
    this.proposed++;
    if (random) return [this.candidates.create(this.space.sample(this.rng))];
    const parent = this.parent();
    return [this.candidates.create(this.space.mutate(parent, this.rng), parent)];
  }

  tell(candidate: Candidate<A>, reward: number): void {
    assertReward(candidate, reward);
    this.population.push({ architecture: candidate.architecture, reward });
    if (this.population.length > this.populationSize) this.population.shift();
  }

  /** The best of S members drawn uniformly with replacement, as in the paper. */
  private parent(): A {
    let best: Member<A> | undefined;
    for (let i = 0; i < this.sampleSize; i++) {
      const member = this.rng.choice(this.population);
      if (!best || member.reward > best.reward) best = member;
    }
    return (best as Member<A>).architecture;
  }
}
