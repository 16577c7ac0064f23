// The report in a real browser: Debian's Chromium (apt-get install chromium) driven by
// playwright-core, on the report of a made-up run. Every sub-question the app lists has a rendered
// answer, every figure decodes, nothing is wider than an A4 page, and it prints to a PDF.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONS, subQuestionIds } from '../src/questions/registry.js';
import { renderReport } from '../src/report/html.js';
import { writeMadeUpRun } from './made-up-results.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'e2e');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report e2e test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** CSS pixels of an A4 page's width at 96 dpi, less the print margins (12 mm each side). */
const A4_CONTENT_WIDTH = Math.floor(((210 - 24) / 25.4) * 96);

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  let out: string;
  let reportPath: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'hw7-e2e-'));
    reportPath = join(out, 'report.html');
    await writeFile(reportPath, await renderReport(await writeMadeUpRun(out), out));
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('answers every listed sub-question, renders every figure, fits A4 and prints to PDF', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: A4_CONTENT_WIDTH, height: 1100 } });
      await page.goto(pathToFileURL(reportPath).href);
      await page.waitForLoadState('load');
      for (const question of QUESTIONS) {
        await expect(page.locator(`section#${question.id} h2`).textContent()).resolves.toContain(question.title);
      }
      // The one list of sub-question ids: each has a visible answer with evidence and a conclusion.
      const rendered = await page.locator('article.subquestion').evaluateAll((elements) =>
        (elements as unknown as { dataset: { subquestion: string }; textContent: string }[]).map((element) => ({
          id: element.dataset.subquestion,
          text: element.textContent,
        })),
      );
      expect(rendered.map((answer) => answer.id)).toEqual(subQuestionIds());
      for (const answer of rendered) {
        expect(answer.text, answer.id).toContain('This run');
        expect(answer.text, answer.id).toContain('Conclusion.');
      }
      for (const id of subQuestionIds()) {
        const evidence = await page.locator(`#answer-${id} p.evidence`).first().textContent();
        expect(evidence?.trim().length ?? 0, id).toBeGreaterThan(40);
      }
      // Every figure decoded (only what is read of an HTMLImageElement: the tsconfig has no DOM types).
      const images = await page
        .locator('img')
        .evaluateAll((elements) =>
          (elements as unknown as { complete: boolean; naturalWidth: number; alt: string }[]).map(
            ({ complete, naturalWidth, alt }) => ({ complete, naturalWidth, alt }),
          ),
        );
      expect(images.length).toBeGreaterThanOrEqual(25);
      for (const image of images) {
        expect(image.complete, image.alt).toBe(true);
        expect(image.naturalWidth, image.alt).toBeGreaterThan(0);
      }
      // Nothing wider than the page at A4 width: no horizontal scrolling, no element past the edge.
      const widths = await page.evaluate(`(() => {
        const root = document.documentElement;
        const overflowing = [...document.querySelectorAll('figure, img, table, p, blockquote, pre')]
          .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
          .map((element) => element.tagName + ' ' + (element.textContent || element.getAttribute('alt') || '').slice(0, 60));
        return { scroll: root.scrollWidth, client: root.clientWidth, overflowing };
      })()`);
      expect(widths).toMatchObject({ overflowing: [] });
      const { scroll, client } = widths as { scroll: number; client: number };
      expect(scroll).toBeLessThanOrEqual(client);
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true });
      // Print: A4 pages, each question from a new page; the count stays reasonable.
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      await writeFile(join(SCREENSHOTS, 'report.pdf'), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      expect(pages).toBeGreaterThanOrEqual(QUESTIONS.length);
      expect(pages).toBeLessThanOrEqual(120);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
