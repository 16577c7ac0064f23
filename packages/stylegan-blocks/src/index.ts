// @hw7/stylegan-blocks: StyleGAN's generator parts (Karras et al. 2019) as TensorFlow.js layers and
// functions, following NVlabs' networks_stylegan.py.
export { AdaIN, type AdaINArgs, adaIN } from './adain.js';
export { ClassicGenerator, type ClassicGeneratorOptions } from './classic-generator.js';
export { ConstantInput, type ConstantInputArgs } from './constant-input.js';
export {
  createDemoDiscriminator,
  runStyleMixingDemo,
  type StyleMixingDemoOptions,
  type StyleMixingDemoResult,
} from './demo.js';
export { EqualizedConv2d, type EqualizedConv2dArgs } from './equalized-conv2d.js';
export { EqualizedDense, type EqualizedDenseArgs } from './equalized-dense.js';
export {
  type LinearSeparability,
  type LinearSeparabilityOptions,
  linearSeparability,
  type PerceptualPathLength,
  type PerceptualPathLengthOptions,
  perceptualPathLength,
} from './latent-metrics.js';
export { createMappingNetwork, type MappingNetworkOptions } from './mapping-network.js';
export { NoiseInjection, type NoiseInjectionArgs } from './noise-injection.js';
export { PixelNorm, type PixelNormArgs, pixelNorm } from './pixel-norm.js';
export { r1Penalty } from './r1-penalty.js';
export { StyleAffine, type StyleAffineArgs, styleAffine } from './style-affine.js';
export { type CrossoverOptions, chooseCrossover, type MixStylesOptions, mixStyles } from './style-mixing.js';
export { type BlockNoise, SynthesisBlock, type SynthesisBlockOptions } from './synthesis-block.js';
export { SynthesisNetwork, type SynthesisNetworkOptions } from './synthesis-network.js';
export {
  createGeneratorNetworks,
  type GeneratorConfig,
  type GeneratorKind,
  type GeneratorNetworks,
  generatorWeights,
  loadGenerator,
  saveGenerator,
  type TrainedGenerator,
} from './trained-generator.js';
export { truncate } from './truncation.js';
export { upsampleNearest } from './upsample.js';
export { WAverage } from './w-average.js';
