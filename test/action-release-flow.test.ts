/**
 * The release flow end to end: floating tags (`floating-tags`), release notes that say why
 * (`release-notes`) and draft releases (`draft`), run() from src in this process against the fake
 * GitHub REST API (test/support/action-runner.ts). Each scenario is judged by the EXACT requests
 * the action made (refs created, moved or untouched; releases created or updated; notes asked
 * for) and by the repository's state afterwards.
 *
 * One fake API for the file; every test builds its own repository (distinct names).
 */
import { describe, expect, it } from 'vitest';
import type { RunActionOptions } from './support/action-runner.js';
import { CONFIG_PATH, apiPrefix, log, messages, newRepoIn, pushPayload, runIn, type Run } from './support/action-scenarios.js';
import type { FakeRepo, FileSpec, RecordedRequest } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';
import { TagFormat } from '../src/core/index.js';
import { draftsOfLine, type DraftLine, type ListedRelease } from '../src/github/releases.js';

/** Source is minor, docs patch, tests nothing; commits are read as conventional commits. */
const CONFIG = `version: 1
rules:
  - name: source
    paths: "src/**"
    bump: minor
  - name: docs
    paths: "docs/**"
    bump: patch
  - name: tests
    paths: "test/**"
    bump: none
commits:
  conventional: true
prerelease:
  - branches: next
    id: preview
`;

const gh = useFakeGitHub();
const run = (name: string, options: Omit<RunActionOptions, 'gh' | 'repo'>): Promise<Run> => runIn(gh(), name, options);

function expectSuccess(r: Run): void {
  expect(r.code, log(r)).toBe(0);
  expect(messages(r, 'error'), log(r)).toEqual([]);
}

/** A repository whose main branch starts with the config, tagged `tags` at that first commit. */
function newRepo(name: string, options: { config?: string; tags?: string[] } = {}): { repo: FakeRepo; root: string } {
  const repo = newRepoIn(gh(), name);
  const root = repo.commit({ parents: [], message: 'init', files: { [CONFIG_PATH]: options.config ?? CONFIG, 'src/a.ts': 'a\n' }, branch: 'main' });
  for (const tag of options.tags ?? ['v1.0.0']) repo.refs.set(`refs/tags/${tag}`, root);
  return { repo, root };
}

/** A squash-merged pull request: one commit on `branch` whose subject ends in "(#number)". */
function merge(repo: FakeRepo, parent: string, pr: { number: number; title: string; files: Record<string, FileSpec>; author?: string; branch?: string }): string {
  const sha = repo.commit({ parents: [parent], message: `${pr.title} (#${pr.number})`, files: pr.files, branch: pr.branch ?? 'main' });
  repo.openPull({
    number: pr.number,
    base: { ref: pr.branch ?? 'main', sha: parent },
    head: { ref: `pr-${pr.number}`, sha },
    title: pr.title,
    state: 'closed',
    merged: true,
    merge_commit_sha: sha,
    user: { login: pr.author ?? 'octocat' },
  });
  return sha;
}

const push = (repo: FakeRepo, before: string, after: string, branch = 'main'): object =>
  pushPayload(repo, { ref: `refs/heads/${branch}`, before, after });

/** The tag refs of the repository, name -> commit. */
function tags(repo: FakeRepo): Record<string, string> {
  return Object.fromEntries([...repo.refs].filter(([ref]) => ref.startsWith('refs/tags/')).map(([ref, sha]) => [ref.slice('refs/tags/'.length), sha]));
}

/** Requests below the repository as "METHOD /path", reads and writes, in order. */
const calls = (r: Run, name: string): string[] => r.requests.map((q) => `${q.method} ${q.path.slice(apiPrefix(name).length)}`);

/** The ref writes (tags and floating tags) with their bodies. */
const refWrites = (r: Run, name: string): { call: string; body: unknown }[] =>
  r.requests
    .filter((q) => q.method !== 'GET' && q.path.includes('/git/refs'))
    .map((q) => ({ call: `${q.method} ${q.path.slice(apiPrefix(name).length)}`, body: q.body }));

const body = (q: RecordedRequest | undefined): Record<string, unknown> => (q?.body ?? {}) as Record<string, unknown>;
const find = (r: Run, method: string, suffix: string): RecordedRequest | undefined => r.requests.find((q) => q.method === method && q.path.endsWith(suffix));

// ---- release notes that say why ---------------------------------------------------------------------

describe('release-notes', () => {
  it('why+github (the default): the body is the "Why" section, then GitHub\'s notes since the current release', async () => {
    const name = 'notes-default';
    const { repo, root } = newRepo(name);
    const feat = merge(repo, root, { number: 12, title: 'feat(api): add search', files: { 'src/search.ts': 's\n', 'test/search.test.ts': 't\n' }, author: 'alice' });
    const after = merge(repo, feat, { number: 13, title: 'docs: explain search', files: { 'docs/search.md': '# search\n' }, author: 'bob' });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { release: 'true' } });

    expectSuccess(r);
    expect(r.writes).toEqual(['POST /git/refs', 'POST /releases']);
    // GitHub's notes are asked for between the tag and the release, from the current release's tag.
    expect(calls(r, name).filter((c) => !c.startsWith('GET'))).toEqual(['POST /git/refs', 'POST /releases/generate-notes', 'POST /releases']);
    expect(body(find(r, 'POST', '/releases/generate-notes'))).toEqual({ tag_name: 'v1.1.0', target_commitish: after, previous_tag_name: 'v1.0.0' });
    const created = body(find(r, 'POST', '/releases'));
    expect(created).toMatchObject({ tag_name: 'v1.1.0', target_commitish: after, name: 'v1.1.0', generate_release_notes: false, make_latest: 'true' });
    expect(r.outputs).toMatchObject({ 'tag-created': 'v1.1.0', 'release-id': String([...repo.releases.keys()][0]), 'floating-tags': '' });

    // The body a release gets (quoted in the README): shas are the fake's, deterministic per repository.
    const text = String(created.body).replaceAll(feat.slice(0, 7), 'FEAT000').replaceAll(after.slice(0, 7), 'DOCS000');
    expect(text).toMatchInlineSnapshot(`
      "## Why 1.1.0

      Bump **minor**: 1.0.0 (\`v1.0.0\`) → **1.1.0** (\`v1.1.0\`).
      Decided by the rule source (1 file) and commit \`FEAT000\` (**minor**).

      ### Rules

      - **minor** · source · 1 file
        - \`src/search.ts\` (added)
      - **patch** · docs · 1 file
        - \`docs/search.md\` (added)
      - **none** · tests · 1 file
        - \`test/search.test.ts\` (added)

      ### Commits

      - **minor** · \`FEAT000\` feat(api): add search ([#12](https://github.com/octo/notes-default/pull/12)) — feat
      - **none** · \`DOCS000\` docs: explain search ([#13](https://github.com/octo/notes-default/pull/13)) — type "docs" releases nothing

      ## What's Changed
      * feat(api): add search by @alice in https://github.com/octo/notes-default/pull/12
      * docs: explain search by @bob in https://github.com/octo/notes-default/pull/13

      **Full Changelog**: https://github.com/octo/notes-default/compare/v1.0.0...v1.1.0"
    `);
    expect([...repo.releases.values()][0]!.body).toBe(created.body);
  });

  it('why: only the "Why" section, and no generated notes are asked for', async () => {
    const name = 'notes-why';
    const { repo, root } = newRepo(name);
    const after = merge(repo, root, { number: 3, title: 'fix: handle <empty> @input | `x`', files: { 'docs/a.md': 'a\n' } });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { release: 'true', 'release-notes': 'why' } });

    expectSuccess(r);
    expect(find(r, 'POST', '/releases/generate-notes')).toBeUndefined();
    const text = String(body(find(r, 'POST', '/releases')).body);
    expect(text.startsWith('## Why 1.0.1\n')).toBe(true);
    expect(text).not.toContain("What's Changed");
    // The subject is data: escaped, no mention, the PR linked to the server's pull request page.
    expect(text).toContain(`fix: handle \\<empty\\> @\u200binput \\| \\\`x\\\` ([#3](https://github.com/octo/${name}/pull/3)) — fix`);
  });

  it('github: GitHub generates the notes as it creates the release (as before), nothing else is asked', async () => {
    const name = 'notes-github';
    const { repo, root } = newRepo(name);
    const after = merge(repo, root, { number: 4, title: 'feat: one', files: { 'src/b.ts': 'b\n' } });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { release: 'true', 'release-notes': 'github' } });

    expectSuccess(r);
    expect(find(r, 'POST', '/releases/generate-notes')).toBeUndefined();
    const created = body(find(r, 'POST', '/releases'));
    expect(created.generate_release_notes).toBe(true);
    expect(created).not.toHaveProperty('body');
    // The fake's generated notes: GitHub's shape (no earlier release here, so the whole history).
    expect([...repo.releases.values()][0]!.body).toBe(
      `## What's Changed\n* feat: one by @octocat in https://github.com/octo/${name}/pull/4\n\n**Full Changelog**: https://github.com/octo/${name}/commits/v1.1.0`,
    );
  });

  it('links pull requests on the server GITHUB_SERVER_URL names (GitHub Enterprise Server)', async () => {
    const name = 'notes-ghes';
    const { repo, root } = newRepo(name);
    const after = merge(repo, root, { number: 77, title: 'feat: on prem', files: { 'src/c.ts': 'c\n' } });

    const r = await run(name, {
      event: 'push',
      payload: push(repo, root, after),
      inputs: { release: 'true', 'release-notes': 'why' },
      env: { GITHUB_SERVER_URL: 'https://ghe.example.com/' },
    });

    expectSuccess(r);
    expect(String(body(find(r, 'POST', '/releases')).body)).toContain(`feat: on prem ([#77](https://ghe.example.com/octo/${name}/pull/77))`);
  });

  it('a body over GitHub\'s 125,000 characters is cut at a line with a note, and GitHub accepts it', async () => {
    const name = 'notes-cut';
    const { repo, root } = newRepo(name);
    const after = merge(repo, root, { number: 5, title: 'feat: big', files: { 'src/d.ts': 'd\n' } });
    // GitHub's generated notes of a release with thousands of pull requests.
    const huge = Array.from({ length: 3000 }, (_, i) => `* change number ${i} with a long enough title to add up quickly by @someone in #${i}`).join('\n');
    gh().fault({ method: 'POST', path: `${apiPrefix(name)}/releases/generate-notes` }, { status: 200, body: { name: 'v1.1.0', body: huge } });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { release: 'true' } });

    expectSuccess(r);
    const text = String(body(find(r, 'POST', '/releases')).body);
    expect(huge.length).toBeGreaterThan(125_000);
    expect(text.length).toBeLessThanOrEqual(125_000);
    expect(text.startsWith('## Why 1.1.0\n')).toBe(true);
    expect(text).toMatch(/\n\n_This release body was cut to fit GitHub's 125,000-character limit: [\d,]+ line\(s\), [\d,]+ characters, left out\._\n$/);
    expect(messages(r, 'warning')).toEqual(["the release notes of v1.1.0 were cut to fit GitHub's 125,000-character limit"]);
    expect(find(r, 'POST', '/releases')?.status).toBe(201);
    expect([...repo.releases.values()][0]!.body).toBe(text);
  });
});

// ---- floating tags ------------------------------------------------------------------------------------

describe('floating-tags', () => {
  it('creates v1 and v1.1 after the first stable release, moves them forward on the next, and a re-run touches nothing', async () => {
    const name = 'float-forward';
    const { repo, root } = newRepo(name);
    const first = merge(repo, root, { number: 1, title: 'feat: one', files: { 'src/b.ts': 'b\n' } });

    const r1 = await run(name, { event: 'push', payload: push(repo, root, first), inputs: { release: 'true', 'floating-tags': 'major-minor' } });

    expectSuccess(r1);
    // Write order: the tag, its release, then its floating tags.
    expect(r1.writes).toEqual(['POST /git/refs', 'POST /releases', 'POST /git/refs', 'POST /git/refs']);
    expect(refWrites(r1, name)).toEqual([
      { call: 'POST /git/refs', body: { ref: 'refs/tags/v1.1.0', sha: first } },
      { call: 'POST /git/refs', body: { ref: 'refs/tags/v1', sha: first } },
      { call: 'POST /git/refs', body: { ref: 'refs/tags/v1.1', sha: first } },
    ]);
    expect(r1.outputs['floating-tags']).toBe('v1,v1.1');

    const second = merge(repo, first, { number: 2, title: 'feat: two', files: { 'src/c.ts': 'c\n' } });
    const r2 = await run(name, { event: 'push', payload: push(repo, first, second), inputs: { release: 'true', 'floating-tags': 'major-minor' } });

    expectSuccess(r2);
    // The floating tags are never read as releases: the current release is v1.1.0, without a loose-version warning.
    expect(r2.outputs).toMatchObject({ 'current-version': '1.1.0', 'next-version': '1.2.0', warnings: '[]', 'floating-tags': 'v1,v1.2' });
    expect(refWrites(r2, name)).toEqual([
      { call: 'POST /git/refs', body: { ref: 'refs/tags/v1.2.0', sha: second } },
      { call: 'PATCH /git/refs/tags/v1', body: { sha: second, force: true } },
      { call: 'POST /git/refs', body: { ref: 'refs/tags/v1.2', sha: second } },
    ]);
    expect(tags(repo)).toEqual({ 'v1.0.0': root, 'v1.1.0': first, v1: second, 'v1.1': first, 'v1.2.0': second, 'v1.2': second });

    // A re-run of the same push: the tag and the release are in place, and so are the floating tags.
    const again = await run(name, { event: 'push', payload: push(repo, first, second), inputs: { release: 'true', 'floating-tags': 'major-minor' } });
    expectSuccess(again);
    // Only the tag's creation, answered 422 "Reference already exists" (at the same commit: success).
    expect(again.writes).toEqual(['POST /git/refs']);
    expect(refWrites(again, name)).toEqual([{ call: 'POST /git/refs', body: { ref: 'refs/tags/v1.2.0', sha: second } }]);
    expect(find(again, 'POST', '/releases/generate-notes')).toBeUndefined();
    expect(again.outputs).toMatchObject({ 'tag-created': 'v1.2.0', 'floating-tags': '' });
    expect(again.stdout).toContain('floating tag v1 already points at v1.2.0');
  });

  it('a late maintenance release moves its own major only: 1.4.1 after 2.0.0 moves v1, never v2', async () => {
    const name = 'float-maintenance';
    const { repo, root } = newRepo(name, { tags: ['v1.4.0', 'v1'] });
    const two = repo.commit({ parents: [root], message: 'feat!: two', files: { 'src/two.ts': '2\n' }, branch: 'main' });
    repo.refs.set('refs/tags/v2.0.0', two);
    repo.refs.set('refs/tags/v2', two);
    repo.refs.set('refs/heads/1.x', root);
    const fix = merge(repo, root, { number: 9, title: 'fix: backport', files: { 'docs/fix.md': 'f\n' }, branch: '1.x' });

    const r = await run(name, { event: 'push', payload: push(repo, root, fix, '1.x'), inputs: { release: 'true', 'floating-tags': 'major' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'next-tag': 'v1.4.1', 'floating-tags': 'v1' });
    expect(refWrites(r, name)).toEqual([
      { call: 'POST /git/refs', body: { ref: 'refs/tags/v1.4.1', sha: fix } },
      { call: 'PATCH /git/refs/tags/v1', body: { sha: fix, force: true } },
    ]);
    expect(tags(repo)).toMatchObject({ v1: fix, v2: two });
  });

  it('never moves backwards: 1.3.5 after 1.4.0 leaves v1 where it is (and moves v1.3, the highest of its minor)', async () => {
    const name = 'float-backwards';
    const { repo, root } = newRepo(name, { tags: ['v1.3.4', 'v1.3'] });
    const four = repo.commit({ parents: [root], message: 'feat: four', files: { 'src/four.ts': '4\n' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.4.0', four);
    repo.refs.set('refs/tags/v1', four);
    repo.refs.set('refs/heads/1.3.x', root);
    const fix = merge(repo, root, { number: 8, title: 'fix: backport', files: { 'docs/fix.md': 'f\n' }, branch: '1.3.x' });

    const r = await run(name, { event: 'push', payload: push(repo, root, fix, '1.3.x'), inputs: { tag: 'true', 'floating-tags': 'major-minor' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'next-tag': 'v1.3.5', 'floating-tags': 'v1.3' });
    expect(refWrites(r, name)).toEqual([
      { call: 'POST /git/refs', body: { ref: 'refs/tags/v1.3.5', sha: fix } },
      { call: 'PATCH /git/refs/tags/v1.3', body: { sha: fix, force: true } },
    ]);
    expect(tags(repo)).toMatchObject({ v1: four, 'v1.3': fix });
    expect(r.stdout).toContain('floating tag v1 left as it is: v1.4.0 is a higher release of its line than v1.3.5');
  });

  it('prereleases never move floating tags', async () => {
    const name = 'float-prerelease';
    const { repo, root } = newRepo(name, { tags: ['v1.0.0', 'v1'] });
    repo.refs.set('refs/heads/next', root);
    const pre = merge(repo, root, { number: 6, title: 'feat: preview', files: { 'src/p.ts': 'p\n' }, branch: 'next' });

    const r = await run(name, { event: 'push', payload: push(repo, root, pre, 'next'), inputs: { release: 'true', 'floating-tags': 'major-minor' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'next-tag': 'v1.1.0-preview.1', 'floating-tags': '' });
    expect(refWrites(r, name)).toEqual([{ call: 'POST /git/refs', body: { ref: 'refs/tags/v1.1.0-preview.1', sha: pre } }]);
    // Not even a look at the floating tags after the release tag.
    const all = calls(r, name);
    expect(all.slice(all.indexOf('POST /git/refs')).filter((c) => c.includes('matching-refs'))).toEqual([]);
    expect(tags(repo).v1).toBe(root);
  });

  it('components: each released component moves its own floating tag (api@1), the others are untouched', async () => {
    const name = 'float-components';
    const config = `version: 1
components:
  - name: api
    paths: "api/**"
  - name: web
    paths: "web/**"
`;
    const repo = newRepoIn(gh(), name);
    const root = repo.commit({ parents: [], message: 'init', files: { [CONFIG_PATH]: config, 'api/a.ts': '1\n', 'web/w.ts': '1\n' }, branch: 'main' });
    for (const tag of ['api@1.0.0', 'api@1', 'web@1.0.0', 'web@1']) repo.refs.set(`refs/tags/${tag}`, root);
    const after = repo.commit({ parents: [root], message: 'api change', files: { 'api/b.ts': '2\n' }, branch: 'main' });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { tag: 'true', 'floating-tags': 'major' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'tag-created': 'api@1.1.0', 'floating-tags': 'api@1' });
    expect(refWrites(r, name)).toEqual([
      { call: 'POST /git/refs', body: { ref: 'refs/tags/api@1.1.0', sha: after } },
      { call: 'PATCH /git/refs/tags/api@1', body: { sha: after, force: true } },
    ]);
    expect(tags(repo)).toMatchObject({ 'api@1': after, 'web@1': root });
  });

  it('a format that writes only those parts has no such floating tag: v{major} none, v{major}.{minor} only v1', async () => {
    for (const [format, first, expected] of [
      ['v{major}', 'v1', []],
      ['v{major}.{minor}', 'v1.0', ['v1']],
    ] as const) {
      const name = `float-parts-${format.replace(/[{}.]/g, '')}`;
      const { repo, root } = newRepo(name, { config: `${CONFIG}tag-format: "${format}"\n`, tags: [first] });
      const after = merge(repo, root, { number: 1, title: 'feat: x', files: { 'src/x.ts': 'x\n' } });

      const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { tag: 'true', 'floating-tags': 'major-minor' } });

      expectSuccess(r);
      const next = format === 'v{major}' ? 'v2' : 'v1.1';
      expect(r.outputs['next-tag']).toBe(next);
      expect(refWrites(r, name)).toEqual([
        { call: 'POST /git/refs', body: { ref: `refs/tags/${next}`, sha: after } },
        ...expected.map((t) => ({ call: 'POST /git/refs', body: { ref: `refs/tags/${t}`, sha: after } })),
      ]);
      expect(r.outputs['floating-tags']).toBe(expected.join(','));
    }
  });

  it('a race: another run releases a higher version between our move and our re-read; the tag ends at the highest', async () => {
    const name = 'float-race';
    const { repo, root } = newRepo(name, { tags: ['v1.4.0', 'v1'] });
    const ours = merge(repo, root, { number: 1, title: 'feat: ours', files: { 'src/ours.ts': 'o\n' } });
    const theirs = repo.commit({ parents: [ours], message: 'feat: theirs', files: { 'src/theirs.ts': 't\n' } });
    // The other run tagged v1.6.0 and moved v1 there just before our move overwrote it.
    gh().afterRequest({ method: 'PATCH', path: `${apiPrefix(name)}/git/refs/tags/v1` }, () => {
      repo.refs.set('refs/tags/v1.6.0', theirs);
    });

    const r = await run(name, { event: 'push', payload: push(repo, root, ours), inputs: { tag: 'true', 'floating-tags': 'major' } });

    expectSuccess(r);
    expect(calls(r, name).filter((c) => /git\/(refs|matching-refs)/.test(c))).toEqual([
      'GET /git/matching-refs/tags/v', // the decision's listing
      'POST /git/refs',
      'GET /git/matching-refs/tags/v', // before moving: is ours the highest of v1?
      'PATCH /git/refs/tags/v1',
      'GET /git/matching-refs/tags/v', // after moving: did another run release higher?
      'PATCH /git/refs/tags/v1',
    ]);
    expect(refWrites(r, name).slice(1)).toEqual([
      { call: 'PATCH /git/refs/tags/v1', body: { sha: ours, force: true } },
      { call: 'PATCH /git/refs/tags/v1', body: { sha: theirs, force: true } },
    ]);
    expect(tags(repo).v1).toBe(theirs);
    expect(r.outputs['floating-tags']).toBe('v1');
    expect(r.stdout).toContain('another run released v1.6.0 meanwhile: floating tag v1 now points at it');
  });

  it('a race with a lower release: our re-read finds ours the highest and leaves the tag', async () => {
    const name = 'float-race-lower';
    const { repo, root } = newRepo(name, { tags: ['v1.4.0', 'v1'] });
    const ours = merge(repo, root, { number: 1, title: 'feat: ours', files: { 'src/ours.ts': 'o\n' } });
    gh().afterRequest({ method: 'PATCH', path: `${apiPrefix(name)}/git/refs/tags/v1` }, () => {
      repo.refs.set('refs/tags/v1.4.1', root);
    });

    const r = await run(name, { event: 'push', payload: push(repo, root, ours), inputs: { tag: 'true', 'floating-tags': 'major' } });

    expectSuccess(r);
    expect(refWrites(r, name)).toEqual([
      { call: 'POST /git/refs', body: { ref: 'refs/tags/v1.5.0', sha: ours } },
      { call: 'PATCH /git/refs/tags/v1', body: { sha: ours, force: true } },
    ]);
    expect(tags(repo).v1).toBe(ours);
  });

  it('dry-run writes no floating tag', async () => {
    const name = 'float-dry';
    const { repo, root } = newRepo(name, { tags: ['v1.0.0', 'v1'] });
    const after = merge(repo, root, { number: 1, title: 'feat: x', files: { 'src/x.ts': 'x\n' } });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { release: 'true', 'floating-tags': 'major', 'dry-run': 'true' } });

    expectSuccess(r);
    expect(r.writes).toEqual([]);
    expect(find(r, 'POST', '/releases/generate-notes')).toBeUndefined();
    expect(r.outputs).toMatchObject({ 'next-tag': 'v1.1.0', 'floating-tags': '', 'tag-created': '', 'release-id': '' });
  });
});

// ---- draft releases -------------------------------------------------------------------------------

describe('draft', () => {
  it('keeps one draft per line up to date: created, renamed when the bump grows, left alone when unchanged; a prerelease channel keeps its own', async () => {
    const name = 'draft-flow';
    const { repo, root } = newRepo(name);
    const inputs = { release: 'true', draft: 'true' };

    // 1. A patch: a new draft for v1.0.1, no tag.
    const fix = merge(repo, root, { number: 1, title: 'fix: typo', files: { 'docs/a.md': 'a\n' } });
    const r1 = await run(name, { event: 'push', payload: push(repo, root, fix), inputs });
    expectSuccess(r1);
    expect(r1.writes).toEqual(['POST /releases']);
    expect(calls(r1, name).filter((c) => /releases/.test(c))).toEqual(['GET /releases', 'POST /releases/generate-notes', 'POST /releases']);
    expect(r1.requests.find((q) => q.method === 'GET' && q.path.endsWith('/releases'))?.query).toEqual({ per_page: '100' });
    const created = body(find(r1, 'POST', '/releases'));
    expect(created).toMatchObject({ tag_name: 'v1.0.1', name: 'v1.0.1', target_commitish: fix, draft: true, prerelease: false });
    expect(String(created.body)).toMatch(/^## Why 1\.0\.1\n/);
    expect(created).not.toHaveProperty('make_latest');
    expect(tags(repo)).toEqual({ 'v1.0.0': root });
    const [draft] = [...repo.releases.values()];
    expect(r1.outputs).toMatchObject({ 'tag-created': '', 'floating-tags': '', 'release-id': String(draft!.id) });
    expect(r1.outputs['release-url']).toMatch(new RegExp(`^https://github.com/octo/${name}/releases/tag/untagged-[0-9a-f]+$`));

    // 2. A feature on top: the same draft, its tag name now v1.1.0.
    const feat = merge(repo, fix, { number: 2, title: 'feat: search', files: { 'src/search.ts': 's\n' } });
    const r2 = await run(name, { event: 'push', payload: push(repo, fix, feat), inputs });
    expectSuccess(r2);
    expect(r2.writes).toEqual([`PATCH /releases/${draft!.id}`]);
    expect(body(find(r2, 'PATCH', `/releases/${draft!.id}`))).toMatchObject({ tag_name: 'v1.1.0', name: 'v1.1.0', target_commitish: feat, draft: true });
    expect(repo.releases.size).toBe(1);
    expect(repo.releases.get(draft!.id)).toMatchObject({ tag_name: 'v1.1.0', draft: true, target_commitish: feat });
    expect(repo.releases.get(draft!.id)!.body).toMatch(/^## Why 1\.1\.0\n[\s\S]*feat: search/);
    expect(r2.outputs).toMatchObject({ 'next-tag': 'v1.1.0', 'release-id': String(draft!.id), 'release-url': r1.outputs['release-url'] });

    // 3. The same push again: nothing to change.
    const r3 = await run(name, { event: 'push', payload: push(repo, fix, feat), inputs });
    expectSuccess(r3);
    expect(r3.writes).toEqual([]);
    expect(r3.stdout).toContain(`draft release is up to date v1.1.0 (id ${draft!.id})`);

    // 4. The prerelease channel: a draft of its own; main's is untouched.
    repo.refs.set('refs/heads/next', feat);
    const pre = merge(repo, feat, { number: 3, title: 'feat: preview', files: { 'src/p.ts': 'p\n' }, branch: 'next' });
    const r4 = await run(name, { event: 'push', payload: push(repo, feat, pre, 'next'), inputs });
    expectSuccess(r4);
    expect(r4.writes).toEqual(['POST /releases']);
    expect(body(find(r4, 'POST', '/releases'))).toMatchObject({ tag_name: 'v1.1.0-preview.1', draft: true, prerelease: true, target_commitish: pre });
    expect(repo.releases.get(draft!.id)).toMatchObject({ tag_name: 'v1.1.0', target_commitish: feat });
    expect([...repo.releases.values()].filter((x) => x.draft).map((x) => x.tag_name)).toEqual(['v1.1.0', 'v1.1.0-preview.1']);
    expect(tags(repo)).toEqual({ 'v1.0.0': root });

    // 5. A person publishes main's draft: GitHub creates its tag at the draft's target.
    const published = repo.releases.get(draft!.id)!;
    repo.refs.set(`refs/tags/${published.tag_name}`, published.target_commitish);
    published.draft = false;
    published.published_at = new Date().toISOString();

    // A re-run on the published commit: its release exists, no draft is made.
    const r5 = await run(name, { event: 'push', payload: push(repo, fix, feat), inputs });
    expectSuccess(r5);
    expect(r5.writes).toEqual([]);
    expect(r5.outputs).toMatchObject({ 'next-tag': 'v1.1.0', 'release-id': String(draft!.id), 'release-url': `https://github.com/octo/${name}/releases/tag/v1.1.0` });

    // 6. The next push sees v1.1.0 as the current release and starts a new draft for v1.1.1.
    const fix2 = merge(repo, feat, { number: 4, title: 'fix: again', files: { 'docs/b.md': 'b\n' } });
    const r6 = await run(name, { event: 'push', payload: push(repo, feat, fix2), inputs });
    expectSuccess(r6);
    expect(r6.outputs).toMatchObject({ 'current-version': '1.1.0', 'next-tag': 'v1.1.1' });
    expect(r6.writes).toEqual(['POST /releases']);
    expect(body(find(r6, 'POST', '/releases/generate-notes'))).toEqual({ tag_name: 'v1.1.1', target_commitish: fix2, previous_tag_name: 'v1.1.0' });
    expect(body(find(r6, 'POST', '/releases'))).toMatchObject({ tag_name: 'v1.1.1', draft: true, target_commitish: fix2 });
    expect([...repo.releases.values()].map((x) => [x.tag_name, x.draft])).toEqual([
      ['v1.1.0', false],
      ['v1.1.0-preview.1', true],
      ['v1.1.1', true],
    ]);
    expect(tags(repo)).toEqual({ 'v1.0.0': root, 'v1.1.0': feat });
  });

  it('finds its draft past the first page of releases, and never takes a draft of another line or an old one', async () => {
    const name = 'draft-pages';
    const { repo, root } = newRepo(name);
    const seed = (tag: string, draft: boolean): number => {
      const id = repo.newReleaseId();
      const now = new Date().toISOString();
      repo.releases.set(id, {
        id, tag_name: tag, target_commitish: root, name: tag, body: 'old', draft, prerelease: false, make_latest: 'true',
        created_at: now, published_at: draft ? null : now, author: { login: 'octocat' },
      });
      return id;
    };
    const ours = seed('v1.0.1', true);
    const stale = seed('v1.0.0', true); // a draft at the current release: an old one, never reused
    const other = seed('api@1.0.1', true); // another line's
    for (let i = 0; i < 120; i++) seed(`old-${i}`, false); // the list shows newest first: ours is on page 2
    const after = merge(repo, root, { number: 1, title: 'feat: x', files: { 'src/x.ts': 'x\n' } });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { release: 'true', draft: 'true', 'release-notes': 'why' } });

    expectSuccess(r);
    expect(calls(r, name).filter((c) => c === 'GET /releases')).toHaveLength(2);
    expect(r.writes).toEqual([`PATCH /releases/${ours}`]);
    expect(repo.releases.get(ours)).toMatchObject({ tag_name: 'v1.1.0', draft: true });
    expect(repo.releases.get(stale)).toMatchObject({ tag_name: 'v1.0.0', body: 'old' });
    expect(repo.releases.get(other)).toMatchObject({ tag_name: 'api@1.0.1', body: 'old' });
  });

  it('two drafts of one line (a race, or by hand): the newest is kept up to date, the other named in a warning', async () => {
    const name = 'draft-two';
    const { repo, root } = newRepo(name);
    const seed = (tag: string): number => {
      const id = repo.newReleaseId();
      repo.releases.set(id, {
        id, tag_name: tag, target_commitish: root, name: tag, body: 'old', draft: true, prerelease: false, make_latest: 'true',
        created_at: new Date().toISOString(), published_at: null, author: { login: 'octocat' },
      });
      return id;
    };
    const older = seed('v1.0.1');
    const newer = seed('v1.1.0');
    const after = merge(repo, root, { number: 1, title: 'feat: x', files: { 'src/x.ts': 'x\n' } });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs: { release: 'true', draft: 'true', 'release-notes': 'why' } });

    expectSuccess(r);
    expect(r.writes).toEqual([`PATCH /releases/${newer}`]);
    expect(messages(r, 'warning')).toEqual([expect.stringContaining(`1 other draft release(s) of this line were left as they are: v1.0.1 (id ${older})`)]);
    expect(repo.releases.size).toBe(2);
  });
});

// ---- inputs -------------------------------------------------------------------------------------------

describe('inputs', () => {
  it.each([
    [{ 'floating-tags': 'minor' }, 'input "floating-tags": expected one of none, major, major-minor, got "minor"'],
    [{ 'release-notes': 'changelog' }, 'input "release-notes": expected one of why+github, why, github, got "changelog"'],
    [{ draft: 'yes' }, 'input "draft": expected true or false, got "yes"'],
    [{ draft: 'true' }, 'input "draft": a draft is a release that a person publishes; set "release: true" with "draft: true"'],
    [{ draft: 'true', release: 'true', tag: 'true' }, 'inputs "draft" and "tag": a draft release gets its tag when a person publishes it, so no tag is created; remove "tag: true"'],
    [
      { draft: 'true', release: 'true', 'floating-tags': 'major' },
      'inputs "draft" and "floating-tags": floating tags move to a release this run publishes, and a draft is published by a person; use "floating-tags: major" in a workflow that releases without "draft"',
    ],
  ])('%o fails the step before any request: %s', async (inputs, error) => {
    const name = `inputs-${Object.entries(inputs).map(([k, v]) => `${k}-${v}`).join('-').replace(/[^a-z0-9-]/g, '')}`;
    const { repo, root } = newRepo(name);
    const after = merge(repo, root, { number: 1, title: 'feat: x', files: { 'src/x.ts': 'x\n' } });

    const r = await run(name, { event: 'push', payload: push(repo, root, after), inputs });

    expect(r.code).toBe(1);
    expect(messages(r, 'error')).toEqual([error]);
    expect(r.requests).toEqual([]);
  });
});

// ---- which draft is the line's ----------------------------------------------------------------------

describe('draftsOfLine', () => {
  const release = (id: number, tag: string, draft = true): ListedRelease => ({
    id, tag_name: tag, draft, prerelease: false, html_url: '', name: tag, body: '', target_commitish: 'main',
  });
  const all = [
    release(1, 'v1.4.1'), release(2, 'v2.1.0'), release(3, 'v2.1.0-preview.2'), release(4, 'v2.1.0-beta.1'),
    release(5, 'v2.0.0'), release(6, 'api@2.2.0'), release(7, 'v2.2.0', false), release(8, 'v2.1'), release(9, 'v2.3.0'),
  ];
  it.each<[string, Partial<DraftLine>, number[]]>([
    ['stable: above the current release, newest first', {}, [9, 2]],
    ['a prerelease channel: its own id only', { channel: 'preview' }, [3]],
    ['a maintenance branch: within its range', { range: { branch: '1.x', range: '1.x', major: 1n, minor: null }, currentVersion: '1.4.0' }, [1]],
    ['another line\'s format', { format: new TagFormat('api@{version}') }, [6]],
    ['before the first release', { currentVersion: null }, [9, 5, 2, 1]],
  ])('%s', (_, over, ids) => {
    const line: DraftLine = { format: new TagFormat('v{version}'), channel: null, range: null, currentVersion: '2.0.0', ...over };
    expect(draftsOfLine(all, line).map((r) => r.id)).toEqual(ids);
  });
});
