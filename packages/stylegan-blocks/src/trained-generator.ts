// A trained generator saved to a directory and loaded back: the style-based one (mapping network +
// SynthesisNetwork + the tracked average of w) or the classic one (z into the first layer). Saved as
// `generator.json` (configuration, weight names and shapes, the average of w) and `generator.bin`
// (float32 values in that order), both written atomically. Loaded, either kind offers the same
// interface: `latent(z)` (w for the style-based generator, z itself for the classic one) and
// `synthesize(latent)`, which is what latent-space metrics need.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf, writeFileAtomic } from '@hw7/tensor-utils';
import { ClassicGenerator } from './classic-generator.js';
import { createMappingNetwork } from './mapping-network.js';
import { mixStyles } from './style-mixing.js';
import type { BlockNoise } from './synthesis-block.js';
import { SynthesisNetwork } from './synthesis-network.js';
import { truncate } from './truncation.js';

export type GeneratorKind = 'style' | 'classic';

export interface GeneratorConfig {
  kind: GeneratorKind;
  zDim: number;
  /** Size of w and of the mapping network's hidden layers (style only). */
  wDim: number;
  /** Dense layers of the mapping network (style only). */
  mappingLayers: number;
  /** Channels of the 4x4, 8x8, ... blocks. */
  channels: number[];
  imageChannels: number;
}

/** The networks of a generator: the classic one, or the mapping and synthesis networks. */
export type GeneratorNetworks =
  | { classic: ClassicGenerator; mapping?: undefined; synthesis?: undefined }
  | { classic?: undefined; mapping: tf.Sequential; synthesis: SynthesisNetwork };

/** The networks of a generator of `config` (weights not built yet). */
export function createGeneratorNetworks(config: GeneratorConfig, seed = 0): GeneratorNetworks {
  if (config.kind === 'classic') {
    return {
      classic: new ClassicGenerator({
        zDim: config.zDim,
        channels: config.channels,
        imageChannels: config.imageChannels,
      }),
    };
  }
  return {
    mapping: createMappingNetwork({
      zDim: config.zDim,
      hiddenDim: config.wDim,
      wDim: config.wDim,
      numLayers: config.mappingLayers,
    }),
    synthesis: new SynthesisNetwork({ channels: config.channels, imageChannels: config.imageChannels, seed }),
  };
}

/** Builds every weight of the networks with one forward pass (layers create their weights lazily). */
function buildWeights(networks: GeneratorNetworks, zDim: number): void {
  tf.tidy(() => {
    const z = tf.zeros([1, zDim]);
    if (networks.classic) networks.classic.apply(z);
    else networks.synthesis.apply(mixStyles([networks.mapping.apply(z) as tf.Tensor], networks.synthesis.numLayers));
  });
}

/** Every weight of the networks, in the order they are saved. */
export function generatorWeights(networks: GeneratorNetworks): tf.LayerVariable[] {
  if (networks.classic) return networks.classic.layers.flatMap((layer) => layer.weights);
  return [...networks.mapping.weights, ...networks.synthesis.layers.flatMap((layer) => layer.weights)];
}

interface SavedGenerator {
  format: 'hw7-stylegan-generator';
  config: GeneratorConfig;
  weights: Array<{ name: string; shape: number[] }>;
  /** The tracked average of w (style only), for the truncation trick. */
  wAverage?: number[];
  /** Anything the trainer wants to record (steps, seed, command). */
  info?: Record<string, unknown>;
}

/** Saves the generator's weights (and the average of w) into `directory`. */
export async function saveGenerator(
  directory: string,
  config: GeneratorConfig,
  networks: GeneratorNetworks,
  { wAverage, info }: { wAverage?: tf.Tensor; info?: Record<string, unknown> } = {},
): Promise<void> {
  buildWeights(networks, config.zDim);
  const weights = generatorWeights(networks);
  const values = weights.map((weight) => weight.read().dataSync() as Float32Array);
  const bytes = new Float32Array(values.reduce((sum, value) => sum + value.length, 0));
  let offset = 0;
  for (const value of values) {
    bytes.set(value, offset);
    offset += value.length;
  }
  const saved: SavedGenerator = {
    format: 'hw7-stylegan-generator',
    config,
    weights: weights.map((weight) => ({ name: weight.originalName, shape: weight.shape as number[] })),
    ...(wAverage && { wAverage: Array.from(wAverage.dataSync()) }),
    ...(info && { info }),
  };
  await mkdir(directory, { recursive: true });
  await writeFileAtomic(join(directory, 'generator.bin'), Buffer.from(bytes.buffer));
  await writeFileAtomic(join(directory, 'generator.json'), `${JSON.stringify(saved, null, 2)}\n`);
}

/** A generator loaded from a directory: either kind behind one interface. */
export interface TrainedGenerator {
  readonly config: GeneratorConfig;
  readonly info: Record<string, unknown>;
  /** What the synthesis reads, [N, dim]: w = mapping(z) for the style-based generator, z for the classic one. */
  latent(z: tf.Tensor2D): tf.Tensor2D;
  /**
   * Images [N, R, R, C] in [-1, 1] (roughly) from latents. The style-based generator feeds every
   * layer the same w, with noise drawn from `noiseSeed` (the same seed gives the same noise), and
   * truncates w towards its average by `psi` (default 1: no truncation).
   */
  synthesize(latent: tf.Tensor2D, options?: { noiseSeed?: number; psi?: number }): tf.Tensor4D;
  /** Style mixing: layers below `crossover` take `coarse`'s w, the others `fine`'s (style only). */
  mix(
    coarse: tf.Tensor2D,
    fine: tf.Tensor2D,
    crossover: number,
    options?: { noiseSeed?: number; psi?: number },
  ): tf.Tensor4D;
  /** Parameters of the generator. */
  readonly parameterCount: number;
  dispose(): void;
}

/** Fixed noise for every block from `seed` (offset by 1: tfjs treats a seed of 0 as none). */
function noiseFor(synthesis: SynthesisNetwork, n: number, seed: number): BlockNoise[] {
  return synthesis.blocks.map((_, i) => {
    const size = 4 * 2 ** i;
    const one = (k: number) =>
      tf.tile(tf.randomNormal([1, size, size, 1], 0, 1, 'float32', seed + 2 * i + k + 1), [n, 1, 1, 1]) as tf.Tensor4D;
    return [one(0), one(1)];
  });
}

/** Loads a generator saved by `saveGenerator` (or by the demo's `saveGenerator` option). */
export async function loadGenerator(directory: string): Promise<TrainedGenerator> {
  const jsonPath = join(directory, 'generator.json');
  let saved: SavedGenerator;
  try {
    saved = JSON.parse(await readFile(jsonPath, 'utf8')) as SavedGenerator;
  } catch (error) {
    throw new Error(`loadGenerator: cannot read ${jsonPath}: ${error instanceof Error ? error.message : error}`);
  }
  if (saved.format !== 'hw7-stylegan-generator') {
    throw new Error(`loadGenerator: ${jsonPath} is not a saved generator (format ${String(saved.format)})`);
  }
  const binary = await readFile(join(directory, 'generator.bin'));
  const values = new Float32Array(binary.buffer, binary.byteOffset, binary.byteLength / 4);
  const { config } = saved;
  const networks = createGeneratorNetworks(config);
  // Build every weight, then assign the saved values in order.
  buildWeights(networks, config.zDim);
  const weights = generatorWeights(networks);
  const expected = saved.weights.reduce((sum, { shape }) => sum + shape.reduce((a, b) => a * b, 1), 0);
  if (weights.length !== saved.weights.length || values.length !== expected) {
    throw new Error(
      `loadGenerator: ${directory} holds ${saved.weights.length} weights (${values.length} values) but a ${config.kind} generator of this configuration has ${weights.length}`,
    );
  }
  let offset = 0;
  weights.forEach((weight, i) => {
    const { shape } = saved.weights[i] as { shape: number[] };
    if (shape.join('x') !== (weight.shape as number[]).join('x')) {
      throw new Error(`loadGenerator: weight ${i} (${weight.originalName}) has shape ${weight.shape}, saved ${shape}`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    tf.tidy(() => {
      weight.write(tf.tensor(values.subarray(offset, offset + size), shape));
    });
    offset += size;
  });
  const wAverage = saved.wAverage ? tf.tensor1d(saved.wAverage) : undefined;
  const parameterCount = saved.weights.reduce((sum, { shape }) => sum + shape.reduce((a, b) => a * b, 1), 0);
  const { classic, mapping, synthesis } = networks;
  /** Synthesis from one w per source (truncated towards the average by psi), mixed at `crossover`. */
  const styled = (latents: tf.Tensor2D[], crossover: number | undefined, { noiseSeed = 0, psi = 1 } = {}) => {
    const s = synthesis as SynthesisNetwork;
    const ws = latents.map((w) => (psi === 1 || wAverage === undefined ? w : truncate(w, wAverage, psi)));
    const n = latents[0]?.shape[0] as number;
    return s.apply(mixStyles(ws, s.numLayers, crossover === undefined ? {} : { crossover }), noiseFor(s, n, noiseSeed));
  };
  return {
    config,
    info: saved.info ?? {},
    parameterCount,
    latent: (z) => tf.tidy(() => (classic ? tf.clone(z) : ((mapping as tf.Sequential).apply(z) as tf.Tensor2D))),
    synthesize: (latent, options) =>
      tf.tidy(() => {
        if (classic) return classic.apply(latent);
        return styled([latent], undefined, options);
      }),
    mix: (coarse, fine, crossover, options) =>
      tf.tidy(() => {
        if (classic) throw new Error('mix: the classic generator has no styles to mix');
        return styled([coarse, fine], crossover, options);
      }),
    dispose: () => {
      wAverage?.dispose();
      if (classic) classic.dispose();
      else {
        mapping?.dispose();
        for (const layer of (synthesis as SynthesisNetwork).layers)
          for (const weight of layer.weights) weight.dispose();
      }
    },
  };
}
