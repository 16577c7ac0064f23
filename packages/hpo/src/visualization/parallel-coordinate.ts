// Parallel coordinates (Optuna's `plot_parallel_coordinate`): one vertical axis for the objective and
// one per parameter, each complete trial a polyline coloured by its value. With a dynamic search
// space a trial lacks some parameters; its line then skips those axes (the segments around them are
// left out rather than drawn to an invented value).

import {
  type Axis,
  COLOUR_BAR_WIDTH,
  COLOURS,
  colourBar,
  escapeXml,
  FONT_SIZE,
  linearAxis,
  px,
  svgOpen,
  truncate,
  viridis,
} from '@hw7/tensor-utils/plots';
import {
  checkStudy,
  completedTrials,
  type ParameterAxis,
  parameterAxis,
  requireTrials,
  resolveTarget,
  type StudyLike,
  selectParameters,
  type TargetOptions,
  trialTooltip,
} from './study-data.js';

export interface ParallelCoordinateOptions extends TargetOptions {
  /** Parameters to show, in this order; default all, sorted by name. */
  params?: readonly string[];
  /** Pixels; default 120 per axis (at least 600). */
  width?: number;
  /** Pixels; default 480. */
  height?: number;
}

const PLOT = 'parallelCoordinateSvg';

function axisTicks(axis: Axis, x: number, top: number, height: number): string {
  const parts: string[] = [];
  axis.ticks.forEach((tick, index) => {
    const y = top + height - axis.toUnit(tick) * height;
    parts.push(
      `<line x1="${px(x - 4)}" y1="${px(y)}" x2="${px(x)}" y2="${px(y)}"/>`,
      `<text x="${px(x - 7)}" y="${px(y + 4)}" text-anchor="end" stroke="none" fill="${COLOURS.text}">${escapeXml(axis.tickLabels[index])}</text>`,
    );
  });
  return parts.join('');
}

/** The plot as a standalone SVG document. */
export function parallelCoordinateSvg(study: StudyLike, options: ParallelCoordinateOptions = {}): string {
  checkStudy(study, PLOT);
  const target = resolveTarget(study, options, PLOT);
  const trials = completedTrials(study, target);
  requireTrials(trials, PLOT);
  const names = selectParameters(trials, options.params, PLOT);
  if (names.length === 0) throw new Error(`${PLOT}: the trials have no parameters to plot`);
  const values = trials.map((trial) => target.valueOf(trial));
  const [minValue, maxValue] = [Math.min(...values), Math.max(...values)];
  const valueAxis = linearAxis(minValue, maxValue, 6);
  const parameterAxes: ParameterAxis[] = names.map((name) => parameterAxis(trials, name));

  const axisCount = names.length + 1;
  const width = options.width ?? Math.max(600, 120 * axisCount + COLOUR_BAR_WIDTH);
  const height = options.height ?? 480;
  const top = 70;
  const plotHeight = height - top - 50;
  const left = 80;
  const spacing = (width - left - COLOUR_BAR_WIDTH - 40) / Math.max(1, axisCount - 1);
  const axisX = (index: number) => left + index * spacing;
  const yOf = (unit: number) => top + plotHeight - unit * plotHeight;
  const colourOf = (value: number) => viridis(maxValue === minValue ? 0.5 : (value - minValue) / (maxValue - minValue));

  const parts = [svgOpen(width, height, { heading: 'Parallel Coordinate Plot' })];
  // Best trials last, so they are drawn on top.
  const sign = target.direction === 'minimize' ? -1 : 1;
  const order = trials.map((_, i) => i).sort((a, b) => sign * (values[a] - values[b]));
  parts.push('<g class="trials" fill="none" stroke-width="1.5" stroke-opacity="0.75">');
  for (const i of order) {
    const trial = trials[i];
    const units = [valueAxis.toUnit(values[i]), ...parameterAxes.map((axis) => axis.unit(trial))];
    const segments: string[] = [];
    for (let k = 0; k + 1 < units.length; k++) {
      const [from, to] = [units[k], units[k + 1]];
      if (from === undefined || to === undefined) continue;
      segments.push(`M${px(axisX(k))} ${px(yOf(from))}L${px(axisX(k + 1))} ${px(yOf(to))}`);
    }
    parts.push(
      `<path d="${segments.join('')}" stroke="${colourOf(values[i])}"><title>${escapeXml(trialTooltip(trial, target.name, values[i]))}</title></path>`,
    );
  }
  parts.push('</g>');

  const axes = [valueAxis, ...parameterAxes.map((axis) => axis.axis)];
  const labels = [target.name, ...names];
  parts.push(`<g class="axes" stroke="${COLOURS.axis}" font-size="${FONT_SIZE - 1}">`);
  axes.forEach((axis, index) => {
    const x = axisX(index);
    parts.push(
      `<line x1="${px(x)}" y1="${px(top)}" x2="${px(x)}" y2="${px(top + plotHeight)}" stroke-width="1.5"/>`,
      axisTicks(axis, x, top, plotHeight),
      `<text x="${px(x)}" y="${px(top - 14)}" text-anchor="middle" stroke="none" fill="${COLOURS.text}" font-weight="bold">` +
        `${escapeXml(truncate(labels[index], Math.floor(spacing / 7)))}${axis.kind === 'log' ? ' (log)' : ''}</text>`,
    );
  });
  parts.push('</g>');
  parts.push(colourBar(width - COLOUR_BAR_WIDTH + 10, top, plotHeight, minValue, maxValue, target.name), '</svg>');
  return `${parts.join('\n')}\n`;
}
