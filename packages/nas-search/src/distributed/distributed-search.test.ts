// Three workers (each with its own connection, interleaving on this thread while their
// evaluations wait) search the NAS-Bench-201 cell space together through one study: on SQLite
// always, on PostgreSQL when HW7_POSTGRES_URL names a server (.ci/run starts one).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadStudy } from '@hw7/hpo';
import { afterAll, describe, expect, it } from 'vitest';
import { type CellGenotype, nb201CellSpace } from '../spaces/nb201-cell.js';
import { syntheticNb201Score } from '../tabular/synthetic-nb201.js';
import { PARENT_KEY_ATTR } from './architecture-sampler.js';
import { ARCHITECTURE_ATTR, runDistributedSearch } from './distributed-search.js';

const directory = mkdtempSync(join(tmpdir(), 'nas-distributed-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const postgres = process.env.HW7_POSTGRES_URL;
if (!postgres)
  console.warn('distributed NAS search on PostgreSQL skipped: HW7_POSTGRES_URL is unset (.ci/run sets it)');

const storages = [
  { name: 'SQLite', url: `sqlite:///${join(directory, 'nas.db')}` },
  { name: 'PostgreSQL', url: postgres },
];

describe.each(storages)('distributed NAS search on $name', ({ name, url }) => {
  it.skipIf(url === undefined)(
    `three workers run asynchronous aging evolution over one study${url ? '' : ' (skipped: HW7_POSTGRES_URL is unset)'}`,
    async () => {
      const storage = url as string;
      const studyName = `nas-${process.pid}-${name}-${Date.now()}`;
      const evaluatedBy: number[] = [];
      const evaluate = async (cell: CellGenotype) => {
        await sleep(5);
        return syntheticNb201Score(cell).accuracy;
      };
      const workers = [0, 1, 2].map((worker) =>
        runDistributedSearch({
          storage,
          studyName,
          space: nb201CellSpace,
          strategy: 'evolution',
          populationSize: 8,
          sampleSize: 3,
          budget: 36,
          seed: 7,
          evaluate,
          heartbeatInterval: 1,
          onResult: () => evaluatedBy.push(worker),
        }),
      );
      const summaries = await Promise.all(workers);
      expect(summaries.reduce((sum, summary) => sum + summary.finished.COMPLETE, 0)).toBe(36);
      // Every worker took part.
      expect(new Set(evaluatedBy).size).toBe(3);

      const trials = loadStudy({ storage, studyName }).trials;
      expect(trials).toHaveLength(36);
      expect(new Set(trials.map((trial) => trial.systemAttrs.budgetSlot)).size).toBe(36);
      const evolved = trials.filter((trial) => trial.systemAttrs[PARENT_KEY_ATTR] !== undefined);
      expect(evolved.length).toBeGreaterThan(20);
      for (const child of evolved) {
        // The parent came from the shared population: a trial some worker had completed before the child started.
        const parents = trials.filter(
          (trial) =>
            trial.userAttrs[ARCHITECTURE_ATTR] === child.systemAttrs[PARENT_KEY_ATTR] &&
            (trial.datetimeComplete?.getTime() ?? Number.POSITIVE_INFINITY) <= (child.datetimeStart?.getTime() ?? 0),
        );
        expect(parents.length).toBeGreaterThan(0);
      }
      for (const trial of trials) {
        expect(trial.value).toBe(
          syntheticNb201Score(nb201CellSpace.parse(trial.userAttrs[ARCHITECTURE_ATTR] as string)).accuracy,
        );
      }
    },
    120_000,
  );
});

describe('hw7-nas worker', () => {
  it('two processes share one budget of a search over a table', async () => {
    const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });
    const table = join(directory, 'nb201.csv');
    await run(['synthetic-table', '--out', table]);
    const storage = `sqlite:///${join(directory, 'cli.db')}`;
    const args = [
      'worker',
      '--storage',
      storage,
      '--study',
      'cli',
      '--table',
      table,
      '--budget',
      '24',
      '--strategy',
      'random',
    ];
    const outputs = await Promise.all([run(args), run(args)]);
    const summaries = outputs.map(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1) as string));
    expect(summaries[0].finished.COMPLETE + summaries[1].finished.COMPLETE).toBe(24);
    const trials = loadStudy({ storage, studyName: 'cli' }).trials;
    expect(trials.map((trial) => trial.state)).toEqual(Array(24).fill('COMPLETE'));
    await expect(run(['worker', '--storage', storage, '--study', 'cli', '--budget', '5'])).rejects.toThrow(
      'hw7-nas: missing (--table, --objective): either --table FILE (rewards looked up) or --objective MODULE (exporting evaluate)',
    );
  }, 120_000);
});
