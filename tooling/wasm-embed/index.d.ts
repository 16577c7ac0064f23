export interface EmbedSpec {
  /** The package's root directory (paths in the header comment are relative to it). */
  packageDir: string;
  /** The AssemblyScript entry file. */
  source: string;
  /** The generated TypeScript module. */
  generatedFile: string;
  /** Exported constant name -> asc flags, one compilation each. */
  variants: Record<string, string[]>;
  /** What to run to rebuild, e.g. 'pnpm --filter @hw7/word2vec build:wasm'. */
  rebuildCommand: string;
  /** The script's path relative to the package, for the header comment. */
  script: string;
}

export function generateEmbeddedModule(spec: EmbedSpec): Promise<string>;
export function runEmbedCommand(spec: EmbedSpec, argv?: string[]): Promise<void>;
