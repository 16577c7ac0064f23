// Q4: @hw7/stylegan-blocks' demo generator (mapping network of 4 equalised dense layers, z = w = 64;
// synthesis network 4x4 -> 32x32 with channels [64, 64, 32, 16], noise and AdaIN) against the
// demo's discriminator (three stride-2 3x3 convs with LeakyReLU, dense 1), batch 32: one
// discriminator update with the logistic loss and the R1 penalty (gamma 5, every step), then one
// generator update, both with style mixing at a fixed crossover and Adam(1e-3, 0, 0.99).
import {
  createDemoDiscriminator,
  createMappingNetwork,
  mixStyles,
  r1Penalty,
  SynthesisNetwork,
} from '@hw7/stylegan-blocks';
import { AdamW, tf } from '@hw7/tensor-utils';
import { type Inputs, layerVariables, minimizeValue, type ZooModel } from '../zoo.js';

const R1_GAMMA = 5;
const CROSSOVER = 4;

function sizes(scale: 'bench' | 'fixture') {
  return scale === 'bench'
    ? { zDim: 64, channels: [64, 64, 32, 16], discriminatorBase: 32 }
    : { zDim: 16, channels: [8, 8, 8, 8], discriminatorBase: 4 };
}

export const stylegan: ZooModel = {
  name: 'stylegan',
  description: 'StyleGAN mapping + synthesis, D step with R1 + G step',
  batch: 32,
  fixtureBatch: 4,
  inputs({ scale, batch }) {
    const { zDim, channels } = sizes(scale);
    const latent = { shape: [batch, zDim], kind: 'normal' as const };
    const noise = Object.fromEntries(
      channels.flatMap((_, block) =>
        [0, 1].map((layer) => {
          const side = 4 * 2 ** block;
          return [`noise${block}${layer}`, { shape: [batch, side, side, 1], kind: 'normal' as const }];
        }),
      ),
    );
    return {
      real: { shape: [batch, 32, 32, 1], kind: 'uniform' },
      discZ1: latent,
      discZ2: latent,
      genZ1: latent,
      genZ2: latent,
      ...noise,
    };
  },
  create({ scale }) {
    const { zDim, channels, discriminatorBase } = sizes(scale);
    const mapping = createMappingNetwork({ zDim, hiddenDim: zDim, wDim: zDim, numLayers: 4 });
    const synthesis = new SynthesisNetwork({ channels, imageChannels: 1 });
    const disc = createDemoDiscriminator(discriminatorBase);
    const generate = (z1: tf.Tensor, z2: tf.Tensor, inputs: Inputs) => {
      const w1 = mapping.apply(z1) as tf.Tensor;
      const w2 = mapping.apply(z2) as tf.Tensor;
      const noise = channels.map(
        (_, block) => [inputs[`noise${block}0`], inputs[`noise${block}1`]] as [tf.Tensor4D, tf.Tensor4D],
      );
      return synthesis.apply(mixStyles([w1, w2], synthesis.numLayers, { crossover: CROSSOVER }), noise);
    };
    // Builds the synthesis layers, so that their variables exist.
    tf.tidy(() => {
      const z = tf.zeros([1, zDim]);
      generate(
        z,
        z,
        Object.fromEntries(
          channels.flatMap((_, b) => [0, 1].map((l) => [`noise${b}${l}`, tf.zeros([1, 4 * 2 ** b, 4 * 2 ** b, 1])])),
        ),
      );
    });
    const genVariables = layerVariables(mapping, synthesis);
    const discVariables = layerVariables(disc);
    const adam = () => new AdamW({ learningRate: 1e-3, beta1: 0, beta2: 0.99, weightDecay: 0 });
    const genOptimizer = adam();
    const discOptimizer = adam();
    const score = (images: tf.Tensor) => disc.apply(images) as tf.Tensor;
    return {
      variables: [...genVariables, ...discVariables],
      step(inputs: Inputs) {
        const real = inputs.real as tf.Tensor4D;
        const fake = tf.tidy(() => generate(inputs.discZ1 as tf.Tensor, inputs.discZ2 as tf.Tensor, inputs));
        const discLoss = minimizeValue(
          discOptimizer,
          () => {
            const logistic = tf.add(tf.mean(tf.softplus(score(fake))), tf.mean(tf.softplus(tf.neg(score(real)))));
            return tf.add(
              logistic,
              r1Penalty((x) => score(x), real, R1_GAMMA),
            ) as tf.Scalar;
          },
          discVariables,
        );
        fake.dispose();
        const genLoss = minimizeValue(
          genOptimizer,
          () =>
            tf.mean(
              tf.softplus(tf.neg(score(generate(inputs.genZ1 as tf.Tensor, inputs.genZ2 as tf.Tensor, inputs)))),
            ) as tf.Scalar,
          genVariables,
        );
        return [discLoss, genLoss];
      },
      dispose() {
        mapping.dispose();
        for (const layer of synthesis.layers) for (const weight of layer.weights) weight.dispose();
        disc.dispose();
        genOptimizer.dispose();
        discOptimizer.dispose();
      },
    };
  },
};
