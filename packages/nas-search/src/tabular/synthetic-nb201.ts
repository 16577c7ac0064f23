// A SYNTHETIC NAS-Bench-201-style table for all 5^6 = 15,625 cells, for tests and benchmarks when
// no real table is at hand. Its accuracies come from a hand-made model, not from training:
//   - only paths from input (node 0) to output (node 3) without a 'none' edge carry signal; a cell
//     with none is disconnected and scores chance, 10%;
//   - capacity = sum over edges on live paths of 1.0 per nor_conv_3x3, 0.55 per nor_conv_1x1 and
//     0.1 per avg_pool_3x3; accuracy = 93 - 33 exp(-0.9 capacity), saturating like real cells;
//   - depth = most convolutions on one live path: +0.5 per level beyond the first, but a path of 3
//     convolutions without a live all-skip path (a residual) costs 1.0, and a residual next to a
//     path of >= 2 convolutions earns 0.8;
//   - each live avg_pool_3x3 costs 0.4; then seeded Gaussian noise (std 0.25) per cell.
// The best cells score about 94.4 (real NAS-Bench-201 CIFAR-10: 94.37). Training time in seconds:
// 1000 + 500 per live 3x3 conv + 200 per live 1x1 conv + 50 per live pooling.
import { Rng } from '@hw7/tensor-utils/base';
import { type CellGenotype, formatCell, NB201_OPERATIONS, type Nb201Operation } from '../spaces/nb201-cell.js';
import { csvField } from './csv.js';

/** Edge indices of the 4 paths from node 0 to node 3 (0->3, 0->1->3, 0->2->3, 0->1->2->3). */
const PATHS: readonly (readonly number[])[] = [[3], [0, 4], [1, 5], [0, 2, 5]];

const CAPACITY: Record<Nb201Operation, number> = {
  none: 0,
  skip_connect: 0,
  nor_conv_1x1: 0.55,
  nor_conv_3x3: 1,
  avg_pool_3x3: 0.1,
};

const isConv = (operation: Nb201Operation) => operation === 'nor_conv_1x1' || operation === 'nor_conv_3x3';

export interface SyntheticRow {
  arch: string;
  accuracy: number;
  trainTime: number;
}

/** The noise-free synthetic accuracy (percent) and training time of a cell. */
export function syntheticNb201Score(cell: CellGenotype): { accuracy: number; trainTime: number } {
  const live = PATHS.filter((path) => path.every((edge) => cell.edges[edge] !== 'none'));
  if (live.length === 0) return { accuracy: 10, trainTime: 1000 };
  const active = [...new Set(live.flat())].map((edge) => cell.edges[edge]);
  const capacity = active.reduce((sum, operation) => sum + CAPACITY[operation], 0);
  const depth = Math.max(...live.map((path) => path.filter((edge) => isConv(cell.edges[edge])).length));
  const residual = live.some((path) => path.every((edge) => cell.edges[edge] === 'skip_connect'));
  const pools = active.filter((operation) => operation === 'avg_pool_3x3').length;
  let accuracy = 93 - 33 * Math.exp(-0.9 * capacity) + 0.5 * Math.max(0, depth - 1) - 0.4 * pools;
  if (depth >= 3 && !residual) accuracy -= 1;
  if (depth >= 2 && residual) accuracy += 0.8;
  const count = (operation: Nb201Operation) => active.filter((candidate) => candidate === operation).length;
  const trainTime = 1000 + 500 * count('nor_conv_3x3') + 200 * count('nor_conv_1x1') + 50 * pools;
  return { accuracy, trainTime };
}

/** Every cell with its noisy synthetic accuracy, in token order (edge 1<-0 varies slowest). */
export function syntheticNb201Table(options: { seed?: number } = {}): SyntheticRow[] {
  const rng = new Rng(options.seed ?? 201);
  const operations = NB201_OPERATIONS.length;
  const edges = 6;
  const rows: SyntheticRow[] = [];
  for (let index = 0; index < operations ** edges; index++) {
    const cell: CellGenotype = {
      edges: Array.from(
        { length: edges },
        (_, edge) => NB201_OPERATIONS[Math.floor(index / operations ** (edges - 1 - edge)) % operations],
      ),
    };
    const { accuracy, trainTime } = syntheticNb201Score(cell);
    const noisy = Math.min(100, Math.max(0, accuracy + rng.normal(0, 0.25)));
    rows.push({ arch: formatCell(cell), accuracy: Math.round(noisy * 100) / 100, trainTime });
  }
  return rows;
}

/** The table as CSV with columns arch, accuracy, train_time. */
export function syntheticNb201Csv(options: { seed?: number } = {}): string {
  const lines = syntheticNb201Table(options).map((row) => `${csvField(row.arch)},${row.accuracy},${row.trainTime}`);
  return `arch,accuracy,train_time\n${lines.join('\n')}\n`;
}
