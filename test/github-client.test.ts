/** The client's retry, throttling, timeout and error behaviour against the fake API. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createClient, MAX_REQUESTS_IN_FLIGHT } from '../src/github/client.js';
import { rateLimited } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const gh = useFakeGitHub();
beforeAll(() => {
  gh().repo('octo', 'app').commit({ parents: [], files: { a: '1' }, branch: 'main' });
});

const client = (extra: Partial<Parameters<typeof createClient>[0]> = {}) =>
  createClient({ token: 't', baseUrl: gh().url, retryBaseMs: 1, requestTimeoutMs: 2000, ...extra });
const getRepo = (c = client()) => c.rest.repos.get({ owner: 'octo', repo: 'app' });
const PATH = '/repos/octo/app';

describe('createClient', () => {
  it(`keeps ${MAX_REQUESTS_IN_FLIGHT} requests in flight: 10 file pages and the PR, config and tag reads beside them`, async () => {
    gh().clearFaults();
    gh().setLatency(1000);
    try {
      const c = client({ requestTimeoutMs: 10_000 });
      const before = gh().requests.length;
      const arrived = () => gh().requests.length - before;
      const all = Promise.all(Array.from({ length: MAX_REQUESTS_IN_FLIGHT + 3 }, () => getRepo(c)));
      while (arrived() < MAX_REQUESTS_IN_FLIGHT) await new Promise((r) => setTimeout(r, 10));
      // The others wait for a slot, which frees only when the first answers come back.
      await new Promise((r) => setTimeout(r, 300));
      expect(arrived()).toBe(MAX_REQUESTS_IN_FLIGHT);
      await all;
      expect(arrived()).toBe(MAX_REQUESTS_IN_FLIGHT + 3);
    } finally {
      gh().setLatency(0);
    }
  });

  it('retries 5xx bursts and connection resets, then succeeds', async () => {
    gh().clearFaults();
    gh().fault({ path: PATH }, { status: 502, times: 2 });
    gh().fault({ path: PATH }, { reset: true, times: 1 });
    const { data } = await getRepo();
    expect(data.full_name).toBe('octo/app');
    expect(gh().pendingFaults()).toBe(0);
  });

  it('gives up after a bounded number of attempts with a message naming the route', async () => {
    gh().clearFaults();
    gh().fault({ path: PATH }, { status: 503, times: Infinity });
    const before = gh().requests.length;
    await expect(getRepo(client({ retries: 2 }))).rejects.toThrowError(/^GET \/repos\/octo\/app failed with 503: .*\(after retries\)$/);
    expect(gh().requests.length - before).toBe(3);
    gh().clearFaults();
  });

  it('times out a slow attempt and retries it', async () => {
    gh().clearFaults();
    gh().fault({ path: PATH }, { delayMs: 1500, times: 1 });
    const { data } = await getRepo(client({ requestTimeoutMs: 300 }));
    expect(data.full_name).toBe('octo/app');
  });

  it('waits out a secondary rate limit with retry-after', async () => {
    gh().clearFaults();
    gh().fault({ path: PATH }, rateLimited({ secondary: true, retryAfter: 2, times: 1 }));
    const warnings: string[] = [];
    const { data } = await getRepo(client({ log: { debug: () => {}, warning: (m) => warnings.push(m) } }));
    expect(data.full_name).toBe('octo/app');
    expect(warnings.join()).toMatch(/secondary rate limit on GET \/repos\/octo\/app; retrying in 2 s/);
  });

  it('fails clearly, naming the reset time, when a primary limit resets beyond the budget', async () => {
    gh().clearFaults();
    const reset = Math.floor(Date.now() / 1000) + 3600;
    gh().fault({ path: PATH }, rateLimited({ resetEpochSeconds: reset, times: Infinity }));
    const error = await getRepo(client({ retryBaseMs: 1000, maxRateLimitWaitMs: 120_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(/^API rate limit exhausted on GET \/repos\/octo\/app; it resets at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z, beyond the 120 s this run may wait for limits$/);
    gh().clearFaults();
  });

  it('retries malformed JSON as a failed attempt, then fails clearly naming the route', async () => {
    gh().clearFaults();
    gh().fault({ path: PATH }, { malformed: true, times: 1 });
    await expect(getRepo()).resolves.toBeDefined();
    gh().fault({ path: PATH }, { malformed: true, times: Infinity });
    await expect(getRepo()).rejects.toThrowError(/^GET \/repos\/octo\/app: GitHub returned malformed JSON .*\(after retries\)$/);
    gh().clearFaults();
  });

  it('sends the token and respects GITHUB_API_URL as the base URL (GHES: /api/v3)', async () => {
    gh().clearFaults();
    const before = gh().requests.length;
    await getRepo(createClient({ token: 'secret-token', baseUrl: `${gh().url}/` }));
    const sent = gh().requests.slice(before)[0]!;
    expect(sent.headers.authorization).toBe('token secret-token');
    expect(sent.headers['user-agent']).toMatch(/^bump-classifier/);
  });
});

describe('the run budget', () => {
  it('no attempt starts after the budget is spent: a clear failure naming the route', async () => {
    gh().clearFaults();
    gh().fault({ path: PATH }, { delayMs: 400, times: Infinity });
    const started = Date.now();
    const error = await getRepo(client({ runBudgetMs: 250, requestTimeoutMs: 5000 })).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(/GET \/repos\/octo\/app/);
    gh().clearFaults();
  });
});
