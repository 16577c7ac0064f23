// Intermediate values (Optuna's `plot_intermediate_values`): each trial's reported learning curve,
// coloured by how the trial ended, so pruned curves can be told from completed ones at a glance.

import {
  BOTTOM_MARGIN,
  COLOURS,
  circle,
  escapeXml,
  type Frame,
  frameAxes,
  frameGrid,
  integerAxis,
  leftMargin,
  legend,
  linearAxis,
  px,
  svgOpen,
  xPixel,
  yPixel,
} from '@hw7/tensor-utils/plots';
import type { FrozenTrial, TrialState } from '../frozen-trial.js';
import { checkStudy, type StudyLike, trialTooltip } from './study-data.js';

export interface IntermediateValuesOptions {
  /** Pixels; default 760. */
  width?: number;
  /** Pixels; default 460. */
  height?: number;
  /** Axis label of the reported values; default 'Intermediate Value'. */
  valueName?: string;
}

const PLOT = 'intermediateValuesSvg';

const STATE_COLOURS: Record<TrialState, string> = {
  COMPLETE: COLOURS.blue,
  PRUNED: COLOURS.vermilion,
  RUNNING: COLOURS.green,
  WAITING: COLOURS.grey,
  FAIL: COLOURS.grey,
};

/** The curves as a standalone SVG document. */
export function intermediateValuesSvg(study: StudyLike, options: IntermediateValuesOptions = {}): string {
  checkStudy(study, PLOT);
  const width = options.width ?? 760;
  const height = options.height ?? 460;
  const valueName = options.valueName ?? 'Intermediate Value';
  const curves = study.trials
    .map((trial): [FrozenTrial, Array<[number, number]>] => [
      trial,
      [...trial.intermediateValues].filter(([, value]) => Number.isFinite(value)).sort(([a], [b]) => a - b),
    ])
    .filter(([, points]) => points.length > 0);
  if (curves.length === 0) {
    throw new Error(
      `${PLOT}: no trial reported an intermediate value (call trial.report(value, step) in the objective)`,
    );
  }
  const points = curves.flatMap(([, curve]) => curve);
  const steps = points.map(([step]) => step);
  const values = points.map(([, value]) => value);
  const yAxis = linearAxis(Math.min(...values), Math.max(...values), 7);
  const [firstStep, lastStep] = [Math.min(...steps), Math.max(...steps)];
  // Steps are usually epochs: whole numbers deserve whole-number ticks.
  const xAxis = steps.every(Number.isInteger)
    ? integerAxis(firstStep, lastStep, 1)
    : linearAxis(firstStep, lastStep, 8);
  const left = leftMargin(yAxis);
  const top = 50;
  const legendWidth = 130;
  const frame: Frame = {
    left,
    top,
    width: width - left - legendWidth - 16,
    height: height - top - BOTTOM_MARGIN,
    xAxis,
    yAxis,
    xLabel: 'Step',
    yLabel: valueName,
  };
  const parts = [svgOpen(width, height, { heading: 'Intermediate Values' }), frameGrid(frame)];
  parts.push('<g class="curves" fill="none" stroke-width="1.5" stroke-opacity="0.8">');
  for (const [trial, curve] of curves) {
    const colour = STATE_COLOURS[trial.state];
    const path = curve.map(
      ([step, value], i) => `${i === 0 ? 'M' : 'L'}${px(xPixel(frame, step))} ${px(yPixel(frame, value))}`,
    );
    parts.push(
      `<path d="${path.join('')}" stroke="${colour}"><title>${escapeXml(`Trial ${trial.number} (${trial.state})`)}</title></path>`,
    );
    for (const [step, value] of curve) {
      const tooltip = `${trialTooltip(trial, valueName, value)}\nstep: ${step}\nstate: ${trial.state}`;
      parts.push(circle(xPixel(frame, step), yPixel(frame, value), 2.5, `fill="${colour}" stroke="none"`, tooltip));
    }
  }
  parts.push('</g>', frameAxes(frame));
  const states = (['COMPLETE', 'PRUNED', 'RUNNING', 'FAIL'] as const).filter((state) =>
    curves.some(([trial]) => trial.state === state),
  );
  const items = states.map((state) => ({
    label: `${state.toLowerCase()} (${curves.filter(([trial]) => trial.state === state).length})`,
    attributes: `stroke="${STATE_COLOURS[state]}"`,
  }));
  parts.push(legend(frame.left + frame.width + 16, top + 10, items));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
