import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FrozenTrial } from '../frozen-trial.js';
import { MedianPruner } from '../pruners/median-pruner.js';
import { RandomSampler } from '../samplers/random-sampler.js';
import { createStudy, type Study } from '../study.js';
import { TrialPruned } from '../trial-pruned.js';
import { contourSvg } from './contour.js';
import { intermediateValuesSvg } from './intermediate-values.js';
import { optimizationHistorySvg } from './optimization-history.js';
import { parallelCoordinateSvg } from './parallel-coordinate.js';
import { paramImportanceSvg, paramImportances } from './param-importance.js';
import { sliceSvg } from './slice.js';
import { writeStudyReport } from './study-report.js';

/** Checks that every tag is closed in order and every `&` starts an entity: enough to catch broken XML. */
function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
  const open: string[] = [];
  for (const [tag, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) open.push(name);
    else expect(open.pop(), `closing ${tag}`).toBe(name);
  }
  expect(open).toEqual([]);
  // Outside tags, no stray angle brackets: text content must have been escaped.
  expect(svg.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]/);
}

const count = (svg: string, pattern: RegExp) => [...svg.matchAll(pattern)].length;

/** 30 trials of a learning-curve objective with a categorical, a log and an integer parameter. */
async function demoStudy(): Promise<Study> {
  const study = createStudy({
    sampler: new RandomSampler({ seed: 3 }),
    pruner: new MedianPruner({ nStartupTrials: 5 }),
  });
  await study.optimize(
    (trial) => {
      const lr = trial.suggestFloat('lr', 1e-4, 1e-1, { log: true });
      const layers = trial.suggestInt('layers', 1, 3);
      const optimizer = trial.suggestCategorical('optimizer', ['adam', 'sgd <fast>']);
      const floor = 0.1 + 0.1 * Math.abs(Math.log10(lr) + 2.5) + 0.02 * layers + (optimizer === 'adam' ? 0 : 0.1);
      let loss = 1;
      for (let step = 0; step < 5; step++) {
        loss = floor + (1 - floor) * Math.exp(-step);
        trial.report(loss, step);
        if (trial.shouldPrune()) throw new TrialPruned();
      }
      return loss;
    },
    { nTrials: 30 },
  );
  return study;
}

describe('study plots', () => {
  it('draw one tooltip point per complete trial, escaped, with titles and axis labels', async () => {
    const study = await demoStudy();
    const complete = study.getTrials(['COMPLETE']).length;
    const history = optimizationHistorySvg(study);
    expectWellFormed(history);
    expect(count(history, /<circle [^>]*><title>Trial \d+/g)).toBe(complete);
    expect(history).toContain('Optimization History');
    expect(history).toContain('>Trial</text>');
    expect(history).toContain('sgd &lt;fast&gt;');

    const curves = intermediateValuesSvg(study);
    expectWellFormed(curves);
    expect(count(curves, /<path d="[^"]*" stroke="[^"]*"><title>Trial/g)).toBe(study.trials.length);
    expect(count(curves, /<circle /g)).toBe(
      study.trials.reduce((sum, trial) => sum + trial.intermediateValues.size, 0),
    );

    const parallel = parallelCoordinateSvg(study);
    expectWellFormed(parallel);
    expect(count(parallel, /<path d="M[^"]*" stroke="#[0-9a-f]{6}"><title>Trial/g)).toBe(complete);
    expect(parallel).toContain('lr (log)');
    expect(parallel).toContain('>sgd &lt;fast&gt;</text>');

    const slice = sliceSvg(study);
    expectWellFormed(slice);
    expect(count(slice, /<circle [^>]*><title>Trial/g)).toBe(3 * complete);
    expect(count(slice, /class="x-label"/g)).toBe(3);

    const contour = contourSvg(study);
    expectWellFormed(contour);
    expect(count(contour, /<image /g)).toBe(3);
    expect(count(contour, /class="colour-bar"/g)).toBe(1);

    const importance = paramImportanceSvg(study);
    expectWellFormed(importance);
    expect(count(importance, /<rect [^>]*fill="#0072B2"><title>/g)).toBe(3);
  });

  it('rates x far above y for f(x, y) = 10x + 0.1y, with shares summing to 1', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 0 }) });
    await study.optimize((trial) => 10 * trial.suggestFloat('x', 0, 1) + 0.1 * trial.suggestFloat('y', 0, 1), {
      nTrials: 60,
    });
    const importances = paramImportances(study);
    expect(importances.map(({ name }) => name)).toEqual(['x', 'y']);
    expect(importances[0].importance).toBeGreaterThan(0.9);
    expect(importances[0].importance + importances[1].importance).toBeCloseTo(1, 12);
  });

  it('finds the categorical parameter that matters', async () => {
    const study = createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(
      (trial) =>
        (trial.suggestCategorical('activation', ['relu', 'tanh', 'gelu']) === 'tanh' ? 5 : 0) +
        0.01 * trial.suggestInt('units', 1, 10),
      { nTrials: 50 },
    );
    expect(paramImportances(study)[0]).toMatchObject({ name: 'activation' });
    expect(paramImportances(study)[0].importance).toBeGreaterThan(0.9);
  });

  it('plots each objective of a multi-objective study in the history, and needs a target elsewhere', async () => {
    const study = createStudy({ directions: ['minimize', 'maximize'], sampler: new RandomSampler({ seed: 0 }) });
    await study.optimize(
      (trial) => {
        const x = trial.suggestFloat('x', 0, 1);
        return [x, trial.suggestFloat('y', 0, 1) - x];
      },
      { nTrials: 10 },
    );
    const history = optimizationHistorySvg(study);
    expectWellFormed(history);
    expect(history).toContain('Objective 0');
    expect(history).toContain('Objective 1');
    expect(() => sliceSvg(study)).toThrow(/2 objectives; pass options\.target/);
    const slice = sliceSvg(study, { target: (trial) => trial.values?.[1] ?? Number.NaN, targetName: 'y - x' });
    expect(slice).toContain('y - x');
  });

  it('explains empty studies, unknown parameters and impossible plots', async () => {
    const empty = createStudy();
    expect(() => optimizationHistorySvg(empty)).toThrow(
      /needs at least 1 COMPLETE trial\(s\) with a finite value; the study has 0/,
    );
    expect(() => intermediateValuesSvg(empty)).toThrow(/no trial reported an intermediate value/);
    expect(() => paramImportances(empty)).toThrow(/needs at least 2 COMPLETE/);
    expect(() => optimizationHistorySvg({} as never)).toThrow(/study must be a Study or \{ directions, trials \}/);

    const study = await demoStudy();
    expect(() => sliceSvg(study, { params: ['lr', 'nope'] })).toThrow(
      /unknown parameter "nope" in options.params; the trials have "layers", "lr", "optimizer"/,
    );
    expect(() => contourSvg(study, { params: ['lr'] })).toThrow(/needs at least 2 parameters to pair; got only "lr"/);
    expect(() => contourSvg(study, { resolution: 1 })).toThrow(
      /options.resolution must be an integer in \[2, 512\]; got 1/,
    );
  });

  it('reads trials back from study.toJson()', async () => {
    const study = await demoStudy();
    const parsed = JSON.parse(study.toJson());
    const restored = {
      directions: parsed.directions,
      trials: parsed.trials.map((record: never) => new FrozenTrial(record)),
    };
    expect(optimizationHistorySvg(restored)).toBe(optimizationHistorySvg(study));
  });
});

describe('writeStudyReport', () => {
  it('writes every plot and an index.html that shows them, and lists what it skipped', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'hpo-report-'));
    try {
      const study = await demoStudy();
      const report = await writeStudyReport(study, join(directory, 'report'), { title: 'Demo <study>' });
      expect(report.skipped).toEqual([]);
      const files = (await readdir(join(directory, 'report'))).sort();
      expect(files).toEqual([
        'contour.svg',
        'history.svg',
        'importance.svg',
        'index.html',
        'intermediate-values.svg',
        'parallel-coordinate.svg',
        'slice.svg',
      ]);
      const html = await readFile(join(directory, 'report', 'index.html'), 'utf8');
      expect(count(html, /<img src="[a-z-]+\.svg"/g)).toBe(6);
      expect(html).toContain('<h1>Demo &lt;study&gt;</h1>');
      expect(html).toMatch(/best trial<\/th><td>#\d+/);

      const noCurves = createStudy();
      await noCurves.optimize((trial) => trial.suggestFloat('x', 0, 1) ** 2 + trial.suggestFloat('y', 0, 1), {
        nTrials: 5,
      });
      const partial = await writeStudyReport(noCurves, join(directory, 'partial'));
      expect(partial.skipped.map(({ plot }) => plot)).toEqual(['intermediate-values.svg']);
      expect(partial.files).toHaveLength(6);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
