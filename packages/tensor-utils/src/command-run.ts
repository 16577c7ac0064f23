// Running a command-line entry in a child Node process, as the packages' CLI tests do: through tsx
// (so the TypeScript source runs as is), optionally with a probe that says whether TensorFlow.js
// was loaded (commands that need no TensorFlow.js must not load it).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** A `node --import` module that prints `TFJS-LOADED` on stderr at exit when TensorFlow.js's engine was created. */
export const REPORT_TFJS_LOADED =
  'data:text/javascript,process.on("exit",()=>{if(globalThis._tfengine)process.stderr.write("TFJS-LOADED\\n")})';

export interface CommandRun {
  /** The exit code; 0 on success. */
  status: number;
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  /** The child's environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Modules loaded before the script (`node --import`), after tsx; e.g. `[REPORT_TFJS_LOADED]`. */
  imports?: string[];
  /** Bytes of stdout or stderr kept; default 16 MiB. */
  maxBuffer?: number;
  /** The child's working directory; default this process's. */
  cwd?: string;
  /** The module that runs TypeScript, default 'tsx': give its resolved path when `cwd` is elsewhere. */
  loader?: string;
}

/** Runs `node --import tsx [--import ...] script ...args`; resolves whatever its exit code. */
export async function runCommand(script: string, args: string[], options: RunCommandOptions = {}): Promise<CommandRun> {
  const imports = (options.imports ?? []).flatMap((module) => ['--import', module]);
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', options.loader ?? 'tsx', ...imports, script, ...args],
      { encoding: 'utf8', env: options.env ?? process.env, maxBuffer: options.maxBuffer ?? 1 << 24, cwd: options.cwd },
    );
    return { status: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { status: code, stdout, stderr };
  }
}

/**
 * Resolves once `condition` holds, checking every 100 ms, or rejects after `timeoutMs`: for tests that
 * wait for a child process to reach a state (e.g. to kill it with SIGKILL while it writes).
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waitFor: the condition did not hold within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
