// `pnpm --filter @hw7/model-zoo bench [steps|scaling|profile] [options]`: one JSON line per
// measurement. Ours (the embedded wasm backend) and PyTorch's twin (1 thread) are timed in the same
// run, alternately, model by model; run it under `flock /tmp/hw7-heavy.lock` on a shared machine.
import { loadavg } from 'node:os';
import { initBackend, integerOption, parseCommandLine, tf, writeFileAtomic } from '@hw7/tensor-utils';
import { benchLine, round, timeIt } from '@hw7/tensor-utils/dev';
import { lossAgreement } from './fixture.js';
import { ZOO, zooModel } from './registry.js';
import { readScalingLines, writeScalingPlots } from './scaling-plots.js';
import { TorchServer, type TorchTiming } from './torch-server.js';
import { randomInputs, resolveSetup, type ZooModel, type ZooSetup } from './zoo.js';

const HELP = `Usage: pnpm --filter @hw7/model-zoo bench [command] [options]

Commands:
  steps     (default) every zoo model's training step, ours and PyTorch's, and the 20-step loss agreement
  scaling   step time and memory against batch size (16-256) for cgan and q6-cnn, and image size for q6-cnn
  profile   per-kernel time of one model's step on wasm (--models NAME)
  plot      the scaling figures (SVG) from a scaling run's JSON lines: --in FILE --out DIRECTORY

Options:
  --models a,b     zoo models (default: all; ${ZOO.map((m) => m.name).join(', ')})
  --rounds N       alternations of ours and PyTorch per measurement (default 3)
  --repeats N      timed steps per round (default 5)
  --warmup N       untimed steps before each round (default 2)
  --threads N      PyTorch's threads (default 1)
  --out FILE       also write the JSON lines to FILE (atomically, at the end); plot: the directory
  --in FILE        plot: the scaling run's JSON lines
  --help
`;

const OPTIONS = {
  models: { type: 'string' },
  rounds: { type: 'string' },
  repeats: { type: 'string' },
  warmup: { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  in: { type: 'string' },
  help: { type: 'boolean' },
} as const;
const COMMON = ['models', 'rounds', 'repeats', 'warmup', 'threads', 'out'] as const;

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

/** Ours and PyTorch's step time for one model and setup, alternating `rounds` times. */
async function compare(
  torch: TorchServer | null,
  model: ZooModel,
  setup: Required<ZooSetup>,
  timings: Timings,
  memory = false,
) {
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
    ms: round(ms, 1),
    ...(torchMs === undefined ? {} : { torchMs: round(torchMs, 1), ratio: round(ms / torchMs, 2) }),
    ...(memory ? { peakMiB: ourPeak === undefined ? null : round(ourPeak / 2 ** 20, 1) } : {}),
    ...(memory ? { torchPeakMiB: torchPeak == null ? null : round(torchPeak / 2 ** 20, 1) } : {}),
  };
}

async function main(argv: string[]): Promise<number> {
  // No command: the zoo table (what the workspace's `pnpm bench` runs).
  const { command, values } = parseCommandLine(argv.length === 0 ? ['steps'] : argv, {
    program: 'model-zoo bench',
    options: OPTIONS,
    commands: {
      steps: { options: COMMON },
      scaling: { options: COMMON },
      profile: { options: COMMON },
      plot: { options: ['in', 'out'] },
    },
  });
  if (command === undefined) {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === 'plot') {
    if (!values.in || !values.out) throw new Error('plot needs --in FILE (a scaling run) and --out DIRECTORY');
    for (const path of await writeScalingPlots(await readScalingLines(values.in), values.out)) {
      process.stdout.write(`wrote ${path}\n`);
    }
    return 0;
  }
  const models = values.models ? values.models.split(',').map((name) => zooModel(name.trim())) : [...ZOO];
  const timings: Timings = {
    rounds: integerOption(values.rounds, 'rounds', 1) ?? 3,
    repeats: integerOption(values.repeats, 'repeats', 1) ?? 5,
    warmup: integerOption(values.warmup, 'warmup', 0) ?? 2,
    threads: integerOption(values.threads, 'threads', 1) ?? 1,
  };
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
    return 0;
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
      const scaling: Array<[string, Partial<ZooSetup>]> = [
        ...[16, 32, 64, 128, 256].flatMap((batch) => [
          ['cgan', { batch }] as [string, Partial<ZooSetup>],
          ['q6-cnn', { batch }] as [string, Partial<ZooSetup>],
        ]),
        ...[16, 24, 48, 64].map((imageSize) => ['q6-cnn', { imageSize }] as [string, Partial<ZooSetup>]),
      ];
      for (const [name, partial] of scaling) {
        const model = zooModel(name);
        if (!models.includes(model)) continue;
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
  if (values.out) await writeFileAtomic(values.out, lines.join(''));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`model-zoo bench: ${error.message}\n`);
    process.exit(1);
  },
);
