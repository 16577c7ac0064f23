// The PyTorch side of the bench: one long-lived `zoo.py serve` process (torch imports once), asked
// for one model's step time at a time, so that ours and PyTorch's can be measured alternately.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { REFERENCE_PYTHON } from '@hw7/tensor-utils/dev';

export const TWIN_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'torch', 'zoo.py');

export interface TorchRequest {
  model: string;
  scale?: 'bench' | 'fixture';
  batch?: number;
  imageSize?: number;
  threads?: number;
  warmup?: number;
  repeats?: number;
  /** Also measure the bytes a step holds at its peak (one extra, profiled step). */
  memory?: boolean;
}

export interface TorchTiming {
  model: string;
  ms: number;
  samplesMs: number[];
  shapes: Record<string, number[]>;
  peakBytes?: number | null;
}

export class TorchServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: Array<(line: string) => void> = [];
  private stderr = '';

  private constructor() {
    this.child = spawn(REFERENCE_PYTHON, [TWIN_SCRIPT, 'serve'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
  }

  /** The server, or why there is none (no Debian python, no python3-torch). */
  static start(): TorchServer | { unavailable: string } {
    if (!existsSync(REFERENCE_PYTHON)) return { unavailable: `${REFERENCE_PYTHON} not found` };
    return new TorchServer();
  }

  time(request: TorchRequest): Promise<TorchTiming> {
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`zoo.py serve exited: ${this.stderr.trim().split('\n').at(-1) ?? ''}`));
      this.child.once('exit', onExit);
      this.pending.push((line) => {
        this.child.off('exit', onExit);
        try {
          resolve(JSON.parse(line) as TorchTiming);
        } catch {
          reject(new Error(`zoo.py serve answered '${line}' (stderr: ${this.stderr.trim()})`));
        }
      });
      this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
    this.lines.close();
  }
}
