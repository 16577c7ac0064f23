// Q5: CycleGAN's losses (least-squares adversarial, cycle consistency, identity) training a small
// ResNet generator pair between MNIST digits and their inverted copies; one translated grid.
import { join } from 'node:path';
import { runCycleGanDemo } from '@hw7/cyclegan-loss';
import { createProgress, writeLinePlot } from '@hw7/tensor-utils';
import { figure, fixed, type Profile, type Question, type QuestionContext, type QuestionOutput } from './question.js';

// 0.15 s per step on 2 idle cores, 0.5 s under load; full: the package README's 300-step run.
const STEPS: Record<Profile, number> = { quick: 60, full: 300 };

async function run(context: QuestionContext): Promise<QuestionOutput> {
  const steps = STEPS[context.profile];
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
    title: 'CycleGAN losses per step',
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
      otherwise: 'the package demo’s defaults (batch 8, Adam 2e-4, lambda cycle 10, identity 0.5)',
    },
    metrics: { generatorLosses, discriminatorLosses },
    tables: [
      {
        title: 'Losses after the last step',
        columns: ['steps', 'generator total', 'D_A + D_B'],
        rows: [[steps, fixed(generatorLosses.at(-1)), fixed(discriminatorLosses.at(-1))]],
      },
    ],
    figures: [
      figure(context, out, 'Rows: real A, G(A), F(G(A)), real B, F(B), G(F(B)) (A: digits, B: inverted digits)'),
      figure(context, lossPlot, 'Generator and discriminator losses'),
    ],
    notes: [],
  };
}

export const q5Cyclegan: Question = {
  id: 'q5',
  title: 'Q5 · CycleGAN losses',
  summary:
    'adversarial, cycle-consistency and identity losses training digits <-> inverted digits; one translated grid',
  run,
};
