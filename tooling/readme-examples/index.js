// Type-checks a README's TypeScript examples against the package as its users import it, so an API
// change that breaks the documented example fails the package's lint instead of its users.
// The examples are compiled in memory as modules inside the package directory: the package's own
// name resolves through its `exports` map (to dist/, so run after the build) and its dependencies
// through its node_modules, as in a user's project.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const FENCE = /^(\s*)(`{3,}|~{3,})\s*(\S*)(.*)$/;
const TYPESCRIPT = new Set(['ts', 'typescript']);

/** 'TS2345: Argument of type ...' */
const formatDiagnostic = (diagnostic) =>
  `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;

/** @type {import('./index.js').extractFencedBlocks} */
export function extractFencedBlocks(markdown) {
  const blocks = [];
  let open;
  for (const [index, text] of markdown.split(/\r?\n/).entries()) {
    const fence = FENCE.exec(text);
    if (open) {
      // A block closes at a fence of the same character at least as long, with no info string.
      if (fence && fence[2][0] === open.marker[0] && fence[2].length >= open.marker.length && !fence[3]) {
        blocks.push({
          language: open.language,
          info: open.info,
          code: open.lines.join('\n'),
          line: open.fenceLine + 1,
        });
        open = undefined;
      } else {
        open.lines.push(text);
      }
    } else if (fence && !(fence[2][0] === '`' && /`/.test(fence[3] + fence[4]))) {
      // (A backtick fence's info string holds no backtick: "```` ```sh ````" is inline code.)
      // index is 0-based; the code starts on the line after the fence.
      open = {
        marker: fence[2],
        language: fence[3].toLowerCase(),
        info: fence[4].trim(),
        fenceLine: index + 1,
        lines: [],
      };
    }
  }
  if (open) throw new SyntaxError(`unclosed code fence opened at line ${open.fenceLine}`);
  return blocks;
}

/** @type {import('./index.js').extractTypeScriptExamples} */
export function extractTypeScriptExamples(markdown) {
  const typescript = extractFencedBlocks(markdown).filter(({ language }) => TYPESCRIPT.has(language));
  const examples = typescript
    .filter(({ info }) => !/\bno-check\b/.test(info))
    .map(({ code, line }) => ({ code, line }));
  return { examples, skipped: typescript.length - examples.length };
}

/** @type {import('./index.js').checkReadmeExamples} */
export function checkReadmeExamples({ packageDir, readme = join(packageDir, 'README.md') }) {
  const { examples, skipped } = extractTypeScriptExamples(readFileSync(readme, 'utf8'));
  if (examples.length === 0) return { examples: 0, skipped, problems: [] };

  const configPath = join(packageDir, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    { noEmit: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(`${configPath}: ${formatDiagnostic(diagnostic)}`);
      },
    },
  );
  // A name no real file has, in the package directory so that module resolution starts there.
  const files = new Map(examples.map((example, i) => [join(packageDir, `__readme_example_${i + 1}__.ts`), example]));
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name)?.code ?? readFile(name);
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const example = files.get(name);
    return example
      ? ts.createSourceFile(name, example.code, languageVersion, true, ts.ScriptKind.TS)
      : getSourceFile(name, languageVersion, ...rest);
  };
  const program = ts.createProgram([...files.keys()], config.options, host);
  // Problems of the setup rather than of an example (a bad tsconfig, missing type packages) would
  // otherwise pass silently.
  const setupProblems = [...config.errors, ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (setupProblems.length > 0) {
    throw new Error(
      `${configPath}: cannot type-check the README examples:\n${setupProblems.map(formatDiagnostic).join('\n')}`,
    );
  }

  const problems = [];
  for (const [name, example] of files) {
    const source = program.getSourceFile(name);
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      problems.push({
        line: example.line + line,
        column: character + 1,
        message: formatDiagnostic(diagnostic),
      });
    }
  }
  return { examples: examples.length, skipped, problems };
}

/** The declarations file the `exports` map gives for `entry` ('.', './data'): import types first. */
function entryTypes(packageDir, exportsMap, entry) {
  const target = exportsMap?.[entry];
  const types = target?.import?.types ?? target?.types ?? target?.require?.types;
  if (typeof types !== 'string') {
    throw new Error(`${join(packageDir, 'package.json')}: exports["${entry}"] names no types (import.types or types)`);
  }
  return join(packageDir, types);
}

/** @type {import('./index.js').checkReadmeExports} */
export function checkReadmeExports({ packageDir, readme = join(packageDir, 'README.md'), entries = ['.'] }) {
  const { exports: exportsMap } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const files = entries.map((entry) => entryTypes(packageDir, exportsMap, entry));
  // The built declarations, as users see them (type-only exports included); run after the build.
  const program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const text = readFileSync(readme, 'utf8');
  return entries.flatMap((entry, i) => {
    const source = program.getSourceFile(files[i]);
    if (!source) throw new Error(`${files[i]}: not found (build the package first)`);
    const module = checker.getSymbolAtLocation(source);
    const names = module ? checker.getExportsOfModule(module).map((symbol) => symbol.name) : [];
    // Named as code: `name`, `name(...)`, `name<...>` or `name.member`.
    return names
      .filter((name) => name !== 'default' && !['`', '(', '<', '.'].some((end) => text.includes(`\`${name}${end}`)))
      .sort()
      .map((name) => ({ entry, name }));
  });
}
