// `--help` text, derived from a program's declaration: usage lines, commands with their summaries,
// and every option with its value name, description, choices and default, wrapped to 100 columns.
import { flagOf, type OptionSpec } from './cli-option.js';
import type { Command, OptionRecord, ProgramSpec } from './cli-program.js';

const WIDTH = 100;
/** The description column starts at most here; longer flags push their description to the next line. */
const MAX_LEFT = 26;

/** Wraps `text` (paragraphs split by blank lines, lines kept when indented) to `width` columns. */
export function wrapText(text: string, width: number, indent = 0): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (/^\s/.test(paragraph) || paragraph === '') {
      lines.push(paragraph);
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      if (line !== '' && line.length + 1 + word.length > width - indent) {
        lines.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return lines;
}

function defaultText(spec: OptionSpec): string | undefined {
  if (spec.defaultText !== undefined) return spec.defaultText;
  const value = spec.defaultValue;
  if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

function describe(spec: OptionSpec): string {
  const notes: string[] = [];
  if (spec.expected.startsWith('one of ')) notes.push(spec.expected.replaceAll(', ', ' | '));
  const fallback = defaultText(spec);
  if (fallback !== undefined) notes.push(`default ${fallback}`);
  if (spec.required) notes.push('required');
  if (spec.multiple && spec.valueName !== undefined)
    notes.push(spec.separator ? 'repeatable, or comma-separated' : 'repeatable');
  return notes.length === 0 ? spec.description : `${spec.description} (${notes.join('; ')})`;
}

function optionLeft(key: string, spec: OptionSpec): string {
  const flag = `--${flagOf(key, spec)}${spec.valueName === undefined ? '' : ` ${spec.valueName}`}`;
  return spec.short ? `-${spec.short}, ${flag}` : flag;
}

type Row = [left: string, right: string];

function columnFor(rows: readonly Row[]): number {
  return Math.min(MAX_LEFT, Math.max(0, ...rows.map(([left]) => left.length)) + 4);
}

/** Two columns: the flag (or name) and its wrapped description, starting at `column`. */
function table(rows: Row[], column = columnFor(rows)): string[] {
  const lines: string[] = [];
  for (const [left, right] of rows) {
    const wrapped = wrapText(right, WIDTH, column);
    const first = `  ${left}`;
    if (first.length + 2 > column) {
      lines.push(first);
      lines.push(...wrapped.map((line) => ' '.repeat(column) + line));
    } else {
      lines.push(first.padEnd(column) + wrapped[0], ...wrapped.slice(1).map((line) => ' '.repeat(column) + line));
    }
  }
  return lines;
}

const HELP_ROWS: Row[] = [
  ['-h, --help', 'show this help'],
  ['--debug', 'on an error, also print its stack trace (or set HW7_DEBUG=1)'],
];

function optionRows(options: OptionRecord): Row[] {
  return Object.entries(options).map(([key, { spec }]) => [optionLeft(key, spec), describe(spec)]);
}

function usageLine(programName: string, commandName: string | undefined, command: Command): string {
  const args = Object.values(command.spec.args ?? {}).map(({ spec }) => {
    const name = `${spec.valueName}${spec.multiple ? '...' : ''}`;
    return spec.required ? name : `[${name}]`;
  });
  const hasOptions = Object.keys(command.spec.options ?? {}).length > 0;
  return ['Usage:', programName, commandName, hasOptions ? '[options]' : undefined, ...args].filter(Boolean).join(' ');
}

/** One command's help: usage, summary, description, arguments and options. */
export function formatCommandHelp(programName: string, commandName: string | undefined, command: Command): string {
  const { summary, description, options = {}, args = {} } = command.spec;
  const lines = [usageLine(programName, commandName, command), '', ...wrapText(summary, WIDTH)];
  if (description) lines.push('', ...wrapText(description, WIDTH));
  const argRows = Object.values(args).map(({ spec }) => [spec.valueName as string, describe(spec)] as Row);
  if (argRows.length > 0) lines.push('', 'Arguments:', ...table(argRows));
  lines.push('', 'Options:', ...table([...optionRows(options), ...HELP_ROWS]));
  return `${lines.join('\n')}\n`;
}

/** Options declared (as the same object) by every command are listed once, as common options. */
function sharedKeys(commands: Command[]): Set<string> {
  const [first, ...others] = commands;
  if (!first || others.length === 0) return new Set();
  return new Set(
    Object.entries(first.spec.options ?? {})
      .filter(([key, option]) => others.every((command) => command.spec.options?.[key] === option))
      .map(([key]) => key),
  );
}

/** The program's help: every command with its summary and its options. */
export function formatProgramHelp(program: ProgramSpec): string {
  if (program.command) {
    const text = formatCommandHelp(program.name, undefined, program.command);
    return program.footer ? `${text}\n${wrapText(program.footer, WIDTH).join('\n')}\n` : text;
  }
  const commands = Object.entries(program.commands ?? {});
  const shared = sharedKeys(commands.map(([, command]) => command));
  const commandRows = commands.map(([name, command]): Row => [name, command.spec.summary]);
  const sections = commands.map(([name, command]) => {
    const own = Object.fromEntries(Object.entries(command.spec.options ?? {}).filter(([key]) => !shared.has(key)));
    const argRows = Object.values(command.spec.args ?? {}).map(
      ({ spec }): Row => [spec.valueName as string, describe(spec)],
    );
    return { title: `Options of ${name}:`, rows: [...argRows, ...optionRows(own)] };
  });
  const [, firstCommand] = commands[0] ?? [];
  const sharedOptions = Object.fromEntries(
    Object.entries(firstCommand?.spec.options ?? {}).filter(([key]) => shared.has(key)),
  );
  sections.push({ title: 'Options of every command:', rows: [...optionRows(sharedOptions), ...HELP_ROWS] });
  // One column for the whole page, so the descriptions line up.
  const column = columnFor([...commandRows, ...sections.flatMap(({ rows }) => rows)]);
  const lines = [`Usage: ${program.name} <command> [options]`, '', ...wrapText(program.summary, WIDTH)];
  lines.push('', 'Commands:', ...table(commandRows, column));
  for (const { title, rows } of sections) if (rows.length > 0) lines.push('', title, ...table(rows, column));
  lines.push('', `Run ${program.name} <command> --help for one command's options.`);
  if (program.footer) lines.push('', ...wrapText(program.footer, WIDTH));
  return `${lines.join('\n')}\n`;
}
