// Grouped bar charts: one group per category, one bar per series, optional error bars, for
// comparing methods across data sets or metrics (e.g. accuracy of three models on three tasks).
import { writeFileAtomic } from '../fs/atomic.js';
import {
  COLOURS,
  categoricalAxis,
  checkedSize,
  checkedText,
  escapeXml,
  extent,
  FONT_SIZE,
  type Frame,
  formatNumber,
  frameAxes,
  frameGrid,
  HEADING_HEIGHT,
  leftMargin,
  legend,
  legendWidth,
  linearAxis,
  px,
  seriesColour,
  svgOpen,
  TICK_LENGTH,
  truncate,
  yPixel,
} from './svg-kit.js';

export interface BarSeries {
  name: string;
  /** One value per category; a non-finite value leaves its bar out. */
  values: ArrayLike<number>;
  /** Optional half-widths of error bars (e.g. standard deviations over seeds), one per category. */
  errors?: ArrayLike<number>;
}

export interface BarChartSpec {
  title?: string;
  /** Names of the groups along the x axis. */
  categories: readonly string[];
  series: readonly BarSeries[];
  xLabel?: string;
  yLabel?: string;
  /** Fixed y extent, e.g. [0, 1] for accuracies; default from 0 (or the lowest value) to the highest. */
  yRange?: readonly [number, number];
  /** Write each bar's value above it; default false. */
  showValues?: boolean;
  /** Pixels; default 720. */
  width?: number;
  /** Pixels; default 440. */
  height?: number;
}

function checkedSeries(series: readonly BarSeries[], categories: number): BarSeries[] {
  if (!Array.isArray(series) || series.length === 0) {
    throw new TypeError('spec.series must be a non-empty array of { name, values }');
  }
  for (const [index, entry] of series.entries()) {
    if (!entry || typeof entry.name !== 'string') throw new TypeError(`series[${index}].name must be a string`);
    if (entry.values?.length !== categories) {
      throw new RangeError(
        `series[${index}].values must have one value per category (${categories}); got ${entry.values?.length}`,
      );
    }
    if (entry.errors !== undefined && entry.errors.length !== categories) {
      throw new RangeError(
        `series[${index}].errors must have one value per category (${categories}); got ${entry.errors.length}`,
      );
    }
  }
  return [...series];
}

/** The y extent: `spec.yRange`, else from 0 (or the lowest value or error bar end) to the highest. */
function yExtent(spec: BarChartSpec, series: BarSeries[], categories: number): [number, number] {
  const ends: number[] = [0];
  for (const entry of series) {
    for (let i = 0; i < categories; i++) {
      const value = Number(entry.values[i]);
      const error = entry.errors ? Math.abs(Number(entry.errors[i])) : 0;
      if (!Number.isFinite(value)) continue;
      ends.push(value);
      if (Number.isFinite(error)) ends.push(value - error, value + error);
    }
  }
  if (spec.yRange !== undefined) {
    const [low, high] = Array.isArray(spec.yRange) ? spec.yRange : [];
    if (!(Number.isFinite(low) && Number.isFinite(high) && (low as number) < (high as number))) {
      throw new RangeError(`spec.yRange must be [min, max] with finite min < max; got ${JSON.stringify(spec.yRange)}`);
    }
  }
  return spec.yRange ? [spec.yRange[0], spec.yRange[1]] : extent(ends);
}

/** Each series' bars, side by side in 80% of each category's slot, with error bars and values. */
function barMarks(spec: BarChartSpec, series: BarSeries[], frame: Frame): string[] {
  const { categories } = spec;
  const slot = frame.width / categories.length;
  const barWidth = (0.8 * slot) / series.length;
  const { ticks } = frame.yAxis;
  const baseline = yPixel(frame, Math.min(Math.max(0, ticks[0]), ticks[ticks.length - 1]));
  const parts: string[] = [];
  series.forEach((entry, s) => {
    const colour = seriesColour(s);
    for (let c = 0; c < categories.length; c++) {
      const value = Number(entry.values[c]);
      if (!Number.isFinite(value)) continue;
      const x = frame.left + c * slot + 0.1 * slot + s * barWidth;
      const y = yPixel(frame, value);
      const tooltip = `${entry.name} / ${categories[c]}: ${formatNumber(value)}`;
      parts.push(
        `<rect x="${px(x)}" y="${px(Math.min(y, baseline))}" width="${px(barWidth)}" height="${px(Math.abs(baseline - y))}" fill="${colour}">` +
          `<title>${escapeXml(tooltip)}</title></rect>`,
      );
      const error = entry.errors ? Math.abs(Number(entry.errors[c])) : Number.NaN;
      const hasError = Number.isFinite(error) && error > 0;
      const middle = x + barWidth / 2;
      if (hasError) {
        const [high, low] = [yPixel(frame, value + error), yPixel(frame, value - error)];
        const cap = Math.min(6, barWidth / 3);
        parts.push(
          `<path class="error-bar" d="M${px(middle)} ${px(low)}V${px(high)}M${px(middle - cap)} ${px(high)}H${px(middle + cap)}` +
            `M${px(middle - cap)} ${px(low)}H${px(middle + cap)}" stroke="${COLOURS.text}" stroke-width="1.25" fill="none"/>`,
        );
      }
      if (spec.showValues) {
        // Above the bar, or above its error bar.
        const textBottom = Math.min(y, baseline, hasError ? yPixel(frame, value + error) : y) - 4;
        parts.push(
          `<text class="bar-value" x="${px(middle)}" y="${px(textBottom)}" text-anchor="middle" ` +
            `font-size="${FONT_SIZE - 2}" fill="${COLOURS.text}">${escapeXml(formatNumber(value))}</text>`,
        );
      }
    }
  });
  return parts;
}

/** Renders `spec` as a complete standalone SVG document. */
export function barChartSvg(spec: BarChartSpec): string {
  if (!spec || !Array.isArray(spec.categories) || spec.categories.length === 0) {
    throw new TypeError('spec.categories must be a non-empty array of names');
  }
  if (!spec.categories.every((category) => typeof category === 'string')) {
    throw new TypeError('spec.categories must be strings');
  }
  const categories = spec.categories;
  const series = checkedSeries(spec.series, categories.length);
  const title = checkedText(spec.title, 'spec.title');
  const xLabel = checkedText(spec.xLabel, 'spec.xLabel');
  const yLabel = checkedText(spec.yLabel, 'spec.yLabel');
  const width = checkedSize(spec.width, 'spec.width', 720, 200);
  const height = checkedSize(spec.height, 'spec.height', 440, 150);

  const [min, max] = yExtent(spec, series, categories.length);
  const yAxis = linearAxis(min, max, 6);
  const xAxis = categoricalAxis(categories, 18);
  const labels = series.length > 1 ? series.map((entry) => truncate(entry.name, 32)) : [];
  const top = title ? HEADING_HEIGHT : 20;
  const left = leftMargin(yAxis, yLabel !== '');
  const right = 16 + (labels.length > 0 ? legendWidth(labels) : 0);
  const bottom = 12 + FONT_SIZE + TICK_LENGTH + 6 + (xLabel ? FONT_SIZE + 14 : 0);
  const frame: Frame = {
    left,
    top,
    width: width - left - right,
    height: height - top - bottom,
    xAxis,
    yAxis,
    xLabel,
    yLabel,
  };
  if (frame.width < 60 || frame.height < 60) {
    throw new RangeError(`spec.width x spec.height = ${width} x ${height} leaves no room for the plot; make it larger`);
  }

  const parts = [
    svgOpen(width, height, { heading: title, name: title || series.map((entry) => entry.name).join(', ') }),
    frameGrid(frame),
    '<g class="bars">',
    ...barMarks(spec, series, frame),
    '</g>',
    frameAxes(frame),
  ];
  if (labels.length > 0) {
    const items = labels.map((label, s) => ({
      label,
      attributes: `fill="${seriesColour(s)}"`,
      sample: 'swatch' as const,
    }));
    parts.push(legend(left + frame.width + 16, top + 8, items));
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** Renders `spec` (see `barChartSvg`) and writes it to `path` atomically; returns `path`. */
export async function writeBarChart(path: string, spec: BarChartSpec): Promise<string> {
  await writeFileAtomic(path, barChartSvg(spec));
  return path;
}
