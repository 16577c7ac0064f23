// `hw7-nas synthetic-table`: the synthetic NAS-Bench-201-style table as CSV, written atomically (a
// killed run leaves no partial file). Without TensorFlow.js.
import { writeFileAtomic } from '@hw7/tensor-utils/base';
import { syntheticNb201Csv } from '../tabular/synthetic-nb201.js';

export async function syntheticTableCommand(options: { out: string; seed: number }): Promise<void> {
  await writeFileAtomic(options.out, syntheticNb201Csv({ seed: options.seed }));
  process.stdout.write(`${JSON.stringify({ out: options.out, rows: 15625, synthetic: true })}\n`);
}
