// A small NEAT-style evolution of macro-space topologies (Stanley & Miikkulainen 2002): genomes
// with innovation numbers, speciation by compatibility distance, fitness sharing within species,
// crossover of matching genes and add-layer/remove-layer mutations. Generational: `ask` returns a
// whole generation; once all of it has been told, the next one is bred. Kept small on purpose: no
// stagnation culling or interspecies mating; a species' champion survives without re-evaluation.
import { Rng } from '@hw7/tensor-utils/base';
import type { MacroArchitecture, MacroSearchSpace } from '../spaces/macro-cnn.js';
import {
  architectureToGenome,
  type CompatibilityCoefficients,
  compatibilityDistance,
  crossoverGenomes,
  type GenomeMutationRates,
  genomeToArchitecture,
  InnovationHistory,
  mutateGenome,
  type NeatGenome,
} from './neat-genome.js';
import { assertReward, type Candidate, CandidateFactory, type SearchStrategy } from './strategy.js';

export interface NeatOptions {
  /** Genomes per generation (default 20). */
  populationSize?: number;
  /** Species threshold on the compatibility distance (default 1.5). */
  compatibilityThreshold?: number;
  /** Default excess 1, disjoint 1, parameters 1. */
  coefficients?: CompatibilityCoefficients;
  /** Default add 0.2, remove 0.2. */
  mutationRates?: GenomeMutationRates;
  /** Probability that an offspring comes from crossover rather than a mutated clone (default 0.75). */
  crossoverRate?: number;
  /** Fraction of each species (by fitness) allowed to reproduce (default 0.5). */
  survivalThreshold?: number;
  seed?: number;
}

interface Member {
  genome: NeatGenome;
  /** The genome it was bred from (the fitter parent of a crossover), for weight inheritance. */
  parent?: NeatGenome;
  fitness?: number;
}

type Evaluated = Member & { fitness: number };

interface Species {
  representative: NeatGenome;
  members: Evaluated[];
}

export class NeatEvolution implements SearchStrategy<MacroArchitecture> {
  readonly name = 'neat';
  private readonly rng: Rng;
  private readonly candidates: CandidateFactory<MacroArchitecture>;
  private readonly history = new InnovationHistory();
  private readonly populationSize: number;
  private readonly threshold: number;
  private readonly coefficients: CompatibilityCoefficients;
  private readonly rates: GenomeMutationRates;
  private readonly crossoverRate: number;
  private readonly survivalThreshold: number;
  /** The current generation: carried-over champions (already with fitness) and new genomes. */
  private generation: Member[] = [];
  private readonly pending = new Map<number, Member>();
  private species: Species[] = [];
  private generationNumber = 0;

  constructor(
    private readonly space: MacroSearchSpace,
    options: NeatOptions = {},
  ) {
    this.populationSize = options.populationSize ?? 20;
    if (!Number.isInteger(this.populationSize) || this.populationSize < 2) {
      throw new RangeError(`NeatEvolution: populationSize must be an integer >= 2; got ${this.populationSize}`);
    }
    this.threshold = options.compatibilityThreshold ?? 1.5;
    this.coefficients = options.coefficients ?? { excess: 1, disjoint: 1, parameters: 1 };
    this.rates = options.mutationRates ?? { addLayer: 0.2, removeLayer: 0.2 };
    this.crossoverRate = options.crossoverRate ?? 0.75;
    this.survivalThreshold = options.survivalThreshold ?? 0.5;
    this.rng = new Rng(options.seed ?? 0);
    this.candidates = new CandidateFactory((architecture) => space.format(architecture));
    this.generation = Array.from({ length: this.populationSize }, () => ({
      genome: architectureToGenome(space.sample(this.rng), this.history),
    }));
  }

  /** Generations bred so far (0 while the first is being evaluated). */
  get generations(): number {
    return this.generationNumber;
  }

  /** The current species sizes, largest first. */
  speciesSizes(): number[] {
    return this.species.map((species) => species.members.length).sort((a, b) => b - a);
  }

  ask(): Candidate<MacroArchitecture>[] {
    if (this.pending.size > 0) {
      throw new Error('NeatEvolution.ask: tell the reward of every candidate of this generation first');
    }
    if (this.generation.every((member) => member.fitness !== undefined)) this.breed();
    return this.generation
      .filter((member) => member.fitness === undefined)
      .map((member) => {
        const parent = member.parent && genomeToArchitecture(member.parent);
        const candidate = this.candidates.create(genomeToArchitecture(member.genome), parent);
        this.pending.set(candidate.id, member);
        return candidate;
      });
  }

  tell(candidate: Candidate<MacroArchitecture>, reward: number): void {
    assertReward(candidate, reward);
    const member = this.pending.get(candidate.id);
    if (!member)
      throw new Error(`NeatEvolution.tell: candidate ${candidate.id} was not proposed by ask() or was already told`);
    this.pending.delete(candidate.id);
    member.fitness = reward;
  }

  private breed(): void {
    const evaluated = this.generation as Evaluated[];
    this.speciate(evaluated);
    // Explicit fitness sharing: a species' offspring share is its members' mean fitness.
    const shares = this.species.map(
      (species) => species.members.reduce((sum, member) => sum + member.fitness, 0) / species.members.length,
    );
    const offspring = apportion(shares, this.populationSize, this.rng);
    const next: Member[] = [];
    this.species.forEach((species, i) => {
      if (offspring[i] === 0) return;
      const ranked = [...species.members].sort((a, b) => b.fitness - a.fitness);
      // The champion of a species with several members and offspring survives as is; every
      // species that breeds still yields at least one new genome, so each generation asks something.
      const keepChampion = ranked.length >= 3 && offspring[i] >= 2;
      if (keepChampion) next.push(ranked[0]);
      const parents = ranked.slice(0, Math.max(1, Math.ceil(ranked.length * this.survivalThreshold)));
      for (let k = keepChampion ? 1 : 0; k < offspring[i]; k++) next.push(this.child(parents));
    });
    this.generation = next;
    this.generationNumber++;
  }

  private child(parents: Evaluated[]): Member {
    const first = this.rng.choice(parents);
    if (parents.length > 1 && this.rng.next() < this.crossoverRate) {
      const second = this.rng.choice(parents.filter((parent) => parent !== first));
      const [fitter, other] = first.fitness >= second.fitness ? [first, second] : [second, first];
      const child = crossoverGenomes(fitter.genome, other.genome, this.rng);
      // A child identical to a parent would only repeat an evaluation; mutate it instead.
      const key = this.space.format(genomeToArchitecture(child));
      const same = [fitter, other].some((parent) => this.space.format(genomeToArchitecture(parent.genome)) === key);
      const genome = same ? mutateGenome(child, this.space, this.history, this.rates, this.rng) : child;
      return { genome, parent: fitter.genome };
    }
    return { genome: mutateGenome(first.genome, this.space, this.history, this.rates, this.rng), parent: first.genome };
  }

  /** Assigns each genome to the first species whose representative (from the last generation) is close. */
  private speciate(members: Evaluated[]): void {
    const species: Species[] = this.species.map((old) => ({ representative: old.representative, members: [] }));
    for (const member of members) {
      const home = species.find(
        (candidate) =>
          compatibilityDistance(member.genome, candidate.representative, this.coefficients) < this.threshold,
      );
      if (home) home.members.push(member);
      else species.push({ representative: member.genome, members: [member] });
    }
    this.species = species
      .filter((candidate) => candidate.members.length > 0)
      .map((candidate) => ({ ...candidate, representative: this.rng.choice(candidate.members).genome }));
  }
}

/** Splits `total` offspring in proportion to `shares` (largest remainders, ties at random). */
function apportion(shares: number[], total: number, rng: Rng): number[] {
  const positive = shares.map((share) => Math.max(share, 0));
  const sum = positive.reduce((a, b) => a + b, 0);
  const exact = positive.map((share) => (sum > 0 ? (share / sum) * total : total / shares.length));
  const counts = exact.map(Math.floor);
  const order = exact
    .map((value, i) => ({ i, remainder: value - Math.floor(value) + rng.next() * 1e-9 }))
    .sort((a, b) => b.remainder - a.remainder);
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < total; k++) counts[order[k % order.length].i]++;
  return counts;
}
