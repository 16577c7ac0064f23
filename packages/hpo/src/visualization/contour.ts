// Contour plot (Optuna's `plot_contour`): for each pair of parameters, the objective interpolated
// over the plane from the trials that set both, as a colour map with the trials marked on top.
// Interpolation is inverse-distance weighting (power 2) on the plotted scales (log for log
// parameters, slots for categorical ones), rendered as a small embedded PNG that viewers smooth.
import { encodePng } from '@hw7/tensor-utils/base';
import { circle, frameAxes, panelGrid, px, svgOpen, viridisRgb, xPixel, yPixel } from '@hw7/tensor-utils/plots';
import type { FrozenTrial } from '../frozen-trial.js';
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

export interface ContourOptions extends TargetOptions {
  /**
   * Parameters whose pairs to plot (at least 2). Default: the parameters every complete trial has,
   * so a dynamic search space does not produce a panel per rarely-used parameter.
   */
  params?: readonly string[];
  /** Panels per row; default min(3, number of pairs). */
  columns?: number;
  /** Pixels per panel; default 320 x 300. */
  panelWidth?: number;
  panelHeight?: number;
  /** Cells per side of the interpolated grid; default 48. */
  resolution?: number;
}

const PLOT = 'contourSvg';

/** The parameters all `trials` set, sorted. */
export function sharedParameters(trials: readonly FrozenTrial[]): string[] {
  const [first, ...rest] = trials;
  if (!first) return [];
  return Object.keys(first.params)
    .filter((name) => rest.every((trial) => name in trial.params))
    .sort();
}

/** Inverse-distance-weighted value at (u, v) in the unit square from known points. */
function interpolate(u: number, v: number, points: ReadonlyArray<readonly [number, number, number]>): number {
  let weightSum = 0;
  let sum = 0;
  for (const [pu, pv, value] of points) {
    const distanceSquared = (u - pu) ** 2 + (v - pv) ** 2;
    if (distanceSquared < 1e-12) return value;
    const weight = 1 / distanceSquared;
    weightSum += weight;
    sum += weight * value;
  }
  return sum / weightSum;
}

function heatmapHref(
  points: ReadonlyArray<readonly [number, number, number]>,
  resolution: number,
  colourUnit: (value: number) => number,
): string {
  const rgba = new Uint8Array(resolution * resolution * 4);
  for (let row = 0; row < resolution; row++) {
    for (let column = 0; column < resolution; column++) {
      const value = interpolate((column + 0.5) / resolution, 1 - (row + 0.5) / resolution, points);
      const offset = (row * resolution + column) * 4;
      rgba.set([...viridisRgb(colourUnit(value)), 255], offset);
    }
  }
  const png = encodePng({ width: resolution, height: resolution, rgba });
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** The plot as a standalone SVG document. */
export function contourSvg(study: StudyLike, options: ContourOptions = {}): string {
  checkStudy(study, PLOT);
  const target = resolveTarget(study, options, PLOT);
  const trials = completedTrials(study, target);
  requireTrials(trials, PLOT, 2);
  const names = options.params ? selectParameters(trials, options.params, PLOT) : sharedParameters(trials);
  if (names.length < 2) {
    throw new Error(
      `${PLOT}: needs at least 2 parameters to pair; got ${names.length === 0 ? 'none' : `only "${names[0]}"`}` +
        (options.params ? '' : ' shared by all complete trials (pass options.params to choose)'),
    );
  }
  const resolution = options.resolution ?? 48;
  if (!Number.isInteger(resolution) || resolution < 2 || resolution > 512) {
    throw new RangeError(`${PLOT}: options.resolution must be an integer in [2, 512]; got ${resolution}`);
  }
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) pairs.push([names[i], names[j]]);
  const columns = options.columns ?? Math.min(3, pairs.length);
  if (!Number.isInteger(columns) || columns < 1) {
    throw new RangeError(`${PLOT}: options.columns must be an integer >= 1; got ${columns}`);
  }
  const panelWidth = options.panelWidth ?? 320;
  const panelHeight = options.panelHeight ?? 300;
  const values = trials.map((trial) => target.valueOf(trial));
  const [minValue, maxValue] = [Math.min(...values), Math.max(...values)];
  const colourUnit = (value: number) => (maxValue === minValue ? 0.5 : (value - minValue) / (maxValue - minValue));
  const axes = new Map(names.map((name) => [name, parameterAxis(trials, name)]));

  const grid = panelGrid(pairs.length, { columns, panelWidth, panelHeight, colourBar: true });
  const parts = [svgOpen(grid.width, grid.height, { heading: 'Contour Plot' })];
  pairs.forEach(([xName, yName], index) => {
    const [xAxis, yAxis] = [axes.get(xName), axes.get(yName)];
    if (!xAxis || !yAxis) throw new Error(`${PLOT}: no axis for ${xName} or ${yName}`);
    const frame = grid.frame(index, {
      xAxis: xAxis.axis,
      yAxis: yAxis.axis,
      xLabel: `${xName}${xAxis.axis.kind === 'log' ? ' (log)' : ''}`,
      yLabel: `${yName}${yAxis.axis.kind === 'log' ? ' (log)' : ''}`,
    });
    const known: Array<{ point: [number, number, number]; trial: FrozenTrial }> = [];
    trials.forEach((trial, i) => {
      const [u, v] = [xAxis.unit(trial), yAxis.unit(trial)];
      if (u !== undefined && v !== undefined) known.push({ point: [u, v, values[i]], trial });
    });
    if (known.length > 0) {
      const href = heatmapHref(
        known.map(({ point }) => point),
        resolution,
        colourUnit,
      );
      parts.push(
        `<image x="${px(frame.left)}" y="${px(frame.top)}" width="${px(frame.width)}" height="${px(frame.height)}" ` +
          `preserveAspectRatio="none" href="${href}"/>`,
      );
    }
    parts.push('<g class="trials" fill="#ffffff" stroke="#222222" stroke-width="0.75">');
    for (const { point, trial } of known) {
      const x = xPixel(frame, xAxis.position(trial) as number);
      const y = yPixel(frame, yAxis.position(trial) as number);
      parts.push(circle(x, y, 3, '', trialTooltip(trial, target.name, point[2])));
    }
    parts.push('</g>', frameAxes(frame));
  });
  parts.push(grid.colourBar(minValue, maxValue, target.name));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
