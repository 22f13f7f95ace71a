/**
 * Annotated release tags (`git tag -a`), what most real repositories push, end to end: the action
 * in this process against the fake GitHub API, whose `refs/tags/<name>` then points at a tag
 * object (`matching-refs` says `type: "tag"`) that only `GET /git/tags/{sha}` peels to its commit.
 * Each scenario is judged by the outputs and by the exact requests: which comparisons name a tag,
 * how many tag objects are peeled, and which writes are made. The CLI's `--github` preview reads
 * the same source and must agree.
 */
import { Octokit } from '@octokit/rest';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-runner.js';
import { TestRepo } from './support/git-repo.js';
import type { RunActionOptions } from './support/action-runner.js';
import { CONFIG_PATH, apiPrefix, json, log, messages, newRepoIn, pushPayload, runIn, type Run } from './support/action-scenarios.js';
import type { FakeRepo, RecordedRequest } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const gh = useFakeGitHub();
/** Scratch git repositories (the local CLI's side of case g), removed after the file. */
const cleanups: (() => void)[] = [];
afterAll(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

const run = (name: string, options: Omit<RunActionOptions, 'gh' | 'repo'>): Promise<Run> => runIn(gh(), name, options);
const CONFIG = 'version: 1\nrules: [{name: source, paths: "src/**", bump: minor}, {name: docs, paths: "docs/**", bump: none}, {name: lib, paths: "lib/**", bump: patch}]\n';

function expectSuccess(r: Run): void {
  expect(r.code, log(r)).toBe(0);
  expect(messages(r, 'error'), log(r)).toEqual([]);
}

/** Requests below the repository as "METHOD /path", in order. */
const calls = (r: { requests: RecordedRequest[] }, name: string): string[] =>
  r.requests.map((q) => `${q.method} ${q.path.slice(apiPrefix(name).length)}`);
/** The comparisons asked for, as "base...head". */
const compares = (r: { requests: RecordedRequest[] }): string[] =>
  r.requests.filter((q) => q.path.includes('/compare/')).map((q) => q.path.replace(/^.*\/compare\//, ''));
/** The tag objects peeled (`GET /git/tags/{sha}`), by sha. */
const peeled = (r: { requests: RecordedRequest[] }): string[] =>
  r.requests.filter((q) => q.method === 'GET' && q.path.includes('/git/tags/')).map((q) => q.path.replace(/^.*\/git\/tags\//, ''));

/** A repository whose first commit (the config and src/a.ts) carries the annotated tag v1.0.0. */
function annotatedRepo(name: string): { repo: FakeRepo; root: string; v100: string } {
  const repo = newRepoIn(gh(), name);
  const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': '1' }, branch: 'main' });
  const v100 = repo.annotatedTag('v1.0.0', root);
  return { repo, root, v100 };
}

// ---- the fake itself -------------------------------------------------------------------------

describe('the fake GitHub API serves annotated tags as GitHub does', () => {
  it('refs point at tag objects; git/tags peels them (nested too); commit reads peel tag names', async () => {
    const name = 'fake-annotated';
    const { repo, root, v100 } = annotatedRepo(name);
    const next = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    const nested = repo.annotatedTag('v1.1.0', next, { message: 'the second', nestedDepth: 1 });
    repo.refs.set('refs/tags/v1.1.1-light', next);
    const octokit = new Octokit({ baseUrl: gh().url, auth: 'token', log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
    const o = { owner: 'octo', repo: name };

    // Deterministic and distinct from commits.
    expect(repo.annotatedTag('v1.0.0', root)).toBe(v100);
    expect(repo.commits.has(v100)).toBe(false);
    expect(repo.refs.get('refs/tags/v1.0.0')).toBe(v100);

    const { data: refs } = await octokit.rest.git.listMatchingRefs({ ...o, ref: 'tags/v1' });
    expect(refs.map((r) => [r.ref, r.object.type, r.object.sha])).toEqual([
      ['refs/tags/v1.0.0', 'tag', v100],
      ['refs/tags/v1.1.0', 'tag', nested],
      ['refs/tags/v1.1.1-light', 'commit', next],
    ]);
    expect(refs[0]!.object.url).toBe(`${gh().url}/repos/octo/${name}/git/tags/${v100}`);
    expect((await octokit.rest.git.getRef({ ...o, ref: 'tags/v1.0.0' })).data.object).toMatchObject({ type: 'tag', sha: v100 });

    const { data: tag } = await octokit.rest.git.getTag({ ...o, tag_sha: v100 });
    expect(tag).toMatchObject({ sha: v100, tag: 'v1.0.0', message: 'Release v1.0.0', object: { type: 'commit', sha: root } });
    expect(tag.tagger).toEqual({ name: 'Fake Tagger', email: 'tagger@example.com', date: new Date(0).toISOString() });
    // A tag of a tag: the outer object points at the inner one, which points at the commit.
    const outer = (await octokit.rest.git.getTag({ ...o, tag_sha: nested })).data;
    expect(outer).toMatchObject({ tag: 'v1.1.0', message: 'the second', object: { type: 'tag' } });
    expect((await octokit.rest.git.getTag({ ...o, tag_sha: outer.object.sha })).data.object).toMatchObject({ type: 'commit', sha: next });
    // A commit is not a tag object; nor is an unknown sha.
    for (const sha of [root, 'f'.repeat(40)]) {
      await expect(octokit.rest.git.getTag({ ...o, tag_sha: sha })).rejects.toMatchObject({ status: 404 });
    }

    // Everything that reads a commit peels: compare by tag names or tag object shas, commits, contents, trees.
    const { data: cmp } = await octokit.rest.repos.compareCommitsWithBasehead({ ...o, basehead: 'v1.0.0...v1.1.0' });
    expect(cmp).toMatchObject({ status: 'ahead', ahead_by: 1, base_commit: { sha: root }, merge_base_commit: { sha: root } });
    expect(cmp.files!.map((f) => f.filename)).toEqual(['src/b.ts']);
    expect((await octokit.rest.repos.compareCommitsWithBasehead({ ...o, basehead: `${v100}...${nested}` })).data.ahead_by).toBe(1);
    expect((await octokit.rest.repos.getCommit({ ...o, ref: 'v1.1.0' })).data.sha).toBe(next);
    expect((await octokit.rest.repos.getCommit({ ...o, ref: nested })).data.sha).toBe(next);
    const { data: content } = await octokit.rest.repos.getContent({ ...o, path: 'src/b.ts', ref: 'v1.1.0' });
    expect(content).toMatchObject({ path: 'src/b.ts', url: expect.stringContaining(`ref=${next}`) });
    await expect(octokit.rest.repos.getContent({ ...o, path: 'src/b.ts', ref: 'v1.0.0' })).rejects.toMatchObject({ status: 404 });
    expect((await octokit.rest.git.getTree({ ...o, tree_sha: 'v1.1.0', recursive: '1' })).data.tree.map((e) => e.path)).toContain('src/b.ts');
    expect(repo.resolve('v1.1.0')).toBe(next);
    expect(repo.tagCommit('v1.1.0')).toBe(next);
  });

  it('refs may be created at a tag object; a forced PATCH points the ref at exactly the sha given', async () => {
    const name = 'fake-annotated-writes';
    const { repo, root, v100 } = annotatedRepo(name);
    const next = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    const octokit = new Octokit({ baseUrl: gh().url, auth: 'token', log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
    const o = { owner: 'octo', repo: name };

    // POST /git/refs at a tag object (how an annotated tag is pushed through the API).
    const created = (await octokit.rest.git.createRef({ ...o, ref: 'refs/tags/v1', sha: v100 })).data;
    expect(created.object).toMatchObject({ type: 'tag', sha: v100 });
    // A fast-forward is judged on the commits: v1 (tag object at root) -> next is one.
    const moved = (await octokit.rest.git.updateRef({ ...o, ref: 'tags/v1', sha: next })).data;
    expect(moved.object).toEqual(expect.objectContaining({ type: 'commit', sha: next }));
    expect(repo.refs.get('refs/tags/v1')).toBe(next);
    // Back to the tag object at root: not a fast-forward without force; with it, exactly that sha.
    await expect(octokit.rest.git.updateRef({ ...o, ref: 'tags/v1', sha: v100 })).rejects.toMatchObject({ status: 422 });
    await octokit.rest.git.updateRef({ ...o, ref: 'tags/v1', sha: v100, force: true });
    expect(repo.refs.get('refs/tags/v1')).toBe(v100);
    // generate-notes: an annotated previous tag is a commit range like any other.
    const notes = (await octokit.rest.repos.generateReleaseNotes({ ...o, tag_name: 'v1.1.0', target_commitish: next, previous_tag_name: 'v1.0.0' })).data;
    expect(notes.body).toContain('compare/v1.0.0...v1.1.0');
  });
});


// ---- the action -------------------------------------------------------------------------------

const CONFIG_READ = `GET /contents/${CONFIG_PATH}`;
const LIST = 'GET /git/matching-refs/tags/v';

/** A workflow_dispatch run on main at `sha`. */
const dispatch = (sha: string, inputs: Record<string, string>): Omit<RunActionOptions, 'gh' | 'repo'> => ({
  event: 'workflow_dispatch',
  payload: { inputs: {} },
  sha,
  ref: 'refs/heads/main',
  inputs,
});

describe('the action with annotated release tags', () => {
  it('a: the current release is an annotated tag on the branch: measured from it by name, no tag object peeled', async () => {
    const name = 'ann-current';
    const { repo, root } = annotatedRepo(name);
    const after = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { before: root, after }), inputs: { tag: 'true' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.1.0', 'next-tag': 'v1.1.0', bump: 'minor', warnings: '[]', 'tag-created': 'v1.1.0' });
    expect(json<{ path: string }[]>(r.outputs.files).map((f) => f.path)).toEqual(['src/b.ts']);
    expect(json<{ baseRef: string; base: string }[]>(r.outputs.components)[0]).toMatchObject({ baseRef: 'v1.0.0', base: root });
    // The comparison names the tag (GitHub peels it): one request places v1.0.0 and reads the change.
    expect(calls(r, name)).toEqual([CONFIG_READ, LIST, `GET /compare/v1.0.0...${after}`, 'POST /git/refs']);
    expect(peeled(r)).toEqual([]);
    expect(r.requests.find((q) => q.method === 'POST')!.body).toEqual({ ref: 'refs/tags/v1.1.0', sha: after });
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(after);
  });

  it('b: an annotated release tag off the branch (changesets\' "Version Packages" commit) still counts; its floating tag never does', async () => {
    const name = 'ann-off-branch';
    const { repo, root } = annotatedRepo(name);
    const release = repo.commit({ parents: [root], message: 'Version Packages', files: { 'CHANGELOG.md': '2.1.1' } });
    repo.annotatedTag('v2.1.1', release);
    repo.annotatedTag('v2', release);
    const after = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { before: root, after }) });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '2.1.1', 'next-version': '2.2.0', bump: 'minor', changed: 'true', warnings: '[]' });
    // From the merge base (root): the release commit's own CHANGELOG.md is not part of the change.
    expect(json<{ path: string }[]>(r.outputs.files).map((f) => f.path)).toEqual(['src/b.ts']);
    expect(calls(r, name)).toEqual([CONFIG_READ, LIST, `GET /compare/v2.1.1...${after}`]);
    expect(peeled(r)).toEqual([]);
    expect(messages(r, 'warning')).toEqual([]);
  });

  it('c: a re-run at a commit carrying an annotated release tag finds the tag in place and writes no new tag', async () => {
    const name = 'ann-at-head';
    const { repo, root, v100 } = annotatedRepo(name);
    const head = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    const v110 = repo.annotatedTag('v1.1.0', head);

    const r = await run(name, dispatch(head, { tag: 'true' }));

    expectSuccess(r);
    // v1.1.0 is head's own release; the current one is the release before it.
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.1.0', 'next-tag': 'v1.1.0', bump: 'minor', warnings: '[]', 'tag-created': 'v1.1.0' });
    expect(calls(r, name)).toEqual([
      CONFIG_READ,
      LIST,
      `GET /compare/v1.1.0...${head}`, // identical: at head, set aside
      `GET /compare/v1.0.0...${head}`, // the current release, and the change
      `GET /git/tags/${v110}`, // the next tag exists: where? (decision)
      'POST /git/refs', // 422 "Reference already exists"
      'GET /git/ref/tags/v1.1.0', // the write's own check: at the same commit, success
      `GET /git/tags/${v110}`,
    ]);
    // Two peelings per run, both of the same tag object; v1.0.0 is never peeled.
    expect(peeled(r)).toEqual([v110, v110]);
    expect(peeled(r)).not.toContain(v100);
    expect(r.requests.find((q) => q.method === 'POST')).toMatchObject({ status: 422, body: { ref: 'refs/tags/v1.1.0', sha: head } });
    expect(r.stdout).toContain(`tag v1.1.0 already exists at ${head.slice(0, 7)}`);
    // The tag is untouched: still the annotated tag object, not replaced by a lightweight tag.
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(v110);
    expect([...repo.refs.keys()].filter((ref) => ref.startsWith('refs/tags/')).sort()).toEqual(['refs/tags/v1.0.0', 'refs/tags/v1.1.0']);
  });

  it('d: a next tag that exists as an annotated tag (a tag of a tag) at another commit fails the step naming it, with no writes', async () => {
    const name = 'ann-next-exists';
    const { repo, root } = annotatedRepo(name);
    const middle = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    const later = repo.commit({ parents: [middle], files: { 'src/c.ts': '1' }, branch: 'main' });
    const outer = repo.annotatedTag('v1.1.0', later, { nestedDepth: 1 });
    const inner = repo.tagObjects.get(outer)!.object.sha;

    const r = await run(name, dispatch(later, { head: middle, tag: 'true' }));

    expect(r.code, log(r)).not.toBe(0);
    expect(messages(r, 'error')).toEqual([
      `the next tag v1.1.0 was already released at ${later.slice(0, 7)}, a later commit than head ${middle.slice(0, 7)}: ` +
        'head is older than that release, which already covers it, so no new version can be made here; decide at a newer commit',
    ]);
    expect(r.writes).toEqual([]);
    expect(r.outputs['next-tag']).toBeUndefined();
    // Peeling a tag of a tag costs one request per level.
    expect(calls(r, name)).toEqual([
      CONFIG_READ,
      LIST,
      `GET /compare/v1.1.0...${middle}`,
      `GET /compare/v1.0.0...${middle}`,
      `GET /git/tags/${outer}`,
      `GET /git/tags/${inner}`,
    ]);
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(outer);
  });

  it('e: an annotated release made after head (a dispatch with `head`) is set aside with a warning', async () => {
    const name = 'ann-later';
    const { repo, root } = annotatedRepo(name);
    const older = repo.commit({ parents: [root], files: { 'docs/x.md': 'x' }, branch: 'main' });
    const later = repo.commit({ parents: [older], files: { 'src/c.ts': '1' }, branch: 'main' });
    repo.annotatedTag('v1.1.0', later);

    const r = await run(name, dispatch(later, { head: older, tag: 'true' }));

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', bump: 'none', 'next-version': '', 'next-tag': '', changed: 'false', 'tag-created': '' });
    expect(messages(r, 'warning')).toEqual(['tag v1.1.0 is a later release (its commit descends from head), so it is not the current release']);
    expect(json<string[]>(r.outputs.warnings)).toEqual(messages(r, 'warning'));
    expect(calls(r, name)).toEqual([CONFIG_READ, LIST, `GET /compare/v1.1.0...${older}`, `GET /compare/v1.0.0...${older}`]);
    expect(peeled(r)).toEqual([]);
    expect(r.writes).toEqual([]);
  });

  it('f: floating tags with annotated tags: v1 (annotated, by hand) moves forward to a release; a re-run finds it in place', async () => {
    const name = 'ann-float-forward';
    const { repo, root, v100 } = annotatedRepo(name);
    // `git tag -fa v1 v1.0.0`, as action maintainers move it by hand: an annotated floating tag.
    const v1 = repo.annotatedTag('v1', root, { message: 'v1 -> v1.0.0' });
    const head = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    const options = { event: 'push', payload: pushPayload(repo, { before: root, after: head }), inputs: { release: 'true', 'floating-tags': 'major' } };

    const r = await run(name, options);

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.1.0', 'tag-created': 'v1.1.0', 'floating-tags': 'v1', warnings: '[]' });
    expect(calls(r, name)).toEqual([
      CONFIG_READ,
      LIST,
      `GET /compare/v1.0.0...${head}`,
      'POST /git/refs',
      'GET /releases/tags/v1.1.0',
      'POST /releases/generate-notes',
      'POST /releases',
      LIST,
      `GET /git/tags/${v1}`, // where does v1 point now? (root: move it)
      'PATCH /git/refs/tags/v1',
      LIST, // the race check: no higher release meanwhile
    ]);
    expect(peeled(r)).not.toContain(v100);
    expect(r.requests.find((q) => q.method === 'POST' && q.path.endsWith('/generate-notes'))!.body).toMatchObject({ previous_tag_name: 'v1.0.0' });
    expect(r.requests.find((q) => q.method === 'PATCH')).toMatchObject({ status: 200, body: { sha: head, force: true } });
    // As on GitHub, the ref now points at the commit given: v1 has become a lightweight tag.
    expect(repo.refs.get('refs/tags/v1')).toBe(head);

    // A maintainer re-tags v1 by hand at the same release (annotated again); the job is re-run.
    const again1 = repo.annotatedTag('v1', head, { message: 'v1 -> v1.1.0' });
    const again = await run(name, options);

    expectSuccess(again);
    expect(again.outputs).toMatchObject({ 'tag-created': 'v1.1.0', 'floating-tags': '' });
    expect(calls(again, name)).toEqual([
      CONFIG_READ,
      LIST,
      `GET /compare/v1.0.0...${head}`,
      'POST /git/refs', // 422: v1.1.0 exists, at head
      'GET /git/ref/tags/v1.1.0',
      'GET /releases/tags/v1.1.0',
      LIST,
      `GET /git/tags/${again1}`, // v1 peeled: already at head
    ]);
    expect(again.stdout).toContain(`floating tag v1 already points at v1.1.0 (${head.slice(0, 7)})`);
    expect(repo.refs.get('refs/tags/v1')).toBe(again1);
  });

  it('f: floating tags never move backwards: a late 1.0.1 (maintenance branch 1.0.x) leaves an annotated v1 at v1.1.0', async () => {
    const name = 'ann-float-late';
    const { repo, root } = annotatedRepo(name);
    const one = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    repo.annotatedTag('v1.1.0', one);
    const v1 = repo.annotatedTag('v1', one);
    const fix = repo.commit({ parents: [root], files: { 'lib/fix.ts': '1' }, branch: '1.0.x' });

    const r = await run(name, {
      event: 'push',
      payload: pushPayload(repo, { ref: 'refs/heads/1.0.x', before: root, after: fix }),
      inputs: { release: 'true', 'floating-tags': 'major' },
    });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.0.1', bump: 'patch', 'tag-created': 'v1.0.1', 'floating-tags': '' });
    expect(r.stdout).toContain('floating tag v1 left as it is: v1.1.0 is a higher release of its line than v1.0.1');
    expect(r.writes).toEqual(['POST /git/refs', 'POST /releases']);
    expect(calls(r, name).slice(-1)).toEqual([LIST]);
    expect(peeled(r)).toEqual([]);
    expect(repo.refs.get('refs/tags/v1')).toBe(v1);
  });

  /**
   * GAP (src/sources/change.ts, gatherChange): a tag the listing shows at head is the change's
   * own release ("for (const t of listed) if (t.commit === head) notBefore.set(...)"), but the
   * API listing gives no commit for an annotated tag (commit: null), and placeOf is only asked
   * about the highest candidate (v2.0.0, diverged: taken as current). So v1.0.1 at head is never
   * seen: the action answers 2.0.0 -> 2.1.0 with no warning and, with `tag: true`, tags the hotfix
   * commit v2.1.0 (a second release of the same commit, above the real 2.x line). The CLI on a
   * local checkout, and the action with lightweight tags (next test), answer 1.0.1 with a warning.
   */
  it.fails('g: a lower annotated tag at head (hotfix branch, not a maintenance branch) stands as head\'s release, as in the CLI', async () => {
    const name = 'ann-hotfix';
    const { repo, fix } = hotfixRepo(name, true);

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { ref: 'refs/heads/hotfix-1', before: fix, after: fix }), inputs: { tag: 'true' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.0.1', 'next-tag': 'v1.0.1', bump: 'patch', 'tag-created': 'v1.0.1' });
    expect(messages(r, 'warning')).toEqual(['head is already released as v1.0.1; this change alone would make 2.1.0 (bump minor)']);
    expect(repo.refs.has('refs/tags/v2.1.0')).toBe(false);
  });

  it('g, as the README advises: with the hotfix branch a maintenance branch, its annotated v1.0.1 at head stands', async () => {
    const name = 'ann-hotfix-maintained';
    const repo = newRepoIn(gh(), name);
    const config = `${CONFIG}maintenance: [{branches: "hotfix-*", range: "1.0.x"}]\n`;
    const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: config, 'src/a.ts': '1' }, branch: 'main' });
    const fix = repo.commit({ parents: [root], message: 'fix: x', files: { 'src/a.ts': '2' }, branch: 'hotfix-1' });
    const two = repo.commit({ parents: [root], message: 'feat: y', files: { 'src/b.ts': '1' }, branch: 'main' });
    repo.annotatedTag('v1.0.0', root);
    repo.annotatedTag('v1.0.1', fix);
    repo.annotatedTag('v2.0.0', two);

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { ref: 'refs/heads/hotfix-1', before: fix, after: fix }), inputs: { tag: 'true' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.0.1', 'next-tag': 'v1.0.1', bump: 'patch' });
    expect(repo.refs.has('refs/tags/v1.0.2')).toBe(false);
  });

  it('g (lightweight tags): the same hotfix answers 1.0.1 with a warning, as the CLI does', async () => {
    const name = 'light-hotfix';
    const { repo, fix } = hotfixRepo(name, false);

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { ref: 'refs/heads/hotfix-1', before: fix, after: fix }), inputs: { tag: 'true' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.0.1', 'next-tag': 'v1.0.1', bump: 'patch', 'tag-created': 'v1.0.1' });
    expect(messages(r, 'warning')).toEqual(['head is already released as v1.0.1; this change alone would make 2.1.0 (bump minor)']);
    expect(repo.refs.has('refs/tags/v2.1.0')).toBe(false);
  });

  /**
   * The listing gives no commit for an annotated v1.1.0, so the warning comes from the
   * comparison v1.1.0...head, whose status ("diverged") says the release is not in the branch.
   */
  it('a maintenance branch behind its annotated current release is warned about, as with lightweight tags', async () => {
    const name = 'ann-behind-line';
    const { repo, root } = annotatedRepo(name);
    const one = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    repo.annotatedTag('v1.1.0', one);
    const fix = repo.commit({ parents: [root], files: { 'lib/x.ts': '1' }, branch: '1.x' });

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { ref: 'refs/heads/1.x', before: root, after: fix }), inputs: { 'dry-run': 'true' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.1.0', 'next-version': '1.1.1' });
    expect(messages(r, 'warning')).toEqual([
      `the current release v1.1.0 of the 1.x range is not in the history of branch 1.x (they part at ${root.slice(0, 7)}), ` +
        'so its next release would lack what v1.1.0 shipped; merge v1.1.0 into 1.x',
    ]);
  });
});

/** v1.0.0 at root; main: v2.0.0 (a feature); branch hotfix-1: a fix tagged v1.0.1 (annotated or lightweight). */
function hotfixRepo(name: string, annotated: boolean): { repo: FakeRepo; root: string; fix: string } {
  const repo = newRepoIn(gh(), name);
  const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': '1' }, branch: 'main' });
  const fix = repo.commit({ parents: [root], message: 'fix: x', files: { 'src/a.ts': '2' }, branch: 'hotfix-1' });
  const two = repo.commit({ parents: [root], message: 'feat: y', files: { 'src/b.ts': '1' }, branch: 'main' });
  const tag = (name: string, sha: string) => (annotated ? repo.annotatedTag(name, sha) : repo.refs.set(`refs/tags/${name}`, sha));
  tag('v1.0.0', root);
  tag('v1.0.1', fix);
  tag('v2.0.0', two);
  return { repo, root, fix };
}

// ---- the CLI ------------------------------------------------------------------------------------

const cli = (args: string[], cwd = '/') => runCli(args, cwd, { GITHUB_API_URL: gh().url, GITHUB_TOKEN: 'preview-token' });

describe('the CLI with annotated release tags', () => {
  it('--github agrees with the action on case a (and peels no tag object either)', async () => {
    const name = 'cli-ann-current';
    const { repo, root } = annotatedRepo(name);
    const after = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });

    const from = gh().requests.length;
    const out = await cli(['--github', `octo/${name}`, '--format', 'json']);
    const cliRequests = { requests: gh().requests.slice(from) };
    expect(out.code, out.stderr).toBe(0);
    const d = JSON.parse(out.stdout) as Record<string, unknown>;

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { before: root, after }), inputs: { 'dry-run': 'true' } });
    expectSuccess(r);

    expect(d).toMatchObject({ head: after, baseRef: 'v1.0.0', base: root, warnings: [] });
    expect({
      bump: d.bump,
      'current-version': d.currentVersion,
      'next-version': d.nextVersion,
      'next-tag': d.nextTag,
      files: JSON.stringify(d.files),
      warnings: JSON.stringify(d.warnings),
    }).toEqual({
      bump: r.outputs.bump,
      'current-version': r.outputs['current-version'],
      'next-version': r.outputs['next-version'],
      'next-tag': r.outputs['next-tag'],
      files: r.outputs.files,
      warnings: r.outputs.warnings,
    });
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.1.0' });
    expect(compares(cliRequests)).toEqual(compares(r));
    expect(compares(r)).toEqual([`v1.0.0...${after}`]);
    expect(peeled(cliRequests)).toEqual([]);
    expect(cliRequests.requests.filter((q) => q.method !== 'GET')).toEqual([]);
  });

  const HOTFIX_ANSWER = { currentVersion: '1.0.0', bump: 'patch', nextVersion: '1.0.1', nextTag: 'v1.0.1', warnings: ['head is already released as v1.0.1; this change alone would make 2.1.0 (bump minor)'] };

  it('g on a local checkout: annotated tags are peeled by git, and head\'s v1.0.1 stands with a warning', async () => {
    const r = new TestRepo();
    cleanups.push(() => r.cleanup());
    r.write({ [CONFIG_PATH]: CONFIG });
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v1.0.0', { annotated: true });
    r.git('checkout', '-q', '-b', 'hotfix-1');
    r.commit('fix: x', { 'src/a.ts': '2' });
    r.tag('v1.0.1', { annotated: true });
    r.git('checkout', '-q', 'main');
    r.commit('feat: y', { 'src/b.ts': '1' });
    r.tag('v2.0.0', { annotated: true });
    r.git('checkout', '-q', 'hotfix-1');

    const out = await cli(['--format', 'json'], r.dir);

    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject(HOTFIX_ANSWER);
  });

  /** GAP: the same as the action's case g (both read tags through GitHubSource): 2.0.0 -> 2.1.0, no warning. */
  it.fails('g through --github: the hotfix at an annotated v1.0.1 answers as the local CLI does', async () => {
    const name = 'cli-ann-hotfix';
    hotfixRepo(name, true);

    const out = await cli(['--github', `octo/${name}`, '--head', 'hotfix-1', '--format', 'json']);

    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject(HOTFIX_ANSWER);
  });
});
