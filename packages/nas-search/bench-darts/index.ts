// The DARTS measurement recorded in the README (run once; minutes on 2 shared cores):
//   HW7_WASM_THREADS=1 nice -n 19 npx tsx bench-darts/index.ts [out-directory] [json-options]
// e.g. `npx tsx bench-darts/index.ts out/darts '{"searchSteps":60,"retrainSeeds":[0]}'` for a pilot.
import { initBackend } from '@hw7/tensor-utils';
import { type DartsExperimentOptions, runDartsExperiment } from '../src/darts/darts-experiment.js';

const [out = 'out/darts', json = '{}'] = process.argv.slice(2);
const overrides = JSON.parse(json) as DartsExperimentOptions;
await initBackend({ backend: 'wasm' });
const result = await runDartsExperiment({ ...overrides, out });
const { search } = result;
// The last step always measures the validation accuracy.
const last = search.history[search.history.length - 1];
console.log(
  JSON.stringify(
    {
      cell: search.cellString,
      entropy: [search.initialEntropy, last.entropy],
      supernetValidationAccuracy: last.validationAccuracy,
      searchSeconds: search.seconds,
      derived: result.derived.map(({ accuracy, parameters, seconds }) => ({ accuracy, parameters, seconds })),
      random: result.random.map(({ cellString, accuracy, parameters }) => ({ cellString, accuracy, parameters })),
      meanDerivedAccuracy: result.meanDerivedAccuracy,
      meanRandomAccuracy: result.meanRandomAccuracy,
      seconds: result.seconds,
    },
    null,
    2,
  ),
);
