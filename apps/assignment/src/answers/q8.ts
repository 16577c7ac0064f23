// Q8's sub-question (the conditional DCGAN: blocks, inputs, loss, and what the loss curves show)
// answered from the run.
import type { Q8Metrics } from '../questions/q8-cgan.js';
import type { Question } from '../questions/question.js';
import type { SubQuestion } from './answer.js';
import { cite, int, join as joinProse, math, num, p, paper, pct } from './prose.js';

/** The BCE of a discriminator that cannot tell real from fake (outputs 1/2): the game's equilibrium. */
const LN2 = Math.log(2);

const q8: SubQuestion<Q8Metrics> = {
  id: 'q8',
  asks: 'Complete the conditional DCGAN for MNIST: the generator block (transposed convolution, batch norm, ReLU; tanh in the last) and the discriminator block (convolution, batch norm, LeakyReLU 0.2; none in the last), one-hot class vectors, the concatenation of noise and class vector, the generator’s input size and the discriminator’s input channels, the BCE-with-logits loss and the conditional inputs in the training loop. Train it and explain the loss curves.',
  method: [
    p`A conditional GAN${cite('cgan')} gives both networks the class: the generator gets ${math('[z, one_hot(y)]')} (so its input size is ${math('z_dim + n_classes')}), the discriminator gets the image with ${math('n_classes')} extra channels, each a constant plane of the one-hot vector (so ${math('1 + n_classes')} input channels for MNIST). The networks are DCGAN’s${cite('dcgan')}: transposed convolutions with batch norm and ReLU up to a ${math('tanh')} output, convolutions with batch norm and LeakyReLU (slope ${paper(0.2, '0.2')}) down to one logit. ${math('BCEWithLogitsLoss')} applies the sigmoid inside the loss, which is numerically safe for any logit.`,
    p`Training alternates two steps: the discriminator minimises ${math('½ [BCE(D(G(z, y), y), 0) + BCE(D(x, y), 1)]')} with the fakes detached; the generator minimises ${math('BCE(D(G(z, y), y), 1)')}, the non-saturating loss${cite('gan')}. The two losses pull against each other, so neither goes to zero when training goes well: at the game’s equilibrium the discriminator outputs ${paper(0.5, '½')} everywhere and both BCE losses equal ${math('ln 2 ≈ 0.693')}. A discriminator loss falling towards zero with a rising generator loss means the discriminator has won (vanishing gradients); a flat generator loss with varied samples means the generator keeps up.`,
  ],
  answer: ({ metrics: m }) => {
    const dNearEquilibrium = Math.abs(m.late.discriminator - LN2) < 0.25;
    const dWon = m.late.discriminator < 0.2 && m.late.generator > 2;
    return {
      evidence: [
        p`The generator’s input is ${int(m.inputDimensions.generatorInputDim)} numbers and the discriminator’s input has ${int(m.inputDimensions.discriminatorImageChannels)} channels. Over ${int(m.steps)} steps of ${int(m.batchSize)} images${m.msPerStep === null ? p`` : p` (${num(m.msPerStep, 0)} ms each)`}, the discriminator’s loss went from ${num(m.early.discriminator, 3)} (mean of the first tenth) to ${num(m.late.discriminator, 3)} (last tenth) and the generator’s from ${num(m.early.generator, 3)} to ${num(m.late.generator, 3)}.`,
        p`A classifier with ${pct(m.classifierTestAccuracy, 2)} test accuracy labels ${pct(m.conditionalAccuracy)} of ${int(m.evaluationSamples)} generated digits as the class they were asked for (worst digit: ${int(m.perClassAccuracy.indexOf(Math.min(...m.perClassAccuracy)))} at ${pct(Math.min(...m.perClassAccuracy))}); the Fréchet distance between the classifier features of generated and real digits is ${num(m.frechetDistance, 1)}.`,
      ],
      conclusion: joinProse(
        dWon
          ? p`The discriminator won in this run: its loss fell towards zero while the generator’s rose, the failure the curves are there to catch. `
          : dNearEquilibrium
            ? p`The curves show the adversarial game rather than convergence to zero: the discriminator’s loss stays near ${math('ln 2')}, where it can barely tell real from fake, and the generator’s loss is bounded instead of exploding. `
            : p`Neither loss went to zero: the two networks keep pulling against each other, with the discriminator still ahead of the equilibrium value ${math('ln 2')}. `,
        m.conditionalAccuracy >= 0.9
          ? p`The class grid confirms it: the classifier recognises the requested digit almost every time.`
          : p`At this budget the generator is still learning: the class grid shows which digits are already drawn on request, and the full profile, with the homework’s settings, is what the homework’s training gives.`,
      ),
      tables: ['training', 'per-digit'],
      figures: ['class-grid', 'losses'],
    };
  },
  deviations: [
    p`The quick profile trains fewer steps on smaller batches than the homework’s full epochs (the settings are in the lab details): at the homework’s batch size the same time left the generator collapsed. The full profile uses the homework’s settings.`,
  ],
};

export const q8Answers: Pick<Question<Q8Metrics>, 'subQuestions' | 'headline' | 'references'> = {
  subQuestions: [q8],
  headline: (m) =>
    p`After ${int(m.steps)} steps the classifier recognises ${pct(m.conditionalAccuracy)} of generated digits as the class asked for; the losses circle each other instead of going to zero.`,
  references: [
    { key: 'gan', text: 'I. Goodfellow et al. Generative Adversarial Nets. NeurIPS 2014.' },
    { key: 'cgan', text: 'M. Mirza, S. Osindero. Conditional Generative Adversarial Nets. arXiv:1411.1784, 2014.' },
    {
      key: 'dcgan',
      text: 'A. Radford, L. Metz, S. Chintala. Unsupervised Representation Learning with Deep Convolutional GANs. ICLR 2016.',
    },
  ],
};
