/**
 * The GitHub REST client: @octokit/rest with the retry and throttling plugins, a timeout on
 * every attempt, a bounded total wait for rate limits, and errors that name the route.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';

const ClientClass = Octokit.plugin(retry, throttling);
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
  log?: { debug: (m: string) => void; warn: (m: string) => void };
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

function routeOf(options: RequestLike): string {
  const url = options.url ?? '';
  const path = url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
  return `${options.method ?? 'GET'} ${decodeURIComponent(path)}`;
}

export function createClient(options: ClientOptions): GitHubClient {
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const budgetMs = options.maxRateLimitWaitMs ?? 120_000;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const log = options.log ?? { debug: () => {}, warn: () => {} };
  const runBudgetMs = options.runBudgetMs ?? 10 * 60_000;
  const deadline = Date.now() + runBudgetMs;
  let waitedMs = 0;
  /** The reset time of the limit that could not be waited for, for the error message. */
  const refused = new Map<string, string>();

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
      log.warn(`GitHub ${kind} rate limit on ${route}; retrying in ${retryAfter} s`);
      return true;
    }
    const at = new Date(Date.now() + retryAfter * 1000).toISOString();
    refused.set(route, `${kind === 'primary' ? 'API rate limit exhausted' : 'secondary rate limit'} on ${route}; it resets at ${at}, beyond the ${Math.round(budgetMs / 1000)} s this run may wait for limits`);
    return false;
  };

  const client: GitHubClient = new ClientClass({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: options.userAgent ?? 'bump-classifier',
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    request: {
      // A timeout per attempt (not per logical request), so a retry gets its own time.
      fetch: (url: string | URL, init: RequestInit = {}) => {
        const left = deadline - Date.now();
        if (left <= 0) return Promise.reject(new RunBudgetError(runBudgetMs));
        const timeout = AbortSignal.timeout(Math.min(timeoutMs, left));
        return fetch(url, { ...init, signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout }).catch((error: unknown) => {
          const why = unreachable(error);
          throw why === null ? error : new UnreachableError(`cannot reach ${originOf(url)}: ${why}`);
        });
      },
    },
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: retryBaseMs },
    throttle: {
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      retryAfterBaseValue: retryBaseMs,
      ...(options.writeIntervalMs === undefined
        ? {}
        : {
            write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs }),
            notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs }),
          }),
    },
  });

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

/** The run's API budget is spent: no retry can help. */
class RunBudgetError extends Error {
  constructor(budgetMs: number) {
    super(`the run's budget of ${Math.round(budgetMs / 1000)} s for GitHub API requests is used up`);
  }
}

function describeError(error: unknown, route: string, limitMessage: string | undefined): unknown {
  if (error instanceof ApiError) return error;
  if (error instanceof UnreachableError) return new ApiError(error.message, null, route);
  const cause = (error as { cause?: unknown })?.cause;
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

function originOf(url: string | URL): string {
  try {
    return new URL(url).origin;
  } catch {
    return String(url);
  }
}
