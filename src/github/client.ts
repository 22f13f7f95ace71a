/**
 * The GitHub REST client: @octokit/rest with the retry and throttling plugins, a timeout on
 * every attempt, a bounded total wait for rate limits, and errors that name the route. Requests
 * go through HTTPS_PROXY / HTTP_PROXY (NO_PROXY) from `env` when set (./proxy.ts), underneath all of that.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { InputError } from '../core/errors.js';
import { proxyFor, type Env, type ApiProxy } from './proxy.js';

const ClientClass = Octokit.plugin(retry, throttling);

/** GITHUB_TOKEN's hourly limit: no run of ours needs more, and a pagination loop ends here. */
export const MAX_REQUESTS_PER_RUN = 1000;
/**
 * Most bytes one response may have. GitHub truncates recursive trees at 100,000 entries (~20 MB
 * of JSON); every other response we read is far below 20 MB. Bodies are read as streams and
 * abandoned past the cap, so no response can take the process's memory.
 */
export const MAX_TREE_BYTES = 100 * 1024 * 1024;
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
/** Most pages `client.paginate` reads for one list (10,000 items at 100 a page). */
export const MAX_PAGES = 100;
export type GitHubClient = InstanceType<typeof ClientClass>;

export interface ClientOptions {
  token: string;
  /** GITHUB_API_URL (GitHub Enterprise Server: https://HOST/api/v3). */
  baseUrl: string;
  userAgent?: string;
  /** Per-attempt timeout. */
  requestTimeoutMs?: number;
  /** Most this run may wait for rate limits in total (SPEC: 120 s). */
  maxRateLimitWaitMs?: number;
  /** Attempts after the first for 5xx, timeouts and resets. */
  retries?: number;
  /** Scale of the retry backoff (1 s in production: waits of 1, 4, 9 s). */
  retryBaseMs?: number;
  /**
   * The whole run's budget for API work, from the client's creation (default 10 minutes): no
   * attempt starts or outlives it, so a run ends with a decision or a clear failure in bounded time.
   */
  runBudgetMs?: number;
  /**
   * Spacing of content-creating requests. Default: the throttling plugin's, GitHub's guidance
   * (1 s between writes, 3 s between comments and releases). Tests pass 0.
   */
  writeIntervalMs?: number;
  /** Most requests (attempts included) for the client's life; default MAX_REQUESTS_PER_RUN. */
  maxRequests?: number;
  log?: Pick<Logger, 'debug' | 'warning'>;
  /**
   * Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case forms) are read: the entry
   * points pass their environment (process.env). Without it, requests go direct.
   */
  env?: Env;
}

/** The repository a run works on. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** Where the API edge and the writes report: the action's log, or nothing (the CLI, tests). */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
}

/** HTTP status of a failed request (ApiError and Octokit's RequestError both carry `status`). */
export function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** An API failure, with the route and what GitHub said, in one line. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly route: string,
  ) {
    super(message);
  }
}

interface RequestLike {
  method?: string;
  url?: string;
}

/** "GET /repos/o/r/pulls/1": the method and the decoded path, without host or query. */
export function routeOf(options: RequestLike): string {
  const url = options.url ?? '';
  const path = url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  return `${options.method ?? 'GET'} ${decodeURIComponent(path)}`;
}

/**
 * The token as it goes into the Authorization header, or an InputError that shows none of it.
 * Outer whitespace is dropped (fetch would drop it too: a secret saved with a final newline works);
 * anything else outside printable ASCII would make fetch throw a message quoting the header.
 */
function checkedToken(token: string): string {
  const trimmed = token.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  if (!/^[\x21-\x7e]*$/.test(trimmed)) {
    throw new InputError(
      'the GitHub token contains whitespace, a control character or a non-ASCII character (a secret pasted with a line break?); ' +
        'GitHub tokens never do. Check the secret passed as "token" or GITHUB_TOKEN (it is not shown here)',
    );
  }
  return trimmed;
}

/** Requests one client has in flight at most (GitHub allows 100 concurrent requests). */
export const MAX_REQUESTS_IN_FLIGHT = 13;

/** Numbers each client's throttling id (see `throttle.id`). */
let clientCount = 0;

export function createClient(options: ClientOptions): GitHubClient {
  const token = checkedToken(options.token);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const apiRoot = parseBase(baseUrl);
  const proxy = proxyFor(apiRoot.url, options.env ?? {});
  const maxRequests = options.maxRequests ?? MAX_REQUESTS_PER_RUN;
  let requests = 0;
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const budgetMs = options.maxRateLimitWaitMs ?? 120_000;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const log = options.log ?? { debug: () => {}, warning: () => {} };
  const runBudgetMs = options.runBudgetMs ?? 10 * 60_000;
  const deadline = Date.now() + runBudgetMs;
  let waitedMs = 0;
  /** The reset time of the limit that could not be waited for, for the error message. */
  const refused = new Map<string, string>();
  if (proxy !== null) log.debug(`API requests go through the proxy ${proxy.shown} (${proxy.variable})`);

  // Request options still hold the URL template ("/repos/{owner}/{repo}"): expand it for messages.
  const routeFor = (requestOptions: object): string => {
    try {
      return routeOf(client.request.endpoint.parse(requestOptions as Parameters<typeof client.request.endpoint.parse>[0]));
    } catch {
      return routeOf(requestOptions as RequestLike);
    }
  };

  const onLimit = (kind: 'primary' | 'secondary') => (retryAfter: number, request: object, _o: unknown, retryCount: number) => {
    const route = routeFor(request);
    const waitMs = retryAfter * retryBaseMs;
    if (retryCount < 3 && waitedMs + waitMs <= budgetMs) {
      waitedMs += waitMs;
      log.warning(`GitHub ${kind} rate limit on ${route}; retrying in ${retryAfter} s`);
      return true;
    }
    const at = new Date(Date.now() + retryAfter * 1000).toISOString();
    refused.set(route, `${kind === 'primary' ? 'API rate limit exhausted' : 'secondary rate limit'} on ${route}; it resets at ${at}, beyond the ${Math.round(budgetMs / 1000)} s this run may wait for limits`);
    return false;
  };

  // Requests in flight: the SPEC's 10 file pages, plus the PR, config and tag reads beside them
  // (the plugin's default, 10 in all, would queue those behind the pages for a whole round). The
  // plugin reads its `global` group from these options as it reads `write`; its types omit it.
  const inFlight: { global: Bottleneck.Group } = { global: new Bottleneck.Group({ maxConcurrent: MAX_REQUESTS_IN_FLIGHT }) };
  const client: GitHubClient = new ClientClass({
    auth: token,
    baseUrl,
    userAgent: options.userAgent ?? 'bump-classifier',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: {
      // A timeout per attempt (not per logical request), so a retry gets its own time. The body is
      // read here, inside the retry plugin: a cut, stalled or empty body is a failed attempt like a
      // 5xx, never "" handed on as an empty list.
      fetch: async (url: string | URL, init: RequestInit = {}) => {
        let target: URL;
        try {
          target = new URL(url);
        } catch {
          throw new LocalError('the request could not be built: an invalid URL');
        }
        // Every request, pagination links and retries included: the token goes only to GITHUB_API_URL.
        if (!apiRoot.contains(target)) {
          throw new LocalError(`refusing to send the token outside GITHUB_API_URL (${apiRoot.text}) to ${target.origin}${target.pathname}`);
        }
        if (++requests > maxRequests) {
          throw new LocalError(`more than ${maxRequests} API requests in this run (a pagination loop, or a count no run can read)`);
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new RunBudgetError(runBudgetMs);
        const timeout = AbortSignal.timeout(Math.min(timeoutMs, left));
        const send = proxy === null ? fetch : await loadProxy(proxy);
        let response: Response;
        try {
          response = await send(target, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
        } catch (error) {
          const refusal = proxy?.refusal(error, target);
          if (refusal) throw refusal.retry ? new AttemptError(refusal.message) : new UnreachableError(refusal.message);
          const why = unreachable(error);
          if (why !== null) throw new UnreachableError(`cannot reach ${target.origin}${proxy ? ` through the proxy ${proxy.shown} (${proxy.variable})` : ''}: ${why}`);
          // fetch's own TypeErrors (other than "fetch failed") mean the request could not be built.
          if (error instanceof TypeError && error.message !== 'fetch failed') throw new LocalError(localReason(error));
          throw proxy === null ? error : proxy.redactError(error);
        }
        // Trees are parsed once, by their reader (treePaths), which says when one is malformed.
        const tree = /\/git\/trees\//.test(target.pathname);
        const method = (init.method ?? 'GET').toUpperCase();
        // "Generate release notes content" is a POST that saves nothing: a failed body is asked again, as a read's is.
        const reads = method === 'POST' && /\/releases\/generate-notes$/.test(target.pathname) ? 'GET' : method;
        return readWhole(response, tree ? MAX_TREE_BYTES : MAX_RESPONSE_BYTES, reads, !tree);
      },
    },
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: retryBaseMs },
    throttle: {
      // The plugin keeps its limiters per id, at module level: each client paces its own writes.
      id: `bump-classifier-${++clientCount}`,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: retryBaseMs,
      ...inFlight,
      ...(options.writeIntervalMs === undefined
        ? {}
        : {
            write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs }),
            notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs }),
          }),
    },
  });

  // client.paginate (used by callers that do not know a count) cannot run away either.
  const paginate = client.paginate;
  const guarded = (route: unknown, parameters?: unknown, mapFn?: unknown) => {
    if (typeof parameters === 'function') [mapFn, parameters] = [parameters, undefined];
    const guard = pageGuard(MAX_PAGES);
    const map = mapFn as ((response: PageResponse, done: () => void) => unknown) | undefined;
    return (paginate as (...args: unknown[]) => Promise<unknown>)(route, parameters, (response: PageResponse, done: () => void) => {
      guard(response);
      return map ? map(response, done) : response.data;
    });
  };
  client.paginate = Object.assign(guarded, paginate) as unknown as typeof paginate;

  // Outermost: sees each logical request once, after every retry.
  client.hook.wrap('request', async (request, requestOptions) => {
    const route = routeFor(requestOptions);
    try {
      const response = await request(requestOptions);
      if (response.status !== 204 && typeof response.data === 'string' && response.data !== '') {
        throw new ApiError(`${route}: GitHub returned malformed JSON (${response.data.slice(0, 40)}...)`, response.status, route);
      }
      log.debug(`${route}: ${response.status}`);
      return response;
    } catch (error) {
      throw describeError(error, route, refused.get(route));
    }
  });
  return client;
}

/**
 * A request that must not be sent or retried: outside GITHUB_API_URL, over the request budget,
 * not buildable (a bad header), a body past its cap, a write whose answer was lost. Named
 * "AbortError" for the reason given at UnreachableError.
 */
class LocalError extends Error {
  override readonly name = 'AbortError';
}

/**
 * An attempt that failed in a way we can name (a body cut, stalled or empty; a proxy that could
 * not open a tunnel): it is retried, and the last one's reason is the message.
 */
class AttemptError extends Error {}

/** undici's fetch through the proxy; importing it is the first request's, and a failure to is final. */
async function loadProxy(proxy: ApiProxy): Promise<typeof fetch> {
  try {
    return await proxy.load();
  } catch (error) {
    throw new LocalError(`the proxy support (undici) could not be loaded for ${proxy.variable}: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
  }
}

/** Why fetch refused to build the request; a header value may be the token, so never quoted. */
function localReason(error: TypeError): string {
  if (/header/i.test(error.message)) return 'the request could not be built: a header has an invalid value (not shown)';
  return `the request could not be built: ${error.message.split('\n')[0]!.slice(0, 200)}`;
}

/** GITHUB_API_URL's origin and path: the only place requests (and the token) may go. */
function parseBase(baseUrl: string): { url: URL; text: string; contains: (url: URL) => boolean } {
  let root: URL;
  try {
    root = new URL(baseUrl);
  } catch {
    throw new InputError(`GITHUB_API_URL is not a URL: "${baseUrl}"`);
  }
  const prefix = root.pathname.replace(/\/+$/, '');
  return {
    url: root,
    text: `${root.origin}${prefix}`,
    // The URL parser has already resolved "..", so a prefix match cannot be escaped.
    contains: (url) => url.origin === root.origin && (prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)),
  };
}

/**
 * The whole body, read as a stream and given up past `cap` bytes, checked to be there (and, with
 * `parse`, to be JSON) when the status says it has content; returned as a new Response over it.
 */
async function readWhole(response: Response, cap: number, method: string, parse: boolean): Promise<Response> {
  if (response.body === null || response.status === 204 || response.status === 205 || method === 'HEAD') return response;
  const tooLarge = (size: string) => new LocalError(`the response is ${size}, more than the ${cap / 1024 / 1024} MB this route may return`);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > cap) {
    await response.body.cancel().catch(() => {});
    throw tooLarge(`${declared} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > cap) {
        await reader.cancel().catch(() => {});
        throw tooLarge(`over ${cap} bytes`);
      }
      chunks.push(read.value);
    }
  } catch (error) {
    if (error instanceof LocalError) throw error;
    const stalled = (error as Error)?.name === 'TimeoutError';
    throw bodyFailure(method, `the response body ${stalled ? 'stalled (the attempt timed out)' : 'was cut off'} after ${size} bytes`);
  }
  const bytes = Buffer.concat(chunks);
  chunks.length = 0;
  if (response.status >= 200 && response.status < 300) {
    if (bytes.length === 0) throw bodyFailure(method, 'GitHub returned an empty body');
    try {
      if (parse) JSON.parse(bytes.toString('utf8'));
    } catch {
      // An unparsable body is a failed attempt like a cut one (a proxy's error page, a body
      // mangled on the way): a read is asked again, then fails naming the route.
      // eslint-disable-next-line no-control-regex -- control characters are what is replaced
      const start = bytes.subarray(0, 40).toString('utf8').replace(/[\x00-\x1f\x7f]/g, ' ');
      throw bodyFailure(method, `GitHub returned malformed JSON (${start}...)`);
    }
  }
  const copy = new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

/**
 * A read is retried; a write is not: it was sent and may have been made (a second comment, a
 * second release), so the run fails and a re-run finds what was written.
 */
function bodyFailure(method: string, what: string): Error {
  return method === 'GET' ? new AttemptError(what) : new LocalError(`${what}${WRITE_SENT}`);
}

const WRITE_SENT = '; the write was sent and may have been made';

interface PageResponse {
  url: string;
  headers: { link?: string };
  data: unknown;
}

/**
 * Call on each page of one list: fails, naming the route, when a `next` link leads back to a page
 * already read (a loop no count would stop) or when there are more than `maxPages` pages.
 */
export function pageGuard(maxPages: number): (response: PageResponse) => void {
  const seen = new Set<string>();
  let pages = 0;
  return (response) => {
    const route = routeOf({ method: 'GET', url: response.url });
    seen.add(response.url);
    if (++pages > maxPages) throw new ApiError(`${route}: more than ${maxPages} pages (more than the API said it has, or no end)`, null, route);
    const next = /<([^<>]+)>;\s*rel="next"/.exec(response.headers.link ?? '')?.[1];
    if (next !== undefined && seen.has(next)) throw new ApiError(`${route}: the next-page link leads back to a page already read`, null, route);
    if (next !== undefined) seen.add(next);
  };
}

/** The run's API budget is spent: no retry can help. */
class RunBudgetError extends Error {
  constructor(budgetMs: number) {
    super(`the run's budget of ${Math.round(budgetMs / 1000)} s for GitHub API requests is used up`);
  }
}

function describeError(error: unknown, route: string, limitMessage: string | undefined): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof UnreachableError) return new ApiError(error.message, null, route);
  if (error instanceof LocalError) return new ApiError(`${route}: ${error.message}`, null, route);
  const cause = (error as { cause?: unknown })?.cause;
  // Not an HTTP status: Octokit calls every failed fetch "500".
  if (cause instanceof AttemptError) return new ApiError(`${route}: ${cause.message} (after retries)`, null, route);
  if (error instanceof RunBudgetError || cause instanceof RunBudgetError) {
    return new ApiError(`${route}: ${(cause instanceof RunBudgetError ? cause : (error as Error)).message}`, null, route);
  }
  const e = error as { status?: number; message?: string; response?: { data?: unknown } };
  if (limitMessage !== undefined) return new ApiError(limitMessage, e.status ?? null, route);
  const status = typeof e.status === 'number' ? e.status : null;
  const data = e.response?.data as { message?: string } | undefined;
  const said = (typeof data?.message === 'string' ? data.message : e.message ?? String(error)).split('\n')[0]!;
  const what = status === null || status >= 500 ? `${said} (after retries)` : said;
  return new ApiError(`${route} failed${status !== null ? ` with ${status}` : ''}: ${what}`, status, route);
}

/**
 * The API host cannot be reached, and trying again within seconds will not change that: no such
 * host, DNS failing, connection refused, no route, a certificate not trusted. Named "AbortError"
 * because that is what @octokit/request passes through as it is: any other error thrown by
 * fetch becomes a RequestError with status 500, which @octokit/plugin-retry retries (1 + 4 + 9 s).
 * Resets and timeouts stay ordinary errors, and are retried.
 */
class UnreachableError extends Error {
  override readonly name = 'AbortError';
}

/** Why fetch could not reach the host, when no retry can help; null for other failures. */
function unreachable(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'TypeError') return null;
  const cause = (error as { cause?: unknown }).cause as
    | (Error & { code?: string; hostname?: string; errors?: { code?: string }[] })
    | undefined;
  if (!(cause instanceof Error)) return null;
  // Connecting to several addresses (IPv6 and IPv4) fails with an AggregateError of each attempt.
  const code = cause.code ?? cause.errors?.find((e) => typeof e.code === 'string')?.code ?? '';
  switch (code) {
    case 'ENOTFOUND':
      return `no such host${cause.hostname ? ` ${cause.hostname}` : ''} (DNS lookup failed: ENOTFOUND)`;
    case 'EAI_AGAIN':
      return 'DNS lookup failed (EAI_AGAIN: no DNS answer; is the network up?)';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EHOSTUNREACH':
      return 'no route to host (EHOSTUNREACH)';
    case 'ENETUNREACH':
      return 'network unreachable (ENETUNREACH)';
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) {
    return `TLS certificate not accepted: ${cause.message} (${code}); for a private CA set NODE_EXTRA_CA_CERTS`;
  }
  if (cause.message === 'bad port') return 'fetch refuses to connect to this port ("bad port")';
  return null;
}
