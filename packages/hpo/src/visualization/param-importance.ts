// Hyperparameter importance (Optuna's `get_param_importances` with its default fANOVA evaluator): a
// random forest is fitted to the complete trials' values, fANOVA splits its variance into one share
// per parameter, and the shares are normalised to sum to 1.

import {
  COLOURS,
  escapeXml,
  FONT_SIZE,
  formatNumber,
  linearAxis,
  px,
  svgOpen,
  truncate,
} from '@hw7/tensor-utils/plots';
import type { FrozenTrial } from '../frozen-trial.js';
import { sharedParameters } from './contour.js';
import { fanovaMainEffects } from './fanova.js';
import { fitRandomForest } from './random-forest.js';
import {
  checkStudy,
  completedTrials,
  requireTrials,
  resolveTarget,
  type StudyLike,
  selectParameters,
  type TargetOptions,
} from './study-data.js';

export interface ParamImportanceOptions extends TargetOptions {
  /**
   * Parameters to rate; every complete trial must have them. Default: the parameters all complete
   * trials share (Optuna's intersection search space), without single-valued ones.
   */
  params?: readonly string[];
  /** Trees in the forest; default 64 (Optuna's). */
  nTrees?: number;
  /** Default 64 (Optuna's). */
  maxDepth?: number;
  /** Seeds the bootstrap samples; default 0. */
  seed?: number;
}

export interface ParamImportance {
  name: string;
  /** Share of the explained variance, in [0, 1]; all shares sum to 1. */
  importance: number;
}

const PLOT = 'paramImportances';

/** A parameter as a forest feature: log10 for log parameters, the choice's index for categorical ones. */
function encoding(
  trials: readonly FrozenTrial[],
  name: string,
): { encode(trial: FrozenTrial): number; bounds: [number, number] } {
  const distribution = trials[trials.length - 1].distributions[name];
  if (distribution.type === 'categorical') {
    const choices = [...distribution.choices];
    const indexOf = (trial: FrozenTrial) => choices.findIndex((choice) => Object.is(choice, trial.params[name]));
    for (const trial of trials) if (indexOf(trial) < 0) choices.push(trial.params[name] as (typeof choices)[number]);
    // Each choice owns a unit-wide slot, so all choices weigh the same in the uniform measure.
    return { encode: indexOf, bounds: [-0.5, choices.length - 0.5] };
  }
  const transform = distribution.log ? Math.log10 : (value: number) => value;
  // As in Optuna, an integer grid point owns the half step on either side of it.
  const halfStep = distribution.type === 'int' && !distribution.log ? distribution.step / 2 : 0;
  const encode = (trial: FrozenTrial) => transform(trial.params[name] as number);
  const observed = trials.map(encode);
  return {
    encode,
    bounds: [
      Math.min(transform(distribution.low), ...observed) - halfStep,
      Math.max(transform(distribution.high), ...observed) + halfStep,
    ],
  };
}

/** The importance of each parameter, largest first, normalised to sum to 1. */
export function paramImportances(study: StudyLike, options: ParamImportanceOptions = {}): ParamImportance[] {
  checkStudy(study, PLOT);
  const target = resolveTarget(study, options, PLOT);
  const trials = completedTrials(study, target);
  requireTrials(trials, PLOT, 2);
  let names: string[];
  if (options.params) {
    names = selectParameters(trials, options.params, PLOT);
    const missing = names.find((name) => trials.some((trial) => !(name in trial.params)));
    if (missing) throw new RangeError(`${PLOT}: options.params: not every complete trial has "${missing}"`);
  } else {
    names = sharedParameters(trials);
  }
  // A single-valued distribution explains nothing and would give a zero-width box.
  const used = names
    .map((name) => ({ name, ...encoding(trials, name) }))
    .filter((entry) => entry.bounds[1] > entry.bounds[0]);
  if (used.length === 0) {
    throw new Error(`${PLOT}: no parameter shared by all complete trials varies; nothing to rate`);
  }
  const features = trials.map((trial) => used.map((entry) => entry.encode(trial)));
  const targets = trials.map((trial) => target.valueOf(trial));
  const forest = fitRandomForest(features, targets, {
    nTrees: options.nTrees,
    maxDepth: options.maxDepth,
    seed: options.seed,
  });
  const effects = fanovaMainEffects(
    forest,
    used.map((entry) => entry.bounds),
  );
  const total = effects.reduce((sum, effect) => sum + effect, 0);
  if (!(total > 0)) {
    throw new Error(
      `${PLOT}: the ${trials.length} complete trials' values do not vary with the parameters; nothing to rate`,
    );
  }
  return used
    .map(({ name }, i) => ({ name, importance: effects[i] / total }))
    .sort((a, b) => b.importance - a.importance || a.name.localeCompare(b.name));
}

export interface ParamImportanceSvgOptions extends ParamImportanceOptions {
  /** Pixels; default 760. */
  width?: number;
}

/** The importances as a horizontal bar chart (a standalone SVG document). */
export function paramImportanceSvg(study: StudyLike, options: ParamImportanceSvgOptions = {}): string {
  const importances = paramImportances(study, options);
  const width = options.width ?? 760;
  const barHeight = 26;
  const top = 70;
  const labelWidth = Math.min(220, 16 + 7 * Math.max(...importances.map(({ name }) => name.length)));
  const plotWidth = width - labelWidth - 80;
  const height = top + importances.length * barHeight + 56;
  const axis = linearAxis(0, Math.max(...importances.map(({ importance }) => importance)), 6);
  const xOf = (value: number) => labelWidth + axis.toUnit(value) * plotWidth;
  const parts = [
    svgOpen(width, height, { heading: 'Hyperparameter Importances' }),
    `<text x="${px(width / 2)}" y="46" text-anchor="middle" fill="#555555">fANOVA on a ${options.nTrees ?? 64}-tree random forest; shares of the variance sum to 1</text>`,
    `<g class="grid" stroke="${COLOURS.grid}">`,
  ];
  for (const tick of axis.ticks) {
    parts.push(
      `<line x1="${px(xOf(tick))}" y1="${top}" x2="${px(xOf(tick))}" y2="${px(top + importances.length * barHeight)}"/>`,
    );
  }
  parts.push('</g><g class="bars">');
  importances.forEach(({ name, importance }, index) => {
    const y = top + index * barHeight;
    parts.push(
      `<text x="${px(labelWidth - 8)}" y="${px(y + barHeight / 2 + 4)}" text-anchor="end" fill="${COLOURS.text}">${escapeXml(truncate(name, 30))}</text>`,
      `<rect x="${px(labelWidth)}" y="${px(y + 4)}" width="${px(Math.max(0.5, xOf(importance) - labelWidth))}" height="${barHeight - 8}" fill="${COLOURS.blue}">` +
        `<title>${escapeXml(`${name}: ${formatNumber(importance)}`)}</title></rect>`,
      `<text x="${px(xOf(importance) + 5)}" y="${px(y + barHeight / 2 + 4)}" font-size="${FONT_SIZE - 1}" fill="${COLOURS.text}">${importance < 0.01 ? '&lt;0.01' : importance.toFixed(2)}</text>`,
    );
  });
  const axisY = top + importances.length * barHeight;
  parts.push(
    `</g><line x1="${labelWidth}" y1="${axisY}" x2="${px(labelWidth + plotWidth)}" y2="${axisY}" stroke="${COLOURS.axis}"/>`,
  );
  axis.ticks.forEach((tick, index) => {
    parts.push(
      `<text x="${px(xOf(tick))}" y="${px(axisY + FONT_SIZE + 6)}" text-anchor="middle" fill="${COLOURS.text}">${escapeXml(axis.tickLabels[index])}</text>`,
    );
  });
  parts.push(
    `<text x="${px(labelWidth + plotWidth / 2)}" y="${px(axisY + 2 * FONT_SIZE + 14)}" text-anchor="middle">Importance</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
