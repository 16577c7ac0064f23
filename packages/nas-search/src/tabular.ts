// `@hw7/nas-search/tabular`: tabular NAS benchmarks (NAS-Bench-201-style tables, real or the
// synthetic one) and strategy comparisons on them, without TensorFlow.js (only a comparison that
// includes the REINFORCE controller loads it).
export {
  type CompareStrategiesOptions,
  type ComparisonRow,
  compareStrategies,
} from './tabular/compare-strategies.js';
export {
  type SyntheticRow,
  syntheticNb201Csv,
  syntheticNb201Score,
  syntheticNb201Table,
} from './tabular/synthetic-nb201.js';
export { TableError } from './tabular/table-error.js';
export {
  BenchmarkSession,
  type TableColumns,
  type TableEntry,
  TabularBenchmark,
} from './tabular/tabular-benchmark.js';
