// Training metrics as JSON Lines: one self-contained object per line, appended synchronously, so
// a crash loses at most the line being written and the file can be plotted while training runs.
import { appendFileSync, promises as fs, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.js';

export type MetricValue = number | string;

/** One line of the log: the step, the metrics logged with it, and the ISO time it was written. */
export type MetricsRecord = { step: number; time: string } & Record<string, MetricValue>;

const RESERVED_NAMES = new Set(['step', 'time', 'resumedFrom']);

/** NaN and infinities have no JSON form; they are written as the strings 'NaN', 'Infinity', '-Infinity'. */
function encodeNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

function assertStep(step: number, method: string): void {
  if (!Number.isInteger(step) || step < 0) {
    throw new RangeError(`MetricsLog.${method}: step must be an integer >= 0; got ${String(step)}`);
  }
}

export class MetricsLog {
  private prepared = false;

  constructor(readonly path: string) {
    if (typeof path !== 'string' || path === '') {
      throw new TypeError(`MetricsLog: path must be a non-empty string; got ${String(path)}`);
    }
  }

  /** Appends `{ step, ...metrics, time }` as one line. */
  append(step: number, metrics: Record<string, MetricValue>): void {
    assertStep(step, 'append');
    for (const name of Object.keys(metrics)) {
      if (RESERVED_NAMES.has(name)) throw new RangeError(`MetricsLog.append: '${name}' is reserved, rename the metric`);
    }
    this.writeLine({ step, ...metrics, time: new Date().toISOString() });
  }

  /**
   * Keeps only the records up to `step` (0: none), e.g. when training resumes from the checkpoint
   * at `step`: later records belong to the abandoned run and will be written again, so every step
   * appears once. The file is rewritten atomically; a missing file stays missing.
   */
  async truncateAfter(step: number): Promise<void> {
    assertStep(step, 'truncateAfter');
    let records: MetricsRecord[];
    try {
      records = await readMetricsLog(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const kept = records.filter((record) => record.step <= step);
    await writeFileAtomic(this.path, kept.map((record) => `${JSON.stringify(record, encodeNonFinite)}\n`).join(''));
    this.prepared = true;
  }

  /**
   * Records that training resumed from the checkpoint at `step`: `readMetricsLog` then drops the
   * records after `step` written before this line, which belong to the abandoned, crashed run.
   * @deprecated `truncateAfter(step)` leaves a log in which every step appears once; `trainLoop` uses it.
   */
  markResume(step: number): void {
    assertStep(step, 'markResume');
    this.writeLine({ resumedFrom: step, time: new Date().toISOString() });
  }

  private writeLine(entry: Record<string, unknown>): void {
    if (!this.prepared) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.removeTruncatedLastLine();
      this.prepared = true;
    }
    appendFileSync(this.path, `${JSON.stringify(entry, encodeNonFinite)}\n`);
  }

  /** A crash mid-append leaves a line without its newline; appending after it would corrupt the next line too. */
  private removeTruncatedLastLine(): void {
    let content: Buffer;
    try {
      content = readFileSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const end = content.lastIndexOf(0x0a) + 1;
    if (end !== content.length) truncateSync(this.path, end);
  }
}

/**
 * Reads a metrics log back. A last line without its newline (a crash mid-write) is skipped, and
 * records superseded by a resume (see `MetricsLog.markResume`) are dropped.
 */
export async function readMetricsLog(path: string): Promise<MetricsRecord[]> {
  const text = await fs.readFile(path, 'utf8');
  const lines = text.split('\n');
  let records: MetricsRecord[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === '') continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line);
    } catch {
      if (index === lines.length - 1) break;
      throw new SyntaxError(`${path}:${index + 1} is not valid JSON: ${line.slice(0, 80)}`);
    }
    if (typeof entry.resumedFrom === 'number') {
      const resumedFrom = entry.resumedFrom;
      records = records.filter((record) => record.step <= resumedFrom);
    } else if (typeof entry.step === 'number' && typeof entry.time === 'string') {
      records.push(entry as MetricsRecord);
    } else {
      throw new SyntaxError(`${path}:${index + 1} is not a metrics record: ${line.slice(0, 80)}`);
    }
  }
  return records;
}
