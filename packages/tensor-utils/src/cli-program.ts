// Declarative command lines: a program declares its commands once (options, positional arguments,
// help text, a `run` function), and parsing, validation, `--help` and error reporting all derive
// from that declaration. Built on a small tokenizer rather than a CLI library because the behaviour
// every hw7 tool needs (our one error format, negative numbers as values, a leading `--` from
// `pnpm run x -- ...`, paths checked before any work, lazily loaded commands) fits none of them
// without wrapping most of it.

import { CliError, quoteValue, systemErrorToCliError } from './cli-error.js';
import { formatCommandHelp, formatProgramHelp } from './cli-help.js';
import { type CliOption, flagOf, type OptionSpec } from './cli-option.js';
import { checkInputPath, checkOutputPath, checkOutputsApartFromInputs, type NamedPath } from './cli-paths.js';

/** Declared options (or positional arguments) by key; a key `batchSize` is the flag `--batch-size`. */
export type OptionRecord = Record<string, CliOption<unknown>>;

/** The parsed values of declared options, by key. */
export type OptionValues<Options extends OptionRecord> = {
  -readonly [Key in keyof Options]: Options[Key] extends CliOption<infer T> ? T : never;
};

/** What a command's `check` and `run` receive. */
export interface CommandInput<Options extends OptionRecord, Args extends OptionRecord> {
  options: OptionValues<Options>;
  args: OptionValues<Args>;
  /** Aborted on Ctrl-C when the command is `cancellable`; pass it to `trainLoop`. */
  signal: AbortSignal;
  /** True with `--debug` or HW7_DEBUG=1. */
  debug: boolean;
}

export interface CommandSpec<Options extends OptionRecord, Args extends OptionRecord> {
  /** One or two sentences, shown in the program's `--help`. */
  summary: string;
  /** More, shown in the command's own `--help` under the summary. */
  description?: string;
  options?: Options;
  /** Positional arguments in order; only the last may be `multiple`. */
  args?: Args;
  /** Checks across options (e.g. two that exclude each other), after each value and path was checked. */
  check?: (input: CommandInput<Options, Args>) => void;
  /**
   * Does the work, after every check passed. A returned number is the exit status. Import heavy
   * modules (TensorFlow.js) here, with `await import(...)`, so `--help` and other commands stay fast.
   */
  run: (input: CommandInput<Options, Args>) => unknown;
  /**
   * Ctrl-C aborts `signal` instead of killing the process, so the command can stop cleanly (a
   * training loop saves a checkpoint); a second Ctrl-C quits at once. Default false.
   */
  cancellable?: boolean;
}

/** A declared command (see `defineCommand`). */
export interface Command {
  readonly spec: CommandSpec<OptionRecord, OptionRecord>;
}

/** Declares a command; its options' types flow into `check` and `run`. */
export function defineCommand<
  Options extends OptionRecord = Record<never, never>,
  Args extends OptionRecord = Record<never, never>,
>(spec: CommandSpec<Options, Args>): Command {
  return { spec: spec as unknown as CommandSpec<OptionRecord, OptionRecord> };
}

export interface ProgramSpec {
  /** The tool's name, as typed and as printed before every error: 'hw7-cgan'. */
  name: string;
  /** What the tool is, in a sentence or two. */
  summary: string;
  /** Shown at the end of the program's `--help`. */
  footer?: string;
  /** A tool with subcommands (`hw7-cgan train ...`)... */
  commands?: Record<string, Command>;
  /** ...or a tool that is one command (`stylegan-demo --steps 300`). */
  command?: Command;
}

/** A declared program: run it with `runProgram` or `runMain`. */
export interface Program {
  readonly spec: ProgramSpec;
}

const RESERVED_FLAGS = new Set(['help', 'debug']);

function assertWellFormed(program: string, name: string, command: Command): void {
  const where = `${program}${name ? ` ${name}` : ''}`;
  const seen = new Set<string>();
  for (const [key, { spec }] of Object.entries(command.spec.options ?? {})) {
    const flag = flagOf(key, spec);
    if (RESERVED_FLAGS.has(flag) || seen.has(flag)) throw new TypeError(`${where}: the flag --${flag} is taken`);
    seen.add(flag);
    if (spec.short === 'h' || (spec.short !== undefined && !/^[a-zA-Z]$/.test(spec.short))) {
      throw new TypeError(`${where}: --${flag} has an invalid short flag ${spec.short}`);
    }
  }
  const args = Object.entries(command.spec.args ?? {});
  for (const [index, [key, { spec }]] of args.entries()) {
    if (spec.valueName === undefined) throw new TypeError(`${where}: argument ${key} cannot be a flag`);
    if (spec.multiple && index < args.length - 1) {
      throw new TypeError(`${where}: only the last argument may take several values (${key} does)`);
    }
  }
}

/** Declares a program: its commands (or its one command), checked for clashing flags. */
export function defineProgram(spec: ProgramSpec): Program {
  if ((spec.commands === undefined) === (spec.command === undefined)) {
    throw new TypeError(`${spec.name}: declare either commands or command`);
  }
  if (spec.command) assertWellFormed(spec.name, '', spec.command);
  for (const [name, command] of Object.entries(spec.commands ?? {})) assertWellFormed(spec.name, name, command);
  return { spec };
}

/** Edit distance counting a swap of neighbours as one edit (typos), for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function suggestion(given: string, candidates: readonly string[]): string {
  const best = candidates
    .map((candidate) => ({ candidate, d: distance(given, candidate) }))
    .sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(1, Math.floor(given.length / 3)) ? `; did you mean ${best.candidate}?` : '';
}

/** The command named on the command line, or help. */
interface Invocation {
  name: string | undefined;
  command: Command | undefined;
  rest: string[];
  help: boolean;
}

function isGlobalFlag(token: string): boolean {
  return token === '-h' || token === '--help' || token === '--debug';
}

function findCommand(program: ProgramSpec, argv: readonly string[]): Invocation {
  // `pnpm run demo -- --steps 9` passes the `--` on.
  const tokens = argv[0] === '--' ? argv.slice(1) : [...argv];
  const help = tokens.some(
    (token, index) => isGlobalFlag(token) && token !== '--debug' && !tokens.slice(0, index).includes('--'),
  );
  if (program.command) return { name: undefined, command: program.command, rest: tokens, help };
  const commands = program.commands ?? {};
  const index = tokens.findIndex((token) => !isGlobalFlag(token));
  if (index < 0) return { name: undefined, command: undefined, rest: [], help: true };
  const [name, ...afterName] = tokens.slice(index);
  const rest = [...tokens.slice(0, index), ...afterName];
  if (name === 'help' && commands.help === undefined) {
    const target = afterName.find((token) => !token.startsWith('-'));
    return { name: target, command: target ? commands[target] : undefined, rest: [], help: true };
  }
  const names = Object.keys(commands);
  if (name.startsWith('-')) {
    throw new CliError('an option before the command', name, `a command first (${names.join(', ')}), then its options`);
  }
  const command = commands[name];
  if (command === undefined) {
    throw new CliError('unknown command', quoteValue(name), `one of ${names.join(', ')}${suggestion(name, names)}`);
  }
  return { name, command, rest, help };
}

/** Raw values by option key, and the positional arguments. */
interface RawCommandLine {
  values: Map<string, string[]>;
  positionals: string[];
}

const NUMBER_LIKE = /^-(\d|\.\d|Infinity)/;

function tokenize(tokens: readonly string[], spec: CommandSpec<OptionRecord, OptionRecord>, seeHelp: string) {
  const options = Object.entries(spec.options ?? {});
  const byFlag = new Map(options.map(([key, option]) => [flagOf(key, option.spec), key]));
  const byShort = new Map(options.filter(([, o]) => o.spec.short).map(([key, o]) => [o.spec.short as string, key]));
  const raw: RawCommandLine = { values: new Map(), positionals: [] };
  let endOfOptions = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (endOfOptions || token === '-' || !token.startsWith('-') || NUMBER_LIKE.test(token)) {
      raw.positionals.push(token);
      continue;
    }
    if (token === '--') {
      endOfOptions = true;
      continue;
    }
    if (isGlobalFlag(token)) continue;
    const long = token.startsWith('--');
    const equals = token.indexOf('=');
    const name = long ? token.slice(2, equals < 0 ? undefined : equals) : token.slice(1);
    const key = long ? byFlag.get(name) : byShort.get(name);
    if (key === undefined) {
      const flags = [...byFlag.keys()].map((flag) => `--${flag}`);
      const known = flags.length > 0 ? `one of ${flags.join(', ')}` : 'no option';
      throw new CliError(
        'unknown option',
        token.slice(0, equals < 0 ? undefined : equals),
        `${known}${suggestion(`--${name}`, flags)}; ${seeHelp}`,
      );
    }
    const option = (spec.options as OptionRecord)[key].spec;
    const flag = long ? `--${name}` : `-${name}`;
    let value: string | undefined;
    if (option.valueName === undefined) {
      if (long && equals >= 0) throw new CliError('a value for a flag', token, `${flag} alone`);
      value = '';
    } else if (long && equals >= 0) {
      value = token.slice(equals + 1);
    } else {
      value = tokens[index + 1];
      const looksLikeOption = value?.startsWith('-') && value !== '-' && !NUMBER_LIKE.test(value);
      if (value === undefined || looksLikeOption) {
        throw new CliError('missing value', flag, `${flag} ${option.valueName}: ${option.expected}`);
      }
      index++;
    }
    raw.values.set(key, [...(raw.values.get(key) ?? []), value]);
  }
  return raw;
}

function subjectOf(flagOrName: string, raw: string): string {
  return `${flagOrName} ${quoteValue(raw)}`;
}

function parseOne(spec: OptionSpec, raw: string, label: string): unknown {
  try {
    return spec.parse(raw);
  } catch (error) {
    const reason = (error as Error).message;
    throw new CliError('invalid value', subjectOf(label, raw), reason || spec.expected);
  }
}

/** The parsed value of one option from its raw values (none, one, or several). */
function resolveValue(spec: OptionSpec, raws: readonly string[], label: string): unknown {
  if (spec.valueName === undefined) return raws.length > 0;
  if (raws.length === 0) {
    if (spec.required) throw new CliError('missing', label, `${label} ${spec.valueName}: ${spec.description}`);
    return Array.isArray(spec.defaultValue)
      ? [...spec.defaultValue]
      : (spec.defaultValue ?? (spec.multiple ? [] : undefined));
  }
  if (!spec.multiple) {
    if (raws.length > 1) throw new CliError('given more than once', label, `one ${label} ${spec.valueName}`);
    return parseOne(spec, raws[0], label);
  }
  const items = spec.separator
    ? raws.flatMap((raw) => raw.split(spec.separator as string).map((item) => item.trim()))
    : raws;
  return items.map((item) => parseOne(spec, item, label));
}

function resolveArgs(args: OptionRecord, positionals: readonly string[], usage: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  let next = 0;
  for (const [key, { spec }] of Object.entries(args)) {
    const label = spec.valueName as string;
    const raws = spec.multiple ? positionals.slice(next) : positionals.slice(next, next + 1);
    next += raws.length;
    if (spec.required && raws.length === 0) {
      throw new CliError(
        'missing',
        label,
        `${spec.multiple ? 'at least one ' : ''}${label}: ${spec.description}; usage: ${usage}`,
      );
    }
    values[key] = resolveValue(spec, raws, label);
  }
  if (next < positionals.length) {
    throw new CliError('unexpected argument', quoteValue(positionals[next]), `usage: ${usage}`);
  }
  return values;
}

/** Checks every path option before anything runs, then that no output overwrites an input. */
function checkPaths(declared: [string, OptionSpec, unknown][]): void {
  const named: NamedPath[] = [];
  for (const [label, spec, value] of declared) {
    if (spec.path === undefined || value === undefined) continue;
    for (const path of Array.isArray(value) ? (value as string[]) : [value as string]) {
      const subject = subjectOf(label, path);
      if (spec.path.role === 'input') checkInputPath(path, spec.path.kind, subject);
      else checkOutputPath(path, spec.path.kind === 'file' ? 'file' : 'directory', subject, spec.path.existing);
      named.push({ subject, path, rule: spec.path });
    }
  }
  checkOutputsApartFromInputs(named);
}

/** Parses and checks a command line into what the command's `run` receives (without signal/debug). */
export function parseCommand(
  programName: string,
  commandName: string | undefined,
  command: Command,
  tokens: readonly string[],
): { options: Record<string, unknown>; args: Record<string, unknown> } {
  const { spec } = command;
  const invocation = commandName ? `${programName} ${commandName}` : programName;
  const raw = tokenize(tokens, spec, `run ${invocation} --help`);
  const declared: [string, OptionSpec, unknown][] = [];
  const options: Record<string, unknown> = {};
  for (const [key, { spec: optionSpec }] of Object.entries(spec.options ?? {})) {
    const label = `--${flagOf(key, optionSpec)}`;
    options[key] = resolveValue(optionSpec, raw.values.get(key) ?? [], label);
    declared.push([label, optionSpec, options[key]]);
  }
  const usage = formatCommandHelp(programName, commandName, command)
    .split('\n')[0]
    .replace(/^Usage: /, '');
  const args = resolveArgs(spec.args ?? {}, raw.positionals, usage);
  for (const [key, { spec: argSpec }] of Object.entries(spec.args ?? {})) {
    declared.push([argSpec.valueName as string, argSpec, args[key]]);
  }
  checkPaths(declared);
  return { options, args };
}

/** The environment variable that lowers declared sizes (`smoke` in an option's declaration). */
export const SMOKE_ENV_VAR = 'HW7_SMOKE';

/**
 * Lowers each option value above its declared `smoke` size to that size (each item of a list), and
 * returns one line per lowered option for stderr: the output of a smoke run is not the real one.
 */
export function applySmokeSizes(command: Command, options: Record<string, unknown>): string[] {
  const notes: string[] = [];
  for (const [key, { spec }] of Object.entries(command.spec.options ?? {})) {
    const { smoke } = spec;
    const value = options[key];
    if (smoke === undefined || value === undefined) continue;
    const lower = (item: unknown) => (typeof item === 'number' && item > smoke ? smoke : item);
    const lowered = Array.isArray(value) ? value.map(lower) : lower(value);
    if (JSON.stringify(lowered) === JSON.stringify(value)) continue;
    options[key] = lowered;
    notes.push(`${SMOKE_ENV_VAR}=1: --${flagOf(key, spec)} ${String(value)} lowered to ${String(lowered)}`);
  }
  return notes;
}

/** Where `runProgram` writes, and the environment it reads (HW7_DEBUG); injectable for tests. */
export interface ProgramIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
}

/** The one line (or, with debug, the stack too) printed for an error, and the exit status. */
export function describeFailure(program: string, error: unknown, debug: boolean): { text: string; status: number } {
  const cliError = error instanceof CliError ? error : systemErrorToCliError(error);
  const message = cliError?.message ?? (error instanceof Error ? error.message : String(error));
  const status = cliError?.kind === 'usage' ? 2 : 1;
  let text = `${program}: ${message}\n`;
  if (debug) {
    for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) text += `${cause.stack}\n`;
  } else if (cliError === undefined) {
    text += `${program}: (run with --debug or HW7_DEBUG=1 for the stack trace)\n`;
  }
  return { text, status };
}

/** Runs `fn` with Ctrl-C aborting `controller` (first press) or quitting with status 130 (second). */
async function withInterrupt<T>(controller: AbortController, io: ProgramIo, fn: () => Promise<T>): Promise<T> {
  let presses = 0;
  const onInterrupt = () => {
    presses += 1;
    if (presses > 1) process.exit(130);
    io.stderr.write('\nstopping after the current step (Ctrl-C again to quit at once)\n');
    controller.abort(new CliError('stopped early', 'Ctrl-C', 'what was saved so far is kept', { kind: 'runtime' }));
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await fn();
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * Runs a program on `argv` (without node and the script): prints help, or parses and checks the
 * command line and runs the command (with the declared smoke sizes under HW7_SMOKE=1). Never throws: an error prints as one line,
 * `<tool>: <what was wrong> (<argument or file>): <what was expected>` (the stack only with
 * `--debug` or HW7_DEBUG=1), and resolves to the exit status: 0, 1 for a failure at run time,
 * 2 for a wrong command line, 130 when interrupted.
 */
export async function runProgram(
  program: Program,
  argv: readonly string[],
  io: ProgramIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const { spec } = program;
  const debug = argv.includes('--debug') || io.env.HW7_DEBUG === '1';
  const controller = new AbortController();
  try {
    const { name, command, rest, help } = findCommand(spec, argv);
    if (help || command === undefined) {
      io.stdout.write(command ? formatCommandHelp(spec.name, name, command) : formatProgramHelp(spec));
      return 0;
    }
    const parsed = parseCommand(spec.name, name, command, rest);
    if (io.env[SMOKE_ENV_VAR] === '1') {
      for (const note of applySmokeSizes(command, parsed.options)) io.stderr.write(`${spec.name}: ${note}\n`);
    }
    const input = { ...parsed, signal: controller.signal, debug } as CommandInput<OptionRecord, OptionRecord>;
    command.spec.check?.(input);
    const run = async () => command.spec.run(input);
    const result = command.spec.cancellable ? await withInterrupt(controller, io, run) : await run();
    return typeof result === 'number' ? result : 0;
  } catch (error) {
    const failure = describeFailure(spec.name, error, debug);
    io.stderr.write(failure.text);
    // Interrupted by Ctrl-C: whatever the command made of it, the status says so.
    return controller.signal.aborted ? 130 : failure.status;
  }
}

/**
 * The entry point of a command-line module: runs the program on `process.argv` and exits with its
 * status (at once on failure, so no timer or worker keeps a failed process alive).
 */
export function runMain(program: Program): void {
  void runProgram(program, process.argv.slice(2)).then((status) => {
    if (status === 0) process.exitCode = 0;
    else process.exit(status);
  });
}
