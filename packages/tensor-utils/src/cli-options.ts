// Parsing of command-line option values shared by every hw7 command (node:util parseArgs gives
// strings): each error names the option and says what it expects.
//
// Deprecated: declare command lines with `defineProgram` / `option` (cli-program.ts, cli-option.ts),
// which derive parsing, validation and --help from one declaration. This module stays until every
// hw7 CLI has moved (hpo, nas-search, mtl-text, word2vec, apps/assignment); `integerFromEnv` stays.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { BACKEND_NAMES, type BackendName } from './backend-names.js';

/**
 * `--name` as an integer >= min; undefined when the option was not given.
 * @deprecated Declare the option with `option.integer` in a `defineProgram` command instead.
 */
export function integerOption(value: string | undefined, name: string, min: number): number | undefined {
  return parseInteger(value, `--${name}`, min);
}

/** An integer setting from the environment (benchmarks' knobs), or `fallback` when it is unset. */
export function integerFromEnv(name: string, fallback: number, min: number): number {
  return parseInteger(process.env[name], `environment variable ${name}`, min) ?? fallback;
}

function parseInteger(value: string | undefined, what: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min) {
    throw new Error(`${what} must be an integer >= ${min}; got "${value}"`);
  }
  return parsed;
}

/**
 * `--name` as a finite number; undefined when the option was not given.
 * @deprecated Declare the option with `option.number` in a `defineProgram` command instead.
 */
export function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new Error(`--${name} must be a number; got "${value}"`);
  return parsed;
}

/**
 * `--backend` as a backend name or 'auto'; undefined when the option was not given.
 * @deprecated Declare the option with `option.backend()` in a `defineProgram` command instead.
 */
export function backendOption(value: string | undefined): BackendName | 'auto' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'auto' && !(BACKEND_NAMES as readonly string[]).includes(value)) {
    throw new Error(`--backend must be one of auto, ${BACKEND_NAMES.join(', ')}; got "${value}"`);
  }
  return value as BackendName | 'auto';
}

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** What `parseCommandLine` gives back: the command, its option values and its positional arguments. */
export interface ParsedCommandLine<Options extends ParseArgsOptionsConfig> {
  /** undefined when no command was given (or with --help): print the help. */
  command: string | undefined;
  values: ParsedValues<Options>;
  positionals: string[];
}

type ParsedValues<Options extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: Options }>
>['values'];

export interface CommandLineSpec<Options extends ParseArgsOptionsConfig> {
  /** The program name used in messages, e.g. 'hw7-cgan'. */
  program: string;
  /** Every option of every command (node:util parseArgs format); a `help` boolean is expected. */
  options: Options;
  /** Per command: the options it accepts and how many positional arguments it takes ([min, max]). */
  commands: Record<string, { options: readonly (keyof Options & string)[]; positionals?: readonly [number, number] }>;
  /** Options every command accepts, e.g. ['backend']. */
  commonOptions?: readonly (keyof Options & string)[];
}

/**
 * @deprecated Declare the program with `defineProgram` (parsing, validation and --help from one
 * declaration) and run it with `runMain`.
 *
 * Parses `<program> <command> [options] [arguments]`, checking that each option belongs to the
 * command and that the number of arguments fits, with messages that point at `--help`.
 */
export function parseCommandLine<Options extends ParseArgsOptionsConfig>(
  argv: string[],
  spec: CommandLineSpec<Options>,
): ParsedCommandLine<Options> {
  const seeHelp = `run ${spec.program} --help`;
  let parsed: { values: ParsedValues<Options>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: spec.options }) as typeof parsed;
  } catch (error) {
    // Node's own messages suggest '--' tricks; say what is wrong and where to look instead.
    const message = (error as Error).message.split('. ')[0];
    throw new Error(`${message}; ${seeHelp}`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if ((values as Record<string, unknown>).help || command === undefined) {
    return { command: undefined, values, positionals: [] };
  }
  const commandSpec = spec.commands[command];
  if (commandSpec === undefined) throw new Error(`unknown command "${command}"; ${seeHelp}`);
  const allowed = new Set<string>([...commandSpec.options, ...(spec.commonOptions ?? [])]);
  for (const name of Object.keys(values)) {
    if (!allowed.has(name)) throw new Error(`--${name} is not an option of ${command}; ${seeHelp}`);
  }
  const [min, max] = commandSpec.positionals ?? [0, 0];
  if (rest.length > max) throw new Error(`unexpected argument "${rest[max]}" for ${command}; ${seeHelp}`);
  if (rest.length < min)
    throw new Error(`${command} needs ${min === max ? min : `at least ${min}`} argument(s); ${seeHelp}`);
  return { command, values, positionals: rest };
}
