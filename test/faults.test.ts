/**
 * Faults on every route the action uses: 502/503 bursts, connection resets, responses slower than
 * the per-attempt timeout, secondary rate limits with and without retry-after, an exhausted
 * primary limit, malformed JSON, and bodies cut mid-way, empty or stalled after the headers. Each run ends either with the decision a fault-free run makes
 * or with a one-line failure naming the route, within a bounded time. The job is the action's
 * own pipeline in process (API source -> decide -> writes) with short timeouts and backoff.
 *
 * The runs mostly wait (on timeouts and backoff), so they go concurrently (vitest's
 * maxConcurrency at a time): each on its own repository, with its own faults (matched by that
 * repository's path), removed when it ends, and its assertions on the test's own `expect`.
 */
import { describe, it } from 'vitest';
import { createClient } from '../src/github/client.js';
import { planFor, type RunEvent } from '../src/github/event.js';
import { createRelease, createTag, syncLabels, upsertStickyComment } from '../src/github/writes.js';
import { GitHubSource } from '../src/sources/github.js';
import { decideChange } from '../src/sources/change.js';
import { actionRequest } from '../src/sources/remote.js';
import { rateLimited, type Fault } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const gh = useFakeGitHub();
let n = 0;

const CONFIG = `version: 1
rules:
  - {name: source, paths: "src/**", bump: minor, labels: [code]}
  - {name: docs, paths: "docs/**", bump: none}
labels:
  bump: {minor: "semver:minor"}
overrides:
  labels: {"release:none": none}
commits:
  conventional: true
`;

const silent = { debug: () => {}, info: () => {}, warn: () => {}, warning: () => {} };

/** A repository with a PR and a push, and the job the action runs for an event. */
function scenario() {
  const name = `faults${++n}`;
  const repo = gh().repo('octo', name);
  const base = repo.commit({ parents: [], files: { '.github/bump-classifier.yml': CONFIG, 'src/a.ts': '1' }, branch: 'main' });
  repo.refs.set('refs/tags/v1.0.0', base);
  const head = repo.commit({ parents: [base], message: 'feat: b', files: { 'src/b.ts': '2', 'docs/x.md': 'x' }, branch: 'feature' });
  repo.openPull({ number: 1, base: 'main', head: 'feature', title: 'feat: add b' });
  const merge = repo.commit({ parents: [base, head], message: 'Merge pull request #1', files: { 'src/b.ts': '2', 'docs/x.md': 'x' }, branch: 'main' });
  repo.pulls.get(1)!.merge_commit_sha = merge;
  const events: Record<'pull' | 'push', RunEvent> = {
    pull: {
      eventName: 'pull_request',
      payload: { number: 1, pull_request: { number: 1, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' }, labels: [] } },
      sha: merge,
      ref: 'refs/pull/1/merge',
    },
    push: { eventName: 'push', payload: { ref: 'refs/heads/main', before: base, after: merge }, sha: merge, ref: 'refs/heads/main' },
  };
  /** The action's pipeline for an event; `writes: false` stops after the decision. */
  const job = async (kind: 'pull' | 'push', writes = true) => {
    const client = createClient({
      token: 't',
      baseUrl: gh().url,
      retryBaseMs: 5,
      requestTimeoutMs: 400,
      maxRateLimitWaitMs: 2000,
      runBudgetMs: 20_000,
      writeIntervalMs: 0,
      log: silent,
    });
    const source = new GitHubSource(client, { owner: 'octo', repo: name });
    const plan = planFor(events[kind]);
    if (plan.kind === 'skip') throw new Error('unexpected skip');
    const change = await actionRequest(plan, source, '.github/bump-classifier.yml', null);
    const decision = await decideChange(source, change.request);
    if (!writes) return { bump: decision.bump, next: decision.nextVersion, labels: decision.labels };
    if (plan.kind === 'pull') {
      await syncLabels(client, { owner: 'octo', repo: name }, 1, { current: change.prLabels, wanted: decision.labels, managed: decision.managedLabels, log: silent });
      await upsertStickyComment(client, { owner: 'octo', repo: name }, 1, `bump ${decision.bump}`, silent);
    } else {
      await createTag(client, { owner: 'octo', repo: name }, decision.nextTag!, merge);
      await createRelease(client, { owner: 'octo', repo: name }, { tag: decision.nextTag!, name: decision.nextTag!, sha: merge, prerelease: false, makeLatest: 'true' });
    }
    return { bump: decision.bump, next: decision.nextVersion, labels: decision.labels };
  };
  return { name, repo, job };
}

const EXPECTED = { bump: 'minor', next: '1.1.0', labels: ['code', 'semver:minor'] };

/** Every route the action reads or writes, as the fake sees it (after /repos/octo/<name>). */
const ROUTES: { route: RegExp; kind: 'pull' | 'push'; method?: string }[] = [
  { route: /\/contents\//, kind: 'pull' },
  { route: /\/pulls\/1$/, kind: 'pull' },
  { route: /\/pulls\/1\/files/, kind: 'pull' },
  { route: /\/pulls\/1\/commits/, kind: 'pull' },
  { route: /\/git\/matching-refs\//, kind: 'pull' },
  { route: /\/labels\//, kind: 'pull', method: 'GET' },
  { route: /\/issues\/1\/labels$/, kind: 'pull', method: 'POST' },
  { route: /\/issues\/1\/comments$/, kind: 'pull', method: 'GET' },
  { route: /\/issues\/1\/comments$/, kind: 'pull', method: 'POST' },
  { route: /\/compare\//, kind: 'push' },
  { route: /\/commits\/[0-9a-f]+\/pulls$/, kind: 'push' },
  { route: /\/git\/refs$/, kind: 'push', method: 'POST' },
  { route: /\/releases\/tags\//, kind: 'push', method: 'GET' },
  { route: /\/releases$/, kind: 'push', method: 'POST' },
];

/** Faults a run must ride out: the decision is the fault-free one. */
const TRANSIENT: [string, Fault | Fault[]][] = [
  ['a 502/503 burst', [{ status: 502, times: 2 }, { status: 503, times: 1 }]],
  ['a connection reset', { reset: true, times: 1 }],
  ['a response slower than the per-attempt timeout', { delayMs: 900, times: 1 }],
  ['a secondary rate limit with retry-after', rateLimited({ secondary: true, retryAfter: 1, times: 1 })],
  ['a secondary rate limit without retry-after (429)', { ...rateLimited({ secondary: true, status: 429, times: 1 }), headers: {} }],
];

/** Faults a run cannot ride out: a clear failure naming the route. */
const FATAL: [string, Fault, RegExp][] = [
  ['an exhausted primary limit resetting in an hour', rateLimited({ resetEpochSeconds: Math.floor(Date.now() / 1000) + 3600, times: Infinity }), /API rate limit exhausted on \w+ \/repos\/octo\/faults\d+\/.* it resets at \d{4}-/],
  ['malformed JSON', { malformed: true, times: Infinity }, /^\w+ \/repos\/octo\/faults\d+\/.*: GitHub returned malformed JSON/],
  ['a persistent 503', { status: 503, times: Infinity }, /^\w+ \/repos\/octo\/faults\d+\/\S* failed with 503: .*\(after retries\)$/],
];

/** Injects faults on one scenario's route; returns what removes them (not clearFaults(): runs go concurrently). */
function inject(name: string, route: RegExp, method: string | undefined, faults: Fault | Fault[]): () => void {
  const path = new RegExp(`^/repos/octo/${name}${route.source}`);
  const removers = (Array.isArray(faults) ? faults : [faults]).map((fault) => gh().fault(method ? { method, path } : { path }, fault));
  return () => {
    for (const remove of removers) remove();
  };
}

describe.concurrent.each(ROUTES)('faults on $route ($kind$method)', ({ route, kind, method }) => {
  // Faults on a read need only the decision; faults on a write run the writes too.
  const writes = method !== undefined;
  it.for(TRANSIENT)('%s: the decision is the fault-free one', async ([, faults], { expect }) => {
    const { name, job } = scenario();
    const clearFaults = inject(name, route, method, faults);
    const started = Date.now();
    await expect(job(kind, writes)).resolves.toEqual(EXPECTED);
    expect(Date.now() - started).toBeLessThan(15_000);
    clearFaults();
  });

  it.for(FATAL)('%s: a clear failure naming the route', async ([what, fault, message], { expect }) => {
    // Malformed JSON on a write whose response is not read back still writes: not a failure.
    if (what === 'malformed JSON' && method === 'POST' && /labels|comments|releases$/.test(route.source)) return;
    const { name, job } = scenario();
    const clearFaults = inject(name, route, method, fault);
    const started = Date.now();
    const error = await job(kind, writes).then(
      () => null,
      (e: unknown) => e as Error,
    );
    clearFaults();
    expect(error, `${what} on ${route} was ridden out`).not.toBeNull();
    expect(error!.message).toMatch(message);
    expect(error!.message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

/** Bodies that fail after a good status line: a read asks again, a write was made and is not sent twice. */
const BODY: [string, Fault][] = [
  ['a body cut mid-way', { cut: true }],
  ['an empty body', { empty: true }],
  ['a body that stalls after the headers', { stall: true }],
];

describe.concurrent.each(ROUTES)('body faults on $route ($kind$method)', ({ route, kind, method }) => {
  const writes = method !== undefined;
  const read = method === undefined || method === 'GET';

  it.for(BODY)('%s once: a read is retried and decides as without it; a write fails clearly, not sent twice', async ([, fault], { expect }) => {
    const { name, job } = scenario();
    const clearFaults = inject(name, route, method, { ...fault, times: 1 });
    const started = Date.now();
    const result = job(kind, writes);
    if (read) {
      await expect(result).resolves.toEqual(EXPECTED);
    } else {
      const error = await result.then(() => null, (e: unknown) => e as Error);
      expect(error?.message).toMatch(/^\w+ \/repos\/octo\/faults\d+\/\S+: (the response body .*|GitHub returned an empty body); the write was sent and may have been made$/);
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    clearFaults();
  });

  it.for(BODY)('%s on every attempt: a one-line failure naming the route, never a lower decision', async ([what, fault], { expect }) => {
    const { name, job } = scenario();
    const clearFaults = inject(name, route, method, { ...fault, times: Infinity });
    const started = Date.now();
    const error = await job(kind, writes).then(
      () => null,
      (e: unknown) => e as Error,
    );
    clearFaults();
    expect(error, `${what} on ${route} was ridden out`).not.toBeNull();
    expect(error!.message).toMatch(/^\w+ \/repos\/octo\/faults\d+\/\S*: (the response body (was cut off|stalled)|GitHub returned an empty body)/);
    expect(error!.message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
