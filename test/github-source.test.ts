/** The API source against the fake GitHub over loopback, with the real Octokit client. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/github/client.js';
import { GitHubSource, TreeLister, mapPool, toChangedFile } from '../src/sources/github.js';
import { LocalCheckoutLister, LocalGitSource } from '../src/sources/local-git.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';
import { TestRepo } from './support/git-repo.js';

const gh = useFakeGitHub();
let n = 0;

function setup() {
  const name = `repo${++n}`;
  const repo = gh().repo('octo', name);
  const client = createClient({ token: 't', baseUrl: gh().url, retryBaseMs: 1, requestTimeoutMs: 5000 });
  const source = new GitHubSource(client, { owner: 'octo', repo: name });
  const requests = () => gh().requests.filter((r) => r.path.startsWith(`/repos/octo/${name}`));
  return { repo, source, requests, name };
}

function manyFiles(count: number, prefix = 'src'): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}/m${i % 50}/f${i}.ts`, `x${i}`]));
}

describe('GitHubSource', () => {
  it('reads the PR once and every file page concurrently', async () => {
    const { repo, source, requests } = setup();
    const base = repo.commit({ parents: [], files: { 'README.md': 'x' }, branch: 'main' });
    const head = repo.commit({ parents: [base], files: manyFiles(250), branch: 'feature' });
    repo.openPull({ number: 1, base: 'main', head: 'feature' });
    const pull = await source.pull(1);
    expect(pull).toMatchObject({ number: 1, changedFiles: 250, baseSha: base, headSha: head, baseRef: 'main' });
    const list = await source.pullFiles(pull, { baseSha: base, headSha: head });
    expect(list.truncated).toBe(false);
    expect(list.files).toHaveLength(250);
    const pages = requests().filter((r) => r.path.endsWith('/pulls/1/files'));
    expect(pages.map((r) => r.query.page).sort()).toEqual(['1', '2', '3']);
    expect(pages.every((r) => r.query.per_page === '100')).toBe(true);
  });

  it.each([
    ['the count the event stated', 250, ['1', '2', '3']],
    ['a stale count (the PR gained files since the event): the pages are asked for again', 120, ['1', '1', '2', '2', '3']],
  ])('asks for the file pages before the PR is read, from %s', async (_what, stated, pagesAsked) => {
    const { repo, source, requests } = setup();
    const base = repo.commit({ parents: [], files: { 'README.md': 'x' }, branch: 'main' });
    const head = repo.commit({ parents: [base], files: manyFiles(250), branch: 'feature' });
    repo.openPull({ number: 1, base: 'main', head: 'feature' });
    source.prefetchPullFiles(1, stated);
    const pull = await source.pull(1);
    const list = await source.pullFiles(pull, { baseSha: base, headSha: head });
    expect(list).toMatchObject({ truncated: false, warnings: [] });
    expect(list.files).toHaveLength(250);
    const pages = requests().filter((r) => r.path.endsWith('/pulls/1/files'));
    expect(pages.map((r) => r.query.page).sort()).toEqual(pagesAsked);
  });

  it('completes a PR over 3,000 files from the git trees, exactly', async () => {
    const { repo, source } = setup();
    const base = repo.commit({ parents: [], files: { 'old.txt': 'o', 'keep.txt': 'k' }, branch: 'main' });
    const head = repo.commit({ parents: [base], files: { ...manyFiles(3100), 'old.txt': null, 'keep.txt': 'k2' }, branch: 'feature' });
    repo.openPull({ number: 2, base: 'main', head: 'feature' });
    const pull = await source.pull(2);
    const list = await source.pullFiles(pull, { baseSha: base, headSha: head }, [new TreeLister(source)]);
    expect(list.truncated).toBe(false);
    expect(list.files).toHaveLength(3102);
    expect(list.files.find((f) => f.path === 'old.txt')).toMatchObject({ path: 'old.txt', status: 'removed', patch: expect.stringMatching(/^@@/) });
    expect(list.files.find((f) => f.path === 'keep.txt')).toMatchObject({ path: 'keep.txt', status: 'modified' });
    expect(list.warnings.join()).toMatch(/changes 3102 files and GitHub lists at most 3000; the complete list came from the git trees/);
  });

  it('says truncated, never silently, when no completer can list everything', async () => {
    const { repo, source } = setup();
    const base = repo.commit({ parents: [], files: { 'a.txt': 'a' }, branch: 'main' });
    const head = repo.commit({ parents: [base], files: manyFiles(3050), branch: 'feature' });
    repo.openPull({ number: 3, base: 'main', head: 'feature' });
    repo.treeTruncateAt = 1000;
    const list = await source.pullFiles(await source.pull(3), { baseSha: base, headSha: head }, [new TreeLister(source)]);
    expect(list.truncated).toBe(true);
    expect(list.files).toHaveLength(3000);
    expect(list.warnings.join()).toMatch(/neither a local checkout nor the git trees could list them all/);
  });

  it('treats a compare of 300 files as possibly cut and completes it', async () => {
    const { repo, source } = setup();
    const base = repo.commit({ parents: [], files: { 'a.txt': 'a' }, branch: 'main' });
    const head = repo.commit({ parents: [base], files: manyFiles(450), branch: 'main' });
    const partial = await source.compareFiles(base, head);
    expect(partial.files).toHaveLength(300);
    expect(partial.truncated).toBe(true);
    const full = await source.compareFiles(base, head, [new TreeLister(source)]);
    expect(full).toMatchObject({ truncated: false, mergeBase: base });
    expect(full.files).toHaveLength(450);
  });

  it('completes from a local checkout that has both commits, with renames and patches', async () => {
    const local = new TestRepo();
    try {
      const base = local.commit('base', { 'src/old.ts': 'export const a = 1;\n'.repeat(10), 'api/x.py': 'v = 1\n' });
      local.move('src/old.ts', 'src/new.ts');
      const head = local.commit('head', { 'api/x.py': 'api_version = 2\n' });
      const lister = new LocalCheckoutLister(local.dir, (files) => files.filter((f) => f.path.startsWith('api/')));
      const found = await lister.list(base, head);
      expect(found?.via).toMatch(/local checkout/);
      expect(found?.files).toEqual([
        { path: 'api/x.py', status: 'modified', patch: '@@ -1 +1 @@\n-v = 1\n+api_version = 2\n' },
        { path: 'src/new.ts', previousPath: 'src/old.ts', status: 'renamed' },
      ]);
      expect(await lister.list(base, 'f'.repeat(40))).toBeNull();
      expect(await new LocalCheckoutLister('/nonexistent', () => []).list(base, head)).toBeNull();
    } finally {
      local.cleanup();
    }
  });

  it('completes from the merge-base of a base on another branch, and never from a shallow checkout', async () => {
    const local = new TestRepo();
    const shallowDir = mkdtempSync(path.join(tmpdir(), 'bc-shallow-'));
    try {
      local.commit('fork', { 'a.txt': 'a' });
      const trunk = local.git('symbolic-ref', '--short', 'HEAD');
      local.git('checkout', '-q', '-b', 'side');
      const base = local.commit('side', { 'side.txt': 's' });
      local.git('checkout', '-q', trunk);
      const head = local.commit('head', { 'b.txt': 'b' });
      expect((await new LocalCheckoutLister(local.dir, () => []).list(base, head))?.files).toEqual([{ path: 'b.txt', status: 'added' }]);
      execFileSync('git', ['clone', '-q', '--depth', '1', '--no-single-branch', `file://${local.dir}`, shallowDir], { stdio: 'ignore' });
      expect(await new LocalCheckoutLister(shallowDir, () => []).list(base, head)).toBeNull();
    } finally {
      local.cleanup();
      rmSync(shallowDir, { recursive: true, force: true });
    }
  });

  it('reads the config at a ref, and null when it is missing there', async () => {
    const { repo, source, requests } = setup();
    const base = repo.commit({ parents: [], files: { '.github/bump-classifier.yml': 'version: 1\n' }, branch: 'main' });
    const head = repo.commit({ parents: [base], files: { '.github/bump-classifier.yml': 'version: 1\nrules: []\n' } });
    expect(await source.readConfig('.github/bump-classifier.yml', base)).toBe('version: 1\n');
    expect(await source.readConfig('.github/bump-classifier.yml', head)).toBe('version: 1\nrules: []\n');
    expect(await source.readConfig('.github/missing.yml', base)).toBeNull();
    expect(requests().filter((r) => r.path.includes('/contents/')).map((r) => r.query.ref)).toEqual([base, head, base]);
  });

  it('reads tags with one matching-refs request per distinct prefix', async () => {
    const { repo, source, requests } = setup();
    const sha = repo.commit({ parents: [], files: { a: 'a' } });
    for (const t of ['v1.0.0', 'v10.0.0', 'v1.2.0-rc.1', 'api@1.0.0', 'web@2.0.0', 'other']) repo.refs.set(`refs/tags/${t}`, sha);
    const tags = (await source.tagRefs(['v', 'api@', 'v'])).map((t) => t.name);
    expect(tags.sort()).toEqual(['api@1.0.0', 'v1.0.0', 'v1.2.0-rc.1', 'v10.0.0']);
    expect(requests().filter((r) => r.path.includes('matching-refs')).map((r) => r.path.split('matching-refs/')[1])).toEqual(
      expect.arrayContaining(['tags/v', 'tags/api@']),
    );
    expect(requests().filter((r) => r.path.includes('matching-refs'))).toHaveLength(2);
    // An empty prefix ("{version}" tag-format) lists every tag, in one request.
    expect((await source.tagRefs(['', 'v'])).length).toBe(6);
    expect((await source.tagRefs(['v']))[0]).toEqual({ name: expect.any(String), sha, annotated: false });
  });

  it('finds the labels of the PR merged as a commit', async () => {
    const { repo, source } = setup();
    const base = repo.commit({ parents: [], files: { a: '1' }, branch: 'main' });
    const head = repo.commit({ parents: [base], files: { a: '2' }, branch: 'feature' });
    const merge = repo.commit({ parents: [base, head], files: { a: '2' }, branch: 'main' });
    repo.openPull({ number: 9, base: 'main', head: 'feature', labels: ['release:major'], merge_commit_sha: merge, state: 'closed', merged: true });
    expect(await source.mergedPullLabels(merge)).toEqual({ number: 9, labels: ['release:major'] });
    expect(await source.mergedPullLabels(base)).toBeNull();
  });

  it('a missing patch stays unknown', () => {
    expect(toChangedFile({ filename: 'a.bin', status: 'modified' })).toEqual({ path: 'a.bin', status: 'modified' });
    expect(toChangedFile({ filename: 'b', previous_filename: 'a', status: 'renamed', patch: '' })).toEqual({ path: 'b', previousPath: 'a', status: 'renamed', patch: '' });
    expect(toChangedFile({ filename: 'c', status: 'changed' })).toEqual({ path: 'c', status: 'modified' });
    expect(toChangedFile({ filename: 'd', status: 'unchanged' })).toBeNull();
  });
});

describe('mapPool', () => {
  it('keeps at most `limit` tasks in flight and the results in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapPool([...Array(37).keys()], 10, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return i * 2;
    });
    expect(peak).toBe(10);
    expect(out).toEqual([...Array(37).keys()].map((i) => i * 2));
  });
});

describe('completing from the git trees', () => {
  it('keeps the patches the API already gave', async () => {
    const { repo, source } = setup();
    const base = repo.commit({ parents: [], files: { 'a.txt': 'a' }, branch: 'main' });
    const head = repo.commit({ parents: [base], files: { ...manyFiles(3050), 'a.txt': 'b' }, branch: 'feature' });
    repo.openPull({ number: 4, base: 'main', head: 'feature' });
    const list = await source.pullFiles(await source.pull(4), { baseSha: base, headSha: head }, [new TreeLister(source)]);
    expect(list.truncated).toBe(false);
    expect(list.files).toHaveLength(3051);
    const withPatch = list.files.filter((f) => f.patch !== undefined);
    expect(withPatch).toHaveLength(3000); // the API listed 3,000 files with their patches
    expect(list.files.find((f) => f.path === 'a.txt')?.patch).toMatch(/^@@/);
  });

  it('a malformed tree response is a clear failure naming the route', async () => {
    const { repo, source, name } = setup();
    const sha = repo.commit({ parents: [], files: { a: '1' } });
    gh().fault({ path: new RegExp(`/repos/octo/${name}/git/trees/`) }, { malformed: true, times: Infinity });
    await expect(source.treePaths(sha)).rejects.toThrowError(new RegExp(`^GET /repos/octo/${name}/git/trees/${sha}: GitHub returned malformed JSON`));
  });
});

describe('GitHubSource reading release ranges from a full local checkout', () => {
  /** The fake API holds the same commits (same SHAs) as the local repository. */
  function mirror(local: TestRepo, repo: ReturnType<typeof setup>['repo']): void {
    for (const line of local.git('rev-list', '--reverse', '--parents', 'HEAD').split('\n')) {
      const [sha, ...parents] = line.split(' ');
      const files = Object.fromEntries(
        local.git('ls-tree', '-r', '--name-only', sha!).split('\n').filter(Boolean).map((p) => [p, local.git('show', `${sha}:${p}`)]),
      );
      repo.commitTree(sha, files, { parents, branch: 'main' });
    }
  }

  it('asks git, not the compare API, with one diff for every component base; a shallow clone is never used', async () => {
    const local = new TestRepo();
    const shallowDir = mkdtempSync(path.join(tmpdir(), 'bc-shallow-'));
    try {
      const a = local.commit('feat: a', { 'api/a.ts': '1', 'web/w.ts': '1' });
      const b = local.commit('feat(api): b', { 'api/b.ts': '1' });
      const c = local.commit('fix: web', { 'web/x.ts': '1' });
      const { repo, source, requests } = setup();
      mirror(local, repo);
      repo.refs.set('refs/tags/api@1.0.0', b);
      repo.refs.set('refs/tags/web@1.0.0', a);
      await source.tags(['api@', 'web@']);
      source.readFrom(await LocalGitSource.open(local.dir));
      const wants = { commits: true, patches: () => [] };
      const [api, web] = await source.read([{ base: 'api@1.0.0', head: c }, { base: 'web@1.0.0', head: c }], wants);
      expect(api!.files.map((f) => f.path)).toEqual(['web/x.ts']);
      expect(web!.files.map((f) => f.path)).toEqual(['api/b.ts', 'web/x.ts']);
      expect(web!.commits!.map((x) => [x.message.trim(), x.files])).toEqual([
        ['fix: web', ['web/x.ts']],
        ['feat(api): b', ['api/b.ts']],
      ]);
      expect(requests().filter((r) => r.path.includes('/compare/'))).toEqual([]);

      execFileSync('git', ['clone', '-q', '--depth', '1', `file://${local.dir}`, shallowDir], { stdio: 'ignore' });
      source.readFrom(await LocalGitSource.open(shallowDir));
      const [viaApi] = await source.read([{ base: 'web@1.0.0', head: c }], wants);
      expect(viaApi!.files.map((f) => f.path)).toEqual(['api/b.ts', 'web/x.ts']);
      expect(requests().filter((r) => r.path.includes('/compare/')).length).toBeGreaterThan(0);
    } finally {
      local.cleanup();
      rmSync(shallowDir, { recursive: true, force: true });
    }
  });
});
