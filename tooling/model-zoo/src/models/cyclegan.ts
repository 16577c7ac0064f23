// Q5: @hw7/cyclegan-loss' demo networks (ResNet generators with instance normalisation, 8 filters,
// 2 residual blocks; PatchGAN discriminators) on 28x28 images, batch 8: one generator update of G
// and F with the package's full objective (least-squares adversarial terms, cycle consistency x10,
// identity x5), then one discriminator update of D_A and D_B on those fakes (no image pool, whose
// random draws PyTorch could not replay); Adam(2e-4, 0.5, 0.999) as the official code.
import { discriminatorAdversarialLoss, generatorLoss, patchDiscriminator, resnetGenerator } from '@hw7/cyclegan-loss';
import { AdamW, tf } from '@hw7/tensor-utils';
import { type Inputs, layerVariables, minimizeValue, type ZooModel } from '../zoo.js';

export const cyclegan: ZooModel = {
  name: 'cyclegan',
  description: 'CycleGAN ResNet generators (instance norm) + PatchGAN, G step + D step',
  batch: 8,
  fixtureBatch: 2,
  imageSize: 28,
  inputs: ({ batch, imageSize }) => ({
    realA: { shape: [batch, imageSize, imageSize, 1], kind: 'uniform' },
    realB: { shape: [batch, imageSize, imageSize, 1], kind: 'uniform' },
  }),
  create({ scale, imageSize }) {
    const filters = scale === 'bench' ? 8 : 4;
    const generator = (name: string) => resnetGenerator({ size: imageSize, filters, blocks: 2, name });
    const discriminator = (name: string) => patchDiscriminator({ size: imageSize, filters, name });
    const [g, f, dA, dB] = [generator('G'), generator('F'), discriminator('D_A'), discriminator('D_B')];
    const genVariables = layerVariables(g, f);
    const discVariables = layerVariables(dA, dB);
    const adam = () => new AdamW({ learningRate: 2e-4, beta1: 0.5, beta2: 0.999, weightDecay: 0 });
    const genOptimizer = adam();
    const discOptimizer = adam();
    const run = (model: tf.LayersModel, x: tf.Tensor) => model.apply(x) as tf.Tensor4D;
    return {
      variables: [...genVariables, ...discVariables],
      step(inputs: Inputs) {
        const realA = inputs.realA as tf.Tensor4D;
        const realB = inputs.realB as tf.Tensor4D;
        let fakeA: tf.Tensor | undefined;
        let fakeB: tf.Tensor | undefined;
        const genLoss = minimizeValue(
          genOptimizer,
          () => {
            const fB = run(g, realA);
            const fA = run(f, realB);
            fakeB = tf.keep(fB.clone());
            fakeA = tf.keep(fA.clone());
            return generatorLoss({
              predictionOnFakeB: run(dB, fB),
              predictionOnFakeA: run(dA, fA),
              realA,
              recoveredA: run(f, fB),
              realB,
              recoveredB: run(g, fA),
              identityA: run(f, realA),
              identityB: run(g, realB),
            }).total;
          },
          genVariables,
        );
        const [a, b] = [fakeA as tf.Tensor, fakeB as tf.Tensor];
        const discLoss = minimizeValue(
          discOptimizer,
          () =>
            tf.add(
              discriminatorAdversarialLoss({ realPrediction: run(dA, realA), fakePrediction: run(dA, a) }),
              discriminatorAdversarialLoss({ realPrediction: run(dB, realB), fakePrediction: run(dB, b) }),
            ) as tf.Scalar,
          discVariables,
        );
        tf.dispose([a, b]);
        return [genLoss, discLoss];
      },
      dispose() {
        for (const model of [g, f, dA, dB]) model.dispose();
        genOptimizer.dispose();
        discOptimizer.dispose();
      },
    };
  },
};
