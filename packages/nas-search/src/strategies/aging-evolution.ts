// Regularised (aging) evolution (Real et al., "Regularized Evolution for Image Classifier
// Architecture Search", AAAI 2019): a tournament picks the parent, its mutated child joins the
// population and the OLDEST member dies, so no architecture survives on one lucky evaluation.
import { Rng } from '@hw7/tensor-utils/base';
import type { SearchSpace } from '../spaces/search-space.js';
import { assertReward, type Candidate, CandidateFactory, type SearchStrategy } from './strategy.js';

export interface AgingEvolutionOptions {
  /** Population size P (default 10, as NAS-Bench-201's baseline). */
  populationSize?: number;
  /** Tournament sample size S (default 3). */
  sampleSize?: number;
  seed?: number;
}

/** An evaluated architecture of the population. */
export interface PopulationMember<A> {
  architecture: A;
  reward: number;
}

/** Checks aging evolution's population size P and tournament size S (errors prefixed by `who`). */
export function checkPopulationSizes(populationSize: number, sampleSize: number, who: string): void {
  if (!Number.isInteger(populationSize) || populationSize < 1) {
    throw new RangeError(`${who}populationSize must be an integer >= 1; got ${populationSize}`);
  }
  if (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > populationSize) {
    throw new RangeError(
      `${who}sampleSize must be an integer in [1, populationSize=${populationSize}]; got ${sampleSize}`,
    );
  }
}

/** The best of `sampleSize` members drawn uniformly with replacement (the paper's tournament). */
export function tournamentWinner<A>(population: readonly PopulationMember<A>[], sampleSize: number, rng: Rng): A {
  let best: PopulationMember<A> | undefined;
  for (let i = 0; i < sampleSize; i++) {
    const member = rng.choice(population);
    if (!best || member.reward > best.reward) best = member;
  }
  return (best as PopulationMember<A>).architecture;
}

export class AgingEvolution<A> implements SearchStrategy<A> {
  readonly name = 'evolution';
  private readonly rng: Rng;
  private readonly candidates: CandidateFactory<A>;
  private readonly populationSize: number;
  private readonly sampleSize: number;
  /** Oldest first. */
  private readonly population: PopulationMember<A>[] = [];
  private proposed = 0;

  constructor(
    private readonly space: SearchSpace<A>,
    options: AgingEvolutionOptions = {},
  ) {
    this.populationSize = options.populationSize ?? 10;
    this.sampleSize = options.sampleSize ?? 3;
    checkPopulationSizes(this.populationSize, this.sampleSize, 'AgingEvolution: ');
    this.rng = new Rng(options.seed ?? 0);
    this.candidates = new CandidateFactory((architecture) => space.format(architecture));
  }

  ask(): Candidate<A>[] {
    // The first P proposals (and any while initial rewards are still outstanding) are random.
    const random = this.proposed < this.populationSize || this.population.length === 0;
    this.proposed++;
    if (random) return [this.candidates.create(this.space.sample(this.rng))];
    const parent = tournamentWinner(this.population, this.sampleSize, this.rng);
    return [this.candidates.create(this.space.mutate(parent, this.rng), parent)];
  }

  tell(candidate: Candidate<A>, reward: number): void {
    assertReward(candidate, reward);
    this.population.push({ architecture: candidate.architecture, reward });
    if (this.population.length > this.populationSize) this.population.shift();
  }
}
