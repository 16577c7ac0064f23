// Worker threads whose code is a type-checked function of this package rather than a string: the
// thread evaluates the function's own text (`new Worker(threadSource(main), { eval: true })`), so
// the ESM and CommonJS builds, and the sources under a TypeScript loader, all start it the same way
// without a separate entry file. The function must therefore be self-contained: it reaches modules
// only through the `require` it is given, never through this file's imports.

/** What a thread's main function receives: CommonJS `require` of the thread. */
export type ThreadRequire = (id: string) => unknown;

/**
 * Loaders that keep function names (tsx, esbuild's `keepNames`) wrap named inner functions in a
 * `__name(fn, name)` helper of the module; the thread's copy of the text needs its own.
 */
const NAME_HELPER = 'var __name = (target) => target;';

/** The CommonJS source of a thread that runs `main(require)`. */
export function threadSource(main: (require: ThreadRequire) => void): string {
  return `${NAME_HELPER}\n(${main.toString()})(require);\n`;
}
