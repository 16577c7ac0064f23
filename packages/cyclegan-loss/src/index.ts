// @hw7/cyclegan-loss: CycleGAN's losses as in Zhu et al. 2017 and the official PyTorch code, on
// TensorFlow.js through @hw7/tensor-utils.
export {
  type AdversarialOptions,
  adversarialLoss,
  type DiscriminatorPredictions,
  discriminatorAdversarialLoss,
  GAN_MODES,
  type GanMode,
  generatorAdversarialLoss,
} from './adversarial-loss.js';
export {
  type CycleImages,
  type CycleLossParts,
  cycleConsistencyLoss,
  cycleConsistencyLossParts,
} from './cycle-consistency-loss.js';
export { type CycleGanDemoOptions, runCycleGanDemo } from './demo.js';
export { type GeneratorLoss, type GeneratorLossInputs, generatorLoss } from './generator-loss.js';
export { type IdentityImages, type IdentityLossParts, identityLoss, identityLossParts } from './identity-loss.js';
export { ImagePool, type ImagePoolOptions } from './image-pool.js';
export { InstanceNormalization, type InstanceNormalizationArgs, instanceNormalization } from './instance-norm.js';
export {
  type PatchDiscriminatorOptions,
  patchDiscriminator,
  type ResnetGeneratorOptions,
  resnetGenerator,
} from './models.js';
