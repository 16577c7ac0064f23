import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const [report, pdfOut] = process.argv.slice(2) as [string, string];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 703, height: 1000 } });
await page.goto(`file://${report}`);
const r = await page.evaluate(`(() => {
  const root = document.documentElement;
  const over = [...document.querySelectorAll('figure, img, table, p, blockquote, .table')].filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1).map((e) => e.tagName + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 80));
  return { scroll: root.scrollWidth, client: root.clientWidth, over };
})()`);
console.log(JSON.stringify(r, null, 1));
const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
await writeFile(pdfOut, pdf);
console.log('pages', (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length);
await browser.close();
