// `pnpm --filter @hw7/model-zoo bench [steps|scaling|profile] [options]`: one JSON line per
// measurement. Ours (the embedded wasm backend) and PyTorch's twin (1 thread) are timed in the same
// run, alternately, model by model; run it under `flock /tmp/hw7-heavy.lock` on a shared machine.
import { loadavg } from 'node:os';
import {
  CliError,
  defineCommand,
  defineProgram,
  initBackend,
  option,
  quoteValue,
  runProgram,
  tf,
  writeFileAtomic,
} from '@hw7/tensor-utils';
import { benchLine, round, timeIt } from '@hw7/tensor-utils/dev';
import { lossAgreement } from './fixture.js';
import { ZOO, zooModel } from './registry.js';
import { readScalingLines, writeScalingPlots } from './scaling-plots.js';
import { stepsTable } from './steps-table.js';
import { TorchServer, type TorchTiming } from './torch-server.js';
import { randomInputs, resolveSetup, type ZooModel, type ZooSetup } from './zoo.js';

interface Timings {
  rounds: number;
  repeats: number;
  warmup: number;
  threads: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const load = () => loadavg().map((value) => round(value, 2));

/** Our step's samples (ms) and the bytes one step holds at its peak beyond the weights and optimizer state. */
async function oursOnce(model: ZooModel, setup: Required<ZooSetup>, { repeats, warmup }: Timings, memory: boolean) {
  const trainer = model.create(setup);
  const inputs = randomInputs(model.inputs(setup));
  try {
    const timing = await timeIt(() => trainer.step(inputs), { warmup, repeats });
    let peakBytes: number | undefined;
    if (memory) {
      const before = tf.memory().numBytes;
      const profile = await tf.profile(() => {
        trainer.step(inputs);
      });
      peakBytes = profile.peakBytes - before;
    }
    return { samples: timing.samplesMs, peakBytes };
  } finally {
    tf.dispose(Object.values(inputs));
    trainer.dispose();
  }
}

function checkShapes(model: ZooModel, setup: Required<ZooSetup>, torch: TorchTiming): void {
  for (const [name, spec] of Object.entries(model.inputs(setup))) {
    const theirs = torch.shapes[name];
    if (!theirs || theirs.join() !== spec.shape.join()) {
      throw new Error(`${model.name}: PyTorch's input '${name}' is [${theirs}], ours [${spec.shape}]`);
    }
  }
}

/** Each round warms up and times at least this long: a sub-millisecond step (word2vec) needs
 * hundreds of steps before its time settles (38, 7.8, 5.4, 2.7 ms ... 0.4 ms at the start). */
const MIN_WARMUP_MS = 100;
const MIN_ROUND_MS = 200;

/** `timings` with warm-up and repeats raised (for both sides) so that short steps are timed long enough. */
async function scaledTimings(model: ZooModel, setup: Required<ZooSetup>, timings: Timings): Promise<Timings> {
  const trainer = model.create(setup);
  const inputs = randomInputs(model.inputs(setup));
  try {
    const probe = await timeIt(() => trainer.step(inputs), { warmup: 2, repeats: 3 });
    const stepMs = Math.max(probe.minMs, 0.01);
    return {
      ...timings,
      warmup: Math.max(timings.warmup, Math.min(1000, Math.ceil(MIN_WARMUP_MS / stepMs))),
      repeats: Math.max(timings.repeats, Math.min(1000, Math.ceil(MIN_ROUND_MS / stepMs))),
    };
  } finally {
    tf.dispose(Object.values(inputs));
    trainer.dispose();
  }
}

/** Ours and PyTorch's step time for one model and setup, alternating `rounds` times. */
async function compare(
  torch: TorchServer | null,
  model: ZooModel,
  setup: Required<ZooSetup>,
  timings: Timings,
  memory = false,
) {
  timings = await scaledTimings(model, setup, timings);
  const ours: number[] = [];
  const theirs: number[] = [];
  let ourPeak: number | undefined;
  let torchPeak: number | null | undefined;
  for (let round = 0; round < timings.rounds; round++) {
    const wantMemory = memory && round === 0;
    if (torch) {
      const timing = await torch.time({
        model: model.name,
        scale: setup.scale,
        batch: setup.batch,
        imageSize: setup.imageSize || undefined,
        threads: timings.threads,
        warmup: timings.warmup,
        repeats: timings.repeats,
        memory: wantMemory,
      });
      checkShapes(model, setup, timing);
      theirs.push(...timing.samplesMs);
      if (wantMemory) torchPeak = timing.peakBytes;
    }
    const run = await oursOnce(model, setup, timings, wantMemory);
    ours.push(...run.samples);
    if (wantMemory) ourPeak = run.peakBytes;
  }
  const ms = median(ours);
  const torchMs = theirs.length ? median(theirs) : undefined;
  return {
    ms: round(ms, ms < 10 ? 3 : 1),
    ...(torchMs === undefined ? {} : { torchMs: round(torchMs, torchMs < 10 ? 3 : 1), ratio: round(ms / torchMs, 2) }),
    ...(memory ? { peakMiB: ourPeak === undefined ? null : round(ourPeak / 2 ** 20, 1) } : {}),
    ...(memory ? { torchPeakMiB: torchPeak == null ? null : round(torchPeak / 2 ** 20, 1) } : {}),
  };
}

/** The scaling study's measurements: the cGAN and the Q6 CNN at five batch sizes, the Q6 CNN at four more image sides. */
const SCALING_STUDY: Array<[string, Partial<ZooSetup>]> = [
  ...[16, 32, 64, 128, 256].flatMap((batch) => [
    ['cgan', { batch }] as [string, Partial<ZooSetup>],
    ['q6-cnn', { batch }] as [string, Partial<ZooSetup>],
  ]),
  ...[16, 24, 48, 64].map((imageSize) => ['q6-cnn', { imageSize }] as [string, Partial<ZooSetup>]),
];
const SCALING_MODELS = [...new Set(SCALING_STUDY.map(([name]) => name))];

/** The zoo models a `--models a,b` value names (all the command measures when absent). */
function selectModels(names: string | undefined, command: Measure): ZooModel[] {
  const candidates = command === 'scaling' ? ZOO.filter((model) => SCALING_MODELS.includes(model.name)) : [...ZOO];
  if (names === undefined) return candidates;
  return names.split(',').map((name) => {
    const model = candidates.find((candidate) => candidate.name === name.trim());
    if (model) return model;
    throw new CliError(
      `no ${command === 'scaling' ? 'model of the scaling study' : 'zoo model'} "${name.trim()}"`,
      `--models ${quoteValue(names)}`,
      `names from ${candidates.map((candidate) => candidate.name).join(', ')}`,
    );
  });
}
type Measure = 'steps' | 'scaling' | 'profile';

async function measure(command: Measure, models: ZooModel[], timings: Timings, out: string | undefined) {
  const lines: string[] = [];
  const emit = (name: string, figures: Record<string, unknown>) => {
    lines.push(benchLine(name, figures));
  };
  const backend = await initBackend({ backend: 'wasm', quiet: true });
  emit('zoo-start', {
    command,
    backend: backend.name,
    wasmThreads: process.env.HW7_WASM_THREADS ?? 'cores',
    load: load(),
  });

  if (command === 'profile') {
    for (const model of models) {
      const setup = resolveSetup(model, { scale: 'bench' });
      const trainer = model.create(setup);
      const inputs = randomInputs(model.inputs(setup));
      for (let i = 0; i < timings.warmup; i++) trainer.step(inputs);
      const profile = await tf.profile(() => {
        trainer.step(inputs);
      });
      const byKernel = new Map<string, { ms: number; calls: number }>();
      for (const kernel of profile.kernels) {
        const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
        entry.ms += (await kernel.kernelTimeMs) as number;
        entry.calls += 1;
        byKernel.set(kernel.name, entry);
      }
      const total = [...byKernel.values()].reduce((sum, { ms }) => sum + ms, 0);
      for (const [kernel, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms)) {
        emit('zoo-profile', { model: model.name, kernel, ms: round(ms, 2), calls, share: round(ms / total, 3) });
      }
      tf.dispose(Object.values(inputs));
      trainer.dispose();
    }
    if (out) await writeFileAtomic(out, lines.join(''));
    return;
  }

  const server = TorchServer.start();
  const torch = server instanceof TorchServer ? server : null;
  if (!torch) emit('zoo-torch-unavailable', { reason: (server as { unavailable: string }).unavailable });
  try {
    if (command === 'steps') {
      for (const model of models) {
        const setup = resolveSetup(model, { scale: 'bench' });
        const measured = await compare(torch, model, setup, timings, true);
        const agreement = lossAgreement(model);
        emit('zoo-step', {
          model: model.name,
          batch: setup.batch,
          ...measured,
          agreementMaxAbs: Number(agreement.maxAbsDiff.toPrecision(3)),
          agreementMaxRel: Number(agreement.maxRelDiff.toPrecision(3)),
          float32Reach: Number(agreement.float32RelDiff.toPrecision(3)),
          toleranceUsed: round(agreement.toleranceUsed, 3),
          load: load(),
        });
      }
    } else {
      for (const [name, partial] of SCALING_STUDY) {
        const model = zooModel(name);
        if (!models.includes(model)) continue; // left out by --models
        const setup = resolveSetup(model, { scale: 'bench', ...partial });
        const measured = await compare(torch, model, setup, timings, true);
        emit('zoo-scaling', {
          model: name,
          batch: setup.batch,
          imageSize: setup.imageSize || 28,
          ...measured,
          load: load(),
        });
      }
    }
  } finally {
    torch?.close();
  }
  if (out) await writeFileAtomic(out, lines.join(''));
}

const measureOptions = {
  models: option.string({
    defaultText: 'all',
    description: `zoo models, comma-separated: ${ZOO.map((model) => model.name).join(', ')}`,
  }),
  rounds: option.integer({ min: 1, default: 3, description: 'alternations of ours and PyTorch per measurement' }),
  repeats: option.integer({ min: 1, default: 5, description: 'timed steps per round' }),
  warmup: option.integer({ min: 0, default: 2, description: 'untimed steps before each round' }),
  threads: option.threads({ default: 1, description: "PyTorch's threads" }),
  out: option.outputFile({ description: 'also write the JSON lines to FILE (atomically, at the end)' }),
};

const measureCommand = (command: Measure, summary: string) =>
  defineCommand({
    summary,
    options: measureOptions,
    check: ({ options }) => void selectModels(options.models, command),
    run: ({ options: { models, out, ...timings } }) => measure(command, selectModels(models, command), timings, out),
  });

const program = defineProgram({
  name: 'model-zoo bench',
  summary:
    "Every zoo model's training step on the embedded wasm backend against its PyTorch twin (1 thread), " +
    'timed alternately in one run; one JSON line per measurement. Run it under flock /tmp/hw7-heavy.lock.',
  commands: {
    steps: measureCommand(
      'steps',
      "(the default) every zoo model's training step, ours and PyTorch's, and the 20-step loss agreement",
    ),
    scaling: measureCommand(
      'scaling',
      'step time and memory against batch size (16-256) for cgan and q6-cnn, and image size for q6-cnn',
    ),
    profile: measureCommand('profile', "per-kernel time of one model's step on wasm (--models NAME)"),
    table: defineCommand({
      summary: "the README's markdown table of a steps run's JSON lines, on stdout",
      options: { in: option.inputFile({ required: true, description: "the steps run's JSON lines" }) },
      run: async ({ options }) => {
        process.stdout.write(`${await stepsTable(options.in)}\n`);
      },
    }),
    plot: defineCommand({
      summary: "the scaling figures (SVG) from a scaling run's JSON lines",
      options: {
        in: option.inputFile({ required: true, description: "the scaling run's JSON lines" }),
        out: option.outputDirectory({ required: true, description: 'where to write the SVGs' }),
      },
      run: async ({ options }) => {
        for (const path of await writeScalingPlots(await readScalingLines(options.in), options.out)) {
          process.stdout.write(`wrote ${path}\n`);
        }
      },
    }),
  },
});

// No command: the zoo table (what the workspace's `pnpm bench` runs).
const argv = process.argv.slice(2);
void runProgram(program, argv.length === 0 ? ['steps'] : argv).then((status) => process.exit(status));
