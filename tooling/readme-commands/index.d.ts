import type { FencedBlock } from '@hw7/readme-examples';

/** The info string of a block that is not run, with its reason: ```sh no-run: needs a GPU */
export const NO_RUN: RegExp;

export interface RunnableBlock extends FencedBlock {
  kind: 'sh' | 'ts';
  /** The reason given with `no-run:`; undefined for a block that runs. */
  noRun: string | undefined;
  /** ```ts file=objective.js: the block is a module the next blocks import, compiled to that file. */
  file: string | undefined;
}

/** The ```sh (bash, shell) and ```ts (typescript) blocks of a markdown text, except ```ts no-check sketches. */
export function runnableBlocks(markdown: string): RunnableBlock[];

/**
 * A scratch copy of the repository at `root` in the system's temporary folder (node_modules linked),
 * and the environment the blocks need there (a `pnpm` on PATH).
 */
export function scratchCopy(root: string): { dir: string; env: Record<string, string>; remove: () => void };

export interface BlockResult {
  /** The exit status, or 'timeout' when the block was killed. */
  status: number | string;
  stdout: string;
  stderr: string;
}

/**
 * Runs a ```sh block with bash (-e -o pipefail) from the copy's root, or a ```ts block as an ES module
 * in the copy of the README's folder.
 */
export function runBlock(
  block: RunnableBlock,
  options: { copy: string; readme: string; root: string; env?: Record<string, string>; timeout?: number },
): Promise<BlockResult>;

/** The `<!-- numbers: FILE -->` ... `<!-- /numbers -->` regions of a markdown text. */
export function quotedNumberRegions(markdown: string): { source: string; line: number; text: string }[];

/**
 * The numbers of a README's numbers regions that no numeric value of the region's file (JSON, or
 * JSON lines, relative to the README) gives when rounded to the quoted precision (or, times 100, as
 * a percentage): stale numbers. Empty when every quoted number comes from the file.
 */
export function checkQuotedNumbers(readme: string): { line: number; source: string; number: string }[];
