// `pnpm --filter @hw7/nas-search bench:cheap`: what each cheap-evaluation trick saves and what it
// costs in ranking quality, on real MNIST training. A fixed, seeded set of macro-space CNNs (a few
// random roots, the rest mutations of earlier ones, as an evolutionary search produces them) is
// trained once "fully" (fixed epochs, constant learning rate, no tricks): the reference ranking.
// Then every speed-up on its own, on the same images, initial weights and batch order:
//   truncated       the reduced epoch budget at a constant rate (the control: "just train less")
//   early-stopping  the full budget, stopped after two epochs in a row without a better validation
//                   accuracy (patience 1), scored by its best epoch
//   warmup-cosine   the reduced budget with linear warm-up then cosine decay
//   inheritance     the reduced budget, a mutated child starting from its parent's weights (the
//                   parent trained by this same variant; roots train from scratch)
//   combined        warm-up + cosine and inheritance together
//   surrogate       an MLP on the architecture encodings predicting the full-training accuracy,
//                   leave-one-out (fitted on the other candidates' full-training accuracies)
// Each prints mean seconds per candidate, the saving against full training, and Kendall's tau-b of
// its scores against full training; a second full training with other seeds gives the noise
// ceiling (how well full training agrees with itself), and tau against the mean of both full
// trainings is a less noisy reference. Ends with one line per candidate.
// Environment: HW7_CHEAP_CANDIDATES (default 14), HW7_CHEAP_TRAIN images (default 2000),
// HW7_CHEAP_FULL_EPOCHS (default 4), HW7_CHEAP_SHORT_EPOCHS (default 1).
// Run heavy: HW7_WASM_THREADS=1 nice -n 10 pnpm --filter @hw7/nas-search bench:cheap
import { performance } from 'node:perf_hooks';
import { initBackend, Rng, seedEverything, tf } from '@hw7/tensor-utils';
import { benchLine, integerFromEnv, round } from '@hw7/tensor-utils/dev';
import { loadCandidateData } from '../src/data/image-data.js';
import { kendallTau } from '../src/evaluation/kendall-tau.js';
import { leaveOneOutPredictions } from '../src/evaluation/surrogate-ranking.js';
import { type TrainCandidateOptions, trainCandidate } from '../src/evaluation/train-candidate.js';
import { createMacroSpace, type MacroArchitecture } from '../src/spaces/macro-cnn.js';

const CANDIDATES = integerFromEnv('HW7_CHEAP_CANDIDATES', 14, 4);
const TRAIN_IMAGES = integerFromEnv('HW7_CHEAP_TRAIN', 2000, 64);
const VALIDATION_IMAGES = 1000;
const FULL_EPOCHS = integerFromEnv('HW7_CHEAP_FULL_EPOCHS', 4, 2);
const SHORT_EPOCHS = integerFromEnv('HW7_CHEAP_SHORT_EPOCHS', 1, 1);
/** Random architectures before mutation takes over. */
const ROOTS = 6;
/** Seeds the architecture set; per-candidate training seeds derive from the candidate's index. */
const SET_SEED = 7;
// Fewer filter and input-size choices than the default space keep the largest candidates affordable.
const space = createMacroSpace({ inputSizes: [16, 20, 24, 28], filters: [4, 8, 16, 32] });

interface Candidate {
  architecture: MacroArchitecture;
  key: string;
  /** Index of the candidate this one was mutated from; undefined for a root. */
  parent?: number;
}

interface Variant {
  name: string;
  options: TrainCandidateOptions;
  /** Children start from the weights of their parent as trained by this variant. */
  inherit?: boolean;
  /** Other initial weights and batch order: the reference run repeated. */
  reseed?: boolean;
  /** Score by the best epoch (what early stopping keeps) instead of the last. */
  scoreBest?: boolean;
}

const plain = { schedule: 'constant', earlyStopping: false } as const;
const VARIANTS: Variant[] = [
  { name: 'full', options: { ...plain, maxEpochs: FULL_EPOCHS } },
  { name: 'full-reseeded', options: { ...plain, maxEpochs: FULL_EPOCHS }, reseed: true },
  { name: 'truncated', options: { ...plain, maxEpochs: SHORT_EPOCHS } },
  {
    name: 'early-stopping',
    options: { schedule: 'constant', maxEpochs: FULL_EPOCHS, earlyStopping: true, patience: 1 },
    scoreBest: true,
  },
  { name: 'warmup-cosine', options: { schedule: 'warmup-cosine', earlyStopping: false, maxEpochs: SHORT_EPOCHS } },
  { name: 'inheritance', options: { ...plain, maxEpochs: SHORT_EPOCHS }, inherit: true },
  {
    name: 'combined',
    options: { schedule: 'warmup-cosine', earlyStopping: false, maxEpochs: SHORT_EPOCHS },
    inherit: true,
  },
];

interface Score {
  accuracy: number;
  seconds: number;
  epochs: number;
  inheritedLayers: number;
}

/** Roots are random; every later candidate mutates a uniformly chosen earlier one (no repeats). */
function candidateSet(rng: Rng): Candidate[] {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  while (candidates.length < CANDIDATES) {
    const parent = candidates.length < ROOTS ? undefined : rng.int(0, candidates.length - 1);
    const architecture = parent === undefined ? space.sample(rng) : space.mutate(candidates[parent].architecture, rng);
    const key = space.format(architecture);
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({ architecture, key, parent });
  }
  return candidates;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Full-training accuracy of the candidate a variant ranks first, below the best one (0 = it picked the best). */
function topPickRegret(scores: number[], reference: number[]): number {
  const pick = scores.indexOf(Math.max(...scores));
  return Math.max(...reference) - reference[pick];
}

async function main(): Promise<void> {
  await initBackend({ backend: 'wasm', quiet: true });
  const data = await loadCandidateData({ dataset: 'mnist' }, TRAIN_IMAGES, VALIDATION_IMAGES);
  const candidates = candidateSet(new Rng(SET_SEED));
  benchLine('nas-cheap-config', {
    candidates: CANDIDATES,
    roots: ROOTS,
    trainImages: TRAIN_IMAGES,
    validationImages: VALIDATION_IMAGES,
    fullEpochs: FULL_EPOCHS,
    shortEpochs: SHORT_EPOCHS,
    backend: tf.getBackend(),
  });
  const scores = new Map<string, Score[]>(VARIANTS.map((variant) => [variant.name, []]));
  // Each inheriting variant keeps its own trained models, so a child inherits what that variant trained.
  const models = new Map<string, tf.LayersModel[]>(
    VARIANTS.filter((variant) => variant.inherit).map((variant) => [variant.name, []]),
  );
  try {
    for (const [index, candidate] of candidates.entries()) {
      // Variants alternate per candidate, so a change in machine load hits all of them alike.
      for (const variant of VARIANTS) {
        const seed = variant.reseed ? 1 : 0;
        seedEverything(`cheap:${index}:${seed}`); // the same initial weights for every variant
        const kept = models.get(variant.name);
        const parent = kept && candidate.parent !== undefined ? kept[candidate.parent] : undefined;
        const start = performance.now();
        const trained = await trainCandidate(candidate.architecture, data, { ...variant.options, seed, parent });
        const seconds = (performance.now() - start) / 1000;
        if (kept) kept.push(trained.model);
        else trained.model.dispose();
        scores.get(variant.name)?.push({
          accuracy: variant.scoreBest ? trained.accuracy : trained.lastAccuracy,
          seconds,
          epochs: trained.epochs,
          inheritedLayers: trained.inherited.length,
        });
      }
      process.stderr.write(`candidate ${index + 1}/${CANDIDATES} ${candidate.key}\n`);
    }
  } finally {
    for (const model of [...models.values()].flat()) model.dispose();
    tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y]);
  }

  const full = scores.get('full') ?? [];
  const reference = full.map((score) => score.accuracy);
  const fullSeconds = mean(full.map((score) => score.seconds));
  const reseeded = scores.get('full-reseeded') ?? [];
  const meanReference = reference.map((accuracy, i) => (accuracy + reseeded[i].accuracy) / 2);
  const children = candidates.flatMap((candidate, i) => (candidate.parent === undefined ? [] : [i]));
  for (const variant of VARIANTS) {
    const own = scores.get(variant.name) ?? [];
    const accuracies = own.map((score) => score.accuracy);
    const seconds = mean(own.map((score) => score.seconds));
    benchLine('nas-cheap-evaluation', {
      variant: variant.name,
      secondsPerCandidate: round(seconds, 2),
      saving: round(fullSeconds / seconds, 2),
      kendallTau: round(kendallTau(accuracies, reference), 3),
      // Inflated for the two full trainings themselves, which make up this reference.
      kendallTauVsMeanOfTwo: round(kendallTau(accuracies, meanReference), 3),
      // Children only: where inheritance can act (roots train from scratch in every variant).
      kendallTauChildren: round(
        kendallTau(
          children.map((i) => accuracies[i]),
          children.map((i) => reference[i]),
        ),
        3,
      ),
      topPickRegret: round(topPickRegret(accuracies, reference), 4),
      meanAccuracy: round(mean(accuracies), 4),
      meanEpochs: round(mean(own.map((score) => score.epochs)), 2),
      meanInheritedLayers: round(mean(own.map((score) => score.inheritedLayers)), 2),
    });
  }

  // The surrogate learns the full-training accuracy itself, so its cost is the fits (plus the
  // full trainings of the candidates it learns from, which a search pays for anyway).
  const encodings = candidates.map((candidate) => space.encode(candidate.architecture));
  const start = performance.now();
  const predictions = leaveOneOutPredictions(encodings, reference, { seed: SET_SEED });
  const surrogateSeconds = (performance.now() - start) / 1000 / candidates.length;
  benchLine('nas-cheap-evaluation', {
    variant: 'surrogate-leave-one-out',
    secondsPerCandidate: round(surrogateSeconds, 3),
    saving: round(fullSeconds / surrogateSeconds, 1),
    kendallTau: round(kendallTau(predictions, reference), 3),
    kendallTauVsMeanOfTwo: round(kendallTau(predictions, meanReference), 3),
    topPickRegret: round(topPickRegret(predictions, reference), 4),
    trainedOn: candidates.length - 1,
  });

  for (const [i, candidate] of candidates.entries()) {
    benchLine('nas-cheap-candidate', {
      index: i,
      key: candidate.key,
      parent: candidate.parent ?? null,
      surrogate: round(predictions[i], 4),
      ...Object.fromEntries(VARIANTS.map((variant) => [variant.name, scores.get(variant.name)?.[i].accuracy])),
      fullSeconds: round(full[i].seconds, 2),
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
