// Pareto front (Optuna's `plot_pareto_front`): the complete trials of a multi-objective study on two
// objectives, the non-dominated ones (over every objective) highlighted and joined in order.

import {
  BOTTOM_MARGIN,
  COLOURS,
  circle,
  type Frame,
  formatNumber,
  frameAxes,
  frameGrid,
  type LegendItem,
  leftMargin,
  legend,
  linearAxis,
  px,
  svgOpen,
  xPixel,
  yPixel,
} from '@hw7/tensor-utils/plots';
import type { FrozenTrial } from '../frozen-trial.js';
import { dominates, type StudyDirection } from '../study-direction.js';
import { checkStudy, requireTrials, type StudyLike } from './study-data.js';

export interface ParetoFrontOptions {
  /** The two objectives on the x and y axes; default [0, 1]. */
  objectives?: readonly [number, number];
  /** Axis labels; default 'Objective 0', 'Objective 1'. */
  objectiveNames?: readonly [string, string];
  /** Pixels; default 760 by 460. */
  width?: number;
  height?: number;
}

const PLOT = 'paretoFrontSvg';

/**
 * The non-dominated trials: each is compared with the current front only, so this is
 * O(n x front size) rather than the O(n^2) of a full non-dominated sort.
 */
export function paretoFront(directions: readonly StudyDirection[], trials: readonly FrozenTrial[]): FrozenTrial[] {
  let front: FrozenTrial[] = [];
  for (const trial of trials) {
    const values = trial.values as readonly number[];
    if (front.some((member) => dominates(member.values as readonly number[], values, directions))) continue;
    front = front.filter((member) => !dominates(values, member.values as readonly number[], directions));
    front.push(trial);
  }
  return front;
}

function tooltip(trial: FrozenTrial, names: readonly string[]): string {
  const values = (trial.values ?? []).map(
    (value, index) => `${names[index] ?? `Objective ${index}`}: ${formatNumber(value)}`,
  );
  const params = Object.entries(trial.params).map(
    ([name, value]) => `${name}: ${typeof value === 'number' ? formatNumber(value) : String(value)}`,
  );
  return [`Trial ${trial.number}`, ...values, ...params].join('\n');
}

/** The Pareto front as a standalone SVG document; needs a study with at least two objectives. */
export function paretoFrontSvg(study: StudyLike, options: ParetoFrontOptions = {}): string {
  checkStudy(study, PLOT);
  const count = study.directions.length;
  if (count < 2) throw new Error(`${PLOT}: the study has ${count} objective; a Pareto front needs at least 2`);
  const [xIndex, yIndex] = options.objectives ?? [0, 1];
  for (const index of [xIndex, yIndex]) {
    if (!(Number.isInteger(index) && index >= 0 && index < count)) {
      throw new RangeError(`${PLOT}: options.objectives must be indices below ${count}; got ${index}`);
    }
  }
  const names = study.directions.map((_, index) => `Objective ${index}`);
  const [xName, yName] = options.objectiveNames ?? [names[xIndex], names[yIndex]];
  const width = options.width ?? 760;
  const height = options.height ?? 460;
  const trials = study.trials.filter(
    (trial) => trial.state === 'COMPLETE' && trial.values?.length === count && trial.values.every(Number.isFinite),
  );
  requireTrials(trials, PLOT);
  const front = new Set(paretoFront(study.directions, trials));
  const xs = trials.map((trial) => (trial.values as readonly number[])[xIndex]);
  const ys = trials.map((trial) => (trial.values as readonly number[])[yIndex]);
  const xAxis = linearAxis(Math.min(...xs), Math.max(...xs), 6);
  const yAxis = linearAxis(Math.min(...ys), Math.max(...ys), 6);
  const left = leftMargin(yAxis);
  const legendWidth = 150;
  const top = 50;
  const frame: Frame = {
    left,
    top,
    width: width - left - legendWidth - 16,
    height: height - top - BOTTOM_MARGIN,
    xAxis,
    yAxis,
    xLabel: xName,
    yLabel: yName,
  };
  const point = (trial: FrozenTrial): [number, number] => {
    const values = trial.values as readonly number[];
    return [xPixel(frame, values[xIndex]), yPixel(frame, values[yIndex])];
  };
  const parts = [frameGrid(frame)];
  const frontPoints = [...front].map(point).sort((a, b) => a[0] - b[0]);
  if (count === 2 && frontPoints.length > 1) {
    const d = frontPoints.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)} ${px(y)}`).join('');
    parts.push(`<path class="pareto-line" d="${d}" fill="none" stroke="${COLOURS.vermilion}" stroke-width="1.5"/>`);
  }
  const dominated = trials.filter((trial) => !front.has(trial));
  parts.push(`<g class="dominated" fill="${COLOURS.blue}" fill-opacity="0.5" stroke="#ffffff" stroke-width="0.75">`);
  for (const trial of dominated) parts.push(circle(...point(trial), 3.5, '', tooltip(trial, names)));
  parts.push('</g>', `<g class="pareto-front" fill="${COLOURS.vermilion}" stroke="#ffffff" stroke-width="0.75">`);
  for (const trial of front) parts.push(circle(...point(trial), 5, '', tooltip(trial, names)));
  parts.push('</g>', frameAxes(frame));
  const items: LegendItem[] = [
    { label: 'Trial', sample: 'marker', attributes: `fill="${COLOURS.blue}" fill-opacity="0.5"` },
    { label: 'Best Trial', sample: 'marker', attributes: `fill="${COLOURS.vermilion}"` },
  ];
  parts.push(legend(frame.left + frame.width + 16, top + 10, items));
  return `${svgOpen(width, height, { heading: 'Pareto-front Plot' })}\n${parts.join('\n')}\n</svg>\n`;
}
