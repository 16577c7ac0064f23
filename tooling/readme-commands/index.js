// Runs README blocks as a reader would: ```sh blocks with bash from the repository root, ```ts
// blocks with node from the package's folder (its own name resolves through its exports map to
// dist/, so run after the build). Each run happens in a scratch copy of the repository so that what
// a block writes (out/, nas-run/, ...) never lands in the working tree.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { extractFencedBlocks } from '@hw7/readme-examples';
import ts from 'typescript';

const SHELL = new Set(['sh', 'bash', 'shell']);
const TYPESCRIPT = new Set(['ts', 'typescript']);
/**
 * Not copied into the scratch copy: node_modules (linked instead), git's state, earlier outputs and
 * caches.
 */
const NOT_COPIED = new Set(['node_modules', '.git', 'out', '.turbo']);

/** @type {import('./index.js').NO_RUN} */
export const NO_RUN = /^no-run:\s*(.*)$/;
const FILE = /^file=(\S+)$/;

/** @type {import('./index.js').runnableBlocks} */
export function runnableBlocks(markdown) {
  const blocks = [];
  for (const block of extractFencedBlocks(markdown)) {
    const kind = SHELL.has(block.language) ? 'sh' : TYPESCRIPT.has(block.language) ? 'ts' : undefined;
    // A ```ts no-check block is a sketch: neither compiled nor run.
    if (!kind || (kind === 'ts' && /\bno-check\b/.test(block.info))) continue;
    const noRun = NO_RUN.exec(block.info);
    const file = kind === 'ts' ? FILE.exec(block.info) : null;
    blocks.push({ ...block, kind, noRun: noRun ? noRun[1].trim() : undefined, file: file ? file[1] : undefined });
  }
  return blocks;
}

/** Copies `root` into `dir` but NOT_COPIED; returns the node_modules folders it left out. */
function copyTree(root, dir) {
  // A file deleted while it is being copied (someone else's build cleaning dist/) makes cpSync throw:
  // copy again, a few times, before giving up.
  for (let attempt = 1; ; attempt++) {
    const modules = [];
    try {
      cpSync(root, dir, {
        recursive: true,
        force: true,
        filter: (source) => {
          const name = basename(source);
          if (name === 'node_modules') modules.push(relative(root, source));
          return !NOT_COPIED.has(name) || source === root;
        },
      });
      return modules;
    } catch (error) {
      if (error.code !== 'ENOENT' || attempt === 3) throw error;
    }
  }
}

/** @type {import('./index.js').scratchCopy} */
export function scratchCopy(root) {
  // A copy of the working tree (about 45 MB: sources, dist/, the data), with every node_modules a
  // symbolic link to the repository's own. So what a block writes (out/ at the root or in a
  // package, a tarball `pnpm pack` makes from a package's files) stays in the copy.
  const dir = mkdtempSync(join(tmpdir(), 'hw7-readme-'));
  const modules = copyTree(root, dir);
  for (const folder of modules) symlinkSync(join(root, folder), join(dir, folder));
  // Under `npx pnpm test` no pnpm is on PATH; the blocks' `pnpm ...` then runs the pnpm running us.
  const env = {};
  const pnpm = process.env.npm_execpath;
  if (pnpm && /pnpm/.test(pnpm)) {
    const bin = join(dir, '.readme-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'pnpm'), `#!/bin/sh\nexec "${process.execPath}" "${pnpm}" "$@"\n`);
    chmodSync(join(bin, 'pnpm'), 0o755);
    env.PATH = `${bin}:${process.env.PATH}`;
  }
  return { dir, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function run(file, args, { cwd, env, timeout }) {
  return new Promise((resolve) => {
    // Its own process group, so that a timeout kills what the block started (pnpm, node) too.
    const child = spawn(file, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: 'pipe' });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, timeout);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ status: timedOut ? 'timeout' : (code ?? signal), stdout, stderr });
    });
  });
}

/** @type {import('./index.js').runBlock} */
export async function runBlock(block, { copy, readme, root, env = {}, timeout = 120_000 }) {
  if (block.kind === 'sh') {
    // As typed at a prompt, but stopping at the first failing command, a failing pipe stage included.
    return run('bash', ['-e', '-o', 'pipefail', '-c', block.code], { cwd: copy, env, timeout });
  }
  // A TypeScript example runs as an ES module in the README's folder, so that the package's own
  // name and its dependencies resolve as in a user's project.
  const folder = join(copy, relative(root, join(readme, '..')));
  const file = join(folder, block.file ?? `__readme_block_line_${block.line}__.mjs`);
  const { outputText } = ts.transpileModule(block.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  writeFileSync(file, outputText);
  // ```ts file=objective.js: a module the next blocks use, compiled to that file, not a program.
  if (block.file) return { status: 0, stdout: '', stderr: '' };
  return run(process.execPath, [file], { cwd: folder, env, timeout });
}

/** `<!-- numbers: bench/results/x.jsonl -->` ... `<!-- /numbers -->` */
/** (On lines of their own: `<!-- numbers: x -->` quoted in the text is not a region.) */
const NUMBERS_START = /^\s*<!--\s*numbers:\s*(\S+)\s*-->\s*$/;
const NUMBERS_END = /^\s*<!--\s*\/numbers\s*-->\s*$/;
/** 1,234.5 or 0.79 or -3 or 94; not digits inside words or versions (v1.2.3) or file names. */
const NUMBER = /(?<![\w.])-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\w.]*\w)/g;

function numericLeaves(value, into) {
  if (typeof value === 'number') into.push(value);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) numericLeaves(item, into);
  return into;
}

/** @type {import('./index.js').quotedNumberRegions} */
export function quotedNumberRegions(markdown) {
  const regions = [];
  let open;
  for (const [index, line] of markdown.split(/\r?\n/).entries()) {
    const start = NUMBERS_START.exec(line);
    if (start) {
      if (open) throw new SyntaxError(`line ${index + 1}: numbers region inside the one opened at line ${open.line}`);
      open = { source: start[1], line: index + 1, lines: [] };
    } else if (NUMBERS_END.test(line)) {
      if (!open)
        throw new SyntaxError(`line ${index + 1}: <!-- /numbers --> without an opening <!-- numbers: FILE -->`);
      regions.push({ source: open.source, line: open.line, text: open.lines.join('\n') });
      open = undefined;
    } else if (open) {
      open.lines.push(line);
    }
  }
  if (open) throw new SyntaxError(`numbers region opened at line ${open.line} never closes`);
  return regions;
}

/** @type {import('./index.js').checkQuotedNumbers} */
export function checkQuotedNumbers(readme) {
  const problems = [];
  for (const region of quotedNumberRegions(readFileSync(readme, 'utf8'))) {
    const file = join(dirname(readme), region.source);
    const text = readFileSync(file, 'utf8');
    const records = file.endsWith('.jsonl')
      ? text
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => JSON.parse(line))
      : [JSON.parse(text)];
    const values = numericLeaves(records, []);
    for (const [quoted] of region.text.matchAll(NUMBER)) {
      const digits = quoted.split('.')[1]?.length ?? 0;
      const shown = Number(quoted.replaceAll(',', ''));
      // A quoted number is a value of the file shown at the README's precision (or as a percentage).
      const matches = (value) => [value, value * 100].some((v) => Math.abs(v - shown) <= 0.5 * 10 ** -digits + 1e-9);
      if (!values.some(matches)) problems.push({ line: region.line, source: region.source, number: quoted });
    }
  }
  return problems;
}
