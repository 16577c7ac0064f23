import { Rng } from '@hw7/tensor-utils';
import { describe, expect, it } from 'vitest';
import { createMacroSpace } from '../spaces/macro-cnn.js';
import { NeatEvolution } from './neat-evolution.js';
import {
  architectureToGenome,
  compatibilityDistance,
  crossoverGenomes,
  InnovationHistory,
  mutateGenome,
} from './neat-genome.js';
import { runSearch } from './run-search.js';

const space = createMacroSpace();
const coefficients = { excess: 1, disjoint: 1, parameters: 1 };

describe('NEAT genomes', () => {
  it('line up matching genes by innovation number for distance and crossover', () => {
    const history = new InnovationHistory();
    const a = architectureToGenome(space.parse('input=16|conv=8x3,16x3|dense=32'), history);
    const b = architectureToGenome(space.parse('input=16|conv=8x5,16x3,32x3|dense='), history);
    expect(a.genes.map((gene) => gene.innovation)).toEqual([0, 1, 2]);
    expect(b.genes.map((gene) => gene.innovation)).toEqual([0, 1, 3]);
    // Genes 0 and 1 match (one of 4 parameters differs), 2 is disjoint, 3 is excess.
    expect(compatibilityDistance(a, b, coefficients)).toBeCloseTo(1 + 1 + 0.5 / 3);
    const child = crossoverGenomes(b, a, new Rng(1));
    expect(child.genes.map((gene) => gene.innovation)).toEqual([0, 1, 3]);
  });

  it('adds and removes layers within the space limits', () => {
    const history = new InnovationHistory();
    const rng = new Rng(2);
    let genome = architectureToGenome(space.sample(rng), history);
    for (let i = 0; i < 200; i++) {
      genome = mutateGenome(genome, space, history, { addLayer: 0.4, removeLayer: 0.4 }, rng);
      const innovations = genome.genes.map((gene) => gene.innovation);
      expect(new Set(innovations).size).toBe(innovations.length);
    }
  });
});

describe('NeatEvolution', () => {
  it('breeds generations of valid architectures and improves a structural objective', async () => {
    const strategy = new NeatEvolution(space, { populationSize: 10, seed: 3 });
    // Rewards the total number of filters: the optimum (4 layers of 64) needs add-layer mutations.
    const reward = (key: string) => space.parse(key).convLayers.reduce((sum, layer) => sum + layer.filters, 0) / 256;
    const records = await runSearch(strategy, (candidate) => reward(candidate.key), { budget: 80 });
    expect(strategy.generations).toBeGreaterThanOrEqual(7);
    expect(strategy.speciesSizes().reduce((a, b) => a + b, 0)).toBe(10);
    const firstGeneration = Math.max(...records.slice(0, 10).map((record) => record.reward));
    expect(Math.max(...records.map((record) => record.reward))).toBeGreaterThan(firstGeneration);
  });
});
