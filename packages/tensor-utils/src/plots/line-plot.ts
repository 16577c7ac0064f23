// Line plots of training metrics as standalone SVG, with no dependencies, so loss and accuracy
// curves can be written next to checkpoints and opened in any browser or image viewer.
import { writeFileAtomic } from '../fs/atomic.js';

/** Points of one series, either as `[x, y]` pairs or as parallel `x` and `y` arrays. */
export type SeriesPoints = ReadonlyArray<readonly [number, number]> | { x: ArrayLike<number>; y: ArrayLike<number> };

export interface LineSeries {
  name: string;
  /** Drawn in the given order; NaN, Infinity (and, on a log scale, y <= 0) leave a gap. */
  points: SeriesPoints;
}

export interface LinePlotSpec {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  series: readonly LineSeries[];
  /** Default 'linear'. */
  yScale?: 'linear' | 'log';
  /** Pixels; default 720. */
  width?: number;
  /** Pixels; default 440. */
  height?: number;
}

/** Tick positions for an axis, and the axis extent rounded outwards to whole steps. */
export interface NiceTicks {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

// Okabe-Ito colours, which stay distinct under the common colour-vision deficiencies; their yellow
// is left out because it is unreadable on white. Series beyond the palette cycle it with dashes.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000'];
const DASHES = ['', '7 4', '2 3', '9 3 2 3'];

const FONT_SIZE = 12;
// Average glyph width of a sans-serif font at FONT_SIZE, for sizing margins without measuring text.
const CHAR_WIDTH = 7;
const MAX_LEGEND_CHARS = 32;
const TICK_LENGTH = 5;
const LONE_POINT_RADIUS = 1.5;

/** Drops float noise such as 0.30000000000000004. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** The 1, 2 or 5 x 10^k step at or above `rawStep`. */
function niceStepAtLeast(rawStep: number): number {
  const exponent = Math.floor(Math.log10(rawStep));
  const power = 10 ** exponent;
  const fraction = rawStep / power;
  const mantissa = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
  return clean(mantissa * power);
}

/**
 * Ticks at whole multiples of a 1, 2 or 5 x 10^k step covering [min, max], at most `maxTicks` of
 * them, with the extent widened to the outer ticks. A zero-width range is widened around its value.
 */
export function niceTicks(min: number, max: number, maxTicks = 6): NiceTicks {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`niceTicks needs finite min <= max; got min = ${min}, max = ${max}`);
  }
  if (!Number.isFinite(max - min)) throw new RangeError(`niceTicks range is too wide: ${min} to ${max}`);
  if (!Number.isInteger(maxTicks) || maxTicks < 2)
    throw new RangeError(`maxTicks must be an integer >= 2; got ${maxTicks}`);
  if (max - min <= Math.max(Math.abs(min), Math.abs(max)) * 1e-12) {
    const halfWidth = Math.abs(min) * 0.1 || 1;
    [min, max] = [min - halfWidth, max + halfWidth];
  }
  let step = niceStepAtLeast((max - min) / (maxTicks - 1));
  for (;;) {
    const first = Math.floor(min / step + 1e-9);
    const last = Math.ceil(max / step - 1e-9);
    if (last - first + 1 <= maxTicks) {
      const ticks = Array.from({ length: last - first + 1 }, (_, i) => clean((first + i) * step));
      return { min: ticks[0], max: ticks[ticks.length - 1], step, ticks };
    }
    step = niceStepAtLeast(step * 1.5);
  }
}

/** Decade ticks for a log axis (with 2 and 5 between them when the range spans few decades). */
function logTicks(min: number, max: number, maxTicks: number): NiceTicks {
  let first = Math.floor(Math.log10(min) + 1e-9);
  let last = Math.ceil(Math.log10(max) - 1e-9);
  if (first === last) [first, last] = [first - 1, last + 1];
  const decades = last - first;
  const ticks: number[] = [];
  if (decades <= 2) {
    for (let exponent = first; exponent <= last; exponent++) {
      for (const mantissa of exponent < last ? [1, 2, 5] : [1]) ticks.push(clean(mantissa * 10 ** exponent));
    }
  } else {
    const stride = Math.ceil(decades / (maxTicks - 1));
    last = first + stride * Math.ceil(decades / stride);
    for (let exponent = first; exponent <= last; exponent += stride) ticks.push(clean(10 ** exponent));
  }
  return { min: ticks[0], max: ticks[ticks.length - 1], step: 0, ticks };
}

/** [min, max] without spreading into Math.min, which overflows the stack for long series. */
function extent(values: readonly number[]): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+(?=$|e)/, '') : text;
}

function exponential(value: number, digits: number): string {
  const [mantissa, exponent] = value.toExponential(Math.max(0, Math.min(digits, 20))).split('e');
  return `${trimZeros(mantissa)}e${Number(exponent)}`;
}

/** One number format for all of a linear axis' ticks: plain decimals, k/M/G suffixes, or 1e-5 style. */
function linearTickFormat(axis: NiceTicks): (value: number) => string {
  const largest = extent(axis.ticks.map(Math.abs))[1];
  const stepExponent = Math.floor(Math.log10(axis.step) + 1e-9);
  if (largest >= 1e12 || largest < 1e-3) {
    return (value) => (value === 0 ? '0' : exponential(value, Math.floor(Math.log10(Math.abs(value))) - stepExponent));
  }
  // Ticks up to 9999 read fine as they are; k starts at 10k.
  const suffixes: Array<[number, number, string]> = [
    [1e9, 9, 'G'],
    [1e6, 6, 'M'],
    [1e4, 3, 'k'],
  ];
  const [, exponent, suffix] = suffixes.find(([threshold]) => largest >= threshold) ?? [0, 0, ''];
  const decimals = Math.max(0, exponent - stepExponent);
  return (value) => (value === 0 ? '0' : `${trimZeros((value / 10 ** exponent).toFixed(decimals))}${suffix}`);
}

function logTickFormat(value: number): string {
  return value >= 1e-3 && value < 1e4 ? String(value) : exponential(value, 1);
}

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

// Characters XML 1.0 forbids even when escaped.
const XML_FORBIDDEN = new RegExp(
  [
    // Control characters other than tab and newlines, and the non-characters U+FFFE and U+FFFF.
    '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]',
    '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])', // high surrogate without its low half
    '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]', // low surrogate without its high half
  ].join('|'),
  'g',
);

/** XML-escapes text for SVG/HTML element content and attribute values (characters XML forbids become U+FFFD). */
export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function truncate(text: string, length: number): string {
  const characters = Array.from(text);
  return characters.length <= length ? text : `${characters.slice(0, length - 1).join('')}…`;
}

function fixed(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function clampedTickCount(pixels: number, spacing: number): number {
  return Math.min(10, Math.max(2, Math.floor(pixels / spacing) + 1));
}

function validatedSize(value: number | undefined, name: string, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < minimum)
    throw new RangeError(`${name} must be a number >= ${minimum}; got ${value}`);
  return value;
}

function optionalText(value: unknown, name: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string; got ${typeof value}`);
  return value;
}

/** Renders `spec` as a complete standalone SVG document (a string starting with `<svg`). */
export function linePlotSvg(spec: LinePlotSpec): string {
  if (!spec || !Array.isArray(spec.series)) throw new TypeError('spec.series must be an array of { name, points }');
  const title = optionalText(spec.title, 'spec.title');
  const xLabel = optionalText(spec.xLabel, 'spec.xLabel');
  const yLabel = optionalText(spec.yLabel, 'spec.yLabel');
  const yScale = spec.yScale ?? 'linear';
  if (yScale !== 'linear' && yScale !== 'log')
    throw new RangeError(`spec.yScale must be 'linear' or 'log'; got ${yScale}`);
  const width = validatedSize(spec.width, 'spec.width', 720, 200);
  const height = validatedSize(spec.height, 'spec.height', 440, 150);

  const logY = yScale === 'log';
  const isDrawable = ([x, y]: [number, number]) => Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0);
  const series = spec.series.map((entry, index) => {
    if (!entry || typeof entry.name !== 'string') throw new TypeError(`series[${index}].name must be a string`);
    const points = pointPairs(entry, index);
    return { name: entry.name, points, drawable: points.filter(isDrawable) };
  });
  const drawable = series.flatMap((entry) => entry.drawable);
  const hasData = drawable.length > 0;

  const top = title ? 44 : 20;
  const bottom = 12 + FONT_SIZE + TICK_LENGTH + 6 + (xLabel ? FONT_SIZE + 14 : 0);
  const plotHeight = height - top - bottom;
  let yAxis: NiceTicks | undefined;
  let yTickLabels: string[] = [];
  if (hasData) {
    const [yMin, yMax] = extent(drawable.map(([, y]) => y));
    const yCount = clampedTickCount(plotHeight, 45);
    yAxis = logY ? logTicks(yMin, yMax, yCount) : niceTicks(yMin, yMax, yCount);
    yTickLabels = yAxis.ticks.map(logY ? logTickFormat : linearTickFormat(yAxis));
  }

  const legendLabels = series.map((entry) =>
    truncate(entry.drawable.length > 0 ? entry.name : `${entry.name} (no data)`, MAX_LEGEND_CHARS),
  );
  const legendWidth =
    legendLabels.length > 0 ? 40 + extent(legendLabels.map((label) => Array.from(label).length))[1] * CHAR_WIDTH : 0;
  const yLabelsWidth = extent([0, ...yTickLabels.map((label) => label.length)])[1] * CHAR_WIDTH;
  const left = 12 + (yLabel ? FONT_SIZE + 14 : 0) + yLabelsWidth + TICK_LENGTH + 6;
  const right = 16 + legendWidth;
  const plotWidth = width - left - right;
  if (plotWidth < 60 || plotHeight < 60) {
    throw new RangeError(`spec.width x spec.height = ${width} x ${height} leaves no room for the plot; make it larger`);
  }

  let xAxis: NiceTicks | undefined;
  if (hasData) {
    const [xMin, xMax] = extent(drawable.map(([x]) => x));
    xAxis = niceTicks(xMin, xMax, clampedTickCount(plotWidth, 90));
  }
  const toY = (value: number) => (logY ? Math.log10(value) : value);
  const xPixel = (x: number) => (xAxis ? left + ((x - xAxis.min) / (xAxis.max - xAxis.min)) * plotWidth : left);
  const yPixel = (y: number) =>
    yAxis ? top + plotHeight - ((toY(y) - toY(yAxis.min)) / (toY(yAxis.max) - toY(yAxis.min))) * plotHeight : top;

  const svg: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fixed(width)}" height="${fixed(height)}" ` +
      `viewBox="0 0 ${fixed(width)} ${fixed(height)}" font-family="sans-serif" font-size="${FONT_SIZE}">`,
    // The accessible name of the picture: its title, else what it plots.
    `<title>${escapeXml(title || series.map((entry) => entry.name).join(', ') || 'line plot')}</title>`,
    `<rect width="${fixed(width)}" height="${fixed(height)}" fill="#ffffff"/>`,
  ];
  if (title) {
    svg.push(
      `<text x="${fixed(width / 2)}" y="28" text-anchor="middle" font-size="16" font-weight="bold">` +
        `${escapeXml(title)}</text>`,
    );
  }

  const axisBottom = top + plotHeight;
  svg.push('<g class="grid" stroke="#e4e4e4" stroke-width="1">');
  for (const tick of xAxis?.ticks ?? []) {
    const x = fixed(xPixel(tick));
    svg.push(`<line x1="${x}" y1="${fixed(top)}" x2="${x}" y2="${fixed(axisBottom)}"/>`);
  }
  for (const tick of yAxis?.ticks ?? []) {
    const y = fixed(yPixel(tick));
    svg.push(`<line x1="${fixed(left)}" y1="${y}" x2="${fixed(left + plotWidth)}" y2="${y}"/>`);
  }
  svg.push('</g>');

  svg.push('<g class="series" fill="none" stroke-width="1.75" stroke-linejoin="round" stroke-linecap="round">');
  series.forEach((entry, index) => {
    if (entry.drawable.length === 0) return;
    const path = seriesPath(entry.points, isDrawable, (x, y) => [xPixel(x), yPixel(y)]);
    svg.push(`<path d="${path}" ${strokeAttributes(index)}><title>${escapeXml(entry.name)}</title></path>`);
  });
  svg.push('</g>');

  svg.push(
    `<rect x="${fixed(left)}" y="${fixed(top)}" width="${fixed(plotWidth)}" height="${fixed(plotHeight)}" ` +
      'fill="none" stroke="#333333" stroke-width="1"/>',
  );
  svg.push('<g class="ticks" stroke="#333333" fill="#222222">');
  for (const tick of xAxis?.ticks ?? []) {
    const x = fixed(xPixel(tick));
    svg.push(`<line x1="${x}" y1="${fixed(axisBottom)}" x2="${x}" y2="${fixed(axisBottom + TICK_LENGTH)}"/>`);
  }
  for (const tick of yAxis?.ticks ?? []) {
    const y = fixed(yPixel(tick));
    svg.push(`<line x1="${fixed(left - TICK_LENGTH)}" y1="${y}" x2="${fixed(left)}" y2="${y}"/>`);
  }
  svg.push('</g>');
  svg.push('<g class="tick-labels" fill="#222222">');
  if (xAxis) {
    const xFormat = linearTickFormat(xAxis);
    const labelY = fixed(axisBottom + TICK_LENGTH + FONT_SIZE + 2);
    for (const tick of xAxis.ticks) {
      svg.push(
        `<text x="${fixed(xPixel(tick))}" y="${labelY}" text-anchor="middle">${escapeXml(xFormat(tick))}</text>`,
      );
    }
  }
  yAxis?.ticks.forEach((tick, index) => {
    const x = fixed(left - TICK_LENGTH - 3);
    svg.push(`<text x="${x}" y="${fixed(yPixel(tick) + 4)}" text-anchor="end">${escapeXml(yTickLabels[index])}</text>`);
  });
  svg.push('</g>');

  if (!hasData) {
    const message = series.length === 0 ? 'No series to plot' : `No ${logY ? 'positive ' : ''}finite data to plot`;
    svg.push(
      `<text x="${fixed(left + plotWidth / 2)}" y="${fixed(top + plotHeight / 2)}" text-anchor="middle" ` +
        `fill="#666666">${message}</text>`,
    );
  }
  if (xLabel) {
    svg.push(
      `<text x="${fixed(left + plotWidth / 2)}" y="${fixed(height - 12)}" text-anchor="middle">` +
        `${escapeXml(xLabel)}</text>`,
    );
  }
  if (yLabel) {
    const x = 12 + FONT_SIZE;
    const y = top + plotHeight / 2;
    svg.push(
      `<text x="${fixed(x)}" y="${fixed(y)}" text-anchor="middle" transform="rotate(-90 ${fixed(x)} ${fixed(y)})">` +
        `${escapeXml(yLabel)}</text>`,
    );
  }

  if (legendLabels.length > 0) {
    const legendLeft = left + plotWidth + 16;
    svg.push('<g class="legend">');
    legendLabels.forEach((label, index) => {
      const y = top + 8 + index * (FONT_SIZE + 8);
      svg.push(
        `<line x1="${fixed(legendLeft)}" y1="${fixed(y)}" x2="${fixed(legendLeft + 24)}" y2="${fixed(y)}" ` +
          `stroke-width="2.5" ${strokeAttributes(index)}/>`,
        `<text x="${fixed(legendLeft + 30)}" y="${fixed(y + 4)}">${escapeXml(label)}</text>`,
      );
    });
    svg.push('</g>');
  }
  svg.push('</svg>');
  return `${svg.join('\n')}\n`;
}

/**
 * SVG path data with one subpath per run of drawable points, so skipped points leave gaps. A lone
 * point becomes a tiny circle (two arcs) so that it stays visible within the series' one path.
 */
function seriesPath(
  points: ReadonlyArray<[number, number]>,
  isDrawable: (point: [number, number]) => boolean,
  toPixel: (x: number, y: number) => [number, number],
): string {
  const runs: Array<Array<[number, number]>> = [[]];
  for (const point of points) {
    if (isDrawable(point)) runs[runs.length - 1].push(toPixel(point[0], point[1]));
    else if (runs[runs.length - 1].length > 0) runs.push([]);
  }
  const r = LONE_POINT_RADIUS;
  return runs
    .filter((run) => run.length > 0)
    .map((run) => {
      if (run.length > 1) return `M${run.map(([x, y]) => `${fixed(x)} ${fixed(y)}`).join('L')}`;
      const [x, y] = run[0];
      return `M${fixed(x - r)} ${fixed(y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;
    })
    .join('');
}

function strokeAttributes(seriesIndex: number): string {
  const colour = PALETTE[seriesIndex % PALETTE.length];
  const dashes = DASHES[Math.floor(seriesIndex / PALETTE.length) % DASHES.length];
  return dashes ? `stroke="${colour}" stroke-dasharray="${dashes}"` : `stroke="${colour}"`;
}

/** Renders `spec` (see `linePlotSvg`) and writes it to `path` atomically; returns `path`. */
export async function writeLinePlot(path: string, spec: LinePlotSpec): Promise<string> {
  await writeFileAtomic(path, linePlotSvg(spec));
  return path;
}
