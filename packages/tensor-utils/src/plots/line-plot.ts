// Line plots (training curves, ROC curves, any y against x) as standalone SVG, built from the
// plot kit (svg-kit.ts), so loss and accuracy curves can be written next to checkpoints and opened
// in any browser or image viewer.
import { writeFileAtomic } from '../fs/atomic.js';
import {
  type Axis,
  COLOURS,
  checkedSize,
  checkedText,
  circle,
  emptyAxis,
  escapeXml,
  extent,
  FONT_SIZE,
  type Frame,
  frameAxes,
  frameGrid,
  frameMessage,
  HEADING_HEIGHT,
  type LegendItem,
  leftMargin,
  legend,
  legendWidth,
  linearAxis,
  logAxis,
  polylinePath,
  px,
  seriesColour,
  seriesStroke,
  svgOpen,
  TICK_LENGTH,
  truncate,
  xPixel,
  yPixel,
} from './svg-kit.js';

/** Points of one series, either as `[x, y]` pairs or as parallel `x` and `y` arrays. */
export type SeriesPoints = ReadonlyArray<readonly [number, number]> | { x: ArrayLike<number>; y: ArrayLike<number> };

export interface LineSeries {
  name: string;
  /** Drawn in the given order; NaN, Infinity (and, on a log scale, values <= 0) leave a gap. */
  points: SeriesPoints;
  /** 'line' (default), 'points' (a scatter plot) or 'line+points'. */
  style?: 'line' | 'points' | 'line+points';
}

/** A straight grey dashed line from `from` to `to`, e.g. the diagonal of a ROC plot. */
export interface ReferenceLine {
  from: readonly [number, number];
  to: readonly [number, number];
  /** Shown in the legend when given. */
  label?: string;
}

export interface LinePlotSpec {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  series: readonly LineSeries[];
  /** Default 'linear'. */
  xScale?: 'linear' | 'log';
  /** Default 'linear'. */
  yScale?: 'linear' | 'log';
  /** Fixed axis extents, e.g. [0, 1] for rates; default the data's, rounded out to nice ticks. */
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  /** Straight lines drawn under the series, e.g. `{ from: [0, 0], to: [1, 1], label: 'chance' }` for ROC curves. */
  referenceLines?: readonly ReferenceLine[];
  /** Pixels; default 720. */
  width?: number;
  /** Pixels; default 440. */
  height?: number;
}

const MAX_LEGEND_CHARS = 32;
const MARKER_RADIUS = 3;

/**
 * Exponential moving average with TensorBoard's debiasing, so early values are not pulled towards
 * zero. `weight` in [0, 1): 0 returns the values unchanged, 0.9 smooths strongly. Non-finite values
 * are passed through (they stay gaps) and do not disturb the average.
 */
export function smoothSeries(values: ArrayLike<number>, weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`weight must be in [0, 1); got ${weight}`);
  const input = Array.from(values);
  const finite = input.filter(Number.isFinite);
  // A constant series would come back with rounding wobble from the debiasing; keep it exact.
  if (finite.every((value) => value === finite[0])) return input;
  let average = 0;
  let count = 0;
  return input.map((value) => {
    if (!Number.isFinite(value)) return value;
    average = average * weight + (1 - weight) * value;
    count++;
    return average / (1 - weight ** count);
  });
}

function pointPairs(series: LineSeries, index: number): Array<[number, number]> {
  const label = `series[${index}]`;
  const { points } = series;
  if (Array.isArray(points)) {
    return points.map((point, i) => {
      if (!Array.isArray(point) || point.length !== 2) throw new TypeError(`${label}.points[${i}] must be [x, y]`);
      return [Number(point[0]), Number(point[1])];
    });
  }
  if (points && typeof points === 'object' && 'x' in points && 'y' in points) {
    const { x, y } = points;
    if (x.length !== y.length) {
      throw new RangeError(`${label}.points.x and .y must have equal lengths; got ${x.length} and ${y.length}`);
    }
    return Array.from({ length: x.length }, (_, i): [number, number] => [Number(x[i]), Number(y[i])]);
  }
  throw new TypeError(`${label}.points must be an array of [x, y] pairs or { x, y } arrays`);
}

function clampedTickCount(pixels: number, spacing: number): number {
  return Math.min(10, Math.max(2, Math.floor(pixels / spacing) + 1));
}

function checkedScale(value: unknown, name: string): 'linear' | 'log' {
  const scale = value ?? 'linear';
  if (scale !== 'linear' && scale !== 'log') throw new RangeError(`${name} must be 'linear' or 'log'; got ${scale}`);
  return scale;
}

function checkedRange(value: unknown, name: string, log: boolean): readonly [number, number] | undefined {
  if (value === undefined) return undefined;
  const valid =
    Array.isArray(value) &&
    value.length === 2 &&
    value.every(Number.isFinite) &&
    value[0] < value[1] &&
    (!log || value[0] > 0);
  if (!valid) {
    throw new RangeError(`${name} must be [min, max] with finite min < max${log ? ' and min > 0 (log scale)' : ''}`);
  }
  return value as [number, number];
}

/** The axis over `values` (or the fixed `range`), or an empty axis when there is nothing to show. */
function dataAxis(values: number[], range: readonly [number, number] | undefined, log: boolean, ticks: number): Axis {
  const [min, max] = range ?? extent(values);
  if (!(min <= max)) return emptyAxis();
  return log ? logAxis(min, max, { maxTicks: ticks, extent: 'decades' }) : linearAxis(min, max, ticks);
}

type Point = readonly [number, number];
type SeriesStyle = NonNullable<LineSeries['style']>;
interface CheckedSeries {
  name: string;
  style: SeriesStyle;
  points: Array<[number, number]>;
  /** The points a scale can show (finite, and positive on a log scale). */
  drawable: Array<[number, number]>;
}
type CheckedReferenceLine = ReferenceLine & { label: string };

/** `spec`'s series with their drawable points, checked: errors name the series and the field. */
function checkedSeries(spec: LinePlotSpec, isDrawable: (point: Point) => boolean): CheckedSeries[] {
  return spec.series.map((entry, index) => {
    if (!entry || typeof entry.name !== 'string') throw new TypeError(`series[${index}].name must be a string`);
    const style = entry.style ?? 'line';
    if (style !== 'line' && style !== 'points' && style !== 'line+points') {
      throw new RangeError(`series[${index}].style must be 'line', 'points' or 'line+points'; got ${style}`);
    }
    const points = pointPairs(entry, index);
    return { name: entry.name, style, points, drawable: points.filter(isDrawable) };
  });
}

function checkedReferenceLines(references: readonly ReferenceLine[]): CheckedReferenceLine[] {
  return references.map((line, index) => {
    const ends = [line?.from, line?.to];
    if (!ends.every((end) => Array.isArray(end) && end.length === 2 && end.every(Number.isFinite))) {
      throw new TypeError(`spec.referenceLines[${index}] must be { from: [x, y], to: [x, y] } with finite numbers`);
    }
    return { ...line, label: checkedText(line.label, `spec.referenceLines[${index}].label`) };
  });
}

/** One legend entry per series, then one per labelled reference line. */
function linePlotLegend(series: CheckedSeries[], lines: CheckedReferenceLine[]): LegendItem[] {
  return [
    ...series.map((entry, index) => ({
      label: truncate(entry.drawable.length > 0 ? entry.name : `${entry.name} (no data)`, MAX_LEGEND_CHARS),
      attributes: entry.style === 'points' ? `fill="${seriesColour(index)}"` : seriesStroke(index),
      sample: entry.style === 'points' ? ('marker' as const) : ('line' as const),
    })),
    ...lines
      .filter((line) => line.label)
      .map((line) => ({
        label: truncate(line.label, MAX_LEGEND_CHARS),
        attributes: `stroke="${COLOURS.grey}" stroke-dasharray="5 4"`,
      })),
  ];
}

/** The reference lines (under the series) and each series' line and markers, in pixels. */
function linePlotMarks(
  series: CheckedSeries[],
  lines: CheckedReferenceLine[],
  isDrawable: (point: Point) => boolean,
  toPixel: (point: Point) => [number, number],
  hasData: boolean,
): string[] {
  const svg: string[] = [];
  if (hasData) {
    for (const line of lines) {
      if (!isDrawable(line.from) || !isDrawable(line.to)) continue;
      const [[x1, y1], [x2, y2]] = [toPixel(line.from), toPixel(line.to)];
      svg.push(
        `<line class="reference" x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" stroke="${COLOURS.grey}" stroke-width="1.25" stroke-dasharray="5 4"/>`,
      );
    }
  }
  series.forEach((entry, index) => {
    if (entry.drawable.length === 0) return;
    if (entry.style !== 'points') {
      const path = polylinePath(entry.points.map((point) => (isDrawable(point) ? toPixel(point) : undefined)));
      svg.push(`<path d="${path}" ${seriesStroke(index)}><title>${escapeXml(entry.name)}</title></path>`);
    }
    if (entry.style !== 'line') {
      svg.push(`<g class="points" fill="${seriesColour(index)}" stroke="${COLOURS.background}" stroke-width="0.75">`);
      for (const point of entry.drawable) {
        const [x, y] = toPixel(point);
        svg.push(circle(x, y, MARKER_RADIUS, '', `${entry.name}: (${point[0]}, ${point[1]})`));
      }
      svg.push('</g>');
    }
  });
  return svg;
}

/** Renders `spec` as a complete standalone SVG document (a string starting with `<svg`). */
export function linePlotSvg(spec: LinePlotSpec): string {
  if (!spec || !Array.isArray(spec.series)) throw new TypeError('spec.series must be an array of { name, points }');
  const title = checkedText(spec.title, 'spec.title');
  const xLabel = checkedText(spec.xLabel, 'spec.xLabel');
  const yLabel = checkedText(spec.yLabel, 'spec.yLabel');
  const logX = checkedScale(spec.xScale, 'spec.xScale') === 'log';
  const logY = checkedScale(spec.yScale, 'spec.yScale') === 'log';
  const xRange = checkedRange(spec.xRange, 'spec.xRange', logX);
  const yRange = checkedRange(spec.yRange, 'spec.yRange', logY);
  const width = checkedSize(spec.width, 'spec.width', 720, 200);
  const height = checkedSize(spec.height, 'spec.height', 440, 150);
  const references = spec.referenceLines ?? [];
  if (!Array.isArray(references)) throw new TypeError('spec.referenceLines must be an array of { from, to }');

  const isDrawable = ([x, y]: Point) =>
    Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0) && (!logY || y > 0);
  const series = checkedSeries(spec, isDrawable);
  const lines = checkedReferenceLines(references);
  const drawable = series.flatMap((entry) => entry.drawable);
  const hasData = drawable.length > 0;

  const top = title ? HEADING_HEIGHT : 20;
  const bottom = 12 + FONT_SIZE + TICK_LENGTH + 6 + (xLabel ? FONT_SIZE + 14 : 0);
  const plotHeight = height - top - bottom;
  const yAxis = hasData
    ? dataAxis(
        drawable.map(([, y]) => y),
        yRange,
        logY,
        clampedTickCount(plotHeight, 45),
      )
    : emptyAxis();

  const legendItems = linePlotLegend(series, lines);
  const left = leftMargin(yAxis, yLabel !== '');
  const right = 16 + (legendItems.length > 0 ? legendWidth(legendItems.map((item) => item.label)) : 0);
  const plotWidth = width - left - right;
  if (plotWidth < 60 || plotHeight < 60) {
    throw new RangeError(`spec.width x spec.height = ${width} x ${height} leaves no room for the plot; make it larger`);
  }
  const xAxis = hasData
    ? dataAxis(
        drawable.map(([x]) => x),
        xRange,
        logX,
        clampedTickCount(plotWidth, 90),
      )
    : emptyAxis();
  const frame: Frame = { left, top, width: plotWidth, height: plotHeight, xAxis, yAxis, xLabel, yLabel };
  const toPixel = ([x, y]: Point): [number, number] => [xPixel(frame, x), yPixel(frame, y)];

  // The accessible name of the picture: its title, else what it plots.
  const name = title || series.map((entry) => entry.name).join(', ') || 'line plot';
  const svg: string[] = [svgOpen(width, height, { heading: title, name }), frameGrid(frame)];
  // Fixed ranges can leave data outside the frame: clip it there.
  const clipId = `plot-area-${Math.round(left)}-${Math.round(top)}`;
  svg.push(
    `<clipPath id="${clipId}"><rect x="${px(left)}" y="${px(top)}" width="${px(plotWidth)}" height="${px(plotHeight)}"/></clipPath>`,
    `<g class="series" clip-path="url(#${clipId})" fill="none" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round">`,
    ...linePlotMarks(series, lines, isDrawable, toPixel, hasData),
    '</g>',
    frameAxes(frame),
  );
  if (!hasData) {
    svg.push(
      frameMessage(
        frame,
        series.length === 0 ? 'No series to plot' : `No ${logX || logY ? 'positive ' : ''}finite data to plot`,
      ),
    );
  }
  if (legendItems.length > 0) svg.push(legend(left + plotWidth + 16, top + 8, legendItems));
  svg.push('</svg>');
  return `${svg.join('\n')}\n`;
}

/** Renders `spec` (see `linePlotSvg`) and writes it to `path` atomically; returns `path`. */
export async function writeLinePlot(path: string, spec: LinePlotSpec): Promise<string> {
  await writeFileAtomic(path, linePlotSvg(spec));
  return path;
}
