export { Cell } from './cell/cell.js';
export { CellNetwork, type CellNetworkOptions } from './cell/cell-network.js';
export { classificationAccuracy, crossEntropy, type LogitsFunction } from './cell/classification.js';
export { type EdgeMixture, genotypeMixture, type WeightedOperation } from './cell/edge-mixture.js';
export { GenotypeNetwork } from './cell/genotype-network.js';
export { disposeLabeled, firstExamples, type LabeledTensors, takeExamples } from './cell/labeled-tensors.js';
export { createOperationModule, type OperationModule } from './cell/operation-module.js';
export { CONNECTING_OPERATIONS, type RandomGenotypeOptions, randomGenotype } from './cell/random-genotype.js';
export { ReluConvBn, type ReluConvBnOptions } from './cell/relu-conv-bn.js';
export { type TrainClassifierOptions, trainClassifier } from './cell/train-classifier.js';
export { type TrainFromScratchResult, trainGenotypeFromScratch } from './cell/train-from-scratch.js';
export {
  type ArchitectureGradient,
  firstOrderArchitectureGradient,
  secondOrderArchitectureGradient,
} from './darts/architecture-gradient.js';
export { deriveGenotype, meanAlphaEntropy, softmaxMixture } from './darts/architecture-parameters.js';
export {
  type CellScore,
  type DartsExperimentOptions,
  type DartsExperimentResult,
  genotypeParameterCount,
  runDartsExperiment,
  sizeMatchedRandomCells,
} from './darts/darts-experiment.js';
export { type DartsOptimizers, dartsStep, updateWeights } from './darts/darts-step.js';
export { DartsSupernet, type MixtureOf } from './darts/darts-supernet.js';
export { DARTS_DERIVATIONS, type DartsDerivation, type DartsOrder } from './darts/darts-variants.js';
export { finiteDifferenceHessianVectorProduct } from './darts/finite-difference-hvp.js';
export {
  type EdgeDecision,
  mostImportantOperation,
  type PerturbationSelectionOptions,
  type PerturbationSelectionResult,
  projectedMixture,
  type SupernetScore,
  selectByPerturbation,
} from './darts/perturbation-selection.js';
export {
  type DartsSearchOptions,
  type DartsSearchResult,
  type DartsStepRecord,
  searchDarts,
} from './darts/search-darts.js';
export {
  DATASET_NAMES,
  DATASET_TITLES,
  type DatasetName,
  type DatasetSource,
  type DatasetSplits,
  datasetName,
  type ImageSplitSizes,
  type ImageSplits,
  isDatasetName,
  loadCandidateData,
  loadDatasetSplits,
  loadMnistCandidateData,
  loadMnistSplits,
  type MnistSplitSizes,
  type MnistSplits,
} from './data/image-data.js';
export {
  ArchitectureSampler,
  type ArchitectureSamplerOptions,
  architectureParameters,
  DISTRIBUTED_STRATEGIES,
  type DistributedStrategy,
  PARENT_KEY_ATTR,
} from './distributed/architecture-sampler.js';
export {
  ARCHITECTURE_ATTR,
  architectureObjective,
  type DistributedSearchOptions,
  runDistributedSearch,
} from './distributed/distributed-search.js';
export { moduleEvaluator, tableEvaluator } from './distributed/evaluators.js';
export { kendallTau } from './evaluation/kendall-tau.js';
export { MlpSurrogate, type MlpSurrogateOptions } from './evaluation/mlp-surrogate.js';
export {
  type EvaluatedArchitecture,
  type MnistSearchOptions,
  type MnistSearchResult,
  runMnistSearch,
} from './evaluation/mnist-search.js';
export { leaveOneOutPredictions } from './evaluation/surrogate-ranking.js';
export { SurrogateScreen, type SurrogateScreenOptions } from './evaluation/surrogate-screen.js';
export {
  type CandidateData,
  type TrainCandidateOptions,
  type TrainedCandidate,
  trainCandidate,
  validationAccuracy,
} from './evaluation/train-candidate.js';
export { inheritWeights } from './evaluation/weight-inheritance.js';
export { evaluateWithInheritedWeights } from './oneshot/inherited-weights.js';
export {
  type OneShotExperimentOptions,
  type OneShotExperimentResult,
  runOneShotExperiment,
} from './oneshot/oneshot-experiment.js';
export { sampleUniformPath } from './oneshot/path-sampling.js';
export { type RankedCandidate, rankCandidates } from './oneshot/rank-candidates.js';
export { Supernet } from './oneshot/supernet.js';
export { type TrainSupernetOptions, type TrainSupernetResult, trainSupernet } from './oneshot/train-supernet.js';
export {
  type ConvLayerSpec,
  createMacroSpace,
  type MacroArchitecture,
  type MacroSearchSpace,
  type MacroSpaceOptions,
} from './spaces/macro-cnn.js';
export { buildMacroModel, type MacroModelOptions } from './spaces/macro-cnn-model.js';
export {
  assertCell,
  type CellGenotype,
  formatCell,
  NB201_EDGES,
  NB201_OPERATIONS,
  type Nb201Operation,
  nb201CellSpace,
  parseCell,
} from './spaces/nb201-cell.js';
export { ResizeBilinear, type ResizeBilinearArgs, registerResizeBilinear } from './spaces/resize-bilinear-layer.js';
export type { ArchitectureProcess, Decision, SearchSpace } from './spaces/search-space.js';
export { AgingEvolution, type AgingEvolutionOptions } from './strategies/aging-evolution.js';
export { createStrategy, isStrategyName, STRATEGY_NAMES, type StrategyName } from './strategies/create-strategy.js';
export {
  DEFAULT_EPSILON_SCHEDULE,
  type EpsilonStep,
  MetaQnn,
  type QLearningOptions,
} from './strategies/metaqnn.js';
export { NeatEvolution, type NeatOptions } from './strategies/neat-evolution.js';
export {
  architectureToGenome,
  type CompatibilityCoefficients,
  compatibilityDistance,
  crossoverGenomes,
  type GenomeMutationRates,
  genomeToArchitecture,
  InnovationHistory,
  type LayerGene,
  mutateGenome,
  type NeatGenome,
} from './strategies/neat-genome.js';
export { RandomSearch, type RandomSearchOptions } from './strategies/random-search.js';
export { ReinforceController, type ReinforceOptions } from './strategies/reinforce-controller.js';
export { type RunSearchOptions, runSearch, type SearchRecord } from './strategies/run-search.js';
export type { Candidate, SearchStrategy } from './strategies/strategy.js';
export { type CompareOptions, type ComparisonRow, compareStrategies } from './tabular/compare-strategies.js';
export { csvField, parseCsv } from './tabular/csv.js';
export {
  type SyntheticRow,
  syntheticNb201Csv,
  syntheticNb201Score,
  syntheticNb201Table,
} from './tabular/synthetic-nb201.js';
export {
  BenchmarkSession,
  type TableColumns,
  type TableEntry,
  TabularBenchmark,
} from './tabular/tabular-benchmark.js';
