// The data and metrics entry points load no TensorFlow.js (about 0.5 s and a backend), so scoring
// and data preparation stay light; checked in a child process, where nothing else has loaded it.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

async function loadsTensorFlow(entry: string): Promise<boolean> {
  const url = new URL(entry, import.meta.url).href;
  const script = `await import(${JSON.stringify(url)}); process.stdout.write(String(Boolean(globalThis._tfengine)));`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    },
  );
  return stdout === 'true';
}

describe('entry points', () => {
  it('@hw7/mtl-text/data and /metrics load no TensorFlow.js; the model entry does', async () => {
    const [data, metrics, model] = await Promise.all(
      ['./data/index.ts', './metrics/index.ts', './model/index.ts'].map(loadsTensorFlow),
    );
    expect({ data, metrics, model }).toEqual({ data: false, metrics: false, model: true });
  }, 60_000);
});
