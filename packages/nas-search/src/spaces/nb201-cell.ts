// The NAS-Bench-201 cell (Dong & Yang, ICLR 2020): a DAG of 4 nodes whose 6 edges each carry one of
// 5 operations, written in the benchmark's own string form
// `|nor_conv_3x3~0|+|none~0|skip_connect~1|+|skip_connect~0|none~1|nor_conv_3x3~2|`.
import { quoteValue } from '@hw7/tensor-utils/base';
import { type ArchitectureProcess, assertTokens, type Decision, type SearchSpace } from './search-space.js';

export const NB201_OPERATIONS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
export type Nb201Operation = (typeof NB201_OPERATIONS)[number];

/** The 6 edges as [to, from], in the benchmark's order: 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2. */
export const NB201_EDGES: readonly (readonly [number, number])[] = [
  [1, 0],
  [2, 0],
  [2, 1],
  [3, 0],
  [3, 1],
  [3, 2],
];

/** A cell: the operation on each edge, in `NB201_EDGES` order. */
export interface CellGenotype {
  edges: Nb201Operation[];
}

const NODE_COUNT = 4;

function isOperation(text: string): text is Nb201Operation {
  return (NB201_OPERATIONS as readonly string[]).includes(text);
}

/** Parses the NAS-Bench-201 string of a cell; errors say which node or edge is malformed. */
export function parseCell(text: string): CellGenotype {
  const nodes = text.trim().split('+');
  if (nodes.length !== NODE_COUNT - 1) {
    throw new Error(
      `NB201 cell string must have ${NODE_COUNT - 1} '+'-separated nodes; got ${nodes.length} in ${quoteValue(text)}`,
    );
  }
  const edges: Nb201Operation[] = [];
  nodes.forEach((node, index) => {
    const target = index + 1;
    if (!node.startsWith('|') || !node.endsWith('|')) {
      throw new Error(`NB201 cell string: node ${target} must look like |op~0|...|; got ${quoteValue(node)}`);
    }
    const inputs = node.slice(1, -1).split('|');
    if (inputs.length !== target) {
      throw new Error(
        `NB201 cell string: node ${target} must list ${target} input(s); got ${inputs.length} in ${quoteValue(node)}`,
      );
    }
    inputs.forEach((input, source) => {
      const [operation, from, ...extra] = input.split('~');
      if (extra.length > 0 || from !== String(source)) {
        throw new Error(
          `NB201 cell string: input ${source} of node ${target} must be "op~${source}"; got ${quoteValue(input)}`,
        );
      }
      if (!isOperation(operation)) {
        throw new Error(
          `NB201 cell string: unknown operation ${quoteValue(operation)} on edge ${target}<-${source}; expected one of ${NB201_OPERATIONS.join(', ')}`,
        );
      }
      edges.push(operation);
    });
  });
  return { edges };
}

/** Checks a genotype: 6 edges, each a known operation. */
export function assertCell(cell: CellGenotype): void {
  if (!Array.isArray(cell?.edges) || cell.edges.length !== NB201_EDGES.length) {
    throw new Error(
      `a cell genotype needs edges: an array of ${NB201_EDGES.length} operations; got ${JSON.stringify(cell)}`,
    );
  }
  cell.edges.forEach((operation, i) => {
    if (!isOperation(operation)) {
      const [to, from] = NB201_EDGES[i];
      throw new Error(
        `edge ${to}<-${from}: unknown operation "${operation}"; expected one of ${NB201_OPERATIONS.join(', ')}`,
      );
    }
  });
}

/** The benchmark's string of a cell. */
export function formatCell(cell: CellGenotype): string {
  assertCell(cell);
  const nodes: string[] = [];
  let edge = 0;
  for (let target = 1; target < NODE_COUNT; target++) {
    const inputs: string[] = [];
    for (let source = 0; source < target; source++) inputs.push(`${cell.edges[edge++]}~${source}`);
    nodes.push(`|${inputs.join('|')}|`);
  }
  return nodes.join('+');
}

const DECISIONS: readonly Decision[] = NB201_EDGES.map(([to, from]) => ({
  name: `edge ${to}<-${from}`,
  choices: NB201_OPERATIONS,
}));

/** Q-learning walks the edges in order; the state is the edge index and the previous edge's operation. */
const CELL_PROCESS: ArchitectureProcess<CellGenotype> = {
  actions: (path) => (path.length < NB201_EDGES.length ? NB201_OPERATIONS : []),
  state: (path) => `${path.length}:${path.at(-1) ?? 'input'}`,
  build: (path) => {
    const cell = { edges: [...path] as Nb201Operation[] };
    assertCell(cell);
    return cell;
  },
};

/** The NAS-Bench-201 cell space: 5^6 = 15,625 cells. */
export const nb201CellSpace: SearchSpace<CellGenotype> = {
  name: 'nb201-cell',
  decisions: DECISIONS,
  process: CELL_PROCESS,
  encodingLength: NB201_EDGES.length * NB201_OPERATIONS.length,
  sample: (rng) => ({ edges: NB201_EDGES.map(() => rng.choice(NB201_OPERATIONS)) }),
  mutate: (cell, rng) => {
    // As in the benchmark's regularised-evolution baseline: one edge gets a different operation.
    const edges = [...cell.edges];
    const edge = rng.int(0, edges.length - 1);
    edges[edge] = rng.choice(NB201_OPERATIONS.filter((operation) => operation !== edges[edge]));
    return { edges };
  },
  crossover: (first, second, rng) => ({
    edges: first.edges.map((operation, i) => (rng.next() < 0.5 ? operation : second.edges[i])),
  }),
  toTokens: (cell) => cell.edges.map((operation) => NB201_OPERATIONS.indexOf(operation)),
  fromTokens: (tokens) => {
    assertTokens(DECISIONS, tokens, 'nb201-cell');
    return { edges: tokens.map((token) => NB201_OPERATIONS[token]) };
  },
  encode: (cell) =>
    cell.edges.flatMap((operation) => NB201_OPERATIONS.map((candidate) => (candidate === operation ? 1 : 0))),
  format: formatCell,
  parse: parseCell,
};
