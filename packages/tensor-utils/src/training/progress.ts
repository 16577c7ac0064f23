// Training progress for people watching a terminal and for logs: a live bar with ETA and the
// latest losses on a TTY, and otherwise occasional plain lines, because a redrawn bar written to a
// file or CI log turns into megabytes of carriage returns.
import cliProgress from 'cli-progress';

/** Extra values shown next to the position, e.g. `{ loss_d: 0.512, loss_g: 1.93 }`. */
export type ProgressFields = Record<string, number | string>;

export interface ProgressOptions {
  /** The position at which the run is complete, e.g. the number of steps. */
  total: number;
  /** Printed first, e.g. 'train'. */
  label: string;
  /** Default `process.stderr`, so progress never mixes with a program's stdout output. */
  stream?: NodeJS.WritableStream;
  /** Plain mode only: the minimum time between two lines (default 10 s); the final line is always printed. */
  intervalMs?: number;
}

export interface Progress {
  /** Advances the position by `n` (default 1) and merges `fields` into the shown values. */
  tick(n?: number, fields?: ProgressFields): void;
  /** Moves to an absolute position (e.g. the first step of a resumed run) and merges `fields`. */
  update(current: number, fields?: ProgressFields): void;
  /** Prints the final state; calling it again does nothing. */
  stop(): void;
}

/** Numbers are shown with 4 significant digits: enough to follow a loss, short enough to read. */
function formatField(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(4)));
}

/** 45s, 3m12s, 2h05m. */
function formatDuration(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function assertPosition(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`progress: ${name} must be a finite number >= 0; got ${String(value)}`);
  }
}

/**
 * Creates a progress display. The ETA is extrapolated from the rate since the first reported
 * position, so the steps a resumed run skipped do not make it look impossibly fast.
 */
export function createProgress({
  total,
  label,
  stream = process.stderr,
  intervalMs = 10_000,
}: ProgressOptions): Progress {
  if (!Number.isInteger(total) || total <= 0) {
    throw new RangeError(`createProgress: total must be an integer > 0; got ${String(total)}`);
  }
  if (typeof label !== 'string') throw new TypeError(`createProgress: label must be a string; got ${typeof label}`);
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0) {
    throw new RangeError(`createProgress: intervalMs must be a finite number >= 0; got ${String(intervalMs)}`);
  }

  const startTime = Date.now();
  let current = 0;
  let fields: ProgressFields = {};
  let firstReport: { position: number; time: number } | undefined;
  let lastLineTime = Number.NEGATIVE_INFINITY;
  let stopped = false;

  const fieldsText = () =>
    Object.entries(fields)
      .map(([name, value]) => ` ${name}=${formatField(value)}`)
      .join('');
  const etaText = () => {
    if (firstReport === undefined || current <= firstReport.position) return '';
    const elapsed = Date.now() - firstReport.time;
    if (elapsed <= 0) return '';
    const rate = (current - firstReport.position) / elapsed;
    return ` eta ${formatDuration(Math.max(0, total - current) / rate)}`;
  };
  const elapsedText = () => ` elapsed ${formatDuration(Date.now() - startTime)}`;
  const percent = () => ((100 * current) / total).toFixed(1);

  const bar =
    (stream as { isTTY?: boolean }).isTTY === true
      ? new cliProgress.SingleBar(
          { stream, format: '{label} {bar} {value}/{total} ({pct}%){fields}{timing}', hideCursor: true, barsize: 24 },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(total, 0, { label, pct: percent(), fields: '', timing: '' });

  const writeLine = (timeText: string) => {
    stream.write(`${label} ${current}/${total} (${percent()}%)${fieldsText()}${timeText}\n`);
  };

  const report = (position: number, newFields: ProgressFields | undefined) => {
    if (stopped) throw new Error(`progress '${label}' was already stopped`);
    current = position;
    fields = { ...fields, ...newFields };
    const now = Date.now();
    firstReport ??= { position, time: now };
    if (bar) {
      bar.update(current, { pct: percent(), fields: fieldsText(), timing: etaText() });
    } else if (now - lastLineTime >= intervalMs) {
      lastLineTime = now;
      writeLine(etaText());
    }
  };

  return {
    tick(n = 1, newFields) {
      assertPosition(n, 'tick(n)');
      report(current + n, newFields);
    },
    update(position, newFields) {
      assertPosition(position, 'update(current)');
      report(position, newFields);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (bar) {
        bar.update(current, { pct: percent(), fields: fieldsText(), timing: elapsedText() });
        bar.stop();
      } else {
        writeLine(elapsedText());
      }
    },
  };
}
