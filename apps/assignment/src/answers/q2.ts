// Q2's sub-question (how each speed-up cuts the cost of evaluating candidates, and what it costs in
// ranking fidelity) answered from the run's comparison against full training.
import type { Q2Metrics, VariantName, VariantScore } from '../questions/q2-cheap-evaluation.js';
import type { Question } from '../questions/question.js';
import type { SubQuestion } from './answer.js';
import { cite, code, count, int, join, list, math, num, type Prose, p, times } from './prose.js';

const LABELS: Record<VariantName, string> = {
  full: 'full training',
  reseeded: 'full training with other seeds',
  truncated: 'fewer epochs',
  'early-stopping': 'early stopping',
  'warmup-cosine': 'warm-up + cosine decay',
  inheritance: 'weight inheritance',
  surrogate: 'surrogate model',
};

const variant = (m: Q2Metrics, name: VariantName) => m.variants.find((v) => v.variant === name) as VariantScore;

function line(v: VariantScore): Prose {
  return p`${code(LABELS[v.variant])} ${times(v.saving)} cheaper, τ ${num(v.tau, 2)}`;
}

const q2: SubQuestion<Q2Metrics> = {
  id: 'q2',
  asks: 'Evaluating each candidate architecture by full training is what makes architecture search expensive. How do early stopping, learning-rate warm-up, parameter sharing and surrogate models make the evaluation cheaper, and what does each cost?',
  method: [
    p`Early stopping ends a candidate’s training once its validation accuracy stops improving for a few evaluations (the patience), so bad or saturated candidates stop early; it costs little fidelity if the curves do not cross later. A learning-rate warm-up (a few steps rising to the peak, then a decay such as cosine) makes a short training stable and reach a useful accuracy sooner, so fewer epochs suffice; the short budget itself is the saving. Parameter sharing avoids training from scratch: a child inherits the weights of its parent’s matching layers (network morphism${cite('morphism')}, as in efficient evolution), or all candidates share one supernet’s weights (ENAS${cite('enas')}, one-shot, DARTS, see Q1), which turns evaluation into a forward pass. A surrogate model${cite('pnas')} predicts a candidate’s accuracy from its encoding after learning from candidates already trained, so proposals predicted to be poor need not be trained at all.`,
    p`All of them trade fidelity for time: what matters for search is whether the cheap score ranks candidates as full training would, measured here by Kendall’s ${math('τ')} between the two rankings. Full training itself is noisy (other initial weights give another ranking), so full training repeated with other seeds gives the ceiling no cheap method can beat.`,
  ],
  answer: ({ metrics: m }) => {
    const ceiling = variant(m, 'reseeded');
    const cheap = m.variants.filter((v) => v.variant !== 'full' && v.variant !== 'reseeded');
    const early = variant(m, 'early-stopping');
    const surrogate = variant(m, 'surrogate');
    const truncated = variant(m, 'truncated');
    const meaningful = ceiling.tau >= 0.3;
    const nearCeiling = cheap.filter((v) => v.tau >= ceiling.tau - 0.1 && v.saving > 1.5);
    const epochRatio = m.settings.fullEpochs / m.settings.shortEpochs;
    return {
      evidence: [
        p`${int(m.settings.candidates)} candidates (${int(m.settings.candidates - m.settings.roots)} of them bred from others) trained on ${int(m.settings.trainLimit)} MNIST images; full training is ${int(m.settings.fullEpochs)} epochs at a constant learning rate. Repeating it with other seeds agrees with it at ${math('τ =')} ${num(ceiling.tau, 2)}: the noise ceiling.`,
        p`The speed-ups: ${list(cheap.map(line))}. Early stopping stopped ${int(early.stoppedEarly)} of ${int(m.settings.candidates)} candidates before the full budget (${num(early.epochs, 2)} epochs on average). The surrogate costs ${num(surrogate.secondsPerCandidate, 3)} s per prediction but needs the other candidates fully trained to learn from.`,
      ],
      conclusion: join(
        !meaningful
          ? p`Full training does not even agree with itself at this size (${math('τ =')} ${num(ceiling.tau, 2)} between two seeds), so no cheap method’s ranking can be judged: the fidelities are inconclusive at this budget. `
          : nearCeiling.length > 0
            ? p`${list(nearCeiling.map((v) => p`${code(LABELS[v.variant])}`))} kept the ranking about as well as repeated full training while saving time; with ${int(m.settings.candidates)} candidates ${math('τ')} moves in steps of ${num(4 / (m.settings.candidates * (m.settings.candidates - 1)), 2)} per swapped pair, so smaller differences are noise. `
            : p`No speed-up kept the ranking as well as repeated full training at this size; with ${int(m.settings.candidates)} candidates ${math('τ')} moves in steps of ${num(4 / (m.settings.candidates * (m.settings.candidates - 1)), 2)} per swapped pair. `,
        p`The savings are the robust result: ${count(m.settings.shortEpochs, 'epoch')} instead of ${int(m.settings.fullEpochs)} was ${times(truncated.saving)} cheaper (the epoch ratio is ${times(epochRatio)}); `,
        early.stoppedEarly > 0
          ? p`early stopping ended ${int(early.stoppedEarly)} runs early and saved ${times(early.saving)}; `
          : p`early stopping never fired, so it saved nothing beyond timing noise; `,
        surrogate.saving > 10
          ? p`the surrogate is nearly free (${times(surrogate.saving, 0)}) once candidates have been trained for it to learn from.`
          : p`at this tiny size the surrogate’s fits cost about as much as training (${times(surrogate.saving)}), which changes on real budgets.`,
      ),
      tables: ['variants', 'candidates'],
      figures: ['saving-vs-tau'],
    };
  },
  deviations: [
    p`The candidates come from the homework’s macro search space on MNIST, at a size a CPU trains in seconds; parameter sharing through a supernet is measured in Q1 (one-shot and DARTS).`,
  ],
};

export const q2Answers: Pick<Question<Q2Metrics>, 'subQuestions' | 'headline' | 'references'> = {
  subQuestions: [q2],
  headline: (m) => {
    const truncated = variant(m, 'truncated');
    const surrogate = variant(m, 'surrogate');
    const ceiling = variant(m, 'reseeded');
    return p`Fewer epochs: ${times(truncated.saving)} cheaper at τ ${num(truncated.tau, 2)}; surrogate ${times(surrogate.saving, 0)} cheaper at τ ${num(surrogate.tau, 2)}; full training agrees with itself at τ ${num(ceiling.tau, 2)}.`;
  },
  references: [
    {
      key: 'morphism',
      text: 'T. Elsken, J. H. Metzen, F. Hutter. Simple and Efficient Architecture Search for CNNs (network morphisms). ICLR Workshop 2018.',
    },
    {
      key: 'enas',
      text: 'H. Pham, M. Guan, B. Zoph, Q. Le, J. Dean. Efficient Neural Architecture Search via Parameter Sharing. ICML 2018.',
    },
    { key: 'pnas', text: 'C. Liu et al. Progressive Neural Architecture Search. ECCV 2018.' },
  ],
};
