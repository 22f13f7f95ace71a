/**
 * The API client through an HTTP proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the given env):
 * a real forward proxy on loopback in front of the fake GitHub API, from the source and from the
 * bundle (`node dist/cli.js --github`).
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { ApiError, createClient, type ClientOptions } from '../src/github/client.js';
import { excluded, proxyFor } from '../src/github/proxy.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const TOKEN = 'secret-token';
const USER = 'proxy-user';
const PASSWORD = 'p@ss word';
/** The user and password as they go in a URL. */
const USERINFO = `${USER}:${encodeURIComponent(PASSWORD)}`;

interface Seen {
  method: string;
  /** `host:port` for CONNECT, the absolute URI otherwise. */
  target: string;
  headers: IncomingHttpHeaders;
}

interface TestProxy {
  url: string;
  port: number;
  seen: Seen[];
  /** What clients sent into CONNECT tunnels. */
  tunnelled: Buffer[];
  close(): Promise<void>;
}

/**
 * A forward proxy: CONNECT tunnels (what undici uses, for http targets too) and absolute-URI
 * requests. With `credentials` ("user:password") it answers 407 without the matching Basic
 * Proxy-Authorization; with `refuse` it answers every CONNECT with that status.
 */
async function startProxy(options: { credentials?: string; refuse?: number } = {}): Promise<TestProxy> {
  const seen: Seen[] = [];
  const tunnelled: Buffer[] = [];
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const authorized = (headers: IncomingHttpHeaders) =>
    options.credentials === undefined || headers['proxy-authorization'] === `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const server = createHttpServer((req, res) => {
    seen.push({ method: req.method ?? '', target: req.url ?? '', headers: req.headers });
    if (!authorized(req.headers)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const { 'proxy-authorization': _auth, 'proxy-connection': _connection, ...headers } = req.headers;
    const upstream = httpRequest(req.url ?? '', { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', track);
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push({ method: 'CONNECT', target: req.url ?? '', headers: req.headers });
    client.on('error', () => {});
    if (!authorized(req.headers)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    if (options.refuse !== undefined) {
      client.end(`HTTP/1.1 ${options.refuse} Refused\r\n\r\n`);
      return;
    }
    const at = (req.url ?? '').lastIndexOf(':');
    const upstream = connect(Number((req.url ?? '').slice(at + 1)), (req.url ?? '').slice(0, at), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      const forward = (chunk: Buffer) => {
        tunnelled.push(chunk);
        upstream.write(chunk);
      };
      if (head.length > 0) forward(head);
      client.on('data', forward);
      client.on('end', () => upstream.end());
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    tunnelled,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: one that was just free. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const gh = useFakeGitHub();
let proxy: TestProxy;
let authProxy: TestProxy;
beforeAll(async () => {
  const repo = gh().repo('octo', 'app');
  const config = 'version: 1\nrules:\n  - {name: source, paths: "src/**", bump: minor}\n  - {name: docs, paths: "docs/**", bump: none}\n';
  const base = repo.commit({ parents: [], files: { '.github/bump-classifier.yml': config, 'src/a.ts': '1' }, branch: 'main' });
  repo.refs.set('refs/tags/v1.4.0', base);
  repo.commit({ parents: [base], message: 'feat: flag', files: { 'src/b.ts': '2', 'docs/guide.md': 'x' }, branch: 'feature' });
  repo.openPull({ number: 12, base: 'main', head: 'feature', title: 'feat: flag' });
  proxy = await startProxy();
  authProxy = await startProxy({ credentials: `${USER}:${PASSWORD}` });
});
afterAll(async () => {
  await proxy?.close();
  await authProxy?.close();
});

const client = (env: ClientOptions['env'], extra: Partial<ClientOptions> = {}) =>
  createClient({ token: TOKEN, baseUrl: gh().url, retryBaseMs: 1, requestTimeoutMs: 2000, env, ...extra });
const getRepo = (c: ReturnType<typeof createClient>) => c.rest.repos.get({ owner: 'octo', repo: 'app' });
const hostOf = (url: string) => new URL(url).host;
const failure = (promise: Promise<unknown>) => promise.then(
  () => {
    throw new Error('expected the request to fail');
  },
  (error: unknown) => error as Error,
);

describe('the API client and proxy variables', () => {
  // First in the file: nothing has imported undici yet.
  it('reads no proxy from process.env, and loads no undici, unless its env says so', async () => {
    const saved = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = `http://127.0.0.1:${await closedPort()}`;
    try {
      const before = proxy.seen.length;
      expect((await getRepo(client(undefined))).data.full_name).toBe('octo/app');
      expect((await getRepo(client({ HTTPS_PROXY: proxy.url }))).data.full_name).toBe('octo/app'); // the API is http
      expect(proxy.seen.length).toBe(before);
    } finally {
      if (saved === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = saved;
    }
    const cache = createRequire(import.meta.url).cache;
    expect(Object.keys(cache).filter((file) => /[\\/]node_modules[\\/]undici[\\/]/.test(file))).toEqual([]);
  });

  it('sends every request through HTTP_PROXY, in a CONNECT tunnel, with the same results as direct', async () => {
    const direct = client({});
    const viaProxy = client({ HTTP_PROXY: proxy.url });
    const from = { seen: proxy.seen.length, requests: gh().requests.length };
    const [pull, files] = await Promise.all([
      viaProxy.rest.pulls.get({ owner: 'octo', repo: 'app', pull_number: 12 }),
      viaProxy.paginate(viaProxy.rest.pulls.listFiles, { owner: 'octo', repo: 'app', pull_number: 12, per_page: 1 }),
    ]);
    const connects = proxy.seen.slice(from.seen);
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((s) => s.method === 'CONNECT' && s.target === hostOf(gh().url))).toBe(true);
    // The token goes inside the tunnel, to GitHub only.
    expect(connects.some((s) => 'authorization' in s.headers)).toBe(false);
    const arrived = gh().requests.slice(from.requests);
    expect(arrived.map((r) => r.path).sort()).toEqual([
      '/repos/octo/app/pulls/12',
      '/repos/octo/app/pulls/12/files',
      '/repos/octo/app/pulls/12/files',
    ]);
    expect(arrived.every((r) => r.headers.authorization === `token ${TOKEN}` && !('proxy-authorization' in r.headers))).toBe(true);
    expect(pull.data).toEqual((await direct.rest.pulls.get({ owner: 'octo', repo: 'app', pull_number: 12 })).data);
    expect(files.map((f) => [f.filename, f.status])).toEqual([
      ['docs/guide.md', 'added'],
      ['src/b.ts', 'added'],
    ]);
  });

  it.each([
    ['http_proxy', (url: string) => ({ http_proxy: url })],
    ['the lower-case form first', (url: string) => ({ http_proxy: url, HTTP_PROXY: 'http://127.0.0.1:9' })],
    ['HOST:PORT, without a scheme', (url: string) => ({ HTTP_PROXY: url.replace('http://', '') })],
  ])('%s', async (_name, env) => {
    const before = proxy.seen.length;
    expect((await getRepo(client(env(proxy.url)))).data.full_name).toBe('octo/app');
    expect(proxy.seen.length).toBeGreaterThan(before);
  });

  it('NO_PROXY decides as undici does (which proxies loopback unless it is listed)', async () => {
    const { EnvHttpProxyAgent, fetch: undiciFetch } = await import('undici');
    const api = new URL(gh().url);
    const cases: [string, boolean][] = [
      ['', true],
      ['127.0.0.1', false],
      [`127.0.0.1:${api.port}`, false],
      ['127.0.0.1:1', true],
      ['localhost', true],
      ['example.com, 127.0.0.1', false],
      ['example.com 127.0.0.1', false],
      ['.0.0.1', false],
      ['*.0.0.1', false],
      ['*', false],
      ['*, example.com', true],
      ['127.0.0', true],
    ];
    const proxied = async (send: () => Promise<unknown>) => {
      const before = proxy.seen.length;
      await send();
      return proxy.seen.length > before;
    };
    const results = [];
    for (const [noProxy, expected] of cases) {
      const agent = new EnvHttpProxyAgent({ httpProxy: proxy.url, noProxy });
      const byUndici = await proxied(() => undiciFetch(`${gh().url}/repos/octo/app`, { dispatcher: agent }).then((r) => r.text()));
      await agent.close();
      const byClient = await proxied(() => getRepo(client({ HTTP_PROXY: proxy.url, NO_PROXY: noProxy })));
      const byLowerCase = await proxied(() => getRepo(client({ HTTP_PROXY: proxy.url, no_proxy: noProxy, NO_PROXY: '*' })));
      results.push({ noProxy, byUndici, byClient, byLowerCase, decided: proxyFor(api, { HTTP_PROXY: proxy.url, NO_PROXY: noProxy }) !== null });
      expect(excluded(api, noProxy)).toBe(!expected);
    }
    expect(results).toEqual(cases.map(([noProxy, expected]) => ({ noProxy, byUndici: expected, byClient: expected, byLowerCase: expected, decided: expected })));
  });

  it('sends the user and password of the proxy URL as Basic Proxy-Authorization, to the proxy only', async () => {
    const from = { seen: authProxy.seen.length, requests: gh().requests.length };
    const debug: string[] = [];
    const log = { debug: (m: string) => debug.push(m), warning: () => {} };
    expect((await getRepo(client({ HTTP_PROXY: `http://${USERINFO}@127.0.0.1:${authProxy.port}` }, { log }))).data.full_name).toBe('octo/app');
    expect(debug).toEqual([`API requests go through the proxy http://***@127.0.0.1:${authProxy.port} (HTTP_PROXY)`, 'GET /repos/octo/app: 200']);
    const [connect] = authProxy.seen.slice(from.seen);
    expect(connect).toMatchObject({ method: 'CONNECT', headers: { 'proxy-authorization': `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } });
    expect(gh().requests.slice(from.requests).map((r) => r.headers['proxy-authorization'])).toEqual([undefined]);
  });

  it('keeps the guarantees above the proxy: retries, attempt timeouts, body checks, the request budget, the origin guard', async () => {
    const env = { HTTP_PROXY: proxy.url };
    const PATH = '/repos/octo/app';
    const ok = async (fault: Parameters<ReturnType<typeof gh>['fault']>[1], extra: Partial<ClientOptions> = {}) => {
      gh().clearFaults();
      gh().fault({ path: PATH }, fault);
      const from = { seen: proxy.seen.length, requests: gh().requests.length };
      expect((await getRepo(client(env, extra))).data.full_name).toBe('octo/app');
      expect(proxy.seen.length).toBeGreaterThan(from.seen);
      return gh().requests.length - from.requests;
    };
    try {
      expect(await ok({ status: 502, times: 2 })).toBe(3);
      expect(await ok({ delayMs: 1500, times: 1 }, { requestTimeoutMs: 300 })).toBe(2);
      expect(await ok({ cut: true, times: 1 })).toBe(2);
      gh().fault({ path: PATH }, { malformed: true, times: Infinity });
      await expect(getRepo(client(env))).rejects.toThrowError(/^GET \/repos\/octo\/app: GitHub returned malformed JSON .*\(after retries\)$/);
    } finally {
      gh().clearFaults();
    }
    const once = client(env, { maxRequests: 1 });
    await getRepo(once);
    await expect(getRepo(once)).rejects.toThrowError(/more than 1 API requests in this run/);
    const before = proxy.seen.length;
    await expect(client(env).request({ method: 'GET', url: `http://127.0.0.2:${new URL(gh().url).port}/repos/octo/app` })).rejects.toThrowError(
      /refusing to send the token outside GITHUB_API_URL/,
    );
    expect(proxy.seen.length).toBe(before);
  });

  // An https API (on the fake's port): the proxy answers the CONNECT before any TLS would start.
  const httpsApi = () => `https://127.0.0.1:${new URL(gh().url).port}`;

  it.each([
    ['no credentials', 'http://127.0.0.1:PORT', /^the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\) asks for credentials \(407 Proxy Authentication Required\): put a user and password in HTTPS_PROXY, http:\/\/USER:PASSWORD@HOST:PORT$/],
    ['wrong credentials', `http://${USER}:wrong-password@127.0.0.1:PORT`, /^the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+ \(HTTPS_PROXY\) asks for credentials \(407 Proxy Authentication Required\): check the user and password in HTTPS_PROXY, /],
  ])('a 407 for %s fails at once, in one line, without the credentials', async (_name, proxyUrl, message) => {
    const before = authProxy.seen.length;
    const env = { HTTPS_PROXY: proxyUrl.replace('PORT', String(authProxy.port)), HTTP_PROXY: 'http://127.0.0.1:9' };
    const error = await failure(getRepo(client(env, { baseUrl: httpsApi() })));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/wrong-password|proxy-user|\n/);
    expect(authProxy.seen.length - before).toBe(1); // not retried
  });

  it.each([
    [403, 1, /^the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\) refused a tunnel to 127\.0\.0\.1:\d+ \(403\)$/],
    [502, 3, /^GET \/repos\/octo\/app: the proxy http:\/\/127\.0\.0\.1:\d+ \(HTTPS_PROXY\) could not open a tunnel to 127\.0\.0\.1:\d+ \(502\) \(after retries\)$/],
  ])('a CONNECT answered %i: tried %i time(s), then one line', async (status, attempts, message) => {
    const refusing = await startProxy({ refuse: status });
    try {
      const error = await failure(getRepo(client({ HTTPS_PROXY: refusing.url }, { baseUrl: httpsApi(), retries: 2 })));
      expect(error.message).toMatch(message);
      expect(refusing.seen.length).toBe(attempts);
    } finally {
      await refusing.close();
    }
  });

  it('a proxy that is down fails at once, in one line naming it, without the credentials', async () => {
    const port = await closedPort();
    const started = Date.now();
    const error = await failure(getRepo(client({ HTTP_PROXY: `http://${USERINFO}@127.0.0.1:${port}` }, { retryBaseMs: 1000 })));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(`cannot reach ${gh().url} through the proxy http://***@127.0.0.1:${port} (HTTP_PROXY): connection refused`);
    expect(Date.now() - started).toBeLessThan(900); // no retry waits (1 s at least with retryBaseMs 1000)
  });

  it.each([
    ['HTTPS_PROXY', `http://${USERINFO}@proxy host:3128`, /^HTTPS_PROXY is not a proxy URL \(it does not parse\): "http:\/\/\*\*\*@proxy host:3128"; expected http:\/\/\[USER:PASSWORD@\]HOST\[:PORT\] or https:\/\/\.\.\.$/],
    ['https_proxy', `socks5://${USERINFO}@127.0.0.1:1080`, /^https_proxy is not a proxy URL \(the scheme socks5:\/\/ is not supported\): "socks5:\/\/\*\*\*@127\.0\.0\.1:1080"/],
    ['HTTPS_PROXY', `http://${USERINFO}@127.0.0.1:99999`, /^HTTPS_PROXY is not a proxy URL \(it does not parse\): "http:\/\/\*\*\*@127\.0\.0\.1:99999"/],
    ['HTTP_PROXY', `http://${USER}:pa/ss@127.0.0.1:3128`, /^HTTP_PROXY is not a proxy URL \(it does not parse\): "http:\/\/\*\*\*@127\.0\.0\.1:3128"/],
  ])('a bad %s is an InputError in one line, naming it, without the credentials', (variable, value, message) => {
    let error: unknown;
    try {
      createClient({ token: TOKEN, baseUrl: 'https://api.github.com', env: { [variable]: value } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/proxy-user|p@ss|pa\/ss|\n/);
  });

  it('an unclassified fetch failure that quotes the proxy credentials is passed on without them', () => {
    const viaProxy = proxyFor(new URL('https://api.github.com'), { HTTPS_PROXY: `http://${USERINFO}@proxy.example:3128` })!;
    expect(viaProxy.shown).toBe('http://***@proxy.example:3128');
    const quoting = new TypeError('fetch failed', { cause: new Error(`socket hang up at http://${USERINFO}@proxy.example:3128 (${PASSWORD})`) });
    const passed = viaProxy.redactError(quoting) as Error & { cause: Error };
    expect([passed.name, passed.message, passed.cause.message]).toEqual(['TypeError', 'fetch failed', 'socket hang up at http://***:***@proxy.example:3128 (***)']);
    const plain = new TypeError('fetch failed', { cause: new Error('other side closed') });
    expect(viaProxy.redactError(plain)).toBe(plain);
  });

  it('a bad proxy URL that NO_PROXY excludes is not used, so not an error', () => {
    expect(() => createClient({ token: TOKEN, baseUrl: 'https://api.github.com', env: { HTTPS_PROXY: 'http://bad host', NO_PROXY: 'github.com' } })).not.toThrow();
  });

  it('to an https API, the proxy sees only CONNECT HOST:443-style and TLS bytes: never the token', async () => {
    const received: Buffer[] = [];
    const sink = createTcpServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', (chunk: Buffer) => {
        received.push(chunk);
        socket.destroy();
      });
    });
    const port = await listen(sink);
    const from = { seen: proxy.seen.length, tunnelled: proxy.tunnelled.length };
    try {
      const error = await failure(getRepo(client({ HTTPS_PROXY: proxy.url }, { baseUrl: `https://127.0.0.1:${port}`, retries: 0 })));
      expect(error.message).not.toMatch(/\n/);
      expect(error.message).not.toContain(TOKEN);
    } finally {
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    }
    const seen = proxy.seen.slice(from.seen);
    expect(seen.map((s) => [s.method, s.target])).toEqual([['CONNECT', `127.0.0.1:${port}`]]);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    const tunnelled = Buffer.concat(proxy.tunnelled.slice(from.tunnelled));
    expect(tunnelled[0]).toBe(0x16); // a TLS handshake record: the ClientHello
    expect(tunnelled.includes(TOKEN)).toBe(false);
    expect(received.length).toBe(1);
  });
});

describe('node dist/cli.js --github through a proxy (the bundle loads undici on demand)', () => {
  const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const run = async (env: Record<string, string>) => {
    const result = await promisify(execFile)(process.execPath, [CLI, '--github', 'octo/app', '--pr', '12', '--format', 'json'], {
      env: { PATH: process.env.PATH ?? '', GITHUB_API_URL: gh().url, GITHUB_TOKEN: TOKEN, ...env },
      encoding: 'utf8',
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
    return result;
  };

  it('decides through an authenticating proxy', async () => {
    const from = authProxy.seen.length;
    const out = await run({ HTTP_PROXY: `http://${USERINFO}@127.0.0.1:${authProxy.port}` });
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toMatchObject({ bump: 'minor', currentVersion: '1.4.0', nextVersion: '1.5.0' });
    const seen = authProxy.seen.slice(from);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.method === 'CONNECT' && s.headers['proxy-authorization'] !== undefined)).toBe(true);
  });

  it('exits 2 with one line, without the credentials, when the proxy is down', async () => {
    const port = await closedPort();
    const out = await run({ HTTP_PROXY: `http://${USERINFO}@127.0.0.1:${port}` });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`bump-classifier: cannot reach ${gh().url} through the proxy http://***@127.0.0.1:${port} (HTTP_PROXY): connection refused\n`);
  });
});
