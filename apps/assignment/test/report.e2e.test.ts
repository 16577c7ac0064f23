// The report in a real browser: Debian's Chromium (apt-get install chromium) driven by
// playwright-core, on a report from a fake run that takes milliseconds.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONS } from '../src/questions/registry.js';
import { runHomework } from '../src/run-homework.js';
import { fakeQuestions } from './fake-questions.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'e2e', 'report.png');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report e2e test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'hw7-e2e-'));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('shows every section and renders every figure', async () => {
    const run = await runHomework({
      questions: fakeQuestions({ failing: 'q5' }),
      profile: 'quick',
      seed: 0,
      out,
      backend: 'cpu',
      log: () => {},
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(run.reportPath).href);
      await page.waitForLoadState('load');
      for (const question of QUESTIONS) {
        await expect(page.locator(`section#${question.id} h2`).textContent()).resolves.toContain(question.title);
      }
      await expect(page.locator('section#q5').getAttribute('data-status')).resolves.toBe('failed');
      // Only what is read of an HTMLImageElement (the tsconfig has no DOM types).
      const images = await page.locator('img').evaluateAll((elements) =>
        (elements as unknown as { complete: boolean; naturalWidth: number }[]).map(({ complete, naturalWidth }) => ({
          complete,
          naturalWidth,
        })),
      );
      // Two figures for each of the 7 questions that finished.
      expect(images).toHaveLength(14);
      for (const image of images) {
        expect(image.complete).toBe(true);
        expect(image.naturalWidth).toBeGreaterThan(0);
      }
      await mkdir(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(existsSync(SCREENSHOT)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
