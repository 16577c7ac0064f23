import { describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions.js';
import { InMemoryStorage } from '../storage/in-memory-storage.js';
import { startDashboard } from './dashboard-server.js';

describe('startDashboard', () => {
  it('shows a multi-objective study with its Pareto front, and a deleted study as not found', async () => {
    const storage = new InMemoryStorage();
    const studyId = storage.createStudy('two objectives', ['minimize', 'minimize']);
    // (1, 4), (2, 2) and (4, 1) are the front; (3, 3) is dominated by (2, 2).
    for (const values of [
      [1, 4],
      [3, 3],
      [2, 2],
      [4, 1],
    ]) {
      const trial = storage.createTrial(studyId, { state: 'RUNNING' });
      storage.setTrialParam(trial.trialId, 'x', values[0] / 10, floatDistribution(0, 1));
      storage.setTrialStateValues(trial.trialId, 'COMPLETE', values);
    }
    const dashboard = await startDashboard({ storage, port: 0 });
    try {
      const get = (path: string) => fetch(new URL(path, dashboard.url));
      const { studies } = (await (await get('api/studies')).json()) as { studies: Record<string, unknown>[] };
      expect(studies).toEqual([
        expect.objectContaining({
          name: 'two objectives',
          trials: 4,
          paretoSize: 3,
          directions: ['minimize', 'minimize'],
        }),
      ]);
      const page = await (await get(`studies/${studyId}`)).text();
      expect(page.match(/data-plot="([a-z-]+)"/g)).toEqual([
        'data-plot="history"',
        'data-plot="pareto-front"',
        'data-plot="intermediate-values"',
      ]);
      const pareto = await get(`studies/${studyId}/plots/pareto-front.svg`);
      const svg = await pareto.text();
      expect(pareto.headers.get('x-plot-version')).toMatch(/^4-4-/);
      const front = svg.slice(svg.indexOf('<g class="pareto-front"'));
      expect(front.slice(0, front.indexOf('</g>')).match(/<title>Trial (\d+)/g)).toEqual([
        '<title>Trial 0',
        '<title>Trial 2',
        '<title>Trial 3',
      ]);
      // The page already shows this drawing: nothing is sent again.
      const again = await get(`studies/${studyId}/plots/pareto-front.svg?have=${pareto.headers.get('x-plot-version')}`);
      expect(again.status).toBe(204);
      expect((await get(`studies/${studyId}/plots/importance.svg`)).status).toBe(404);

      storage.deleteStudy(studyId);
      const gone = await fetch(new URL(`studies/${studyId}`, dashboard.url), { headers: { accept: 'text/html' } });
      expect(gone.status).toBe(404);
      expect(await gone.text()).toContain(`no study with id ${studyId}`);
    } finally {
      await dashboard.close();
    }
  });

  it('refuses bad options, naming them', async () => {
    const storage = new InMemoryStorage();
    await expect(startDashboard({ storage, port: 70_000 })).rejects.toThrow(
      /port must be an integer from 0 to 65535; got 70000/,
    );
    await expect(startDashboard({ storage, token: 'short' })).rejects.toThrow(/token must be 16 to 200 URL-safe/);
    await expect(startDashboard({ storage: 'mysql://db' })).rejects.toThrow(/storage URL must look like/);
    const { getAllStudies: _, ...withoutListing } = Object.getOwnPropertyDescriptors(InMemoryStorage.prototype);
    const bare = Object.create(Object.prototype, withoutListing);
    await expect(startDashboard({ storage: bare })).rejects.toThrow(/cannot list its studies/);
  });
});
