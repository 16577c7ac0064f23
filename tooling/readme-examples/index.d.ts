export interface ReadmeExample {
  /** The example's source. */
  code: string;
  /** The README line of the example's first line of code (1-based). */
  line: number;
}

export interface FencedBlock extends ReadmeExample {
  /** The fence's language, lower case: 'ts', 'sh', '' for none. */
  language: string;
  /** The rest of the fence's info string, trimmed: 'no-check', 'no-run: needs a GPU'. */
  info: string;
}

/** Every fenced code block of a markdown text (``` or ~~~), in order. */
export function extractFencedBlocks(markdown: string): FencedBlock[];

/**
 * The ```ts (or ```typescript) fenced blocks of a markdown text, except those whose info string
 * says `no-check` (sketches that leave out parts on purpose).
 */
export function extractTypeScriptExamples(markdown: string): { examples: ReadmeExample[]; skipped: number };

export interface ExampleProblem {
  /** README line and column (1-based) the problem points at. */
  line: number;
  column: number;
  /** e.g. 'TS2345: Argument of type ...' */
  message: string;
}

/**
 * Type-checks each example as a module inside `packageDir`, with the package's tsconfig.json, so
 * the package's own name resolves through its `exports` map to its built types, as a user's
 * import would. Throws when the setup itself has problems (tsconfig errors, missing type packages),
 * which would otherwise leave the examples unchecked.
 */
export function checkReadmeExamples(options: { packageDir: string; readme?: string }): {
  examples: number;
  skipped: number;
  problems: ExampleProblem[];
};

/**
 * The exports of the package's `entries` (keys of its `exports` map; default the main entry '.')
 * that its README does not name as code (`name`, `name(...)`, `name<...>` or `name.member`). Read
 * from the built declarations, type-only exports included: run after the build.
 */
export function checkReadmeExports(options: {
  packageDir: string;
  /** Default `<packageDir>/README.md`. */
  readme?: string;
  entries?: string[];
}): Array<{ entry: string; name: string }>;
