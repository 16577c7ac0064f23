// NEAT's genome (Stanley & Miikkulainen, "Evolving Neural Networks through Augmenting Topologies",
// 2002) carried over to the macro space: one gene per layer, each with a historical marking (an
// innovation number) so crossover can line up matching genes and speciation can measure how far
// two topologies have drifted apart. Inserting the same kind of layer between the same two genes
// anywhere in the run gets the same innovation number, as NEAT does for identical structural
// mutations (it keys a new node by the connection it splits).
import type { Rng } from '@hw7/tensor-utils/base';
import type { MacroArchitecture, MacroSearchSpace } from '../spaces/macro-cnn.js';

export type LayerGene =
  | { innovation: number; kind: 'conv'; filters: number; kernelSize: number }
  | { innovation: number; kind: 'dense'; units: number };

export interface NeatGenome {
  inputSize: number;
  /** Convolution genes first, then dense genes, in network order. */
  genes: LayerGene[];
}

/** Coefficients of the compatibility distance c1 E / N + c2 D / N + c3 W. */
export interface CompatibilityCoefficients {
  excess: number;
  disjoint: number;
  parameters: number;
}

/** Hands out innovation numbers, one per distinct structural innovation. */
export class InnovationHistory {
  private readonly numbers = new Map<string, number>();

  /** The number of a layer of `kind` between the genes `after` (-1: start) and `before` (-1: end). */
  innovation(kind: LayerGene['kind'], after: number, before: number): number {
    const key = `${kind}:${after}-${before}`;
    let number = this.numbers.get(key);
    if (number === undefined) {
      number = this.numbers.size;
      this.numbers.set(key, number);
    }
    return number;
  }
}

export function genomeToArchitecture(genome: NeatGenome): MacroArchitecture {
  const convLayers = [];
  const denseUnits = [];
  for (const gene of genome.genes) {
    if (gene.kind === 'conv') convLayers.push({ filters: gene.filters, kernelSize: gene.kernelSize });
    else denseUnits.push(gene.units);
  }
  return { inputSize: genome.inputSize, convLayers, denseUnits };
}

/** A genome for a sampled architecture; each layer's innovation follows from the layers before it. */
export function architectureToGenome(architecture: MacroArchitecture, history: InnovationHistory): NeatGenome {
  const genes: LayerGene[] = [];
  let previous = -1;
  for (const layer of architecture.convLayers) {
    previous = history.innovation('conv', previous, -1);
    genes.push({ innovation: previous, kind: 'conv', ...layer });
  }
  for (const units of architecture.denseUnits) {
    previous = history.innovation('dense', previous, -1);
    genes.push({ innovation: previous, kind: 'dense', units });
  }
  return { inputSize: architecture.inputSize, genes };
}

/** Fraction of a matching pair's parameters that differ (0, 0.5 or 1). */
function parameterDifference(a: LayerGene, b: LayerGene): number {
  if (a.kind === 'conv' && b.kind === 'conv') {
    return ((a.filters !== b.filters ? 1 : 0) + (a.kernelSize !== b.kernelSize ? 1 : 0)) / 2;
  }
  return a.kind === 'dense' && b.kind === 'dense' && a.units === b.units ? 0 : 1;
}

/** NEAT's compatibility distance; the input size counts as one more matching parameter. */
export function compatibilityDistance(a: NeatGenome, b: NeatGenome, c: CompatibilityCoefficients): number {
  const byInnovation = new Map(b.genes.map((gene) => [gene.innovation, gene]));
  const ownInnovations = new Set(a.genes.map((gene) => gene.innovation));
  const maxA = Math.max(-1, ...ownInnovations);
  const maxB = Math.max(-1, ...byInnovation.keys());
  let excess = 0;
  let disjoint = 0;
  let difference = a.inputSize !== b.inputSize ? 1 : 0;
  let matching = 1;
  for (const gene of a.genes) {
    const other = byInnovation.get(gene.innovation);
    if (other) {
      difference += parameterDifference(gene, other);
      matching++;
    } else if (gene.innovation > maxB) excess++;
    else disjoint++;
  }
  for (const gene of b.genes) {
    if (ownInnovations.has(gene.innovation)) continue;
    if (gene.innovation > maxA) excess++;
    else disjoint++;
  }
  // NEAT uses N = 1 for small genomes; ours have at most a handful of layers.
  return c.excess * excess + c.disjoint * disjoint + c.parameters * (difference / matching);
}

/**
 * NEAT crossover: the child has the fitter parent's genes in its order; a gene the other parent
 * also has (same innovation) takes its parameters from either parent at random.
 */
export function crossoverGenomes(fitter: NeatGenome, other: NeatGenome, rng: Rng): NeatGenome {
  const byInnovation = new Map(other.genes.map((gene) => [gene.innovation, gene]));
  return {
    inputSize: rng.next() < 0.5 ? fitter.inputSize : other.inputSize,
    genes: fitter.genes.map((gene) => {
      const match = byInnovation.get(gene.innovation);
      return { ...(match && match.kind === gene.kind && rng.next() < 0.5 ? match : gene) };
    }),
  };
}

export interface GenomeMutationRates {
  /** Probability of an add-layer mutation (default 0.2). */
  addLayer: number;
  /** Probability of a remove-layer mutation (default 0.2); otherwise one parameter changes. */
  removeLayer: number;
}

/** One structural (add/remove layer) or parametric mutation, within the space's limits. */
export function mutateGenome(
  genome: NeatGenome,
  space: MacroSearchSpace,
  history: InnovationHistory,
  rates: GenomeMutationRates,
  rng: Rng,
): NeatGenome {
  const { convLayers, denseLayers, filters, kernelSizes, denseUnits, inputSizes } = space.options;
  const genes = genome.genes.map((gene) => ({ ...gene }));
  const convCount = genes.filter((gene) => gene.kind === 'conv').length;
  const denseCount = genes.length - convCount;
  const roll = rng.next();
  if (roll < rates.addLayer) {
    const kinds = [
      ...(convCount < convLayers[1] ? (['conv'] as const) : []),
      ...(denseCount < denseLayers[1] ? (['dense'] as const) : []),
    ];
    if (kinds.length > 0) {
      const kind = rng.choice(kinds);
      // Insert among the genes of its kind: position 0 of the convs, or anywhere up to the end.
      const low = kind === 'conv' ? 0 : convCount;
      const high = kind === 'conv' ? convCount : genes.length;
      const at = rng.int(low, high);
      const innovation = history.innovation(kind, genes[at - 1]?.innovation ?? -1, genes[at]?.innovation ?? -1);
      const gene: LayerGene =
        kind === 'conv'
          ? { innovation, kind, filters: rng.choice(filters), kernelSize: rng.choice(kernelSizes) }
          : { innovation, kind, units: rng.choice(denseUnits) };
      if (!genes.some((existing) => existing.innovation === innovation)) {
        genes.splice(at, 0, gene);
        return { inputSize: genome.inputSize, genes };
      }
    }
  } else if (roll < rates.addLayer + rates.removeLayer) {
    const removable = genes
      .map((gene, index) => ({ gene, index }))
      .filter(({ gene }) => (gene.kind === 'conv' ? convCount > convLayers[0] : denseCount > denseLayers[0]));
    if (removable.length > 0) {
      genes.splice(rng.choice(removable).index, 1);
      return { inputSize: genome.inputSize, genes };
    }
  }
  return mutateParameter({ inputSize: genome.inputSize, genes }, { inputSizes, filters, kernelSizes, denseUnits }, rng);
}

function mutateParameter(
  genome: NeatGenome,
  choices: { inputSizes: number[]; filters: number[]; kernelSizes: number[]; denseUnits: number[] },
  rng: Rng,
): NeatGenome {
  const other = (values: number[], current: number) => {
    const rest = values.filter((value) => value !== current);
    return rest.length > 0 ? rng.choice(rest) : current;
  };
  const target = rng.int(-1, genome.genes.length - 1);
  if (target < 0) return { ...genome, inputSize: other(choices.inputSizes, genome.inputSize) };
  const gene = genome.genes[target];
  if (gene.kind === 'dense') gene.units = other(choices.denseUnits, gene.units);
  else if (rng.next() < 0.5) gene.filters = other(choices.filters, gene.filters);
  else gene.kernelSize = other(choices.kernelSizes, gene.kernelSize);
  return genome;
}
