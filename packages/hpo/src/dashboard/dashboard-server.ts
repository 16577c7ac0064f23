// `startDashboard`: a read-only web page over a storage's studies (Optuna's optuna-dashboard), on
// Node's own `http`. Only GET and HEAD, only a fixed set of routes (no file is ever served from
// disk), the storage opened read-only; bound to 127.0.0.1 unless told otherwise, and then every
// request needs a token (printed at start-up). Pages poll JSON endpoints every second.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrozenTrial } from '../frozen-trial.js';
import { type Storage, type StoredStudy, StudyNotFoundError } from '../storage/storage.js';
import { storageFromUrl } from '../storage/storage-url.js';
import { notFoundPage, studiesPage, studyPage } from './pages.js';
import { PlotCache, plotKinds } from './study-plots.js';
import { parameterColumns, studyOverview, trialRow } from './study-view.js';

export interface DashboardOptions {
  /**
   * A storage URL (`sqlite:///studies.db`, `postgresql://...`), opened read-only and closed by
   * `close()`; or a `Storage` of yours, which stays yours (the dashboard only reads it).
   */
  storage: string | Storage;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default '127.0.0.1'. Any other address requires a token on every request. */
  host?: string;
  /**
   * Required on every request (`?token=` once, then a cookie; or `Authorization: Bearer`). Default:
   * none on a loopback host, a random one otherwise.
   */
  token?: string;
}

export interface Dashboard {
  /** Where the page is, with `?token=` when one is needed. */
  url: string;
  /** The token requests need, if any. */
  token?: string;
  /** Stops the server (and closes a storage it opened from a URL). */
  close(): Promise<void>;
}

/** Rows in a study page's first screen; the page fetches the rest after it shows. */
const FIRST_SCREEN_ROWS = 100;
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const isLoopback = (host: string) => /^(127(\.\d{1,3}){3}|::1|localhost)$/i.test(host);

type Route =
  | { kind: 'studies-page' }
  | { kind: 'studies-json' }
  | { kind: 'study-page'; studyId: number }
  | { kind: 'trials-json'; studyId: number }
  | { kind: 'plot'; studyId: number; plot: string };

/** The fixed routes; anything else is not found. Study ids are numbers, plot names lower-case words. */
function route(pathname: string): Route | undefined {
  if (pathname === '/') return { kind: 'studies-page' };
  if (pathname === '/api/studies') return { kind: 'studies-json' };
  let match = /^\/studies\/(\d{1,9})$/.exec(pathname);
  if (match) return { kind: 'study-page', studyId: Number(match[1]) };
  match = /^\/api\/studies\/(\d{1,9})\/trials$/.exec(pathname);
  if (match) return { kind: 'trials-json', studyId: Number(match[1]) };
  match = /^\/studies\/(\d{1,9})\/plots\/([a-z-]{1,40})\.svg$/.exec(pathname);
  if (match) return { kind: 'plot', studyId: Number(match[1]), plot: match[2] };
  return undefined;
}

/** Dot segments, encoded dots or slashes, backslashes or NULs in the raw target: refused outright. */
const SUSPICIOUS_TARGET = /(^|[/\\])\.\.?([/\\?#]|$)|%2e|%2f|%5c|%00|\\/i;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function checkOptions(options: DashboardOptions): { port: number; host: string } {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('startDashboard: options must be { storage, port?, host?, token? }');
  }
  const { storage, port = 8080, host = '127.0.0.1', token } = options;
  if (typeof storage !== 'string' && (storage === null || typeof storage !== 'object')) {
    throw new TypeError(`startDashboard: storage must be a storage URL or a Storage; got ${String(storage)}`);
  }
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new RangeError(`startDashboard: port must be an integer from 0 to 65535; got ${String(port)}`);
  }
  if (typeof host !== 'string' || host === '') {
    throw new TypeError(`startDashboard: host must be an address such as '127.0.0.1'; got ${String(host)}`);
  }
  if (token !== undefined && !(typeof token === 'string' && /^[\w.~-]{16,200}$/.test(token))) {
    throw new RangeError('startDashboard: token must be 16 to 200 URL-safe characters (letters, digits, _ . ~ -)');
  }
  return { port, host };
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const [a, b] = [Buffer.from(given), Buffer.from(token)];
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage, cookie: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookie) return value.join('=');
  }
  return undefined;
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

const sendJson = (response: ServerResponse, data: unknown) =>
  send(response, 200, 'application/json; charset=utf-8', JSON.stringify(data));

const sendHtml = (response: ServerResponse, html: string, nonce: string) =>
  send(response, 200, 'text/html; charset=utf-8', html, {
    'content-security-policy':
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' blob:; ` +
      "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  });

/** Answers the dashboard's requests from a storage it only reads. */
class DashboardHandler {
  private readonly plots = new PlotCache();
  /** Named after the port once listening: cookies ignore ports, and two dashboards must not share one. */
  cookie = 'hw7_dashboard_token';

  constructor(
    private readonly storage: Storage & { getAllStudies(): readonly StoredStudy[] },
    private readonly token: string | undefined,
    private readonly storageName: string,
  ) {}

  /** Every study's trials, read once before the first request (finished trials are then cached). */
  warmUp(): void {
    for (const study of this.storage.getAllStudies()) this.trialsOf(study);
  }

  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    try {
      this.serve(request, response);
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) process.emitWarning(`hw7-hpo dashboard: ${request.url}: ${message}`);
      if (status === 404 && (request.headers.accept ?? '').includes('text/html')) {
        send(response, 404, 'text/html; charset=utf-8', notFoundPage(message));
      } else send(response, status, 'text/plain; charset=utf-8', `${message}\n`);
    }
  };

  private serve(request: IncomingMessage, response: ServerResponse): void {
    const target = request.url ?? '';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain; charset=utf-8', 'read-only: only GET and HEAD\n', { allow: 'GET, HEAD' });
      return;
    }
    if (!target.startsWith('/') || target.startsWith('//') || SUSPICIOUS_TARGET.test(target)) {
      throw new HttpError(400, 'bad path');
    }
    const url = new URL(target, 'http://dashboard.invalid');
    if (!this.authorise(request, response, url)) return;
    const found = route(url.pathname);
    if (!found) throw new HttpError(404, `nothing at ${url.pathname}`);
    if (found.kind === 'studies-page' || found.kind === 'studies-json') {
      const overviews = this.storage.getAllStudies().map((study) => studyOverview(study, this.trialsOf(study)));
      if (found.kind === 'studies-json') sendJson(response, { studies: overviews });
      else {
        const nonce = randomBytes(16).toString('base64');
        sendHtml(response, studiesPage(this.storageName, overviews, nonce), nonce);
      }
      return;
    }
    const study = this.findStudy(found.studyId);
    const trials = this.trialsOf(study);
    if (found.kind === 'study-page') this.studyPage(response, study, trials);
    else if (found.kind === 'trials-json') this.trialsJson(response, study, trials, url.searchParams);
    else {
      const kind = plotKinds(study.directions).find((candidate) => candidate.name === found.plot);
      if (!kind) throw new HttpError(404, `no plot ${found.plot}`);
      const drawn = this.plots.svg(study, trials, studyOverview(study, trials).version, kind);
      const headers = { 'content-security-policy': SVG_POLICY, 'x-plot-version': drawn.version };
      // The page has this drawing already (an expensive plot waits for its next redraw).
      if (url.searchParams.get('have') === drawn.version) send(response, 204, 'image/svg+xml', '', headers);
      else send(response, 200, 'image/svg+xml; charset=utf-8', drawn.svg, headers);
    }
  }

  /** Refuses a request without the token; a valid `?token=` becomes a cookie and is dropped from the URL. */
  private authorise(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
    const { token } = this;
    if (token === undefined) {
      // Without a token, only this machine's names are answered (a page elsewhere cannot rebind one).
      const hostName = (request.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
      if (!isLoopback(hostName)) throw new HttpError(403, 'this dashboard answers to 127.0.0.1 and localhost only');
      return true;
    }
    const queryToken = url.searchParams.get('token') ?? undefined;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const given = queryToken ?? bearer ?? cookieToken(request, this.cookie);
    if (given === undefined) throw new HttpError(401, 'this dashboard needs its token (printed when it started)');
    if (!sameToken(given, token)) throw new HttpError(403, 'wrong token');
    if (queryToken === undefined) return true;
    url.searchParams.delete('token');
    response.writeHead(303, {
      ...SECURITY_HEADERS,
      location: `${url.pathname}${url.search}`,
      'set-cookie': `${this.cookie}=${token}; Path=/; HttpOnly; SameSite=Strict`,
      'content-length': 0,
    });
    response.end();
    return false;
  }

  private studyPage(response: ServerResponse, study: StoredStudy, trials: readonly FrozenTrial[]): void {
    const now = Date.now();
    const data = {
      overview: studyOverview(study, trials),
      paramNames: parameterColumns(trials),
      trials: trials
        .slice(-FIRST_SCREEN_ROWS)
        .reverse()
        .map((trial) => trialRow(trial, now)),
    };
    const nonce = randomBytes(16).toString('base64');
    sendHtml(response, studyPage(data, plotKinds(study.directions), nonce), nonce);
  }

  /** The trials from `from` on, or only the overview when the page already has `version`. */
  private trialsJson(
    response: ServerResponse,
    study: StoredStudy,
    trials: readonly FrozenTrial[],
    query: URLSearchParams,
  ): void {
    const overview = studyOverview(study, trials);
    const from = Number(query.get('from') ?? 0);
    if (!(Number.isInteger(from) && from >= 0)) throw new HttpError(400, 'from must be a trial number');
    if (query.get('version') === overview.version) {
      sendJson(response, { overview });
      return;
    }
    const now = Date.now();
    sendJson(response, {
      overview,
      paramNames: parameterColumns(trials),
      trials: trials.filter((trial) => trial.number >= from).map((trial) => trialRow(trial, now)),
    });
  }

  private findStudy(studyId: number): StoredStudy {
    const study = this.storage.getAllStudies().find((candidate) => candidate.studyId === studyId);
    if (!study) throw new HttpError(404, `no study with id ${studyId} in ${this.storageName}`);
    return study;
  }

  private trialsOf(study: StoredStudy): readonly FrozenTrial[] {
    try {
      return this.storage.getAllTrials(study.studyId);
    } catch (error) {
      if (error instanceof StudyNotFoundError) throw new HttpError(404, `study ${study.studyId} was deleted`);
      throw error;
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Serves the dashboard until `close()`. */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { port, host } = checkOptions(options);
  const token = options.token ?? (isLoopback(host) ? undefined : randomBytes(24).toString('base64url'));
  const ownsStorage = typeof options.storage === 'string';
  const storage: Storage & { close?(): void } =
    typeof options.storage === 'string' ? storageFromUrl(options.storage, { readOnly: true }) : options.storage;
  const closeStorage = () => {
    if (ownsStorage) storage.close?.();
  };
  const server = createServer();
  let handler: DashboardHandler;
  try {
    if (typeof storage.getAllStudies !== 'function') {
      throw new TypeError('startDashboard: the storage cannot list its studies (it has no getAllStudies())');
    }
    const storageName =
      typeof options.storage === 'string' ? options.storage.replace(/\/\/[^@/]*@/, '//') : 'a storage';
    handler = new DashboardHandler(
      storage as Storage & { getAllStudies(): readonly StoredStudy[] },
      token,
      storageName,
    );
    handler.warmUp();
    server.on('request', handler.handle);
    await listen(server, port, host);
  } catch (error) {
    closeStorage();
    throw error;
  }
  const address = server.address() as AddressInfo;
  handler.cookie = `hw7_dashboard_${address.port}`;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const base = `http://${shownHost}:${address.port}/`;
  return {
    url: token === undefined ? base : `${base}?token=${token}`,
    ...(token === undefined ? {} : { token }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closeStorage();
    },
  };
}
