// The DARTS measurement recorded in the README (run once; minutes on 2 shared cores):
//   HW7_WASM_THREADS=1 nice -n 19 npx tsx bench-darts/index.ts [out-directory] [json-options]
// e.g. `npx tsx bench-darts/index.ts out/darts '{"searchSteps":60,"retrainSeeds":[0]}'` for a pilot,
// `'{"derivation":"argmax"}'` for plain DARTS's derivation only.
import { initBackend } from '@hw7/tensor-utils';
import { type CellScore, type DartsExperimentOptions, runDartsExperiment } from '../src/darts/darts-experiment.js';

const [out = 'out/darts', json = '{}'] = process.argv.slice(2);
const overrides = JSON.parse(json) as DartsExperimentOptions;
await initBackend({ backend: 'wasm' });
const result = await runDartsExperiment({ ...overrides, out });
const { search } = result;
// The last step always measures the validation accuracy.
const last = search.history[search.history.length - 1];
/** Per cell: its parameters and its accuracy on every retrain seed, in seed order. */
const byCell = (scores: CellScore[]) => {
  const cells = new Map<string, { parameters: number; accuracies: number[] }>();
  for (const { cellString, parameters, accuracy } of scores) {
    const cell = cells.get(cellString) ?? { parameters, accuracies: [] };
    cell.accuracies.push(accuracy);
    cells.set(cellString, cell);
  }
  return [...cells].map(([cell, scores]) => ({ cell, ...scores }));
};
console.log(
  JSON.stringify(
    {
      derivation: search.derivation,
      entropy: [search.initialEntropy, last.entropy],
      supernetValidationAccuracy: last.validationAccuracy,
      perturbation: search.perturbation && {
        decisions: search.perturbation.decisions,
        projected: search.perturbation.projected,
        seconds: search.perturbation.seconds,
      },
      searchSeconds: search.seconds,
      derived: byCell(result.derived),
      argmax: byCell(result.argmax),
      random: byCell(result.random),
      sizeMatched: byCell(result.sizeMatched),
      meanDerivedAccuracy: result.meanDerivedAccuracy,
      meanArgmaxAccuracy: result.meanArgmaxAccuracy,
      meanRandomAccuracy: result.meanRandomAccuracy,
      meanSizeMatchedAccuracy: result.meanSizeMatchedAccuracy,
      seconds: result.seconds,
    },
    null,
    2,
  ),
);
