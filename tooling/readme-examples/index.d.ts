export interface ReadmeExample {
  /** The example's source. */
  code: string;
  /** The README line of the example's first line of code (1-based). */
  line: number;
}

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
