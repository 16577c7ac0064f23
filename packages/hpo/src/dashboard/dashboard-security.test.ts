// What the dashboard refuses: requests without the token on a non-loopback bind, other methods
// than GET and HEAD, path traversal in any form, foreign Host names on a tokenless loopback bind;
// and that nothing it serves lets a stored name become markup. Raw requests (node:http), since
// fetch would normalise the paths under test.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatDistribution } from '../distributions.js';
import { SqliteStorage } from '../storage/sqlite-storage.js';
import { startDashboard } from './dashboard-server.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers });
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    req.on('error', reject);
    req.end(options.method === 'POST' ? '{}' : undefined);
  });
}

const portOf = (url: string) => Number(new URL(url).port);

let directory: string;
let path: string;
let studyId: number;
const HOSTILE = '</script><script>alert(1)</script>';

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'hpo-dashboard-security-'));
  path = join(directory, 'studies.db');
  const storage = new SqliteStorage(path);
  studyId = storage.createStudy(HOSTILE, ['minimize']);
  const trial = storage.createTrial(studyId, { state: 'RUNNING' });
  storage.setTrialParam(trial.trialId, '<svg onload=alert(2)>', 0.5, floatDistribution(0, 1));
  storage.setTrialStateValues(trial.trialId, 'COMPLETE', [0.25]);
  storage.close();
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('a dashboard bound beyond loopback', () => {
  it('requires its token on every request: query once (then a cookie) or a bearer header', async () => {
    const dashboard = await startDashboard({ storage: `sqlite:///${path}`, port: 0, host: '0.0.0.0' });
    try {
      const token = dashboard.token as string;
      expect(token).toMatch(/^[\w-]{32}$/);
      expect(dashboard.url).toBe(`http://0.0.0.0:${portOf(dashboard.url)}/?token=${token}`);
      const port = portOf(dashboard.url);
      for (const target of ['/', '/api/studies', `/studies/${studyId}`, `/studies/${studyId}/plots/history.svg`]) {
        const refused = await send(port, target, { headers: { host: 'example.org' } });
        expect(refused.status, target).toBe(401);
        expect(refused.body).not.toContain(HOSTILE);
      }
      expect((await send(port, '/?token=not-the-token-at-all-0123')).status).toBe(403);
      expect((await send(port, '/', { headers: { cookie: `hw7_dashboard_${port}=wrong` } })).status).toBe(403);

      const accepted = await send(port, `/studies/${studyId}?token=${token}`);
      expect(accepted.status).toBe(303);
      expect(accepted.headers.location).toBe(`/studies/${studyId}`);
      const cookie = (accepted.headers['set-cookie'] as string[])[0];
      expect(cookie).toMatch(new RegExp(`^hw7_dashboard_${port}=${token};`));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const withCookie = await send(port, `/studies/${studyId}`, { headers: { cookie: cookie.split(';')[0] } });
      expect(withCookie.status).toBe(200);
      const withBearer = await send(port, '/api/studies', { headers: { authorization: `Bearer ${token}` } });
      expect(JSON.parse(withBearer.body).studies[0].name).toBe(HOSTILE);
    } finally {
      await dashboard.close();
    }
  });
});

describe('a dashboard on 127.0.0.1', () => {
  let port: number;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const dashboard = await startDashboard({ storage: `sqlite:///${path}`, port: 0 });
    expect(dashboard.token).toBeUndefined();
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    port = portOf(dashboard.url);
    close = dashboard.close;
  });
  afterAll(() => close());

  it('refuses path traversal in any spelling', async () => {
    const targets = [
      '/../../etc/passwd',
      '/studies/../../../etc/passwd',
      `/studies/${studyId}/plots/../../../../etc/passwd`,
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      `/studies/${studyId}/plots/..%2f..%2fetc%2fpasswd.svg`,
      '/..%5c..%5cetc%5cpasswd',
      '/..\\..\\etc\\passwd',
      '/%252e%252e/etc/passwd',
      '//etc/passwd',
      '/./api/studies',
      '/etc/passwd%00.svg',
      'http://127.0.0.1/../../etc/passwd',
      '/package.json',
      '/src/dashboard/dashboard-server.ts',
      `/studies/${studyId}/plots/passwd.svg`,
    ];
    for (const target of targets) {
      const reply = await send(port, target);
      expect([400, 404], target).toContain(reply.status);
      expect(reply.body, target).not.toMatch(/root:|import |"name"/);
    }
  });

  it('is read-only: only GET and HEAD, other methods 405 and the storage unchanged', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const reply = await send(port, '/api/studies', { method });
      expect(reply.status, method).toBe(405);
      expect(reply.headers.allow).toBe('GET, HEAD');
    }
    const head = await send(port, '/api/studies', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const storage = new SqliteStorage(path, { readOnly: true });
    try {
      expect(storage.getAllStudies().map((study) => study.studyName)).toEqual([HOSTILE]);
      expect(() => storage.createStudy('written', ['minimize'])).toThrow(/readonly/);
    } finally {
      storage.close();
    }
  });

  it('answers only to loopback names without a token (no DNS rebinding)', async () => {
    expect((await send(port, '/', { headers: { host: 'attacker.example:80' } })).status).toBe(403);
    expect((await send(port, '/', { headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  it('never lets a stored name become markup: escaped HTML, a sealed data block, a nonce-only script policy', async () => {
    const page = await send(port, `/studies/${studyId}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).not.toContain('<svg onload');
    expect(page.body).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // The data block holds the name with `<` escaped, so it cannot close its <script>.
    expect(page.body).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    const policy = page.headers['content-security-policy'] as string;
    expect(policy).toMatch(/script-src 'nonce-[\w+/=]+';/);
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const plot = await send(port, `/studies/${studyId}/plots/parallel-coordinate.svg`);
    expect(plot.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(plot.body).toContain('&lt;svg onload=alert(2)&gt;');
    expect(plot.body).not.toContain('<svg onload');
    expect(plot.headers['content-security-policy']).toMatch(/default-src 'none'/);
  });
});
