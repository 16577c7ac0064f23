// Q5: the homework's CycleGAN generator-loss listing, its mistakes measured on real tensors, then the
// package's fixed losses (least-squares adversarial, cycle consistency both ways, identity) training a
// small ResNet generator pair between MNIST digits and their inverted copies.
import { join } from 'node:path';
import { runCycleGanDemo } from '@hw7/cyclegan-loss';
import { createProgress, writeLinePlot } from '@hw7/tensor-utils';
import { q5Answers } from '../answers/q5.js';
import { catalogueEntry } from './catalogue.js';
import { type ListingMeasurement, measureHomeworkListing } from './q5-listing.js';
import {
  figure,
  fixed,
  type Profile,
  type Question,
  type QuestionContext,
  type QuestionOutput,
  r1,
} from './question.js';

// 0.15-0.5 s per step on 2 cores; full: the package README's 300-step run.
const STEPS: Record<Profile, number> = { quick: 40, full: 300, smoke: 2 };

export interface Q5Metrics {
  listing: ListingMeasurement;
  training: { steps: number; generatorLosses: number[]; discriminatorLosses: number[] };
}

async function run(context: QuestionContext): Promise<QuestionOutput<Q5Metrics>> {
  const steps = STEPS[context.profile];
  context.log('the listing’s loss against the fixed one, on the same networks and images');
  const listing = await measureHomeworkListing({ seed: context.seed });
  const generatorLosses: number[] = [];
  const discriminatorLosses: number[] = [];
  const progress = createProgress({ total: steps, label: 'q5 cyclegan' });
  let out: string;
  try {
    ({ out } = await runCycleGanDemo({
      steps,
      seed: context.seed,
      out: join(context.directory, 'translations.png'),
      onStep: (_step, losses) => {
        generatorLosses.push(losses.generator);
        discriminatorLosses.push(losses.discriminator);
        progress.tick(1, { g: losses.generator, d: losses.discriminator });
      },
    }));
  } finally {
    progress.stop();
  }
  const lossPlot = await writeLinePlot(join(context.directory, 'losses.svg'), {
    title: 'CycleGAN losses per step (the fixed objective)',
    xLabel: 'step',
    yLabel: 'loss',
    series: [
      {
        name: 'generators (adversarial + cycle + identity)',
        points: generatorLosses.map((y, x) => [x + 1, y] as const),
      },
      { name: 'discriminators (D_A + D_B)', points: discriminatorLosses.map((y, x) => [x + 1, y] as const) },
    ],
  });
  return {
    settings: {
      steps,
      mode: 'lsgan',
      listingBatch: listing.batch,
      otherwise: 'the package demo’s defaults (batch 8, Adam 2e-4, lambda cycle 10, identity 0.5)',
    },
    metrics: { listing, training: { steps, generatorLosses, discriminatorLosses } },
    tables: [
      {
        key: 'listing',
        title: `The listing’s loss and the fixed one on the same ${listing.batch} + ${listing.batch} images and networks`,
        columns: ['term', 'the listing computes', 'fixed'],
        rows: [
          [
            'adversarial loss of G',
            `${listing.adversarialValues} values, ${(listing.adversarialNanShare * 100).toFixed(1)}% NaN`,
            `${fixed(listing.fixedAdversarialLsgan)} (least squares), ${fixed(listing.fixedAdversarialBce)} (BCE on logits)`,
          ],
          [
            'cycle loss',
            `${fixed(listing.cycleOnRealAB)} (on realAB, one direction)`,
            `${fixed(listing.cycleA)} + ${fixed(listing.cycleB)} (A→B→A + B→A→B)`,
          ],
          [
            'gradient norm from the cycle term',
            fixed(listing.cycleGradientNormOutsideAutograd),
            fixed(listing.cycleGradientNorm),
          ],
        ],
      },
      {
        key: 'training',
        title: 'Training with the fixed loss: losses after the last step',
        columns: ['steps', 'generator total', 'D_A + D_B'],
        rows: [[steps, fixed(generatorLosses.at(-1)), fixed(discriminatorLosses.at(-1))]],
      },
    ],
    figures: [
      figure(
        context,
        out,
        'translations',
        'Rows: real A, G(A), F(G(A)), real B, F(B), G(F(B)) (A: digits, B: inverted digits)',
      ),
      figure(context, lossPlot, 'losses', 'Generator and discriminator losses per step'),
    ],
    notes: [],
  };
}

export const q5Cyclegan: Question<Q5Metrics> = {
  ...catalogueEntry('q5'),
  ...q5Answers,
  estimateFull: ({ seconds }) => ({
    seconds: (seconds * STEPS.full) / STEPS.quick,
    basis: `quick ${r1(seconds)} s × ${STEPS.full} / ${STEPS.quick} steps`,
  }),
  run,
};
