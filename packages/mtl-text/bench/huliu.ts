// The homework's data as every bench reads it: the Hu & Liu opinion sentences of @hw7/datasets
// (sentiment neg/pos, imbalanced; topic = the product category), grouped by whole reviews.
import { datasetFiles } from '@hw7/datasets';
import type { ExperimentOptions } from '../src/experiment-options.js';

/** runExperiment's data options for the Hu & Liu sentences, seeded with `seed`, without progress lines. */
export async function huliuExperiment(seed: number): Promise<ExperimentOptions> {
  const [data] = (await datasetFiles('huliu')) as [string];
  return {
    data,
    text: 'sentence',
    tasks: { sentiment: { column: 'sentiment', labels: ['neg', 'pos'] }, topic: 'category' },
    group: ['product', 'review_id'],
    filter: { sentiment: ['pos', 'neg'] },
    seed,
    progress: false,
  };
}
