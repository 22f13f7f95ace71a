/**
 * Proves the fake GitHub server behaves like api.github.com where adapters
 * care: limits, pagination, error shapes, faults and latency. Uses the real
 * @octokit/rest client so any shape mismatch with Octokit shows up here first.
 */
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateLimited, type FakeRepo, type RecordedRequest } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const OWNER = 'octo';

const gh = useFakeGitHub();
/** Each test's own repository (`app1`, `app2`, ...) on the file's one fake API. */
let REPO: string;
let tests = 0;
let repo: FakeRepo;
let octokit: Octokit;
/** Where this test's requests start in the fake's log. */
let from: number;
/** The requests this test made. */
const requests = (): RecordedRequest[] => gh().requests.slice(from);

beforeEach(() => {
  REPO = `app${++tests}`;
  repo = gh().repo(OWNER, REPO);
  from = gh().requests.length;
  // Silent logger: @octokit/rest logs every failed request, and many tests here fail requests on purpose.
  const quiet = () => {};
  octokit = new Octokit({ baseUrl: gh().url, auth: 'ghs_fake_token', log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
});

afterEach(() => {
  gh().clearFaults();
  gh().setLatency(0);
});

/** Many small files, deterministic names (zero-padded so sorting is obvious). */
function manyFiles(count: number, prefix = 'src/file'): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`${prefix}-${String(i).padStart(5, '0')}.ts`, `export const v${i} = ${i};\n`]),
  );
}

/** main: root → (base tip), feature branch from root with `files`, PR #1. */
function pullWithFiles(files: Record<string, string | null>): { base: string; head: string } {
  const base = repo.commit({ parents: [], message: 'root', files: { 'README.md': 'hello\n' }, branch: 'main' });
  const head = repo.commit({ parents: [base], message: 'feature', files, branch: 'feature' });
  repo.openPull({ number: 1, base: { ref: 'main' }, head: { ref: 'feature' } });
  return { base, head };
}

describe('pull request files', () => {
  it('caps a 3,500-file PR at 3,000 files over 30 pages with GitHub-style Link headers', async () => {
    pullWithFiles(manyFiles(3500));

    const { data: pull } = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 });
    expect(pull.changed_files).toBe(3500);

    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: OWNER,
      repo: REPO,
      pull_number: 1,
      per_page: 100,
    });
    expect(files).toHaveLength(3000);
    expect(files[0]!.filename).toBe('src/file-00000.ts');
    expect(new Set(files.map((f) => f.filename)).size).toBe(3000);

    const pageRequests = requests().filter((r) => r.path === `/repos/${OWNER}/${REPO}/pulls/1/files`);
    expect(pageRequests).toHaveLength(30); // paginate stopped: no rel="next" on page 30
    expect(pageRequests.map((r) => r.query.page ?? '1')).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));

    const first = await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 1, per_page: 100 });
    const filesUrl = `${gh().url}/repos/${OWNER}/${REPO}/pulls/1/files`;
    expect(first.headers.link).toBe(
      `<${filesUrl}?per_page=100&page=2>; rel="next", <${filesUrl}?per_page=100&page=30>; rel="last"`,
    );
    const last = await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 1, per_page: 100, page: 30 });
    expect(last.data).toHaveLength(100);
    expect(last.headers.link).toBe(
      `<${filesUrl}?per_page=100&page=29>; rel="prev", <${filesUrl}?per_page=100&page=1>; rel="first"`,
    );
    const beyond = await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 1, per_page: 100, page: 31 });
    expect(beyond.data).toEqual([]);
  });

  it('diffs from the merge base, detects exact renames and reports patches like GitHub', async () => {
    const root = repo.commit({
      parents: [],
      files: { 'a.txt': 'one\ntwo\nthree\n', 'old/name.txt': 'moved content\n', 'logo.png': { sha: 'f'.repeat(40), size: 10 } },
      branch: 'main',
    });
    const head = repo.commit({
      parents: [root],
      files: { 'a.txt': 'one\nTWO\nthree\n', 'old/name.txt': null, 'new/name.txt': 'moved content\n', 'logo.png': { sha: 'e'.repeat(40) } },
      branch: 'feature',
    });
    // main moves on after branching: its changes must not show up in the PR.
    repo.commit({ parents: [root], files: { 'main-only.txt': 'x\n' }, branch: 'main' });
    repo.openPull({ number: 7, base: { ref: 'main' }, head: { ref: 'feature' } });

    const { data: files } = await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 7 });
    expect(files.map((f) => [f.filename, f.status])).toEqual([
      ['a.txt', 'modified'],
      ['logo.png', 'modified'],
      ['new/name.txt', 'renamed'],
    ]);
    expect(files[0]).toMatchObject({ additions: 1, deletions: 1, changes: 2, patch: '@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three' });
    expect(files[1]!.patch).toBeUndefined(); // binary
    expect(files[2]).toMatchObject({ previous_filename: 'old/name.txt', additions: 0 });

    repo.patchOverride('a.txt', null); // "diff too large": GitHub omits the patch
    const { data: again } = await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 7 });
    expect(again[0]!.patch).toBeUndefined();
    expect(again[0]!.additions).toBe(1);

    const commits = await octokit.paginate(octokit.rest.pulls.listCommits, { owner: OWNER, repo: REPO, pull_number: 7 });
    expect(commits.map((c) => c.sha)).toEqual([head]);
  });
});

describe('compare', () => {
  it('caps files at 300, resolves tags and branches, and 404s like GitHub', async () => {
    const { base, head } = pullWithFiles(manyFiles(350));
    repo.refs.set('refs/tags/v1.0.0', base);

    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: OWNER, repo: REPO, basehead: 'v1.0.0...feature' });
    expect(data.files).toHaveLength(300);
    expect(data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 });
    expect(data.merge_base_commit.sha).toBe(base);
    expect(data.commits.map((c) => c.sha)).toEqual([head]);

    await expect(
      octokit.rest.repos.compareCommitsWithBasehead({ owner: OWNER, repo: REPO, basehead: 'v9.9.9...feature' }),
    ).rejects.toMatchObject({ status: 404, response: { data: { message: 'Not Found' } } });

    const orphan = repo.commit({ parents: [], files: { 'x.txt': 'x\n' }, branch: 'orphan' });
    expect(orphan).toMatch(/^[0-9a-f]{40}$/);
    await expect(
      octokit.rest.repos.compareCommitsWithBasehead({ owner: OWNER, repo: REPO, basehead: 'orphan...feature' }),
    ).rejects.toMatchObject({ status: 404, response: { data: { message: 'No common ancestor between orphan and feature.' } } });
  });
});

describe('git refs and contents', () => {
  it('matching-refs is a plain, unpaginated prefix match', async () => {
    const sha = repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
    for (const tag of ['v1.0.0', 'v10.0.0', 'v2.0.0', 'other']) repo.refs.set(`refs/tags/${tag}`, sha);

    const { data } = await octokit.rest.git.listMatchingRefs({ owner: OWNER, repo: REPO, ref: 'tags/v1' });
    // GitHub (and so the fake) returns v10.0.0 too; exact filtering is the caller's job.
    expect(data.map((r) => r.ref)).toEqual(['refs/tags/v1.0.0', 'refs/tags/v10.0.0']);
    expect(data[0]!.object).toMatchObject({ sha, type: 'commit' });

    const none = await octokit.rest.git.listMatchingRefs({ owner: OWNER, repo: REPO, ref: 'tags/nope' });
    expect(none.data).toEqual([]);
  });

  it('creating an existing ref fails with 422 "Reference already exists"', async () => {
    const sha = repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
    const created = await octokit.rest.git.createRef({ owner: OWNER, repo: REPO, ref: 'refs/tags/v1.0.0', sha });
    expect(created.status).toBe(201);
    expect(repo.refs.get('refs/tags/v1.0.0')).toBe(sha);

    await expect(octokit.rest.git.createRef({ owner: OWNER, repo: REPO, ref: 'refs/tags/v1.0.0', sha })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Reference already exists' } },
    });
    await expect(octokit.rest.git.createRef({ owner: OWNER, repo: REPO, ref: 'v2', sha })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Reference name is invalid' } },
    });
    await expect(
      octokit.rest.git.createRef({ owner: OWNER, repo: REPO, ref: 'refs/tags/v3', sha: '0'.repeat(40) }),
    ).rejects.toMatchObject({ status: 422, response: { data: { message: 'Object does not exist' } } });
  });

  it('recursive trees list directories too, accept commit shas and can be truncated', async () => {
    const sha = repo.commit({ parents: [], files: { 'a/b/c.txt': 'c\n', 'a/d.txt': 'dd\n', 'e.txt': '' }, branch: 'main' });

    const { data } = await octokit.rest.git.getTree({ owner: OWNER, repo: REPO, tree_sha: sha, recursive: '1' });
    expect(data.truncated).toBe(false);
    expect(data.tree.map((e) => [e.path, e.type, e.mode])).toEqual([
      ['a', 'tree', '040000'],
      ['a/b', 'tree', '040000'],
      ['a/b/c.txt', 'blob', '100644'],
      ['a/d.txt', 'blob', '100644'],
      ['e.txt', 'blob', '100644'],
    ]);
    expect(data.tree.find((e) => e.path === 'a/d.txt')?.size).toBe(3);

    repo.treeTruncateAt = 2;
    const cut = await octokit.rest.git.getTree({ owner: OWNER, repo: REPO, tree_sha: 'main', recursive: '1' });
    expect(cut.data).toMatchObject({ truncated: true, sha: data.sha });
    expect(cut.data.tree).toHaveLength(2);
  });

  it('contents returns base64 wrapped at 60 columns, at the requested ref', async () => {
    const text = 'x'.repeat(100) + '\nsecond line\n';
    const v1 = repo.commit({ parents: [], files: { 'dir/config.yml': text }, branch: 'main' });
    repo.commit({ parents: [v1], files: { 'dir/config.yml': 'changed\n' }, branch: 'main' });

    const { data } = await octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'dir/config.yml', ref: v1 });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(data.encoding).toBe('base64');
    expect(data.content.split('\n').every((line) => line.length <= 60)).toBe(true);
    expect(data.content).toContain('\n');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe(text);

    await expect(octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'missing.yml' })).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('faults and latency', () => {
  it('serves an injected 502 once, then succeeds', async () => {
    repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
    gh().fault({ method: 'GET', path: `/repos/${OWNER}/${REPO}/git/ref/heads/main` }, { status: 502, body: 'Bad Gateway' });

    await expect(octokit.rest.git.getRef({ owner: OWNER, repo: REPO, ref: 'heads/main' })).rejects.toMatchObject({ status: 502 });
    const { data } = await octokit.rest.git.getRef({ owner: OWNER, repo: REPO, ref: 'heads/main' });
    expect(data.ref).toBe('refs/heads/main');
    expect(requests().map((r) => r.fault)).toEqual([{ status: 502, body: 'Bad Gateway' }, undefined]);
    expect(gh().pendingFaults()).toBe(0);
  });

  it('malformed and delay faults', async () => {
    gh().fault({ path: '/rate_limit' }, { malformed: true });
    gh().fault({ path: '/rate_limit' }, { delayMs: 150 });
    // Octokit hands back the unparseable text as-is; adapters must not assume an object.
    const malformed = await octokit.request('GET /rate_limit');
    expect(typeof malformed.data).toBe('string');

    const started = performance.now();
    await octokit.request('GET /rate_limit');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('a reset fault surfaces as a request error', async () => {
    gh().fault({ path: /\/rate_limit$/ }, { reset: true });
    await expect(octokit.request('GET /rate_limit')).rejects.toThrow();
    const { status } = await octokit.request('GET /rate_limit');
    expect(status).toBe(200);
    // No transparent client-side retry hid the reset: exactly one faulted and one clean request arrived.
    expect(requests().map((r) => [r.fault, r.status])).toEqual([[{ reset: true }, undefined], [undefined, 200]]);
  });

  it('rate-limit helpers carry the headers and messages GitHub sends', async () => {
    gh().fault({ path: '/rate_limit' }, rateLimited({ resetEpochSeconds: 1_700_000_000 }));
    gh().fault({ path: '/rate_limit' }, rateLimited({ secondary: true, retryAfter: 7 }));

    await expect(octokit.request('GET /rate_limit')).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('API rate limit exceeded'),
      response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' } },
    });
    await expect(octokit.request('GET /rate_limit')).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/secondary rate limit/),
      response: { headers: { 'retry-after': '7' } },
    });
  });

  it('applies latency to concurrent requests in parallel', async () => {
    gh().setLatency(100);
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => octokit.request('GET /rate_limit')));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(800); // serialized would be >= 1000 ms
  });
});

describe('request log and writes', () => {
  it('records method, path, query, body and headers in arrival order', async () => {
    pullWithFiles({ 'a.txt': 'a\n' });
    await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 1, per_page: 50, page: 2 });
    await octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: 1, labels: ['semver: minor'] });
    await octokit.rest.issues.removeLabel({ owner: OWNER, repo: REPO, issue_number: 1, name: 'semver: minor' });

    expect(requests().map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
      { method: 'GET', path: `/repos/${OWNER}/${REPO}/pulls/1/files`, query: { per_page: '50', page: '2' }, body: undefined },
      { method: 'POST', path: `/repos/${OWNER}/${REPO}/issues/1/labels`, query: {}, body: { labels: ['semver: minor'] } },
      { method: 'DELETE', path: `/repos/${OWNER}/${REPO}/issues/1/labels/semver: minor`, query: {}, body: undefined },
    ]);
    expect(requests()[2]!.rawPath).toBe(`/repos/${OWNER}/${REPO}/issues/1/labels/semver%3A%20minor`);
    expect(requests()[0]!.headers.authorization).toBe('token ghs_fake_token');
    // Adding an unknown label created it in the repository, as GitHub does.
    expect(repo.findLabel('semver: minor')?.color).toBe('ededed');
  });

  it('labels, comments and releases behave like GitHub', async () => {
    pullWithFiles({ 'a.txt': 'a\n' });
    await expect(
      octokit.rest.issues.removeLabel({ owner: OWNER, repo: REPO, issue_number: 1, name: 'absent' }),
    ).rejects.toMatchObject({ status: 404, response: { data: { message: 'Label does not exist' } } });
    await octokit.rest.issues.createLabel({ owner: OWNER, repo: REPO, name: 'bump', color: 'ff0000' });
    await expect(octokit.rest.issues.createLabel({ owner: OWNER, repo: REPO, name: 'bump' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] } },
    });

    for (let i = 0; i < 35; i++) await octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: `c${i}` });
    const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: OWNER, repo: REPO, issue_number: 1 });
    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 35 }, (_, i) => `c${i}`));
    const updated = await octokit.rest.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: comments[0]!.id, body: 'edited' });
    expect(updated.data.body).toBe('edited');

    const release = await octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.0.0', name: 'v1.0.0' });
    expect(release.status).toBe(201);
    expect(repo.refs.get('refs/tags/v1.0.0')).toBe(repo.resolve('main'));
    await expect(octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.0.0' })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Validation Failed', errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] } },
    });
    const byTag = await octokit.rest.repos.getReleaseByTag({ owner: OWNER, repo: REPO, tag: 'v1.0.0' });
    expect(byTag.data.id).toBe(release.data.id);
  });

  it('drafts: listed and found by id, never by tag; they may share a tag; their page is "untagged-"; publishing creates the tag', async () => {
    const main = repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
    const published = await octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.0.0' });
    const draft = await octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.1.0', target_commitish: main, draft: true, body: 'notes' });
    // GitHub lets drafts share a tag name, with each other and with a published release.
    await octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.1.0', draft: true });
    await octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.0.0', draft: true });
    expect(draft.data).toMatchObject({ draft: true, tag_name: 'v1.1.0', target_commitish: main, published_at: null });
    expect(draft.data.html_url).toMatch(new RegExp(`^https://github.com/${OWNER}/${REPO}/releases/tag/untagged-[0-9a-f]{20}$`));
    expect(repo.refs.has('refs/tags/v1.1.0')).toBe(false);

    const listed = await octokit.paginate(octokit.rest.repos.listReleases, { owner: OWNER, repo: REPO, per_page: 2 });
    expect(listed.map((r) => [r.tag_name, r.draft])).toEqual([['v1.0.0', true], ['v1.1.0', true], ['v1.1.0', true], ['v1.0.0', false]]);
    await expect(octokit.rest.repos.getReleaseByTag({ owner: OWNER, repo: REPO, tag: 'v1.1.0' })).rejects.toMatchObject({ status: 404 });
    expect((await octokit.rest.repos.getReleaseByTag({ owner: OWNER, repo: REPO, tag: 'v1.0.0' })).data.id).toBe(published.data.id);
    expect((await octokit.rest.repos.getRelease({ owner: OWNER, repo: REPO, release_id: draft.data.id })).data.body).toBe('notes');

    // Update a release: fields change; a tag another published release has cannot be published twice.
    const renamed = await octokit.rest.repos.updateRelease({ owner: OWNER, repo: REPO, release_id: draft.data.id, tag_name: 'v1.2.0', name: 'v1.2.0' });
    expect(renamed.data).toMatchObject({ tag_name: 'v1.2.0', name: 'v1.2.0', body: 'notes', draft: true });
    await expect(octokit.rest.repos.updateRelease({ owner: OWNER, repo: REPO, release_id: draft.data.id, tag_name: 'v1.0.0', draft: false })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }] } },
    });
    const live = await octokit.rest.repos.updateRelease({ owner: OWNER, repo: REPO, release_id: draft.data.id, draft: false });
    expect(live.data).toMatchObject({ draft: false, tag_name: 'v1.2.0', html_url: `https://github.com/${OWNER}/${REPO}/releases/tag/v1.2.0` });
    expect(live.data.published_at).not.toBeNull();
    expect(repo.refs.get('refs/tags/v1.2.0')).toBe(main);
    await expect(octokit.rest.repos.updateRelease({ owner: OWNER, repo: REPO, release_id: 999_999_999 })).rejects.toMatchObject({ status: 404 });
  });

  it('a release body over 125,000 characters is refused, as GitHub refuses it', async () => {
    repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
    await expect(octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.0.0', body: 'x'.repeat(125_001) })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'Release', field: 'body', message: 'body is too long (maximum is 125000 characters)' }] } },
    });
    expect(repo.releases.size).toBe(0);
    const ok = await octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.0.0', body: 'x'.repeat(125_000), draft: true });
    await expect(octokit.rest.repos.updateRelease({ owner: OWNER, repo: REPO, release_id: ok.data.id, body: 'y'.repeat(125_001) })).rejects.toMatchObject({ status: 422 });
  });

  it('generate-notes: GitHub\'s shape, from previous_tag_name (else the latest release), for a tag that may not exist yet', async () => {
    const root = repo.commit({ parents: [], message: 'init', files: { 'a.txt': 'a\n' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.0.0', root);
    const one = repo.commit({ parents: [root], message: 'feat: one (#1)', files: { 'b.txt': 'b\n' }, branch: 'main' });
    const two = repo.commit({ parents: [one], message: 'fix: two (#2)', files: { 'c.txt': 'c\n' }, branch: 'main' });
    for (const [number, sha, title] of [[2, two, 'fix: two'], [1, one, 'feat: one']] as const) {
      repo.openPull({ number, base: { ref: 'main', sha: root }, head: { ref: `pr${number}`, sha }, title, state: 'closed', merged: true, merge_commit_sha: sha, user: { login: `dev${number}` } });
    }
    repo.openPull({ number: 3, base: { ref: 'main', sha: root }, head: { ref: 'pr3', sha: two }, title: 'not merged' });

    const notes = await octokit.rest.repos.generateReleaseNotes({ owner: OWNER, repo: REPO, tag_name: 'v1.1.0', target_commitish: two, previous_tag_name: 'v1.0.0' });
    expect(notes.data).toEqual({
      name: 'v1.1.0',
      body: [
        "## What's Changed",
        `* feat: one by @dev1 in https://github.com/${OWNER}/${REPO}/pull/1`,
        `* fix: two by @dev2 in https://github.com/${OWNER}/${REPO}/pull/2`,
        '',
        `**Full Changelog**: https://github.com/${OWNER}/${REPO}/compare/v1.0.0...v1.1.0`,
      ].join('\n'),
    });
    // Nothing is saved.
    expect(repo.releases.size).toBe(0);
    expect(repo.refs.has('refs/tags/v1.1.0')).toBe(false);

    // Without previous_tag_name: from the latest published release.
    await octokit.rest.repos.createRelease({ owner: OWNER, repo: REPO, tag_name: 'v1.0.1', target_commitish: one });
    const since = await octokit.rest.repos.generateReleaseNotes({ owner: OWNER, repo: REPO, tag_name: 'v1.1.0', target_commitish: two });
    expect(since.data.body).toBe(
      `## What's Changed\n* fix: two by @dev2 in https://github.com/${OWNER}/${REPO}/pull/2\n\n**Full Changelog**: https://github.com/${OWNER}/${REPO}/compare/v1.0.1...v1.1.0`,
    );
    await expect(octokit.rest.repos.generateReleaseNotes({ owner: OWNER, repo: REPO, tag_name: 'v9.0.0' })).rejects.toMatchObject({ status: 422 });
    await expect(
      octokit.rest.repos.generateReleaseNotes({ owner: OWNER, repo: REPO, tag_name: 'v1.1.0', target_commitish: two, previous_tag_name: 'v0.0.0' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('updating a ref: a fast-forward only, unless force; an afterRequest hook acts between two requests', async () => {
    const root = repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
    const next = repo.commit({ parents: [root], files: { 'a.txt': 'b\n' }, branch: 'main' });
    const side = repo.commit({ parents: [root], files: { 'a.txt': 'c\n' } });
    await octokit.rest.git.createRef({ owner: OWNER, repo: REPO, ref: 'refs/tags/v1', sha: next });
    await expect(octokit.rest.git.updateRef({ owner: OWNER, repo: REPO, ref: 'tags/v1', sha: side })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Update is not a fast forward' } },
    });
    expect(repo.refs.get('refs/tags/v1')).toBe(next);
    let seen: string | undefined;
    gh().afterRequest({ method: 'PATCH', path: `/repos/${OWNER}/${REPO}/git/refs/tags/v1` }, (request) => {
      seen = repo.refs.get('refs/tags/v1');
      expect(request.status).toBe(200);
      repo.refs.set('refs/tags/v2', next);
    });
    const moved = await octokit.rest.git.updateRef({ owner: OWNER, repo: REPO, ref: 'tags/v1', sha: root, force: true });
    expect(moved.data.object.sha).toBe(root);
    expect(seen).toBe(root);
    expect(repo.refs.get('refs/tags/v2')).toBe(next);
    await expect(octokit.rest.git.updateRef({ owner: OWNER, repo: REPO, ref: 'tags/none', sha: root, force: true })).rejects.toMatchObject({ status: 422 });
  });

  it('denyWrites answers writes with 403 "Resource not accessible by integration"', async () => {
    pullWithFiles({ 'a.txt': 'a\n' });
    gh().denyWrites();
    await expect(
      octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: 'hi' }),
    ).rejects.toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' } } });
    // Reads are unaffected.
    await expect(octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 })).resolves.toMatchObject({ status: 200 });
  });
});
