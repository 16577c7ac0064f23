// Q5's sub-question (the CycleGAN listing's mistakes and the correct loss) answered from the run.
import type { Q5Metrics } from '../questions/q5-cyclegan.js';
import type { Question } from '../questions/question.js';
import type { SubQuestion } from './answer.js';
import { cite, int, join as joinProse, math, num, p, paper, pct } from './prose.js';

const q5: SubQuestion<Q5Metrics> = {
  id: 'q5',
  asks: 'The listing is meant to compute CycleGAN’s generator loss: the adversarial loss plus λ times the cycle-consistency loss. It contains mistakes. Name each one, say what it does to training, and give the correct loss.',
  method: [
    p`CycleGAN${cite('cyclegan')} trains two generators, ${math('G: A → B')} and ${math('F: B → A')}, against two discriminators. The generators’ objective is ${math('L = L_GAN(G, D_B) + L_GAN(F, D_A) + λ (E‖F(G(a)) − a‖₁ + E‖G(F(b)) − b‖₁)')} with ${math('λ =')} ${paper(10)}; the official code adds an identity term weighted ${paper(0.5)}${math('λ')} and uses the least-squares adversarial loss ${math('mean((D(G(a)) − 1)²)')}${cite('lsgan')}. Each term is a mean over the batch (and over PatchGAN positions), so the total is one scalar that autograd differentiates.`,
    p`The listing has four mistakes. First, ${math('cycle_consistency_loss(genAB, genBA, realAB)')} feeds ${math('realAB')}, not the domain-A batch ${math('realA')} that ${math('genAB')} translates: B images go through ${math('genAB')} as if they were A images. Second, only one direction of the cycle (and only ${math('G')}’s adversarial term) is there: ${math('‖G(F(b)) − b‖₁')} and ${math('F')}’s adversarial loss are missing, so ${math('F')} is never trained to produce A images and ${math('G ∘ F')} is never asked to be the identity. Third, ${math('-log(discriminator_output)')} takes the log of raw discriminator scores (logits): without a sigmoid it is NaN for every negative score and meaningless otherwise, and without a mean it returns one value per image and patch instead of a loss (PyTorch’s ${math('backward()')} refuses a non-scalar). Fourth, ${math('np.mean(math.abs(...))')}: ${math('math.abs')} does not take a tensor, and even with ${math('torch.abs')}, ${math('np.mean')} turns the value into a NumPy number outside autograd, so the cycle term adds a constant and no gradient.`,
    p`The fix, as the package implements it: ${math('loss_G = adv(D_B(G(a))) + adv(D_A(F(b))) + λ (mean|F(G(a)) − a| + mean|G(F(b)) − b|) + ½λ (mean|F(a) − a| + mean|G(b) − b|)')}, with ${math('adv')} the least-squares loss or binary cross-entropy on the logits (${math('max(x, 0) − x + log(1 + e^(−|x|))')}, finite for any score), every term a tensor mean.`,
  ],
  answer: ({ metrics: { listing, training } }) => ({
    evidence: [
      p`On the same freshly initialised networks and ${int(listing.batch)} digits per domain, the listing’s ${math('-log(D_B(G(a)))')} returns ${int(listing.adversarialValues)} values, not one loss, and ${pct(listing.adversarialNanShare)} of them are NaN (negative raw scores); the fixed adversarial loss on the same scores is one finite number: ${num(listing.fixedAdversarialLsgan)} (least squares) or ${num(listing.fixedAdversarialBce)} (BCE on logits).`,
      p`The cycle term the listing keeps, on ${math('realAB')}, is ${num(listing.cycleOnRealAB)}; the correct two directions are ${num(listing.cycleA)} (${math('A → B → A')}) and ${num(listing.cycleB)} (${math('B → A → B')}), the second one absent from the listing. Computed in autograd the cycle term sends a gradient of norm ${num(listing.cycleGradientNorm)} to the generators’ weights; computed as the listing does, outside autograd, the norm is ${num(listing.cycleGradientNormOutsideAutograd)}.`,
      p`Trained with the fixed loss for ${int(training.steps)} steps, the generators’ total ended at ${num(training.generatorLosses.at(-1) ?? Number.NaN)} and the discriminators’ at ${num(training.discriminatorLosses.at(-1) ?? Number.NaN)}; the grid shows ${math('G(A)')}, ${math('F(G(A))')}, ${math('F(B)')} and ${math('G(F(B))')}.`,
    ],
    conclusion: joinProse(
      listing.adversarialNanShare > 0
        ? p`The listing cannot train: its adversarial term is a map with NaN entries rather than a loss, and its cycle term gives no gradient. `
        : p`In this draw no raw score was negative, so the listing’s adversarial map has no NaN, but it is still a map rather than a loss, and its cycle term gives no gradient. `,
      (training.generatorLosses.at(-1) ?? Number.POSITIVE_INFINITY) < (training.generatorLosses[0] ?? 0)
        ? p`With the fixes (both directions on the right images, a numerically safe adversarial loss, every term a tensor mean) the same networks train: the generators’ loss fell from ${num(training.generatorLosses[0] ?? Number.NaN, 2)} to ${num(training.generatorLosses.at(-1) ?? Number.NaN, 2)}, and the grid shows the translation being learnt.`
        : p`With the fixes the losses are finite scalars with gradients, but in this short run the generators’ loss did not fall (from ${num(training.generatorLosses[0] ?? Number.NaN, 2)} to ${num(training.generatorLosses.at(-1) ?? Number.NaN, 2)}); the full profile trains longer.`,
    ),
    tables: ['listing', 'training'],
    figures: ['translations', 'losses'],
  }),
  deviations: [
    p`The homework names no data set; we translate MNIST digits to inverted digits (small, unpaired halves of the training split) so the run takes seconds, and use small ResNet generators.`,
  ],
};

export const q5Answers: Pick<Question<Q5Metrics>, 'subQuestions' | 'headline' | 'references'> = {
  subQuestions: [q5],
  headline: ({ listing }) =>
    p`The listing’s adversarial term is a map (${pct(listing.adversarialNanShare)} NaN here), its cycle loss misses a direction and gives no gradient; the fixed loss trains.`,
  references: [
    {
      key: 'cyclegan',
      text: 'J.-Y. Zhu, T. Park, P. Isola, A. A. Efros. Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial Networks. ICCV 2017; official code: github.com/junyanz/pytorch-CycleGAN-and-pix2pix.',
    },
    {
      key: 'lsgan',
      text: 'X. Mao, Q. Li, H. Xie, R. Y. K. Lau, Z. Wang, S. P. Smolley. Least Squares Generative Adversarial Networks. ICCV 2017.',
    },
  ],
};
