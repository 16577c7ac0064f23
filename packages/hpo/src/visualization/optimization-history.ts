// Optimisation history (Optuna's `plot_optimization_history`): each complete trial's value against
// its number, and the best value so far as a step line. Multi-objective studies get one panel per
// objective unless a `target` picks one value.

import {
  BOTTOM_MARGIN,
  COLOURS,
  circle,
  type Frame,
  frameAxes,
  frameGrid,
  integerAxis,
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
import type { StudyDirection } from '../study-direction.js';
import {
  checkStudy,
  completedTrials,
  type PlotTarget,
  requireTrials,
  resolveTarget,
  type StudyLike,
  type TargetOptions,
  trialTooltip,
} from './study-data.js';

export interface OptimizationHistoryOptions extends TargetOptions {
  /** Pixels; default 760. */
  width?: number;
  /** Pixels per panel; default 420. */
  panelHeight?: number;
}

const PLOT = 'optimizationHistorySvg';

function bestSoFar(values: readonly number[], direction: StudyDirection | undefined): number[] {
  const better = direction === 'maximize' ? Math.max : Math.min;
  const best: number[] = [];
  for (const value of values) best.push(best.length === 0 ? value : better(best[best.length - 1], value));
  return best;
}

function historyPanel(
  trials: readonly FrozenTrial[],
  target: PlotTarget,
  top: number,
  width: number,
  height: number,
): string {
  const values = trials.map((trial) => target.valueOf(trial));
  const numbers = trials.map((trial) => trial.number);
  const yAxis = linearAxis(Math.min(...values), Math.max(...values), 6);
  const xAxis = integerAxis(Math.min(...numbers), Math.max(...numbers), 1);
  const left = leftMargin(yAxis);
  const legendWidth = 150;
  const frame: Frame = {
    left,
    top,
    width: width - left - legendWidth - 16,
    height: height - BOTTOM_MARGIN,
    xAxis,
    yAxis,
    xLabel: 'Trial',
    yLabel: target.name,
  };
  const parts = [frameGrid(frame)];
  // The best value drawn as steps: it only changes at trials that improved it.
  const best = bestSoFar(values, target.direction);
  if (target.direction !== undefined) {
    const path = best
      .map((value, i) => {
        const x = px(xPixel(frame, numbers[i]));
        const y = px(yPixel(frame, value));
        return i === 0 ? `M${x} ${y}` : `H${x}V${y}`;
      })
      .join('');
    parts.push(`<path class="best-value" d="${path}" fill="none" stroke="${COLOURS.vermilion}" stroke-width="2"/>`);
  }
  parts.push(`<g class="trials" fill="${COLOURS.blue}" fill-opacity="0.85" stroke="#ffffff" stroke-width="0.75">`);
  trials.forEach((trial, i) => {
    parts.push(
      circle(xPixel(frame, numbers[i]), yPixel(frame, values[i]), 4, '', trialTooltip(trial, target.name, values[i])),
    );
  });
  parts.push('</g>', frameAxes(frame));
  const items: LegendItem[] = [{ label: target.name, sample: 'marker', attributes: `fill="${COLOURS.blue}"` }];
  if (target.direction !== undefined) {
    items.push({ label: 'Best Value', attributes: `stroke="${COLOURS.vermilion}"` });
  }
  parts.push(legend(frame.left + frame.width + 16, top + 10, items));
  return parts.join('\n');
}

/** The history as a standalone SVG document. */
export function optimizationHistorySvg(study: StudyLike, options: OptimizationHistoryOptions = {}): string {
  checkStudy(study, PLOT);
  const width = options.width ?? 760;
  const panelHeight = options.panelHeight ?? 420;
  const targets: PlotTarget[] =
    options.target !== undefined || study.directions.length === 1
      ? [resolveTarget(study, options, PLOT)]
      : study.directions.map((direction, index) => ({
          valueOf: (trial: FrozenTrial) => trial.values?.[index] ?? Number.NaN,
          name: `Objective ${index}`,
          direction,
        }));
  const top = 50;
  const gap = 30;
  const height = top + targets.length * panelHeight + (targets.length - 1) * gap;
  const panels = targets.map((target, index) => {
    const trials = completedTrials(study, target);
    requireTrials(trials, PLOT);
    return historyPanel(trials, target, top + index * (panelHeight + gap), width, panelHeight);
  });
  return `${svgOpen(width, height, { heading: 'Optimization History' })}\n${panels.join('\n')}\n</svg>\n`;
}
