// Slice plot (Optuna's `plot_slice`): the value of each complete trial against one parameter at a
// time, one panel per parameter, points coloured by trial number to show where the search went late.
import {
  circle,
  frameAxes,
  frameGrid,
  linearAxis,
  panelGrid,
  svgOpen,
  viridis,
  xPixel,
  yPixel,
} from '@hw7/tensor-utils/plots';
import {
  checkStudy,
  completedTrials,
  parameterAxis,
  requireTrials,
  resolveTarget,
  type StudyLike,
  selectParameters,
  type TargetOptions,
  trialTooltip,
} from './study-data.js';

export interface SliceOptions extends TargetOptions {
  /** Parameters to show, one panel each; default all, sorted by name. */
  params?: readonly string[];
  /** Panels per row; default min(3, number of parameters). */
  columns?: number;
  /** Pixels per panel; default 300 x 280. */
  panelWidth?: number;
  panelHeight?: number;
}

const PLOT = 'sliceSvg';

/** The plot as a standalone SVG document. */
export function sliceSvg(study: StudyLike, options: SliceOptions = {}): string {
  checkStudy(study, PLOT);
  const target = resolveTarget(study, options, PLOT);
  const trials = completedTrials(study, target);
  requireTrials(trials, PLOT);
  const names = selectParameters(trials, options.params, PLOT);
  if (names.length === 0) throw new Error(`${PLOT}: the trials have no parameters to plot`);
  const columns = options.columns ?? Math.min(3, names.length);
  if (!Number.isInteger(columns) || columns < 1) {
    throw new RangeError(`${PLOT}: options.columns must be an integer >= 1; got ${columns}`);
  }
  const panelWidth = options.panelWidth ?? 300;
  const panelHeight = options.panelHeight ?? 280;
  const values = trials.map((trial) => target.valueOf(trial));
  const yAxis = linearAxis(Math.min(...values), Math.max(...values), 6);
  const numbers = trials.map((trial) => trial.number);
  const [firstNumber, lastNumber] = [Math.min(...numbers), Math.max(...numbers)];
  const colourOf = (number: number) =>
    viridis(lastNumber === firstNumber ? 0.5 : (number - firstNumber) / (lastNumber - firstNumber));

  const grid = panelGrid(names.length, { columns, panelWidth, panelHeight, colourBar: true });
  const parts = [svgOpen(grid.width, grid.height, { heading: 'Slice Plot' })];
  names.forEach((name, index) => {
    const axis = parameterAxis(trials, name);
    const frame = grid.frame(index, {
      xAxis: axis.axis,
      yAxis,
      xLabel: `${name}${axis.axis.kind === 'log' ? ' (log)' : ''}`,
      yLabel: index % columns === 0 ? target.name : '',
    });
    parts.push(frameGrid(frame), '<g class="trials" fill-opacity="0.85" stroke="#ffffff" stroke-width="0.5">');
    trials.forEach((trial, i) => {
      const position = axis.position(trial);
      if (position === undefined) return;
      const tooltip = trialTooltip(trial, target.name, values[i]);
      parts.push(
        circle(xPixel(frame, position), yPixel(frame, values[i]), 4, `fill="${colourOf(trial.number)}"`, tooltip),
      );
    });
    parts.push('</g>', frameAxes(frame));
  });
  parts.push(grid.colourBar(firstNumber, lastNumber, 'Trial'));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
