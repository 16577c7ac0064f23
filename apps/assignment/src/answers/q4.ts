// Q4's sub-questions (mapping network, StyleGAN against a classic generator, AdaIN, the blocks A and
// B, style mixing) answered from the two generators' measurements.
import type { GeneratorScores, Q4Metrics } from '../questions/q4-stylegan.js';
import type { Question } from '../questions/question.js';
import type { Evidence, SubQuestion } from './answer.js';
import { HOMEWORK } from './homework-numbers.js';
import { cite, hw, int, join, math, num, type Prose, p, paper, pct, signed, small } from './prose.js';

const style = (m: Q4Metrics) => m.generators.find((g) => g.kind === 'style') as GeneratorScores;
const classic = (m: Q4Metrics) => m.generators.find((g) => g.kind === 'classic') as GeneratorScores;

/** Where the evaluated weights come from, said once per answer that uses them. */
function provenance(g: GeneratorScores): Prose {
  return g.shipped
    ? p`(weights shipped with the package, ${int(g.steps)} training steps each; this run trained both only briefly, see the lab details)`
    : p`(trained in this run, ${int(g.steps)} steps each)`;
}

const q4a: SubQuestion<Q4Metrics> = {
  id: 'q4a',
  asks: 'Describe StyleGAN’s mapping network: its architecture and what it adds to the generator.',
  method: [
    p`The mapping network${cite('stylegan')} is an MLP of ${hw(HOMEWORK.q4.mappingLayers)} fully connected layers (width ${paper(512)}, LeakyReLU, a learning rate ${paper(0.01, '100')} times smaller than the rest) that maps the normalised latent ${math('z ~ N(0, I)')} to an intermediate latent ${math('w ∈ W')}. A generator fed ${math('z')} directly must map a fixed Gaussian onto the data’s factors of variation; when some combination of factors is rare or absent in the data, that warps the space, and the factors become entangled. ${math('w')} is not tied to any fixed distribution: the mapping can “unwarp” it, so that moving along one direction changes one factor. ${math('w')} is then turned into per-layer styles, which is what gives control over the generated image.`,
  ],
  answer: ({ metrics: m }) => {
    const s = style(m);
    const fromZ = s.separabilityFromZ;
    const wMoreSeparable = fromZ !== undefined && s.separability.accuracy > fromZ.accuracy;
    return {
      evidence: [
        p`Our mapping network has ${int(m.mapping.layers)} layers, with ${math('z')} of size ${int(m.mapping.zDim)} and ${math('w')} of size ${int(m.mapping.wDim)} ${provenance(s)}. The paper measures disentanglement by how linearly a label of the image follows from the latent. For the same generator, a linear classifier predicts the digit (as a separate classifier labels it) with held-out accuracy ${num(s.separability.accuracy, 3)} from ${math('w')} and ${num(fromZ?.accuracy ?? Number.NaN, 3)} from ${math('z')} (cross-entropy ${num(s.separability.crossEntropy, 3)} against ${num(fromZ?.crossEntropy ?? Number.NaN, 3)} nats).`,
      ],
      conclusion: wMoreSeparable
        ? p`The digit is a more linear function of ${math('w')} than of ${math('z')}: the mapping network does the unwarping the paper describes, here with ${int(m.mapping.layers)} layers instead of ${hw(HOMEWORK.q4.mappingLayers)}.`
        : p`In this generator the digit is not more linear in ${math('w')} than in ${math('z')}: at this size and training the mapping did not unwarp the latent space measurably, so this run does not confirm the paper’s claim.`,
      tables: ['w-vs-z'],
    };
  },
  deviations: [
    p`Our mapping network is shorter and narrower than the paper’s (see the evidence) and the images are MNIST digits at ${paper(32)}×${paper(32)}, so that it trains on a CPU.`,
  ],
};

function comparison({ metrics: m }: Evidence<Q4Metrics>) {
  const s = style(m);
  const c = classic(m);
  return {
    s,
    c,
    betterFid: s.frechetDistance < c.frechetDistance,
    shorterPath: s.ppl.mean < c.ppl.mean,
    moreSeparable: s.separability.accuracy > c.separability.accuracy,
  };
}

const q4b: SubQuestion<Q4Metrics> = {
  id: 'q4b',
  asks: 'How does StyleGAN’s generator differ from a traditional generator that receives the latent vector directly at its input, and what does the difference bring?',
  method: [
    p`A traditional generator (DCGAN, progressive GAN) feeds ${math('z')} into its first layer and lets it flow through every convolution, so all attributes depend on ${math('z')} through the whole network. StyleGAN${cite('stylegan')} instead starts from a learned constant, maps ${math('z')} to ${math('w')}, and injects ${math('w')} into every layer as a style through AdaIN, with per-pixel noise beside it. Each layer’s style controls the attributes at its scale (pose and shape at low resolution, texture and colour at high resolution), which gives scale-specific control, style mixing, and a less entangled latent space; the paper reports lower FID and shorter perceptual paths for it.`,
    p`We measure it with two generators of the same synthesis capacity (the same convolution channels), trained with the same discriminator, loss, R1 penalty, optimiser and number of steps: the style-based one (mapping network, styles, noise) and a classic one (${math('z')} through an equalised dense layer into a ${paper(4)}×${paper(4)} map, then the same convolutions with pixel normalisation, as the paper’s baseline). Both are scored with an MNIST classifier: the Fréchet distance of its features between generated and real digits (quality and diversity, lower is better), the perceptual path length in its feature space (how abruptly images change along an interpolation, in ${math('W')} for the style-based generator and ${math('Z')} for the classic one, as the paper measures each; lower is smoother), and the linear separability of its labels from the latent.`,
  ],
  answer: (evidence) => {
    const { s, c, betterFid, shorterPath, moreSeparable } = comparison(evidence);
    const wins = [betterFid, shorterPath, moreSeparable].filter(Boolean).length;
    return {
      evidence: [
        p`Both generators ${provenance(s)}: Fréchet distance ${num(s.frechetDistance, 2)} (style-based) against ${num(c.frechetDistance, 2)} (classic); perceptual path length ${num(s.ppl.mean, 1)} in ${math('W')} against ${num(c.ppl.mean, 1)} in ${math('Z')} (medians ${num(s.ppl.median, 1)} and ${num(c.ppl.median, 1)}); linear separability of the digit ${num(s.separability.accuracy, 3)} against ${num(c.separability.accuracy, 3)}. The rarest digit makes up ${pct(Math.min(...s.classShares))} and ${pct(Math.min(...c.classShares))} of their samples; parameters: ${int(s.parameters)} and ${int(c.parameters)}.`,
      ],
      conclusion:
        wins === 3
          ? p`The style-based generator wins on all three measures: closer to real digits, smoother interpolations, and a latent space in which the digit is more linearly readable, as the paper found on faces.`
          : wins === 0
            ? p`The classic generator does as well or better on every measure here: at this scale and budget the style architecture’s advantages do not show, and this run does not confirm the paper’s comparison.`
            : join(
                p`Mixed at this scale: the style-based generator is ${betterFid ? p`closer to real digits` : p`further from real digits`}, ${shorterPath ? p`smoother` : p`less smooth`} along interpolations and ${moreSeparable ? p`more` : p`less`} linearly separable. `,
                p`What it always adds, whatever the scores, is control: per-layer styles (the style-mixing grid) and noise for stochastic detail, which a generator fed ${math('z')} at its input does not have.`,
              ),
      tables: ['comparison'],
      figures: ['comparison', 'samples-style', 'samples-classic'],
    };
  },
  deviations: [
    p`The homework asks for the difference in words; the measured comparison is ours. The feature space is an MNIST classifier’s instead of VGG16 / LPIPS, the separability measure a softmax regression over ten digits instead of SVMs over forty CelebA attributes, and the samples number thousands instead of the paper’s ${paper(100000, '100,000')}.`,
  ],
};

const q4c: SubQuestion<Q4Metrics> = {
  id: 'q4c',
  asks: 'What is AdaIN? Give its formula and explain how StyleGAN uses it.',
  method: [
    p`Adaptive instance normalisation${cite('adain')} normalises each channel of each sample’s feature map to zero mean and unit variance over its spatial positions, then scales and shifts it with values taken from the style: ${math('AdaIN(x_i, y) = y_(s,i) · (x_i − μ(x_i)) / σ(x_i) + y_(b,i)')}. Unlike batch or instance norm with learned but fixed parameters, the scale ${math('y_s')} and bias ${math('y_b')} change with every sample: in StyleGAN they are computed from ${math('w')} by the learned affine transform A for every layer. The normalisation erases the statistics the previous layer produced, so each style controls one layer only, until the next AdaIN overrides it: that locality is what makes styles scale-specific and style mixing possible.`,
  ],
  answer: ({ metrics: m }) => ({
    evidence: [
      p`On a feature map of ${int(m.adain.channels)} channels with random styles, the channel means after AdaIN differ from ${math('y_b')} by at most ${small(m.adain.meanGap)} and the channel standard deviations from ${math('|y_s|')} by at most ${small(m.adain.stdGap)}: whatever statistics the input had, the output carries the style’s.`,
    ],
    conclusion:
      m.adain.meanGap < 1e-3 && m.adain.stdGap < 1e-3
        ? p`AdaIN replaces each channel’s mean and spread by the ones the style dictates; the style-mixing grid under Q4e shows the consequence, one layer group’s styles changing without undoing the others’.`
        : p`The output statistics do not match the style here, which would mean the normalisation is not what the formula says; the package’s tests against PyTorch are the place to look.`,
  }),
};

const q4d: SubQuestion<Q4Metrics> = {
  id: 'q4d',
  asks: 'In the figure of StyleGAN’s generator, what do the blocks marked A and B do?',
  method: [
    p`A is a learned affine transform (a dense layer) per AdaIN layer that turns ${math('w')} into that layer’s style ${math('y = (y_s, y_b)')}, one scale and one bias per channel: it specialises the one ${math('w')} into what each layer needs. B adds noise: a single-channel image of Gaussian noise, broadcast to every channel with a learned per-channel scaling factor, is added to the feature map after each convolution. It gives the generator a direct source of stochastic detail (the exact placement of hairs or, here, stroke texture) so that it need not spend latent capacity on producing randomness${cite('stylegan')}.`,
  ],
  answer: ({ metrics: m }) => {
    const share = m.noise.stdOverNoise / m.noise.stdOverLatents;
    return {
      evidence: [
        p`Holding ${math('w')} fixed and redrawing the noise ${int(m.noise.draws)} times changes each pixel by a standard deviation of ${num(m.noise.stdOverNoise, 4)} on average; changing ${math('w')} with the noise fixed changes it by ${num(m.noise.stdOverLatents, 4)}, ${num(share, 2)} times as much.`,
      ],
      conclusion:
        share < 0.5
          ? p`The noise (B) only perturbs details, while the styles from A decide what is drawn, the division of labour the paper describes; the rows of the noise figure show the same digit with slightly different strokes.`
          : p`Here the noise changes the images about as much as the latent does, which is not the division of labour the paper describes: the noise strengths this generator learned are large.`,
      figures: ['noise'],
    };
  },
};

const q4e: SubQuestion<Q4Metrics> = {
  id: 'q4e',
  asks: 'What is style mixing, how is it done, and what does it achieve?',
  method: [
    p`Style mixing feeds two latents into one image: the styles of the layers below a crossover point come from ${math('w₁')}, those above from ${math('w₂')}. During training it is applied to a share of the images (here ${paper(90)}% of the batches, with a random crossover), which keeps neighbouring layers’ styles from relying on each other, so each layer group controls its own scale; afterwards it mixes the coarse attributes of one image with the fine ones of another. It also acts as a regulariser${cite('stylegan')}.`,
  ],
  answer: ({ metrics: m }) => {
    const s = style(m);
    const coarseWins = m.mixing.followsCoarse > m.mixing.followsFine;
    return {
      evidence: [
        p`In the grid ${provenance(s)}, layers below ${int(m.mixing.crossover)} (the ${paper(4)}×${paper(4)} and ${paper(8)}×${paper(8)} ones) take the row’s style, the others the column’s. In the ${int(m.mixing.cells)} cells whose two sources show different digits, the classifier reads ${pct(m.mixing.followsCoarse)} of the mixed digits as the row source’s digit and ${pct(m.mixing.followsFine)} as the column source’s.`,
      ],
      conclusion: coarseWins
        ? p`The coarse styles decide which digit is drawn, the fine styles how (stroke width, slant, texture): the separation by scale that style mixing is meant to produce (${signed(m.mixing.followsCoarse - m.mixing.followsFine, 2)} share in favour of the coarse source).`
        : p`Here the digit follows the fine source at least as often as the coarse one: the generator has not separated shape from texture by scale at this budget.`,
      figures: ['style-mixing'],
    };
  },
};

export const q4Answers: Pick<Question<Q4Metrics>, 'subQuestions' | 'headline' | 'references'> = {
  subQuestions: [q4a, q4b, q4c, q4d, q4e],
  headline: (m) => {
    const s = style(m);
    const c = classic(m);
    return p`Style-based vs classic generator: Fréchet distance ${num(s.frechetDistance, 1)} vs ${num(c.frechetDistance, 1)}, path length ${num(s.ppl.mean, 0)} vs ${num(c.ppl.mean, 0)}; in style mixing the digit follows the coarse styles in ${pct(m.mixing.followsCoarse, 0)} of cells${s.shipped ? p` (shipped weights)` : p``}.`;
  },
  references: [
    {
      key: 'stylegan',
      text: 'T. Karras, S. Laine, T. Aila. A Style-Based Generator Architecture for Generative Adversarial Networks. CVPR 2019; official code: github.com/NVlabs/stylegan.',
    },
    {
      key: 'adain',
      text: 'X. Huang, S. Belongie. Arbitrary Style Transfer in Real-time with Adaptive Instance Normalization. ICCV 2017.',
    },
  ],
};
