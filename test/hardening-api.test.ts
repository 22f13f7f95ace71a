/**
 * Hardening of the API client and the API source against a hostile or broken API: the token never
 * leaves GITHUB_API_URL, a cut, stalled or empty body never becomes an empty list, a response of
 * the wrong shape is a clear failure, pagination and response sizes are bounded, and a bad token
 * fails at once without being shown. The fake API over loopback, the real Octokit through createClient.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { ApiError, createClient, MAX_PAGES, MAX_REQUESTS_PER_RUN, type ClientOptions } from '../src/github/client.js';
import { COMMENT_MARKER, upsertStickyComment } from '../src/github/writes.js';
import { GitHubSource } from '../src/sources/github.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const gh = useFakeGitHub();
/** A second API on loopback that must never be asked anything. */
let other: { url: string; requests: IncomingMessage[]; close: () => Promise<void> };
let n = 0;

beforeAll(async () => {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  other = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
});
afterAll(async () => {
  await other.close();
});

const silent = { info: () => {}, warning: () => {} };

/** A repository with PR #1 (two commits), its client and API source. */
function setup(options: Partial<ClientOptions> = {}) {
  const name = `hard${++n}`;
  const repo = gh().repo('octo', name);
  const base = repo.commit({ parents: [], files: { 'src/a.ts': '1' }, branch: 'main' });
  const mid = repo.commit({ parents: [base], message: 'feat: b', files: { 'src/b.ts': '2' } });
  const head = repo.commit({ parents: [mid], message: 'fix: c', files: { 'src/b.ts': '3' }, branch: 'feature' });
  repo.openPull({ number: 1, base: 'main', head: 'feature', title: 'feat: b' });
  const client = createClient({ token: 'secret-token', baseUrl: gh().url, retryBaseMs: 1, requestTimeoutMs: 500, ...options });
  const source = new GitHubSource(client, { owner: 'octo', repo: name });
  const path = (rest: string) => new RegExp(`^/repos/octo/${name}${rest}$`);
  const requests = (rest: string) => gh().requests.filter((r) => path(rest).test(r.path));
  return { name, repo, client, source, base, head, path, requests, ref: { owner: 'octo', repo: name } };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as Error,
  );

const COMMIT = { sha: 'a'.repeat(40), commit: { message: 'feat: x' } };

describe('1. the token goes only to GITHUB_API_URL', () => {
  it("a PR commits page whose next link names another host: that host gets nothing, the failure names the route", async () => {
    const { source, path, requests, name } = setup();
    const link = `<${other.url}/repos/octo/${name}/pulls/1/commits?per_page=100&page=2>; rel="next"`;
    gh().fault({ path: path('/pulls/1/commits') }, { status: 200, body: [COMMIT], headers: { link } });
    const error = await failure(source.pullCommits(1, 250));
    expect(other.requests).toHaveLength(0);
    expect(error).toBeInstanceOf(ApiError);
    expect(error!.message).toMatch(new RegExp(`^GET /repos/octo/${name}/pulls/1/commits: refusing to send the token outside GITHUB_API_URL \\(${gh().url}\\) to ${other.url}/`));
    expect(error!.message).not.toContain('secret-token');
    expect(requests('/pulls/1/commits')).toHaveLength(1); // the refusal is not retried
  });

  it('a comments page whose next link names another host: the sticky comment write fails clearly, that host gets nothing', async () => {
    const { client, ref, path, name } = setup();
    const link = `<${other.url}/repos/octo/${name}/issues/1/comments?page=2>; rel="next"`;
    gh().fault({ method: 'GET', path: path('/issues/1/comments') }, { status: 200, body: [], headers: { link } });
    const error = await failure(upsertStickyComment(client, ref, 1, 'bump minor', silent));
    expect(other.requests).toHaveLength(0);
    expect(error!.message).toMatch(/issues\/1\/comments: refusing to send the token outside GITHUB_API_URL/);
    expect(gh().repo('octo', name).comments.size).toBe(0);
  });

  it('a URL on the API host but outside its path prefix (GHES /api/v3) is refused before it is sent', async () => {
    const client = createClient({ token: 'secret-token', baseUrl: `${gh().url}/api/v3`, retryBaseMs: 1 });
    const before = gh().requests.length;
    for (const url of [`${gh().url}/repos/o/r`, `${gh().url}/api/v3/../../repos/o/r`, `${gh().url}/api/v30/repos/o/r`]) {
      await expect(client.request({ method: 'GET', url })).rejects.toThrowError(/refusing to send the token outside GITHUB_API_URL/);
    }
    expect(gh().requests.length).toBe(before);
  });
});

describe('2. a cut, stalled or empty body is a failed attempt; a response of the wrong shape is a clear failure', () => {
  it('a PR commits body cut after the headers is retried, and then read in full', async () => {
    const { source, path } = setup();
    gh().fault({ path: path('/pulls/1/commits') }, { cut: true, times: 2 });
    expect((await source.pullCommits(1, 2)).map((c) => c.message)).toEqual(['fix: c', 'feat: b']);
  });

  it.each([
    ['cut', { cut: true as const }, /the response body was cut off after \d+ bytes/],
    ['stalled', { stall: true as const }, /the response body stalled \(the attempt timed out\) after 0 bytes/],
    ['empty', { empty: true as const }, /GitHub returned an empty body/],
  ])('a PR commits body %s on every attempt: a one-line failure naming the route, never an empty list', async (_, fault, message) => {
    const { source, path, requests, name } = setup({ requestTimeoutMs: 300 });
    gh().fault({ path: path('/pulls/1/commits') }, { ...fault, times: Infinity });
    const error = await failure(source.pullCommits(1, 2));
    gh().clearFaults();
    expect(error).toBeInstanceOf(ApiError);
    expect(error!.message).toMatch(new RegExp(`^GET /repos/octo/${name}/pulls/1/commits: ${message.source} \\(after retries\\)$`));
    expect(requests('/pulls/1/commits')).toHaveLength(4);
  });

  it('an empty PR body is retried, never a TypeError', async () => {
    const { source, path, base } = setup();
    gh().fault({ path: path('/pulls/1') }, { empty: true, times: 1 });
    expect(await source.pull(1)).toMatchObject({ number: 1, baseSha: base, changedFiles: 1, commits: 2 });
  });

  it('a cut comment list is read again: the sticky comment is updated, never written twice', async () => {
    const { client, ref, path, name } = setup();
    const repo = gh().repo('octo', name);
    for (let i = 0; i < 3; i++) repo.addComment(1, `comment ${i}`, 'someone');
    repo.addComment(1, `${COMMENT_MARKER}\nbump patch`);
    gh().fault({ method: 'GET', path: path('/issues/1/comments') }, { cut: true, times: 1 });
    const result = await upsertStickyComment(client, ref, 1, 'bump minor', silent);
    expect(result.action).toBe('updated');
    expect([...repo.comments.values()].filter((c) => c.body.includes(COMMENT_MARKER))).toHaveLength(1);
  });

  it('a write whose answer is cut is not sent again: a clear failure saying it may have been made', async () => {
    const { client, ref, path, name } = setup();
    gh().fault({ method: 'POST', path: path('/issues/1/comments') }, { cut: true, times: Infinity });
    const error = await failure(upsertStickyComment(client, ref, 1, 'bump minor', silent));
    gh().clearFaults();
    expect(error!.message).toMatch(new RegExp(`^POST /repos/octo/${name}/issues/1/comments: the response body was cut off .*; the write was sent and may have been made$`));
    expect(gh().repo('octo', name).comments.size).toBe(1);
  });

  const missing: [string, string, unknown, string][] = [
    ['the PR', '/pulls/1', { number: 1, title: 't', changed_files: 1, commits: 1, labels: [], base: { ref: 'main' }, head: { sha: 'b'.repeat(40) } }, 'base.sha'],
    ['a PR files page', '/pulls/1/files', [{ status: 'added' }], '[0].filename'],
    ['a PR commits page', '/pulls/1/commits', [{ sha: 'a'.repeat(40), commit: {} }], '[0].commit.message'],
    ['the compare', '/compare/.*', { status: 'ahead', ahead_by: 1, total_commits: 1, commits: [], files: [] }, 'merge_base_commit'],
    ['a tree', '/git/trees/.*', { sha: 'x', truncated: false, tree: { path: 'a' } }, 'tree'],
    ['the tag refs', '/git/matching-refs/.*', { ref: 'refs/tags/v1.0.0' }, 'the body'],
  ];
  it.each(missing)('%s with a missing or mistyped field: an ApiError naming the route and the field', async (_, route, body, field) => {
    const { source, path, base, head, name } = setup();
    gh().fault({ path: path(route) }, { status: 200, body, times: Infinity });
    const pull = { number: 1, changedFiles: 1, commits: 1, baseSha: base, headSha: head, baseRef: 'main', labels: [], draft: false, title: 't' };
    const read: Record<string, () => Promise<unknown>> = {
      '/pulls/1': () => source.pull(1),
      '/pulls/1/files': () => source.pullFiles(pull, { baseSha: base, headSha: head }),
      '/pulls/1/commits': () => source.pullCommits(1, 1),
      '/compare/.*': () => source.compareFiles(base, head),
      '/git/trees/.*': () => source.treePaths(head),
      '/git/matching-refs/.*': () => source.tagRefs(['v']),
    };
    const error = await failure(read[route]!());
    gh().clearFaults();
    expect(error).toBeInstanceOf(ApiError);
    const where = field === 'the body' ? 'the body' : `"${field.replace(/[[\]]/g, '\\$&')}"`;
    expect(error!.message).toMatch(new RegExp(`^GET /repos/octo/${name}/\\S+: GitHub's response has no valid ${where} \\(`));
  });
});

describe('4. pagination and response sizes are bounded', () => {
  it('a comments page linking to itself ends at its second request in a clear failure', async () => {
    const { client, ref, path, name, requests } = setup();
    const link = `<${gh().url}/repos/octo/${name}/issues/1/comments?per_page=100&page=1>; rel="next"`;
    gh().fault({ method: 'GET', path: path('/issues/1/comments') }, { status: 200, body: [], headers: { link }, times: Infinity });
    const error = await failure(upsertStickyComment(client, ref, 1, 'bump minor', silent));
    gh().clearFaults();
    expect(error!.message).toBe(`GET /repos/octo/${name}/issues/1/comments: the next-page link leads back to a page already read`);
    expect(requests('/issues/1/comments')).toHaveLength(2);
  });

  it(`a comments list that never ends stops after ${MAX_PAGES} pages`, { timeout: 30_000 }, async () => {
    const { client, ref, path, name, requests } = setup();
    // Each page links to a new page number, forever.
    for (let page = 1; page <= MAX_PAGES + 1; page++) {
      const link = `<${gh().url}/repos/octo/${name}/issues/1/comments?per_page=100&page=${page + 1}>; rel="next"`;
      gh().fault({ method: 'GET', path: path('/issues/1/comments') }, { status: 200, body: [], headers: { link } });
    }
    const error = await failure(upsertStickyComment(client, ref, 1, 'bump minor', silent));
    gh().clearFaults();
    expect(error!.message).toMatch(new RegExp(`^GET /repos/octo/${name}/issues/1/comments: more than ${MAX_PAGES} pages`));
    expect(requests('/issues/1/comments')).toHaveLength(MAX_PAGES + 1);
  });

  it(`a run makes at most ${MAX_REQUESTS_PER_RUN} requests; the next fails clearly, naming its route`, { timeout: 30_000 }, async () => {
    const { client, name, requests } = setup();
    const results = await Promise.allSettled(
      Array.from({ length: MAX_REQUESTS_PER_RUN + 3 }, () => client.rest.repos.get({ owner: 'octo', repo: name })),
    );
    const failed = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as Error).message);
    expect(failed).toEqual(Array(3).fill(`GET /repos/octo/${name}: more than ${MAX_REQUESTS_PER_RUN} API requests in this run (a pagination loop, or a count no run can read)`));
    expect(requests('')).toHaveLength(MAX_REQUESTS_PER_RUN);
  });

  it("a PR commits list longer than the PR's commit count allows ends after those pages", async () => {
    const { source, path, name, requests } = setup();
    for (let page = 1; page <= 3; page++) {
      const link = `<${gh().url}/repos/octo/${name}/pulls/1/commits?per_page=100&page=${page + 1}>; rel="next"`;
      gh().fault({ path: path('/pulls/1/commits') }, { status: 200, body: [COMMIT], headers: { link } });
    }
    const error = await failure(source.pullCommits(1, 2));
    gh().clearFaults();
    expect(error!.message).toMatch(new RegExp(`^GET /repos/octo/${name}/pulls/1/commits: more than 2 pages`));
    expect(requests('/pulls/1/commits')).toHaveLength(3);
  });

  it('a compare claiming 1,000,000,000 commits fails at once; a compare whose counts disagree fails clearly', async () => {
    const { source, path, base, head, requests, name } = setup();
    const compare = (ahead: number, total: number) => ({
      status: 'ahead',
      ahead_by: ahead,
      total_commits: total,
      merge_base_commit: { sha: base },
      commits: [COMMIT],
      files: [],
    });
    gh().fault({ path: path('/compare/.*') }, { status: 200, body: compare(1e9, 1e9), times: Infinity });
    await expect(source.compareCommits(base, head)).rejects.toThrowError(
      new RegExp(`^GET /repos/octo/${name}/compare/${base}...${head}: 1000000000 commits are more than one run may read`),
    );
    expect(requests('/compare/.*')).toHaveLength(1);
    gh().clearFaults();
    // A fresh source: the first compare page is cached per source (files and commits share it).
    const other = setup();
    gh().fault({ path: other.path('/compare/.*') }, { status: 200, body: compare(2, 5000), times: Infinity });
    await expect(other.source.compareCommits(other.base, other.head)).rejects.toThrowError(/compare\/\S+: GitHub's counts disagree \(total_commits 5000, ahead_by 2\)$/);
    gh().clearFaults();
  });

  it('a 150 MB tree is abandoned past 100 MB: a clear failure naming the route, the rest never read', { timeout: 30_000 }, async () => {
    const { source, path, head, name, requests } = setup({ requestTimeoutMs: 20_000 });
    gh().fault({ path: path('/git/trees/.*') }, { hugeBytes: 150 * 1024 * 1024 });
    const error = await failure(source.treePaths(head));
    expect(error!.message).toBe(`GET /repos/octo/${name}/git/trees/${head}: the response is over 104857600 bytes, more than the 100 MB this route may return`);
    const [request] = requests('/git/trees/.*');
    expect(request!.bytesSent!).toBeLessThan(120 * 1024 * 1024);
    expect(requests('/git/trees/.*')).toHaveLength(1);
  });

  it('a 25 MB files page is abandoned past 20 MB', { timeout: 30_000 }, async () => {
    const { source, path, base, head, name } = setup({ requestTimeoutMs: 20_000 });
    gh().fault({ path: path('/pulls/1/files') }, { hugeBytes: 25 * 1024 * 1024 });
    const pull = { number: 1, changedFiles: 1, commits: 1, baseSha: base, headSha: head, baseRef: 'main', labels: [], draft: false, title: 't' };
    await expect(source.pullFiles(pull, { baseSha: base, headSha: head })).rejects.toThrowError(
      new RegExp(`^GET /repos/octo/${name}/pulls/1/files: the response is over \\d+ bytes, more than the 20 MB this route may return$`),
    );
  });
});

describe('7. a bad token or header fails at once, showing nothing of the token', () => {
  it('a token with a line break inside fails in createClient, before any request, without quoting it', () => {
    const before = gh().requests.length;
    for (const token of ['ghp_first\nsecond', 'ghp_first second', 'ghp_first\u0000x', 'ghp_firstä']) {
      let error: unknown;
      try {
        createClient({ token, baseUrl: gh().url });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(/^the GitHub token contains whitespace, a control character or a non-ASCII character/);
      expect((error as Error).message).not.toMatch(/ghp_|first|second/);
    }
    expect(gh().requests.length).toBe(before);
  });

  it('a token saved with a final newline still works (fetch drops outer whitespace)', async () => {
    const { name } = setup();
    const client = createClient({ token: 'secret-token\n', baseUrl: gh().url });
    await client.rest.repos.get({ owner: 'octo', repo: name });
    expect(gh().requests.at(-1)!.headers.authorization).toBe('token secret-token');
  });

  it('a header fetch cannot send is a local failure: not retried, not reported as an HTTP status, value not shown', async () => {
    const { client, name, requests } = setup({ retryBaseMs: 1000 });
    const started = Date.now();
    const error = await failure(client.request('GET /repos/{owner}/{repo}', { owner: 'octo', repo: name, headers: { 'x-note': 'hidden\nvalue' } }));
    expect(error!.message).toBe(`GET /repos/octo/${name}: the request could not be built: a header has an invalid value (not shown)`);
    expect((error as ApiError).status).toBeNull();
    expect(requests('')).toHaveLength(0);
    expect(Date.now() - started).toBeLessThan(900); // no retry waited 1 s
  });
});
