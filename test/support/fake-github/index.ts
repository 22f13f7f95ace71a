/**
 * A fake GitHub REST API on a real HTTP server (127.0.0.1, ephemeral port).
 *
 * Point a real Octokit at `gh.url` (`baseUrl`) or run the action bundle with
 * `GITHUB_API_URL=gh.url`; arrange repository state through `gh.repo()`;
 * inspect `gh.requests`; inject failures with `gh.fault()`.
 *
 *   const gh = await startFakeGitHub();
 *   const repo = gh.repo('octo', 'app');
 *   const base = repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
 *   const head = repo.commit({ parents: [base], files: { 'a.txt': 'b\n' } });
 *   repo.openPull({ number: 1, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } });
 *   ... new Octokit({ baseUrl: gh.url }) ...
 *   await gh.close();
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  FaultRegistry,
  isCutFault,
  isDelayFault,
  isEmptyFault,
  isHugeFault,
  isStallFault,
  isMalformedFault,
  isResetFault,
  isStatusFault,
  matches,
  resourceNotAccessible,
  type Fault,
  type FaultMatcher,
} from './faults.js';
import { createRouter, HttpError, type HandlerResult, type TokenIdentity } from './routes.js';
import { FakeRepo } from './state.js';

export { FakeRepo, blobSha, diffTrees, unifiedHunk } from './state.js';
export type {
  AnnotatedTagOptions,
  FakeBlob,
  FakeComment,
  FakeCommit,
  FakeLabel,
  FakePull,
  FakePullSide,
  FakeRelease,
  FakeTagObject,
  FileChange,
  FileSpec,
  OpenPullOptions,
} from './state.js';
export { rateLimited, resourceNotAccessible } from './faults.js';
export type {
  CutFault,
  DelayFault,
  EmptyFault,
  Fault,
  FaultMatcher,
  HugeFault,
  MalformedFault,
  ResetFault,
  StallFault,
  StatusFault,
} from './faults.js';
export type { TokenIdentity } from './routes.js';
export {
  MAX_COMMIT_FILES,
  MAX_COMPARE_COMMITS,
  MAX_COMPARE_FILES,
  MAX_CONTENTS_BYTES,
  MAX_PULL_COMMITS,
  MAX_PULL_FILES,
} from './routes.js';

export interface RecordedRequest {
  method: string;
  /**
   * Pathname without the query string, percent-decoded: Octokit encodes slashes inside parameters
   * (`git/ref/heads%2Fmain`), so this is the form tests can write naturally (`git/ref/heads/main`).
   */
  path: string;
  /** Pathname exactly as received (still percent-encoded). */
  rawPath: string;
  query: Record<string, string>;
  /** Parsed JSON body; undefined when there was none (a non-JSON body is kept as a string). */
  body: unknown;
  /** Raw request headers, including `authorization`. */
  headers: IncomingHttpHeaders;
  /** Set when a fault was applied to this request instead of (or before) normal handling. */
  fault?: Fault;
  /** Status sent back; undefined while in flight or when the connection was reset. */
  status?: number;
  /** Body bytes written, for a huge-body fault (how much the client read before it hung up). */
  bytesSent?: number;
}

export interface FakeGitHubOptions {
  /** Delay applied to every response (concurrently: each request waits on its own timer). */
  latencyMs?: number;
}

export interface FakeGitHub {
  /** e.g. "http://127.0.0.1:54321"; use as Octokit `baseUrl` or `GITHUB_API_URL`. */
  readonly url: string;
  /** Every request in arrival order, faulted ones included. */
  readonly requests: RecordedRequest[];
  /** Returns the repository, creating an empty one on first use. Owner/name are case-insensitive, like GitHub. */
  repo(owner: string, name: string): FakeRepo;
  /**
   * Serve `fault` for the next `fault.times` (default 1) requests matching `matcher`; first registered wins.
   * Returns a function that removes this fault alone (concurrent tests cannot use clearFaults()).
   */
  fault(matcher: FaultMatcher, fault: Fault): () => void;
  /** 403 "Resource not accessible by integration" on every write (POST/PUT/PATCH/DELETE) whose path matches. */
  denyWrites(path?: RegExp): void;
  /** Number of registered faults not yet used up. */
  pendingFaults(): number;
  clearFaults(): void;
  setLatency(ms: number): void;
  /**
   * Who `token` is: a user (personal token: GET /user answers) or an installation's bot (GET
   * /user is 403). Comments it creates are written as `login`. Unregistered tokens are
   * GITHUB_TOKEN: github-actions[bot], an installation.
   */
  identity(token: string, identity: TokenIdentity): void;
  /**
   * Runs `hook` right after the next `times` (default 1) requests matching `matcher` were handled
   * (their change made) and before their response is sent: a test's way to let "another run"
   * act between two requests of the code under test (a race), through `gh.repo()`'s state.
   */
  afterRequest(matcher: FaultMatcher, hook: (request: RecordedRequest) => void, times?: number): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const repos = new Map<string, FakeRepo>();
  const requests: RecordedRequest[] = [];
  const faults = new FaultRegistry();
  let latencyMs = options.latencyMs ?? 0;
  let url = '';
  const identities = new Map<string, TokenIdentity>();
  const hooks: { matcher: FaultMatcher; hook: (request: RecordedRequest) => void; remaining: number }[] = [];

  const repoKey = (owner: string, name: string) => `${owner}/${name}`.toLowerCase();
  const route = createRouter((owner, name) => repos.get(repoKey(owner, name)));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = new URL(req.url ?? '/', url);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: safeDecode(parsed.pathname),
      rawPath: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      body: undefined,
      headers: req.headers,
    };
    // Recorded before the body is read so the log reflects arrival order under concurrency.
    requests.push(record);

    const rawBody = await readBody(req);
    let parseError = false;
    if (rawBody !== '') {
      try {
        record.body = JSON.parse(rawBody);
      } catch {
        record.body = rawBody;
        parseError = true;
      }
    }

    const fault = faults.take(record.method, record.path, record.rawPath);
    if (fault) record.fault = fault;

    // Each request sleeps on its own timer, so concurrent requests overlap like real network latency.
    const delay = latencyMs + (fault && isDelayFault(fault) ? fault.delayMs : 0);
    if (delay > 0) await sleep(delay);

    if (fault && isResetFault(fault)) {
      req.socket.destroy();
      return;
    }

    if (fault && isHugeFault(fault)) {
      record.status = 200;
      await sendHuge(res, fault.hugeBytes, record);
      return;
    }

    let result: HandlerResult;
    if (fault && isStatusFault(fault)) {
      result = { status: fault.status, body: fault.body ?? { message: `Fake fault ${fault.status}` }, headers: fault.headers ?? {} };
    } else if (fault && isMalformedFault(fault)) {
      result = { status: 200, body: '{"this is": not json' };
    } else if (fault && isEmptyFault(fault)) {
      result = { status: 200, body: '' };
    } else if (parseError) {
      result = { status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/rest', status: '400' } };
    } else {
      result = dispatch(record, url);
    }
    record.status = result.status;
    const hooked = hooks.find((h) => matches(h.matcher, record.method, record.path) || matches(h.matcher, record.method, record.rawPath));
    if (hooked !== undefined) {
      if (--hooked.remaining <= 0) hooks.splice(hooks.indexOf(hooked), 1);
      hooked.hook(record);
    }
    const partial = fault && isCutFault(fault) ? 'cut' : fault && isStallFault(fault) ? 'stall' : undefined;
    send(res, result, requests.length, partial);
  }

  function dispatch(record: RecordedRequest, baseUrl: string): HandlerResult {
    try {
      const token = /^(?:token|bearer)\s+(\S+)$/i.exec(String(record.headers.authorization ?? ''))?.[1];
      const identity = token === undefined ? undefined : identities.get(token);
      return route({ method: record.method, path: record.rawPath, query: record.query, body: record.body, baseUrl, ...(identity ? { identity } : {}) });
    } catch (error) {
      if (error instanceof HttpError) return { status: error.status, body: error.body };
      // A bug in the fake (or a test set-up mistake such as an unknown sha): make it loud, GitHub-shaped.
      console.error('fake-github: handler crashed', error);
      return { status: 500, body: { message: `Fake GitHub crashed: ${String(error)}` } };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('fake-github: request failed', error);
      if (!res.headersSent) res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    repo(owner, name) {
      const key = repoKey(owner, name);
      let repo = repos.get(key);
      if (!repo) {
        repo = new FakeRepo(owner, name);
        repos.set(key, repo);
      }
      return repo;
    },
    fault(matcher, fault) {
      return faults.add(matcher, fault);
    },
    denyWrites(path = /.*/) {
      faults.add({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], path }, resourceNotAccessible());
    },
    pendingFaults: () => faults.pending(),
    clearFaults: () => faults.clear(),
    setLatency(ms) {
      latencyMs = ms;
    },
    identity(token, identity) {
      identities.set(token, identity);
    },
    afterRequest(matcher, hook, times = 1) {
      hooks.push({ matcher, hook, remaining: times });
    },
    close() {
      // Keep-alive sockets (undici keeps them open) would otherwise hold close() forever.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // malformed escapes: keep as is (the router answers 404)
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A recursive tree of at least `bytes` bytes, written with backpressure until done or the client hangs up. */
async function sendHuge(res: ServerResponse, bytes: number, record: RecordedRequest): Promise<void> {
  res.writeHead(200, { 'content-type': JSON_TYPE });
  const entry = `{"path":"dir/file.txt","mode":"100644","type":"blob","sha":"${'a'.repeat(40)}","size":1},`;
  const chunk = entry.repeat(Math.ceil(65_536 / entry.length));
  let sent = 0;
  const closed = new Promise<void>((resolve) => res.once('close', resolve));
  const write = (text: string) => {
    sent += Buffer.byteLength(text);
    record.bytesSent = sent;
    return res.write(text);
  };
  write('{"sha":"huge","truncated":false,"tree":[');
  while (sent < bytes && !res.destroyed) {
    if (!write(chunk)) await Promise.race([new Promise<void>((resolve) => res.once('drain', resolve)), closed]);
  }
  if (!res.destroyed) res.end(`${entry.slice(0, -1)}]}`);
}

function send(res: ServerResponse, result: HandlerResult, requestCount: number, partial?: 'cut' | 'stall'): void {
  const payload =
    result.body === undefined ? '' : typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  const headers: Record<string, string> = {
    'content-type': JSON_TYPE,
    'x-github-media-type': 'github.v3; format=json',
    'x-github-request-id': `FAKE:${requestCount}`,
    // Plausible rate-limit headers so clients that log or inspect them see real-looking values.
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(Math.max(1, 5000 - requestCount)),
    'x-ratelimit-used': String(Math.min(requestCount, 4999)),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    // Fault headers (e.g. x-ratelimit-remaining: 0) override the defaults above.
    ...result.headers,
  };
  if (result.status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(result.status, headers);
  if (partial === 'stall') {
    res.flushHeaders(); // and nothing more: the client's timeout (or close()) ends it
  } else if (partial === 'cut') {
    // Half the body (at least the headers), then the connection dropped.
    res.write(payload.slice(0, Math.floor(payload.length / 2)), () => res.destroy());
  } else {
    res.end(payload);
  }
}
