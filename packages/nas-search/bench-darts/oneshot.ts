// The single-path one-shot measurement in the README (a few minutes on 2 shared cores):
//   HW7_WASM_THREADS=1 nice -n 19 npx tsx bench-darts/oneshot.ts [json-options]
// Prints the candidates ranked by inherited-weight accuracy and, for the best and the worst
// connected one, the accuracy after training from scratch, to see whether the ranking means anything.
import { initBackend } from '@hw7/tensor-utils';
import { disposeLabeled } from '../src/cell/labeled-tensors.js';
import { trainGenotypeFromScratch } from '../src/cell/train-from-scratch.js';
import { loadDatasetSplits } from '../src/data/image-data.js';
import { type OneShotExperimentOptions, runOneShotExperiment } from '../src/oneshot/oneshot-experiment.js';

const overrides = JSON.parse(process.argv[2] ?? '{}') as OneShotExperimentOptions;
await initBackend({ backend: 'wasm' });
const network = { channels: 8, stages: 3, cellsPerStage: 1, stemStride: 2 } as const;
const result = await runOneShotExperiment({ network, ...overrides });
console.log(`supernet: ${result.supernetSeconds.toFixed(0)} s; final loss ${result.supernetLosses.at(-1)?.toFixed(3)}`);
for (const { cellString, accuracy } of result.ranking) console.log(`${accuracy.toFixed(3)}  ${cellString}`);

// From-scratch check on the same budget as the DARTS comparison: best and worst ranked cells.
const data = await loadDatasetSplits({ train: 4000, validation: 1, test: 2000 });
for (const { cellString, genotype, accuracy } of [result.ranking[0], result.ranking[result.ranking.length - 1]]) {
  const scratch = await trainGenotypeFromScratch(genotype, data, { ...network, seed: 0 }, { steps: 300, seed: 0 });
  console.log(`inherited ${accuracy.toFixed(3)} -> from scratch ${scratch.accuracy.toFixed(4)}  ${cellString}`);
}
disposeLabeled(data.train);
disposeLabeled(data.validation);
disposeLabeled(data.test);
