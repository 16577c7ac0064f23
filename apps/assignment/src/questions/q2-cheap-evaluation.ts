// Q2: what each way of evaluating candidate architectures more cheaply saves, and what it costs in
// ranking. A fixed, seeded set of macro-space CNNs (random roots, then mutations of earlier ones, as
// evolution breeds them) is trained "fully" on MNIST (more epochs, constant learning rate): the
// reference ranking, and once more with other seeds for the noise ceiling. Then each speed-up on the
// same images: fewer epochs, early stopping, warm-up with cosine decay, weight inheritance from the
// parent, and an MLP surrogate predicting the full-training accuracy from the architecture encoding.
// Saving = seconds per candidate of full training / of the variant; fidelity = Kendall's tau of the
// variant's scores against full training's.

import { join } from 'node:path';
import { createMacroSpace, type MacroArchitecture } from '@hw7/nas-search';
import {
  kendallTau,
  leaveOneOutPredictions,
  loadCandidateData,
  type TrainCandidateOptions,
  trainCandidate,
} from '@hw7/nas-search/evaluation';
import { createProgress, linePlotSvg, Rng, tf, writeFileAtomic } from '@hw7/tensor-utils';
import { q2Answers } from '../answers/q2.js';
import { catalogueEntry } from './catalogue.js';
import {
  type Figure,
  figure,
  fixed,
  type Profile,
  type Question,
  type QuestionContext,
  type QuestionOutput,
  r1,
  type Table,
} from './question.js';

interface Q2Settings {
  candidates: number;
  roots: number;
  trainLimit: number;
  validationLimit: number;
  fullEpochs: number;
  shortEpochs: number;
}

// Full: the package bench's configuration (14 candidates, 2,000 images, 4 against 1 epochs).
const SETTINGS: Record<Profile, Q2Settings> = {
  quick: { candidates: 6, roots: 3, trainLimit: 600, validationLimit: 300, fullEpochs: 3, shortEpochs: 1 },
  smoke: { candidates: 4, roots: 2, trainLimit: 64, validationLimit: 32, fullEpochs: 2, shortEpochs: 1 },
  full: { candidates: 14, roots: 6, trainLimit: 2000, validationLimit: 1000, fullEpochs: 4, shortEpochs: 1 },
};

export const VARIANTS = ['full', 'reseeded', 'truncated', 'early-stopping', 'warmup-cosine', 'inheritance'] as const;
export type VariantName = (typeof VARIANTS)[number] | 'surrogate';

export interface VariantScore {
  variant: VariantName;
  /** Mean seconds per candidate (the surrogate: one leave-one-out fit and prediction). */
  secondsPerCandidate: number;
  /** Full training's seconds per candidate / this variant's. */
  saving: number;
  /** Kendall's tau-b of this variant's scores against full training's. */
  tau: number;
  /** Full-training accuracy of the best candidate minus that of the candidate this variant ranks first. */
  regret: number;
  /** Epochs trained per candidate (mean). */
  epochs: number;
  /** Candidates whose training stopped before the epoch budget (early stopping only). */
  stoppedEarly: number;
}

export interface Q2Metrics {
  settings: Q2Settings;
  candidates: Array<{ key: string; parent: number | null; full: number }>;
  variants: VariantScore[];
}

interface Candidate {
  architecture: MacroArchitecture;
  key: string;
  parent?: number;
}

/** The seeded candidate set: `roots` random architectures, then mutations of earlier candidates. */
function candidateSet(settings: Q2Settings, seed: number): Candidate[] {
  const space = createMacroSpace({ inputSizes: [16, 20, 24, 28], filters: [4, 8, 16, 32] });
  const rng = new Rng(`q2-candidates:${seed}`);
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  while (candidates.length < settings.candidates) {
    const parent = candidates.length < settings.roots ? undefined : rng.int(0, candidates.length - 1);
    const architecture =
      parent === undefined ? space.sample(rng) : space.mutate((candidates[parent] as Candidate).architecture, rng);
    const key = space.format(architecture);
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({ architecture, key, ...(parent !== undefined && { parent }) });
  }
  return candidates;
}

const plain = { schedule: 'constant', earlyStopping: false } as const;
/** trainCandidate's default batch size. */
const BATCH_SIZE = 64;

function variantOptions(variant: (typeof VARIANTS)[number], settings: Q2Settings): TrainCandidateOptions {
  switch (variant) {
    case 'full':
    case 'reseeded':
      return { ...plain, maxEpochs: settings.fullEpochs };
    case 'truncated':
    case 'inheritance':
      return { ...plain, maxEpochs: settings.shortEpochs };
    case 'early-stopping':
      // Scored twice an epoch, so that patience (one evaluation without improvement) can end a short run.
      return {
        schedule: 'constant',
        maxEpochs: settings.fullEpochs,
        earlyStopping: true,
        patience: 1,
        evaluateEvery: Math.max(1, Math.ceil(settings.trainLimit / BATCH_SIZE / 2)),
      };
    case 'warmup-cosine':
      return { schedule: 'warmup-cosine', earlyStopping: false, maxEpochs: settings.shortEpochs };
  }
}

/** What one variant measured, candidate by candidate. */
interface VariantRecord {
  accuracy: number[];
  seconds: number[];
  epochs: number[];
  stopped: number;
}

/** Trains every candidate with every variant on the same MNIST images. */
async function trainVariants(
  context: QuestionContext,
  settings: Q2Settings,
  candidates: Candidate[],
): Promise<Map<string, VariantRecord>> {
  const data = await loadCandidateData({ dataset: 'mnist' }, settings.trainLimit, settings.validationLimit);
  const scores = new Map<string, VariantRecord>();
  const progress = createProgress({ total: VARIANTS.length * candidates.length, label: 'q2 candidates' });
  try {
    // Candidate by candidate, every variant in turn (rotating which goes first), so that a change of
    // load or the first runs' warm-up weighs on all variants alike; inheritance keeps each variant's
    // own trained models as parents.
    const models = new Map<string, tf.LayersModel[]>(VARIANTS.map((variant) => [variant, []]));
    for (const variant of VARIANTS) scores.set(variant, { accuracy: [], seconds: [], epochs: [], stopped: 0 });
    try {
      for (const [index, candidate] of candidates.entries()) {
        const order = VARIANTS.map((_, i) => VARIANTS[(i + index) % VARIANTS.length] as (typeof VARIANTS)[number]);
        for (const variant of order) {
          const record = scores.get(variant) as VariantRecord;
          const trainedModels = models.get(variant) as tf.LayersModel[];
          const started = performance.now();
          const parent =
            variant === 'inheritance' && candidate.parent !== undefined ? trainedModels[candidate.parent] : undefined;
          // The same seed per candidate in every variant (same initial weights and batch order); the
          // reseeded reference changes it.
          const seed = context.seed * 1000 + index + (variant === 'reseeded' ? 500 : 0);
          const trained = await trainCandidate(candidate.architecture, data, {
            ...variantOptions(variant, settings),
            seed,
            parent,
          });
          record.seconds.push((performance.now() - started) / 1000);
          record.accuracy.push(variant === 'early-stopping' ? trained.accuracy : trained.lastAccuracy);
          record.epochs.push(trained.steps / Math.ceil(settings.trainLimit / BATCH_SIZE));
          if (trained.stoppedEarly) record.stopped++;
          trainedModels.push(trained.model);
          progress.tick(1, { variant });
        }
      }
    } finally {
      for (const list of models.values()) for (const model of list) model.dispose();
    }
  } finally {
    progress.stop();
    tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y]);
  }
  return scores;
}

/** Each variant's cost and fidelity against full training, then the surrogate's (leave-one-out). */
function scoreVariants(
  context: QuestionContext,
  space: ReturnType<typeof createMacroSpace>,
  candidates: Candidate[],
  scores: Map<string, VariantRecord>,
): VariantScore[] {
  const full = scores.get('full') as { accuracy: number[]; seconds: number[] };
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const fullSeconds = mean(full.seconds);
  const bestFull = Math.max(...full.accuracy);
  const regret = (ranked: number[]) => bestFull - (full.accuracy[ranked.indexOf(Math.max(...ranked))] as number);
  const variants: VariantScore[] = VARIANTS.map((variant) => {
    const record = scores.get(variant) as VariantRecord;
    const seconds = mean(record.seconds);
    return {
      variant,
      secondsPerCandidate: seconds,
      saving: fullSeconds / seconds,
      tau: kendallTau(record.accuracy, full.accuracy),
      regret: regret(record.accuracy),
      epochs: mean(record.epochs),
      stoppedEarly: record.stopped,
    };
  });
  const started = performance.now();
  const predictions = leaveOneOutPredictions(
    candidates.map((candidate) => space.encode(candidate.architecture)),
    full.accuracy,
    { seed: context.seed },
  );
  const surrogateSeconds = (performance.now() - started) / 1000 / candidates.length;
  variants.push({
    variant: 'surrogate',
    secondsPerCandidate: surrogateSeconds,
    saving: fullSeconds / surrogateSeconds,
    tau: kendallTau(predictions, full.accuracy),
    regret: regret(predictions),
    epochs: 0,
    stoppedEarly: 0,
  });
  return variants;
}

/** Saving (x, log) against Kendall's tau (y), with the reseeded reference as the noise ceiling. */
async function savingVsTauFigure(context: QuestionContext, variants: VariantScore[]): Promise<Figure> {
  const plotPath = join(context.directory, 'saving-vs-tau.svg');
  const ceiling = variants.find((v) => v.variant === 'reseeded')?.tau ?? Number.NaN;
  await writeFileAtomic(
    plotPath,
    linePlotSvg({
      title: 'What each speed-up saves (x) and how well it keeps full training’s ranking (y)',
      xLabel: 'saving against full training (×, log scale)',
      yLabel: 'Kendall τ against full training',
      xScale: 'log',
      yRange: [-1, 1],
      referenceLines: Number.isFinite(ceiling)
        ? [
            {
              from: [0.5, ceiling],
              to: [Math.max(...variants.map((v) => v.saving)) * 2, ceiling],
              label: 'noise ceiling (full training reseeded)',
            },
          ]
        : [],
      series: variants
        .filter((v) => v.variant !== 'full')
        .map((v) => ({ name: v.variant, style: 'points' as const, points: [[v.saving, v.tau] as const] })),
    }),
  );
  return figure(context, plotPath, 'saving-vs-tau', 'Saving against ranking fidelity of each speed-up');
}

function q2Tables(settings: Q2Settings, metrics: Q2Metrics): Table[] {
  return [
    {
      key: 'variants',
      title: `Each speed-up on ${settings.candidates} candidates: cost and agreement with full training (${settings.fullEpochs} epochs)`,
      columns: [
        'variant',
        'seconds per candidate',
        'saving',
        'epochs (mean)',
        'stopped early',
        'Kendall τ vs full',
        'regret',
      ],
      rows: metrics.variants.map((v) => [
        v.variant,
        fixed(v.secondsPerCandidate, 2),
        `${fixed(v.saving, 1)}×`,
        fixed(v.epochs, 2),
        v.variant === 'early-stopping' ? v.stoppedEarly : null,
        fixed(v.tau, 3),
        fixed(v.regret, 3),
      ]),
    },
    {
      key: 'candidates',
      title: 'The candidates and their full-training validation accuracy',
      columns: ['#', 'architecture', 'bred from', 'full training'],
      rows: metrics.candidates.map((c, i) => [
        i + 1,
        c.key,
        c.parent === null ? 'random' : `#${c.parent + 1}`,
        fixed(c.full),
      ]),
    },
  ];
}

async function run(context: QuestionContext): Promise<QuestionOutput<Q2Metrics>> {
  const settings = SETTINGS[context.profile];
  const space = createMacroSpace({ inputSizes: [16, 20, 24, 28], filters: [4, 8, 16, 32] });
  const candidates = candidateSet(settings, context.seed);
  const scores = await trainVariants(context, settings, candidates);
  const full = scores.get('full') as VariantRecord;
  const variants = scoreVariants(context, space, candidates, scores);
  const savingVsTau = await savingVsTauFigure(context, variants);
  const metrics: Q2Metrics = {
    settings,
    candidates: candidates.map((candidate, i) => ({
      key: candidate.key,
      parent: candidate.parent ?? null,
      full: full.accuracy[i] as number,
    })),
    variants,
  };
  return {
    settings: { ...settings, space: 'macro CNN (input sizes 16-28, filters 4-32)', dataset: 'MNIST' },
    metrics,
    tables: q2Tables(settings, metrics),
    figures: [savingVsTau],
    notes: [],
  };
}

export const q2CheapEvaluation: Question<Q2Metrics> = {
  ...catalogueEntry('q2'),
  ...q2Answers,
  estimateFull: ({ seconds }) => {
    const quick = SETTINGS.quick;
    const full = SETTINGS.full;
    const scale =
      (full.candidates / quick.candidates) *
      (full.trainLimit / quick.trainLimit) *
      (full.fullEpochs / quick.fullEpochs);
    return {
      seconds: seconds * scale,
      basis: `quick ${r1(seconds)} s × ${full.candidates}/${quick.candidates} candidates × ${full.trainLimit}/${quick.trainLimit} images × ${full.fullEpochs}/${quick.fullEpochs} epochs`,
    };
  },
  run,
};
