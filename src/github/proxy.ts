/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the API client: which proxy, if any, carries requests to
 * GITHUB_API_URL, and a fetch through it. undici's EnvHttpProxyAgent does the proxying (CONNECT
 * tunnels, so the proxy never sees the token, and Proxy-Authorization from the URL's user and
 * password); it is loaded on first use, so a run without a proxy loads nothing more.
 *
 * The rules are undici's (and so Node's own NODE_USE_ENV_PROXY): the lower-case variable wins;
 * an https URL takes HTTPS_PROXY, else HTTP_PROXY; NO_PROXY lists hosts (with subdomains),
 * `host:port`, `.host`, `*.host`, or is `*`; loopback is proxied unless listed. `proxyFor` decides
 * with those rules before undici is loaded, and the agent is given the same values.
 */
import { InputError } from '../core/errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ApiProxy {
  /** The proxy URL for messages: its user and password shown as "***". */
  readonly shown: string;
  /** The variable it came from: "HTTPS_PROXY", "http_proxy", ... */
  readonly variable: string;
  /** fetch through the proxy: undici's, with an EnvHttpProxyAgent. undici is imported on the first call. */
  load(): Promise<typeof fetch>;
  /** The error itself, or when its message or a cause's quotes the proxy's user or password, a copy without them. */
  redactError(error: unknown): unknown;
  /** What a failed fetch through the proxy means when the proxy refused the tunnel; null otherwise. */
  refusal(error: unknown, target: URL): { message: string; retry: boolean } | null;
}

/** The proxy for requests to `target`, or null: none set for its protocol, or NO_PROXY excludes it. */
export function proxyFor(target: URL, env: Env): ApiProxy | null {
  const https = pick(env, 'https_proxy', 'HTTPS_PROXY');
  const http = pick(env, 'http_proxy', 'HTTP_PROXY');
  const chosen = target.protocol === 'https:' && https !== null ? https : http;
  if (chosen === null) return null;
  const noProxy = env.no_proxy ?? env.NO_PROXY ?? '';
  if (excluded(target, noProxy)) return null;
  return makeProxy(chosen.variable, parseProxyUrl(chosen.variable, chosen.value), noProxy);
}

/** A variable's value, lower case first as undici reads them; unset when empty. */
function pick(env: Env, lower: string, upper: string): { variable: string; value: string } | null {
  const variable = env[lower] !== undefined ? lower : upper;
  const value = env[variable]?.trim() ?? '';
  return value === '' ? null : { variable, value };
}

/** undici's NO_PROXY match (EnvHttpProxyAgent#shouldProxy), for the one origin the client talks to. */
export function excluded(target: URL, noProxy: string): boolean {
  if (noProxy === '*') return true;
  const hostname = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(target.port, 10) || (target.protocol === 'https:' ? 443 : 80);
  for (const entry of noProxy.split(/[,\s]/)) {
    if (entry === '') continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const host = (parsed ? parsed[1]! : entry).replace(/^\*?\./, '').toLowerCase();
    const entryPort = parsed ? Number.parseInt(parsed[2]!, 10) : 0;
    if (entryPort !== 0 && entryPort !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return true;
  }
  return false;
}

/** The proxy URL, `http://` added when it has no scheme (`proxy:3128`), or an InputError naming the variable. */
function parseProxyUrl(variable: string, value: string): URL {
  const bad = (why: string) =>
    new InputError(`${variable} is not a proxy URL (${why}): "${showRaw(value)}"; expected http://[USER:PASSWORD@]HOST[:PORT] or https://...`);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw bad('it does not parse');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(`the scheme ${url.protocol.slice(0, 20)}// is not supported`);
  if (url.hostname === '') throw bad('no host');
  return url;
}

/** A value that is not a proxy URL, shown without what lies between its scheme and its last "@" (a user and password). */
function showRaw(value: string): string {
  const at = value.lastIndexOf('@');
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are what is replaced
  const shown = (at === -1 ? value : `${scheme}***@${value.slice(at + 1)}`).replace(/[\x00-\x1f\x7f]/g, ' ');
  return shown.length > 120 ? `${shown.slice(0, 120)}...` : shown;
}

function makeProxy(variable: string, url: URL, noProxy: string): ApiProxy {
  const credentials = url.username !== '' || url.password !== '';
  const shown = `${url.protocol}//${credentials ? '***@' : ''}${url.host}`;
  const secrets = [url.username, url.password, safeDecode(url.username), safeDecode(url.password)].filter((s) => s !== '');
  secrets.sort((a, b) => b.length - a.length);
  const redact = (text: string): string => secrets.reduce((t, s) => t.split(s).join('***'), text);

  let loading: Promise<typeof fetch> | undefined;
  const load = (): Promise<typeof fetch> =>
    (loading ??= import('undici').then((module) => {
      // undici is CommonJS: Node gives its exports both named and as `default`, esbuild's chunk only as `default`.
      const { EnvHttpProxyAgent, fetch: undiciFetch } = (module.default ?? module) as unknown as typeof module;
      // Given every value, so the agent reads nothing from process.env.
      const dispatcher = new EnvHttpProxyAgent({ httpProxy: url.href, httpsProxy: url.href, noProxy });
      return ((input: string | URL, init?: RequestInit) =>
        undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher })) as unknown as typeof fetch;
    }));

  return {
    shown,
    variable,
    load,
    redactError(error) {
      const messages = causes(error).map((e) => e.message);
      if (messages.every((m) => redact(m) === m)) return error;
      // The shape fetch fails with (what the client and Octokit read): "fetch failed", the reason as the cause.
      return new TypeError('fetch failed', { cause: new Error(redact(messages[1] ?? messages[0]!)) });
    },
    refusal(error, target) {
      const status = tunnelStatus(error);
      if (status === null) return null;
      const via = `the proxy ${shown} (${variable})`;
      if (status === 407) {
        const fix = credentials ? 'check the user and password in' : 'put a user and password in';
        return { message: `${via} asks for credentials (407 Proxy Authentication Required): ${fix} ${variable}, http://USER:PASSWORD@HOST:PORT`, retry: false };
      }
      // A 5xx is the proxy failing to reach GitHub, which may pass; a 4xx is its policy, which will not.
      return { message: `${via} ${status >= 500 ? 'could not open' : 'refused'} a tunnel to ${target.host} (${status})`, retry: status >= 500 };
    },
  };
}

/** The status of a refused CONNECT: undici aborts the request with "Proxy response (407) !== 200 ...". */
function tunnelStatus(error: unknown): number | null {
  for (const e of causes(error)) {
    const match = /^Proxy response \((\d{3})\) !== 200/.exec(e.message);
    if (match) return Number(match[1]);
  }
  return null;
}

/** The error and its causes, outermost first (fetch nests them: TypeError, DOMException, undici's error). */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let e = error; e instanceof Error && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
