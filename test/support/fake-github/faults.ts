/**
 * Fault injection for the fake GitHub server: canned error responses,
 * dropped connections, extra delay, garbage, empty, cut, stalled and huge bodies, matched by method and
 * path and consumed in registration order.
 */

export interface FaultMatcher {
  /** HTTP method(s), case-insensitive; omitted = any method. */
  method?: string | string[];
  /**
   * Exact request path (no query string), or a RegExp tested against it. Both the
   * percent-decoded and the raw path are tried, so `/git/ref/heads/main` matches
   * Octokit's `/git/ref/heads%2Fmain`.
   */
  path: string | RegExp;
}

interface FaultBase {
  /** How many matching requests this fault affects; default 1, `Infinity` for "always". */
  times?: number;
}

/** Respond with this status instead of the real handler. A string body is sent verbatim, anything else as JSON. */
export interface StatusFault extends FaultBase {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Destroy the socket without writing a response (the client sees a connection reset / "other side closed"). */
export interface ResetFault extends FaultBase {
  reset: true;
}

/** Wait this long (on top of the global latency), then serve the request normally. */
export interface DelayFault extends FaultBase {
  delayMs: number;
}

/** 200 with `content-type: application/json` and a body that is not valid JSON. */
export interface MalformedFault extends FaultBase {
  malformed: true;
}

/**
 * The real response's status and headers (with its content-length), then part of the body, then
 * the socket destroyed: a body cut off mid-way. The request is handled for real (a write is made).
 */
export interface CutFault extends FaultBase {
  cut: true;
}

/** 200 with `content-type: application/json` and an empty body (`content-length: 0`). */
export interface EmptyFault extends FaultBase {
  empty: true;
}

/** The real response's status and headers, then no body at all, until the client gives up. */
export interface StallFault extends FaultBase {
  stall: true;
}

/**
 * 200 and a well-formed recursive-tree JSON body of at least `hugeBytes` bytes, streamed without
 * content-length; the request's `bytesSent` says how much was written before the client hung up.
 */
export interface HugeFault extends FaultBase {
  hugeBytes: number;
}

export type Fault = StatusFault | ResetFault | DelayFault | MalformedFault | CutFault | EmptyFault | StallFault | HugeFault;

interface RegisteredFault {
  matcher: FaultMatcher;
  fault: Fault;
  remaining: number;
}

export class FaultRegistry {
  private readonly faults: RegisteredFault[] = [];

  /** Registers a fault; the function returned removes it (if it is not used up yet). */
  add(matcher: FaultMatcher, fault: Fault): () => void {
    const remaining = fault.times ?? 1;
    if (!(remaining > 0)) throw new Error(`fake-github: fault "times" must be > 0, got ${String(fault.times)}`);
    const entry: RegisteredFault = { matcher, fault, remaining };
    this.faults.push(entry);
    return () => {
      const index = this.faults.indexOf(entry);
      if (index !== -1) this.faults.splice(index, 1);
    };
  }

  /** Returns (and consumes one use of) the first registered fault matching the request, if any. */
  take(method: string, ...paths: string[]): Fault | undefined {
    const index = this.faults.findIndex((entry) => paths.some((path) => matches(entry.matcher, method, path)));
    if (index === -1) return undefined;
    const entry = this.faults[index]!;
    entry.remaining--;
    if (entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  /** Faults not yet used up; handy for asserting that a test's faults were actually hit. */
  pending(): number {
    return this.faults.length;
  }

  clear(): void {
    this.faults.length = 0;
  }
}

/** Whether a request (method, one form of its path) is one a matcher names; also used by request hooks. */
export function matches(matcher: FaultMatcher, method: string, path: string): boolean {
  if (matcher.method !== undefined) {
    const methods = Array.isArray(matcher.method) ? matcher.method : [matcher.method];
    if (!methods.some((m) => m.toUpperCase() === method.toUpperCase())) return false;
  }
  return typeof matcher.path === 'string' ? matcher.path === path : matcher.path.test(path);
}

export function isStatusFault(fault: Fault): fault is StatusFault {
  return 'status' in fault;
}
export function isResetFault(fault: Fault): fault is ResetFault {
  return 'reset' in fault;
}
export function isDelayFault(fault: Fault): fault is DelayFault {
  return 'delayMs' in fault;
}
export function isMalformedFault(fault: Fault): fault is MalformedFault {
  return 'malformed' in fault;
}

export function isCutFault(fault: Fault): fault is CutFault {
  return 'cut' in fault;
}
export function isEmptyFault(fault: Fault): fault is EmptyFault {
  return 'empty' in fault;
}
export function isStallFault(fault: Fault): fault is StallFault {
  return 'stall' in fault;
}
export function isHugeFault(fault: Fault): fault is HugeFault {
  return 'hugeBytes' in fault;
}

const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

/**
 * GitHub's rate-limit responses, shaped so that @octokit/plugin-throttling
 * classifies them the way it would on github.com:
 * - primary: 403 + `x-ratelimit-remaining: 0` + `x-ratelimit-reset` (epoch seconds);
 * - secondary: 403 (or 429) + `retry-after` + a message containing "secondary rate".
 * Defaults: primary resets 60 s from now; secondary retry-after is 60 s.
 */
export function rateLimited(options: {
  retryAfter?: number;
  resetEpochSeconds?: number;
  secondary?: boolean;
  status?: 403 | 429;
  times?: number;
} = {}): StatusFault {
  const reset = options.resetEpochSeconds ?? Math.floor(Date.now() / 1000) + 60;
  const status = options.status ?? 403;
  const base: StatusFault = options.times === undefined ? { status } : { status, times: options.times };
  if (options.secondary) {
    return {
      ...base,
      headers: {
        'retry-after': String(options.retryAfter ?? 60),
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4000',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
      },
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
          'If you reach out to GitHub Support for help, please include the request ID 0000:FAKE:0000000:0000000:00000000.',
        documentation_url: `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
        status: String(status),
      },
    };
  }
  const headers: Record<string, string> = {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': '5000',
    'x-ratelimit-reset': String(reset),
    'x-ratelimit-resource': 'core',
  };
  if (options.retryAfter !== undefined) headers['retry-after'] = String(options.retryAfter);
  return {
    ...base,
    headers,
    body: {
      message:
        'API rate limit exceeded for installation ID 1. If you reach out to GitHub Support for help, ' +
        'please include the request ID 0000:FAKE:0000000:0000000:00000000 and timestamp.',
      documentation_url: `${RATE_LIMIT_DOCS}#about-primary-rate-limits`,
      status: String(status),
    },
  };
}

/** What GITHUB_TOKEN gets on write endpoints in workflows triggered from forks. */
export function resourceNotAccessible(times = Infinity): StatusFault {
  return {
    status: 403,
    times,
    body: {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    },
  };
}
