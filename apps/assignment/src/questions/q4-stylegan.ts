// Q4: StyleGAN's generator blocks at work: a small mapping + synthesis network trained briefly on
// MNIST, then the paper's style-mixing grid (coarse styles from one latent, fine from another).
import { runStyleMixingDemo } from '@hw7/stylegan-blocks';
import { figure, fixed, type Profile, type Question, type QuestionContext, type QuestionOutput } from './question.js';

// Quick: ~0.4-0.7 s per step on 2 shared cores; full: the package README's 2400-step run.
const STEPS: Record<Profile, number> = { quick: 150, full: 2400 };

async function run(context: QuestionContext): Promise<QuestionOutput> {
  const steps = STEPS[context.profile];
  const result = await runStyleMixingDemo({ steps, seed: context.seed, out: context.directory });
  const { styleMixingPath, samplesPath, tensorsAfterStep: _, ...metrics } = result;
  return {
    settings: { steps, otherwise: 'the package demo’s defaults (batch 32, 4 mapping layers, psi 0.7, crossover 4)' },
    metrics,
    tables: [
      {
        title: 'Training',
        columns: ['steps', 'seconds per step', 'D loss (last)', 'G loss (last)'],
        rows: [[result.steps, fixed(result.secondsPerStep, 3), fixed(result.dLoss), fixed(result.gLoss)]],
      },
    ],
    figures: [
      figure(
        context,
        styleMixingPath,
        'Style mixing: row sources give the coarse styles (4x4, 8x8), column sources the fine ones',
      ),
      figure(context, samplesPath, 'Random samples (truncation psi 0.7)'),
    ],
    notes: [],
  };
}

export const q4Stylegan: Question = {
  id: 'q4',
  title: 'Q4 · StyleGAN blocks: style mixing',
  summary: 'mapping network, AdaIN, noise and style mixing trained briefly on MNIST; the style-mixing grid',
  run,
};
