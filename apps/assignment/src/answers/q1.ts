// Q1's sub-questions (how each family of architecture search works; whether each can search the
// input size and the number of convolutions) answered from the run's searches.
import type { Q1Metrics, RealSearchSummary } from '../questions/q1-nas-families.js';
import type { Question } from '../questions/question.js';
import type { SubQuestion } from './answer.js';
import { cite, code, count, int, join, list, math, num, type Prose, p, paper, secs, signed } from './prose.js';

const LABELS: Record<string, string> = {
  random: 'random search',
  evolution: 'aging evolution',
  reinforce: 'REINFORCE controller',
  qlearning: 'MetaQNN',
  neat: 'NEAT',
};

function tabularAt(m: Q1Metrics, budget: number) {
  return m.tabular.rows.filter((row) => row.budget === budget);
}

const largestBudget = (m: Q1Metrics) => Math.max(...m.tabular.rows.map((row) => row.budget));

const q1a: SubQuestion<Q1Metrics> = {
  id: 'q1a',
  asks: 'Explain how the architecture-search methods of each family work, with their strengths and costs: reinforcement learning (the NAS controller trained with REINFORCE; MetaQNN), evolutionary methods (NEAT; AmoebaNet’s aging evolution) and gradient-based methods (one-shot models; DARTS and its one-step unrolled approximation).',
  method: [
    p`Reinforcement learning. In NAS${cite('zoph')} a recurrent controller emits the architecture token by token, ${math('a_1 … a_T')}, each from a softmax conditioned on the earlier ones; the child network is trained and its validation accuracy ${math('R')} is the reward. The reward is not differentiable, so the controller follows REINFORCE: ${math('∇J = Σ_t E[∇ log P(a_t | a_(1:t−1)) (R − b)]')}, with a moving-average baseline ${math('b')}. MetaQNN${cite('metaqnn')} lets an agent pick layers one after another by Q-learning, ${math('Q(s, a) ← (1 − α) Q(s, a) + α (R + γ max_a′ Q(s′, a′))')}, exploring ε-greedily with ε lowered over time and replaying past experience. Both are general (any decision can be a token or an action) but need hundreds to thousands of trained children.`,
    p`Evolution. NEAT${cite('neat')} evolves topology and weights together: genes carry innovation numbers so that crossover aligns matching genes, mutations add or remove nodes and connections, and speciation protects new structures while they are still weak. AmoebaNet’s aging evolution${cite('amoebanet')} samples a few models from the population, mutates the best one (an operation or a connection), trains the child and adds it, then removes the oldest model rather than the worst, which favours young models and keeps exploring. Evolution is simple, parallel and robust, and as sample-hungry as RL.`,
    p`Gradient-based. A one-shot model${cite('oneshot')} is one supernet holding every candidate operation with weights shared by all architectures; trained once (single-path one-shot samples one path per step${cite('spos')}), it scores any sub-network with inherited weights, without training it. DARTS${cite('darts')} relaxes the choice on each edge of a cell to a softmax mixture ${math('ō(x) = Σ_o softmax(α)_o o(x)')} and solves the bilevel problem ${math('min_α L_val(w*(α), α)')} with ${math('w*(α) = argmin_w L_train(w, α)')} by alternating gradient steps. The one-step unrolled approximation replaces ${math('w*')} by one training step, ${math('w′ = w − ξ ∇_w L_train(w, α)')}, and differentiates ${math('L_val(w′, α)')}; its second-order term is a Hessian-vector product computed by finite differences (${math('ξ =')} ${paper(0)} is the cheaper first-order version). After the search each edge keeps its strongest operation. Cost: one supernet training instead of thousands of children; the price is a search space fixed in advance, a supernet that must fit in memory, and rankings by shared weights that can differ from rankings after training from scratch.`,
  ],
  answer: ({ metrics: m }) => {
    const budget = largestBudget(m);
    const rows = tabularAt(m, budget);
    const random = rows.find((row) => row.strategy === 'random');
    const beatRandom = rows.filter(
      (row) => row.strategy !== 'random' && row.mean > (random?.mean ?? Number.POSITIVE_INFINITY),
    );
    const bestReal = m.real.searches.reduce((a, b) => (b.best.accuracy > a.best.accuracy ? b : a));
    const ranking = m.oneShot.ranking;
    const top = ranking[0];
    const bottom = ranking.at(-1);
    const trained = m.real.searches.flatMap((s) => s.architectures);
    const perTraining = trained.reduce((sum, a) => sum + a.seconds, 0) / Math.max(1, trained.length);
    const d = m.darts;
    const dartsWins = d.derived > d.random && d.derived > d.sizeMatched;
    return {
      evidence: [
        p`Tabular benchmark (${int(m.tabular.seeds)} seeds, the best accuracy of the table ${num(m.tabular.tableBest, 2)}): after ${int(budget)} queries the mean best found is ${list(rows.map((row) => p`${code(LABELS[row.strategy] ?? row.strategy)} ${num(row.mean, 2)}`))}.`,
        p`Real searches on MNIST (${int(m.real.settings.budget)} architectures each, ${int(m.real.settings.trainLimit)} training images, ${count(m.real.settings.maxEpochs, 'epoch')} each): best validation accuracy ${list(m.real.searches.map((s) => p`${code(LABELS[s.strategy] ?? s.strategy)} ${num(s.best.accuracy, 3)}`))}.`,
        p`One-shot: a supernet trained for ${int(m.oneShot.supernetSteps)} steps (${secs(m.oneShot.supernetSeconds)}) ranked ${int(m.oneShot.candidates)} cells without training any of them${top && bottom ? p`, from ${num(top.accuracy, 3)} (${code(top.cell)}) to ${num(bottom.accuracy, 3)}` : p``}.`,
        p`DARTS (second order, ${int(d.searchSteps)} search steps, ${secs(d.searchSeconds)}): the entropy of softmax(α) fell from ${num(d.initialEntropy, 3)} to ${num(d.finalEntropy, 3)} nats; trained from scratch, the derived cell ${code(d.derivedCell)} reached ${num(d.derived, 3)}, the argmax cell ${num(d.argmax, 3)}, random cells ${num(d.random, 3)} and random cells of the derived cell’s size ${num(d.sizeMatched, 3)}.`,
      ],
      conclusion: join(
        beatRandom.length > 0
          ? p`On the benchmark ${list(beatRandom.map((row) => p`${code(LABELS[row.strategy] ?? row.strategy)}`))} beat random search at ${int(budget)} queries by more than twice the standard error, as the papers report; `
          : p`On the benchmark no strategy beat random search at ${int(budget)} queries by more than twice the standard error, so ${int(m.tabular.seeds)} seeds cannot separate them; `,
        p`the real searches are too short to rank strategies (their best, ${code(LABELS[bestReal.strategy] ?? bestReal.strategy)}, is one draw). `,
        perTraining > 0 && m.oneShot.seconds < m.oneShot.candidates * perTraining
          ? p`Weight sharing scored ${int(m.oneShot.candidates)} cells in ${secs(m.oneShot.seconds)}, less than training them one by one would take at the real searches’ ${secs(perTraining)} per architecture. `
          : p`At this size the supernet cost about as much as training its ${int(m.oneShot.candidates)} cells one by one; weight sharing pays when candidates are many and each is expensive. `,
        dartsWins
          ? p`DARTS’s derived cell beat the random cells of the same skeleton and size.`
          : p`DARTS’s derived cell did not beat the random cells at this budget: with a short search and short retraining the comparison is inconclusive; the full profile searches and retrains longer, with several seeds.`,
      ),
      tables: ['tabular', 'oneshot', 'darts'],
      figures: ['best-so-far', 'real-searches', 'darts-search', 'oneshot-loss'],
    };
  },
  deviations: [
    p`The tabular benchmark is a synthetic NAS-Bench-201 table (a documented formula, not training), since no published table is available offline; real searches and the cell searches run on MNIST subsets instead of CIFAR, at budgets a CPU affords.`,
  ],
};

function proposals(s: RealSearchSummary): Prose {
  const sizes = [...new Set(s.architectures.map((a) => a.inputSize))].sort((a, b) => a - b);
  const depths = [...new Set(s.architectures.map((a) => a.convLayers))].sort((a, b) => a - b);
  return p`${code(LABELS[s.strategy] ?? s.strategy)} tried input sizes ${list(sizes.map((size) => p`${int(size)}`))} and ${list(
    depths.map((depth) => p`${int(depth)}`),
    'or',
  )} convolutions`;
}

const q1b: SubQuestion<Q1Metrics> = {
  id: 'q1b',
  asks: 'Can each family search the input size of the network, and the number of convolutional layers? How?',
  method: [
    p`Reinforcement learning: yes, both. The input size is one more token of the controller (or one more action of the agent, from a set of sizes), the depth either a token (“how many layers”) or the length of the sequence (MetaQNN’s “end” action); the reward, validation accuracy, judges the whole choice.`,
    p`Evolution: yes, both. The input size is a gene that mutation changes, the depth changes by add-layer and remove-layer mutations (NEAT grows topologies this way); fitness selects.`,
    p`Gradient-based: only with a differentiable relaxation of the choice. Depth can be relaxed (a mixture of an operation with identity or zero, as DARTS’s skip and none operations, or a softmax over depths), so the number of effective convolutions on a path is searched; the input size is a discrete resampling of the data that no gradient reaches unless it is built in, for instance as a mixture over resolutions of the same weights. Plain DARTS and our cells keep the input size and the skeleton fixed.`,
  ],
  answer: ({ metrics: m }) => {
    const varied = m.real.searches.filter(
      (s) =>
        new Set(s.architectures.map((a) => a.inputSize)).size > 1 &&
        new Set(s.architectures.map((a) => a.convLayers)).size > 1,
    );
    const convs = m.oneShot.ranking.map((r) => r.convolutions);
    return {
      evidence: [
        p`In the real searches over the homework’s space (input size and one to four convolutions are decisions of the controller, actions of MetaQNN, genes of evolution and NEAT): ${list(m.real.searches.map(proposals), 'and')}.`,
        p`The one-shot supernet ranked cells whose input-to-output paths hold between ${int(Math.min(...convs))} and ${int(Math.max(...convs))} convolutions (skip and none edges shorten a path), all at the same input size.`,
      ],
      conclusion: join(
        varied.length === m.real.searches.length
          ? p`Every black-box strategy varied both the input size and the depth within a handful of proposals: for RL and evolution they are ordinary decisions. `
          : p`${list(varied.map((s) => p`${code(LABELS[s.strategy] ?? s.strategy)}`))} varied both the input size and the depth within their few proposals (the others would with more). `,
        p`The gradient-based searches varied the effective depth through the relaxed operations, but not the input size, which this family can search only when resolution is made part of the relaxation.`,
      ),
      tables: ['real'],
    };
  },
};

export const q1Answers: Pick<Question<Q1Metrics>, 'subQuestions' | 'headline' | 'references'> = {
  subQuestions: [q1a, q1b],
  headline: (m) => {
    const budget = largestBudget(m);
    const rows = tabularAt(m, budget);
    const best = rows.reduce((a, b) => (b.mean > a.mean ? b : a));
    const random = rows.find((row) => row.strategy === 'random');
    return p`After ${int(budget)} queries ${code(LABELS[best.strategy] ?? best.strategy)} leads (${num(best.mean, 2)}, ${signed(best.mean - (random?.mean ?? Number.NaN), 2)} over random search); DARTS’s derived cell ${num(m.darts.derived, 3)} against random cells ${num(m.darts.random, 3)}.`;
  },
  references: [
    { key: 'zoph', text: 'B. Zoph, Q. V. Le. Neural Architecture Search with Reinforcement Learning. ICLR 2017.' },
    {
      key: 'metaqnn',
      text: 'B. Baker, O. Gupta, N. Naik, R. Raskar. Designing Neural Network Architectures using Reinforcement Learning. ICLR 2017.',
    },
    {
      key: 'neat',
      text: 'K. O. Stanley, R. Miikkulainen. Evolving Neural Networks through Augmenting Topologies. Evolutionary Computation 10(2), 2002.',
    },
    {
      key: 'amoebanet',
      text: 'E. Real, A. Aggarwal, Y. Huang, Q. V. Le. Regularized Evolution for Image Classifier Architecture Search. AAAI 2019.',
    },
    {
      key: 'oneshot',
      text: 'G. Bender, P.-J. Kindermans, B. Zoph, V. Vasudevan, Q. Le. Understanding and Simplifying One-Shot Architecture Search. ICML 2018.',
    },
    {
      key: 'spos',
      text: 'Z. Guo et al. Single Path One-Shot Neural Architecture Search with Uniform Sampling. ECCV 2020.',
    },
    { key: 'darts', text: 'H. Liu, K. Simonyan, Y. Yang. DARTS: Differentiable Architecture Search. ICLR 2019.' },
  ],
};
