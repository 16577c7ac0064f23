// The report's stylesheet: a readable document on screen, and A4 pages from Chromium's print (no
// figure or table wider than the page, figures kept whole, lab details folded as on screen).
export const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.55 system-ui, sans-serif; margin: 0 auto; max-width: 980px; padding: 1rem 2rem; color: #222; }
h1 { margin-bottom: 0.2rem; }
h2 { border-bottom: 2px solid #ddd; padding-top: 1rem; margin-top: 2rem; }
h3 { margin: 1.6rem 0 0.3rem; }
h4 { margin: 0.8rem 0 0.2rem; font-size: 14px; color: #555; text-transform: uppercase; letter-spacing: 0.04em; }
p { margin: 0.4rem 0; }
code { font-size: 0.92em; background: #f4f4f4; padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
.math { font-family: 'STIX Two Math', 'Cambria Math', serif; font-style: italic; white-space: normal; }
.num[data-source="run"] { font-variant-numeric: tabular-nums; font-weight: 600; }
.num[data-source="homework"] { font-weight: 600; color: #6a1b9a; }
.num[data-source="paper"], .num[data-source="analysis"] { color: #1b5e20; }
blockquote.asks { margin: 0.3rem 0 0.6rem; padding: 0.4rem 0.8rem; border-left: 4px solid #90a4ae; background: #f5f7f8; font-style: italic; }
.conclusion { background: #eef6ee; border-left: 4px solid #2e7d32; padding: 0.4rem 0.8rem; }
.deviation { background: #fff6e5; border-left: 4px solid #ef6c00; padding: 0.3rem 0.8rem; font-size: 14px; }
.table { max-width: 100%; overflow-x: auto; }
.table-title { font-size: 13px; color: #444; font-weight: 600; margin-bottom: 0.1rem; }
table { border-collapse: collapse; margin: 0.2rem 0 1rem; font-size: 13px; max-width: 100%; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f3f3; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; image-rendering: pixelated; }
figure img[src^="data:image/png"] { min-width: min(420px, 100%); }
figcaption { font-size: 13px; color: #555; }
.source { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; color: #fff; }
.source.run { background: #455a64; } .source.shipped { background: #8e24aa; }
.status { display: inline-block; padding: 0 8px; border-radius: 4px; font-size: 13px; color: #fff; vertical-align: middle; }
.done { background: #2e7d32; } .failed { background: #c62828; } .skipped, .pending { background: #757575; }
.running { background: #ef6c00; } .notes { color: #8a5a00; } .error { color: #c62828; white-space: pre-wrap; }
.run-line, .run-summary { font-size: 13px; color: #555; }
#contents ol { padding-left: 1.4rem; } #contents li { margin-bottom: 0.5rem; }
#contents .headline { font-size: 14px; } #contents .sublinks a { font-size: 12px; margin-right: 0.4rem; }
.references { font-size: 13px; color: #444; }
.cite { text-decoration: none; font-size: 0.85em; vertical-align: super; }
details.lab { margin: 1rem 0; padding: 0.3rem 0.8rem; border: 1px solid #ddd; border-radius: 4px; background: #fafafa; }
details.lab summary { cursor: pointer; color: #444; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  figure, .table, blockquote.asks, .conclusion { break-inside: avoid; }
  figure img { max-height: 230mm; object-fit: contain; }
  .table { overflow: visible; }
}
`;
