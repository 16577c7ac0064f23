// Q6's sub-questions (samplers, the homework's study, pruning) answered from the run.
import type { Q6Metrics, SamplerRun, StudySummary } from '../questions/q6-hpo.js';
import type { Question } from '../questions/question.js';
import type { SubQuestion } from './answer.js';
import { HOMEWORK } from './homework-numbers.js';
import { cite, code, count, hw, int, join, list, math, num, type Prose, p, paper, pct, secs, signed } from './prose.js';

const SAMPLER_LABELS: Record<SamplerRun['sampler'], string> = {
  grid: 'grid search',
  random: 'random search',
  tpe: 'TPE',
  cmaes: 'CMA-ES',
};

const study = (m: Q6Metrics, pruner: StudySummary['pruner']) => m.studies.find((s) => s.pruner === pruner);

const q6a: SubQuestion<Q6Metrics> = {
  id: 'q6a',
  asks: 'Explain what a hyperparameter optimisation framework such as Optuna does and how its samplers work: grid search, random search, Bayesian optimisation (TPE) and evolutionary algorithms (CMA-ES). Why use such a framework?',
  method: [
    p`A study repeatedly asks a sampler for hyperparameters, trains and scores a model with them (a trial), and tells the sampler the result${cite('optuna')}. The search space is defined by the objective itself as it runs (define-by-run: the number of filter counts drawn depends on the number of layers drawn), trials can be pruned, stored and run in parallel, and the results plotted. Grid search tries every combination of a few values per parameter: exhaustive but exponential in the number of parameters, and blind to which parameters matter. Random search samples each parameter independently from its range${cite('bergstra2012')}: with the same budget it tries more distinct values of the parameters that matter.`,
    p`TPE${cite('tpe')}, a Bayesian method, splits the finished trials into the best fraction ${math('γ')} and the rest, fits a density to each (${math('l(x)')} and ${math('g(x)')}), and proposes the candidate that maximises ${math('l(x) / g(x)')}: it samples where good trials were and bad ones were not; it starts with random trials to have something to fit. CMA-ES${cite('cmaes')}, an evolution strategy, samples a population from a multivariate normal distribution and moves its mean and covariance towards the best members of each generation; it handles correlated numerical parameters well but needs several generations.`,
  ],
  answer: ({ metrics: m }) => {
    const runs = m.samplers;
    const best = runs.reduce((a, b) => (b.best > a.best ? b : a));
    const worst = runs.reduce((a, b) => (b.best < a.best ? b : a));
    const spread = best.best - worst.best;
    return {
      evidence: [
        p`With ${int(m.samplerSettings.trials)} trials each on the homework’s CNN space (MNIST, ${int(m.samplerSettings.trainLimit)} training images, ${count(m.samplerSettings.epochs, 'epoch')} per trial), the best test accuracies were ${list(runs.map((r) => p`${code(SAMPLER_LABELS[r.sampler])} ${num(r.best, 3)}`))}. The learning rates they proposed show how each searches: the grid only its ${int(new Set(runs.find((r) => r.sampler === 'grid')?.learningRates ?? []).size)} values, random search anywhere in the range, TPE and CMA-ES random at first and then around the good trials.`,
      ],
      conclusion:
        spread < 0.02
          ? p`With ${int(m.samplerSettings.trials)} trials the samplers end within ${num(spread, 3)} of each other: inconclusive at this budget. TPE and CMA-ES spend their first trials exploring, so model-based search pays off only once the budget is several times the start-up; the figures show the difference in behaviour that the scores cannot yet.`
          : p`${code(SAMPLER_LABELS[best.sampler])} found the best network (${num(best.best, 3)}, ${signed(spread, 3)} above ${code(SAMPLER_LABELS[worst.sampler])}), but with ${int(m.samplerSettings.trials)} trials one lucky draw decides the order; the full profile runs more trials per sampler.`,
      tables: ['samplers'],
      figures: ['samplers', 'sampler-points'],
    };
  },
  deviations: [
    p`TPE starts model-based sampling after half of the trials (Optuna’s default is ${paper(10)} random start-up trials) and CMA-ES uses a smaller population, so that both get past their start-up within the quick budget.`,
  ],
};

const q6b: SubQuestion<Q6Metrics> = {
  id: 'q6b',
  asks: 'Use Optuna to tune a CNN on CIFAR-100 for 30 minutes, maximising test accuracy: the number of convolutional layers (up to 4) and their filters, the number of fully connected layers (up to 3) and their neurons, the optimiser and the learning rate. Report the best trial.',
  method: [
    p`The objective builds the network from the trial (${math('suggest_int')} for the layer counts, filter and neuron counts on the homework’s grids, ${math('suggest_categorical')} for Adam, RMSprop or SGD, ${math('suggest_float')} on a log scale for the learning rate), trains it, and returns the test accuracy; the study runs TPE until the time budget is spent, letting the running trial finish.`,
  ],
  answer: ({ metrics: m }) => {
    const s = study(m, 'none');
    return {
      evidence: [
        p`In ${secs(s?.seconds ?? Number.NaN)} (budget ${secs(m.studySettings.timeoutSeconds, 0)}) the study ran ${int(s?.trials ?? 0)} trials; the best, trial ${int(s?.bestTrial ?? Number.NaN)}, reached a test accuracy of ${num(s?.bestValue ?? Number.NaN)} with ${code(formatParameters(s?.bestParams ?? null))}. The homework reports ${hw(HOMEWORK.q6.bestWithoutPruning)} after ${hw(HOMEWORK.q6.trialsWithoutPruning)} trials in ${hw(HOMEWORK.q6.timeoutMinutes)} minutes on CIFAR-100.`,
        ...(s?.importances
          ? [
              p`By fANOVA, the parameter that explains most of the variance between trials is ${code(topImportance(s.importances)[0])} (${pct(topImportance(s.importances)[1], 0)}).`,
            ]
          : []),
        ...(m.storage
          ? [
              p`Both studies are stored in ${code(m.storage.file)} (as ${list(m.storage.studyNames.map((name) => p`${code(name)}`))}); every trial, its intermediate values and the plots can be browsed with ${code(m.storage.dashboardCommand)}.`,
            ]
          : []),
      ],
      conclusion: join(
        (s?.bestValue ?? 0) > HOMEWORK.q6.bestWithoutPruning
          ? p`The numbers are not comparable across data sets: ten MNIST digits are far easier than a hundred CIFAR classes, which is why our best accuracy is so much higher than the homework’s. `
          : p`Our best accuracy is not above the homework’s even though ten MNIST digits are far easier than a hundred CIFAR classes: the budget was too short for the study to find a working network. `,
        s?.importances
          ? ['lr', 'optimizer'].includes(topImportance(s.importances)[0])
            ? p`What carries over is the procedure and the importances: the optimiser and the learning rate decide more than the depth and the widths.`
            : p`What carries over is the procedure; here the architecture (${code(topImportance(s.importances)[0])}) mattered more than the optimiser settings.`
          : p`Too few trials completed to rank the parameters’ importance.`,
      ),
      tables: ['studies', 'best-params'],
      figures: ['history-none', 'importance-none'],
    };
  },
  deviations: [
    p`MNIST instead of CIFAR-100: no CIFAR files ship with the project or are reachable offline (the package’s ${code('hw7-hpo cnn --dataset cifar100 --cifar-dir DIR')} runs the homework’s data set when the user has it). The quick profile gives each study seconds instead of ${hw(HOMEWORK.q6.timeoutMinutes)} minutes and a subset of the images; the full profile gives each study the homework’s ${hw(HOMEWORK.q6.timeoutMinutes)} minutes on all of MNIST.`,
  ],
};

function formatParameters(params: Record<string, unknown> | null): string {
  if (params === null) return 'none';
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === 'number' ? Number(value.toPrecision(3)) : String(value)}`)
    .join(' ');
}

function topImportance(importances: Record<string, number>): [string, number] {
  return Object.entries(importances).reduce((a, b) => (b[1] > a[1] ? b : a));
}

function trialPruningEvidence(m: Q6Metrics): Prose[] {
  const none = study(m, 'none');
  const median = study(m, 'median');
  if (none === undefined || median === undefined) return [];
  return [
    p`In the same time budget, the study without pruning ran ${int(none.trials)} trials (${int(none.epochsTrained)} epochs in all) and reached ${num(none.bestValue ?? Number.NaN)}; with the median pruner it ran ${int(median.trials)} trials, ${int(median.pruned)} of them pruned (${int(median.epochsTrained)} epochs in all), and reached ${num(median.bestValue ?? Number.NaN)}.${median.meanSecondsPruned === null ? p`` : p` A pruned trial took ${secs(median.meanSecondsPruned)} on average, a complete one ${secs(median.meanSecondsComplete ?? Number.NaN)}.`} The homework: ${hw(HOMEWORK.q6.trialsWithoutPruning)} trials and ${hw(HOMEWORK.q6.bestWithoutPruning)} without pruning, ${hw(HOMEWORK.q6.trialsWithPruning)} trials (${hw(HOMEWORK.q6.prunedTrials)} pruned) and ${hw(HOMEWORK.q6.bestWithPruning)} with it.`,
  ];
}

const q6c: SubQuestion<Q6Metrics> = {
  id: 'q6c',
  asks: 'What is pruning? Distinguish structured from unstructured pruning. Add pruning to the study (report each epoch’s accuracy and stop unpromising trials) and compare the result with the study without pruning.',
  method: [
    p`Pruning means two different things here. Pruning a network removes parameters from a trained model to make it smaller and faster: unstructured pruning zeroes individual weights (for instance those of smallest magnitude${cite('han2015')}), which keeps accuracy to high sparsity but needs sparse kernels to run faster; structured pruning removes whole units, filters or channels (for instance the filters of smallest L1 norm${cite('li2017')}), which shrinks the dense computation directly but costs more accuracy at the same sparsity. Short fine-tuning with the pruned weights held at zero recovers much of the loss. The homework’s view of pruning as a kind of architecture search fits the structured kind.`,
    p`Pruning trials is what the homework’s code does: each trial reports its test accuracy after every epoch (${math('trial.report(accuracy, epoch)')}), and the median pruner stops it (${math('raise TrialPruned')}) when its accuracy is below the median of earlier trials at the same epoch, after ${paper(5)} start-up trials${cite('optuna')}. The time saved on hopeless trials buys more trials within the same budget; the risk is stopping a slow starter that would have ended best.`,
  ],
  answer: ({ metrics: m }) => {
    const none = study(m, 'none');
    const median = study(m, 'median');
    const moreTrials = (median?.trials ?? 0) > (none?.trials ?? 0);
    const better = (median?.bestValue ?? 0) > (none?.bestValue ?? 0);
    const network = m.networkPruning;
    const evidence = [...trialPruningEvidence(m)];
    let networkConclusion: Prose = p``;
    if (network) {
      const at = (method: string, fineTuned: boolean) =>
        network.points.filter((point) => point.method === method && point.fineTuned === fineTuned);
      const highest = Math.max(...network.points.map((point) => point.sparsity));
      const last = (method: string, fineTuned: boolean) =>
        at(method, fineTuned).find((point) => point.sparsity === highest);
      const magnitude = last('magnitude', false);
      const filter = last('filter', false);
      const filterTuned = last('filter', true);
      evidence.push(
        p`Network pruning of a trained CNN (${code(network.hyperparameters)}, test accuracy ${num(network.unpruned.testAccuracy, 3)} with ${int(network.unpruned.parameters)} parameters): at ${pct(highest, 0)} sparsity, magnitude pruning leaves ${num(magnitude?.testAccuracy ?? Number.NaN, 3)} and filter pruning ${num(filter?.testAccuracy ?? Number.NaN, 3)} without fine-tuning; ${count(network.fineTuneSteps, 'step')} of fine-tuning bring filter pruning to ${num(filterTuned?.testAccuracy ?? Number.NaN, 3)}, while it keeps only ${pct(filter?.flopsFraction ?? Number.NaN, 0)} of the multiply-adds (magnitude pruning, without sparse kernels, keeps them all).`,
      );
      const gap = (magnitude?.testAccuracy ?? Number.NaN) - (filter?.testAccuracy ?? Number.NaN);
      networkConclusion =
        gap > 0.01
          ? p` Unstructured pruning keeps accuracy better at the same sparsity (${signed(gap, 3)}), structured pruning removes real computation: the trade-off the methods describe.`
          : gap < -0.01
            ? p` Here filter pruning kept more accuracy than magnitude pruning (${signed(gap, 3)} for magnitude), which the methods do not lead one to expect; the curves show where each breaks down.`
            : p` At the highest sparsity both methods end at the same accuracy (${signed(gap, 3)}), so the difference lies in the computation removed, which only structured pruning saves without sparse kernels; the curves show where each breaks down.`;
    }
    return {
      evidence,
      conclusion: join(
        moreTrials
          ? p`Trial pruning did what the homework saw: it stopped weak trials early and so ran more trials in the same time${better ? p`, and found a better network` : p`, though the best network was no better this time`}. `
          : p`At this budget trial pruning ran no more trials than the study without it: too few trials finished before the median rule could act (it waits for start-up trials), so its benefit is not visible; the homework’s ${hw(HOMEWORK.q6.timeoutMinutes)}-minute budget and the full profile give it room. `,
        networkConclusion,
      ),
      tables: ['studies', ...(network ? ['network-pruning'] : [])],
      figures: ['intermediate-median', 'history-median', ...(network ? ['network-pruning'] : [])],
    };
  },
  deviations: [
    p`The homework describes network pruning in words; we also measure it, on the best network of the study without trial pruning (magnitude pruning with one threshold over the whole network; filter pruning of each convolution on its own). Trial pruning runs on MNIST with the quick profile’s short budget (see Q6b).`,
  ],
};

export const q6Answers: Pick<Question<Q6Metrics>, 'subQuestions' | 'headline' | 'references'> = {
  subQuestions: [q6a, q6b, q6c],
  headline: (m) => {
    const none = study(m, 'none');
    const median = study(m, 'median');
    return p`TPE’s best test accuracy ${num(none?.bestValue ?? Number.NaN, 3)} in ${int(none?.trials ?? 0)} trials, with median pruning ${num(median?.bestValue ?? Number.NaN, 3)} in ${int(median?.trials ?? 0)} trials (MNIST; the homework’s CIFAR-100: ${hw(HOMEWORK.q6.bestWithoutPruning)} in ${hw(HOMEWORK.q6.trialsWithoutPruning)}, ${hw(HOMEWORK.q6.bestWithPruning)} in ${hw(HOMEWORK.q6.trialsWithPruning)}).`;
  },
  references: [
    {
      key: 'optuna',
      text: 'T. Akiba, S. Sano, T. Yanase, T. Ohta, M. Koyama. Optuna: A Next-generation Hyperparameter Optimization Framework. KDD 2019.',
    },
    {
      key: 'bergstra2012',
      text: 'J. Bergstra, Y. Bengio. Random Search for Hyper-Parameter Optimization. JMLR 13, 2012.',
    },
    {
      key: 'tpe',
      text: 'J. Bergstra, R. Bardenet, Y. Bengio, B. Kégl. Algorithms for Hyper-Parameter Optimization. NeurIPS 2011.',
    },
    { key: 'cmaes', text: 'N. Hansen. The CMA Evolution Strategy: A Tutorial. arXiv:1604.00772, 2016.' },
    {
      key: 'han2015',
      text: 'S. Han, J. Pool, J. Tran, W. J. Dally. Learning both Weights and Connections for Efficient Neural Networks. NeurIPS 2015.',
    },
    {
      key: 'li2017',
      text: 'H. Li, A. Kadav, I. Durdanovic, H. Samet, H. P. Graf. Pruning Filters for Efficient ConvNets. ICLR 2017.',
    },
  ],
};
