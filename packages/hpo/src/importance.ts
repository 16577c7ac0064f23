// `@hw7/hpo/importance` (Optuna's `optuna.importance`): how much each hyperparameter explains of the
// objective's variance (fANOVA on a random forest).
export {
  type ParamImportance,
  type ParamImportanceOptions,
  paramImportances,
} from './visualization/param-importance.js';
