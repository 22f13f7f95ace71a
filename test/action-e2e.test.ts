/**
 * The action end to end: run() from src, in this process with the environment a GitHub runner
 * gives it (test/support/action-runner.ts; test/dist-action-smoke.test.ts runs the committed
 * bundle), against the fake GitHub REST API. Each scenario is judged by what a workflow sees
 * (exit code, outputs, job summary, annotations) and by what the action WROTE to GitHub,
 * proved from the fake's request log and repository state.
 *
 * One fake API for the file; every test builds its own repository (distinct names), so a test's
 * requests are the ones under its `/repos/octo/<name>/`. plugin-throttling spaces writes 1 s
 * apart (3 s for comments and releases) inside each run, as in production: scenarios keep
 * their writes few, and independent runs of one test go concurrently.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionResult, RunActionOptions } from './support/action-runner.js';
import {
  COMMENT_MARKER,
  CONFIG_PATH,
  apiPrefix,
  isWrite,
  json,
  log,
  messages,
  newRepoIn,
  pullPayload,
  pushPayload,
  runIn,
  type Run,
} from './support/action-scenarios.js';
import {
  resourceNotAccessible,
  type FakePull,
  type FakeRepo,
  type FileSpec,
} from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const ZERO = '0'.repeat(40);

/** The scenario config: a migration is major, source minor, docs nothing. */
const CONFIG = `version: 1
rules:
  - name: migration
    paths: "db/migrations/**"
    status: added
    bump: major
  - name: source
    paths: "src/**"
    bump: minor
  - name: docs
    paths: "docs/**"
    bump: none
labels:
  bump:
    major: "semver:major"
    minor: "semver:minor"
    patch: "semver:patch"
  only:
    staging-skip: ["docs/**"]
`;

const gh = useFakeGitHub();

// ---- helpers -------------------------------------------------------------------------

const run = (name: string, options: Omit<RunActionOptions, 'gh' | 'repo'>): Promise<Run> => runIn(gh(), name, options);
const newRepo = (name: string): FakeRepo => newRepoIn(gh(), name);

function expectSuccess(r: ActionResult): void {
  expect(r.code, log(r)).toBe(0);
  expect(r.annotations.filter((a) => a.level === 'error'), log(r)).toEqual([]);
}

/**
 * The usual PR set-up: a base commit on main holding the config and one source file (tagged
 * `baseTag` when given) and a head commit on `feature` with `files`.
 */
function pullRepo(
  name: string,
  options: { config?: string | null; files: Record<string, FileSpec>; labels?: string[]; baseTag?: string; headRepo?: string },
): { repo: FakeRepo; pull: FakePull; base: string; head: string } {
  const repo = newRepo(name);
  const baseFiles: Record<string, FileSpec> = { 'src/a.ts': 'export const a = 1;\n', 'README.md': '# app\n' };
  if (options.config !== null) baseFiles[CONFIG_PATH] = options.config ?? CONFIG;
  const base = repo.commit({ parents: [], message: 'init', files: baseFiles, branch: 'main' });
  if (options.baseTag) repo.refs.set(`refs/tags/${options.baseTag}`, base);
  const head = repo.commit({ parents: [base], message: 'feature', files: options.files, branch: 'feature' });
  const pull = repo.openPull({
    number: 1,
    base: { ref: 'main', sha: base },
    head: options.headRepo ? { ref: 'feature', sha: head, repo: options.headRepo } : { ref: 'feature', sha: head },
    labels: options.labels ?? [],
  });
  return { repo, pull, base, head };
}

/** A main branch with the config, tagged `tag` at its first commit, and one push on top. */
function pushRepo(
  name: string,
  options: { config?: string; tag?: string | null; files: Record<string, FileSpec>; branch?: string },
): { repo: FakeRepo; root: string; after: string } {
  const repo = newRepo(name);
  const root = repo.commit({
    parents: [],
    message: 'init',
    files: { [CONFIG_PATH]: options.config ?? CONFIG, 'src/a.ts': 'export const a = 1;\n' },
    branch: 'main',
  });
  if (options.tag !== null) repo.refs.set(`refs/tags/${options.tag ?? 'v1.0.0'}`, root);
  const after = repo.commit({ parents: [root], message: 'change', files: options.files, branch: options.branch ?? 'main' });
  return { repo, root, after };
}

/** `count` tiny files under `dir`, named so they sort in creation order. */
function manyFiles(dir: string, count: number, ext = 'ts'): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) files[`${dir}/f${String(i).padStart(5, '0')}.${ext}`] = `${i}\n`;
  return files;
}

// ---- pull_request ------------------------------------------------------------------------

describe('pull_request', () => {
  const name = 'pr-minor';
  let setup: ReturnType<typeof pullRepo>;
  let first: Run;

  beforeAll(async () => {
    setup = pullRepo(name, {
      baseTag: 'v1.2.0',
      files: { 'src/x.ts': 'export const x = 1;\n', 'docs/a.md': '# a\n' },
      // A stale managed label and one a person put there.
      labels: ['semver:major', 'needs-review'],
    });
    first = await run(name, { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { comment: 'true' } });
  });

  it('sets every output from the decision', () => {
    expectSuccess(first);
    const o = first.outputs;
    expect(o).toMatchObject({
      bump: 'minor',
      changed: 'true',
      'current-version': '1.2.0',
      'next-version': '1.3.0',
      'next-version-full': '1.3.0',
      'next-tag': 'v1.3.0',
      'file-count': '2',
      truncated: 'false',
      'tag-created': '',
      'release-url': '',
    });
    expect(json(o.files)).toEqual([
      { path: 'docs/a.md', previousPath: null, status: 'added', bump: 'none', rule: 'docs' },
      { path: 'src/x.ts', previousPath: null, status: 'added', bump: 'minor', rule: 'source' },
    ]);
    expect(json(o.labels)).toEqual(['semver:minor']);
    expect(json(o.components)).toEqual([
      expect.objectContaining({ name: 'root', bump: 'minor', currentVersion: '1.2.0', nextVersion: '1.3.0', nextTag: 'v1.3.0', fileCount: 2 }),
    ]);
    expect(json(o.warnings)).toEqual([]);
  });

  it('writes a job summary that starts with the decision and lists the files', () => {
    expect(first.summary.startsWith('### Bump **minor**: 1.2.0 → **1.3.0** (tag v1.3.0)'), first.summary).toBe(true);
    expect(first.summary).toContain('| `src/x.ts` | added | source | minor |');
    expect(first.summary).toContain('| `docs/a.md` | added | docs | none |');
  });

  it('adds the wanted label, removes the stale managed one, leaves unmanaged ones, comments, and never tags', () => {
    expect([...setup.repo.pulls.get(1)!.labels].sort()).toEqual(['needs-review', 'semver:minor']);
    expect(first.writes).toEqual([
      'POST /labels', // the repository label, created with our colour
      'POST /issues/1/labels',
      'DELETE /issues/1/labels/semver:major',
      'POST /issues/1/comments',
    ]);
    const add = first.requests.find((r) => r.method === 'POST' && r.path.endsWith('/issues/1/labels'));
    expect(add?.body).toEqual({ labels: ['semver:minor'] });
    expect(first.requests.every((r) => !r.path.includes('/git/refs') && !r.path.includes('/releases'))).toBe(true);
    expect([...setup.repo.refs.keys()].filter((ref) => ref.startsWith('refs/tags/'))).toEqual(['refs/tags/v1.2.0']);

    const comments = [...setup.repo.comments.values()];
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(comments[0]!.body).toContain('Bump **minor**');
  });

  it('a second run on a new head updates the same comment in place', async () => {
    const { repo, pull } = setup;
    const [comment] = [...repo.comments.values()];
    const head2 = repo.commit({ parents: [pull.head.sha], message: 'more', files: { 'src/z.ts': 'export const z = 1;\n' }, branch: 'feature' });
    pull.head.sha = head2;

    const second = await run(name, { event: 'pull_request', payload: pullPayload(repo, pull), inputs: { comment: 'true' } });

    expectSuccess(second);
    expect(second.outputs['file-count']).toBe('3');
    // Labels already right: no label writes; the one comment edited, none added.
    expect(second.writes).toEqual([`PATCH /issues/comments/${comment!.id}`]);
    const comments = [...repo.comments.values()];
    expect(comments).toHaveLength(1);
    expect(comments[0]!.id).toBe(comment!.id);
    expect(comments[0]!.body).toContain('src/z.ts');
  });

  it('docs only: bump none, and the "only" label', async () => {
    const { repo, pull } = pullRepo('pr-docs', { baseTag: 'v1.2.0', files: { 'docs/guide.md': '# guide\n' } });

    const r = await run('pr-docs', { event: 'pull_request', payload: pullPayload(repo, pull) });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ bump: 'none', changed: 'false', 'current-version': '1.2.0', 'next-version': '', 'next-tag': '', 'file-count': '1' });
    expect(json(r.outputs.labels)).toContain('staging-skip');
    expect(json(r.outputs.components)).toEqual([]);
    expect(r.summary.startsWith('### No release: bump **none**')).toBe(true);
    expect(repo.pulls.get(1)!.labels).toEqual(['staging-skip']);
  });

  it('reads the config at the base commit, never at the PR head', async () => {
    // The PR tries to declare its own source changes harmless.
    const lenient = CONFIG.replace(/(name: source\n\s+paths: "src\/\*\*"\n\s+bump:) minor/, '$1 none');
    expect(lenient).not.toBe(CONFIG);
    const { repo, pull, base } = pullRepo('pr-config', { baseTag: 'v1.2.0', files: { [CONFIG_PATH]: lenient, 'src/x.ts': 'x\n' } });

    const r = await run('pr-config', { event: 'pull_request', payload: pullPayload(repo, pull), inputs: { label: 'false' } });

    expectSuccess(r);
    expect(r.outputs.bump).toBe('minor');
    const reads = r.requests.filter((q) => q.method === 'GET' && q.path.endsWith(`/contents/${CONFIG_PATH}`));
    expect(reads.map((q) => q.query.ref)).toEqual([base]);
    expect(r.writes).toEqual([]);
  });
});

// ---- policy ------------------------------------------------------------------------------

describe('policy', () => {
  const policyConfig = `${CONFIG}policy:\n  max-bump: minor\n  allow-label: breaking-ok\n`;
  const migration = { 'db/migrations/002_drop_users.sql': 'DROP TABLE users;\n' };

  it('a bump above max-bump fails the step naming the file and the allow label, after labels, outputs and summary are written', async () => {
    const { repo, pull } = pullRepo('policy-fail', { config: policyConfig, baseTag: 'v1.2.0', files: migration });

    const r = await run('policy-fail', { event: 'pull_request', payload: pullPayload(repo, pull), inputs: { comment: 'true' } });

    expect(r.code, log(r)).toBe(1);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('db/migrations/002_drop_users.sql');
    expect(errors[0]).toContain('breaking-ok');
    expect(errors[0]).toMatch(/max-bump minor/);
    // The decision is visible before the failure: outputs, summary, label.
    expect(r.outputs).toMatchObject({ bump: 'major', 'next-version': '2.0.0' });
    expect(r.summary).toContain('**Policy failed:**');
    expect(r.writes).toEqual(['POST /labels', 'POST /issues/1/labels', 'POST /issues/1/comments']);
    expect(repo.pulls.get(1)!.labels).toEqual(['semver:major']);
    expect([...repo.comments.values()].map((c) => c.body)).toEqual([expect.stringContaining('Policy failed')]);
    // The failure is reported after the label and comment writes.
    const labelled = r.stdout.indexOf('created decision comment');
    expect(labelled, log(r)).toBeGreaterThan(-1);
    expect(r.stdout.indexOf('::error::')).toBeGreaterThan(labelled);
  });

  it('the allow label on the PR lets it pass', async () => {
    const { repo, pull } = pullRepo('policy-allowed', { config: policyConfig, baseTag: 'v1.2.0', files: migration, labels: ['breaking-ok'] });

    const r = await run('policy-allowed', { event: 'pull_request', payload: pullPayload(repo, pull) });

    expectSuccess(r);
    expect(r.outputs.bump).toBe('major');
    expect(r.summary).toContain('allowed by the label');
    expect([...repo.pulls.get(1)!.labels].sort()).toEqual(['breaking-ok', 'semver:major']);
  });
});

// ---- fork PRs ----------------------------------------------------------------------------

describe('read-only token (fork pull request)', () => {
  it('a 403 "Resource not accessible by integration" on labels is a warning naming the permission; outputs stand', async () => {
    const name = 'pr-fork';
    const { repo, pull } = pullRepo(name, { baseTag: 'v1.2.0', files: { 'src/x.ts': 'x\n' }, labels: ['semver:major'], headRepo: 'contributor/app' });
    gh().fault({ method: ['POST', 'DELETE'], path: new RegExp(`^${apiPrefix(name)}/.*labels`) }, resourceNotAccessible());
    try {
      const r = await run(name, { event: 'pull_request', payload: pullPayload(repo, pull) });

      expectSuccess(r);
      const warnings = messages(r, 'warning');
      expect(warnings.some((w) => w.includes('pull-requests: write')), log(r)).toBe(true);
      expect(r.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.3.0' });
      expect(json(r.outputs.labels)).toEqual(['semver:minor']);
      expect(r.summary.startsWith('### Bump **minor**')).toBe(true);
      // The first label write was denied and label work stopped there; nothing changed.
      expect(r.writes).toEqual(['POST /labels']);
      expect(r.requests.filter(isWrite).map((q) => q.status)).toEqual([403]);
      expect(repo.pulls.get(1)!.labels).toEqual(['semver:major']);
    } finally {
      gh().clearFaults();
    }
  });
});

// ---- push --------------------------------------------------------------------------------

describe('push', () => {
  it('tags the pushed commit and publishes a release', async () => {
    const { repo, root, after } = pushRepo('push-release', { files: { 'src/y.ts': 'y\n' } });
    const payload = pushPayload(repo, { before: root, after });

    const r = await run('push-release', { event: 'push', payload, inputs: { tag: 'true', release: 'true' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({
      bump: 'minor',
      'current-version': '1.0.0',
      'next-version': '1.1.0',
      'next-tag': 'v1.1.0',
      'tag-created': 'v1.1.0',
    });
    expect(r.outputs['release-url']).toMatch(/^https:\/\/\S+v1\.1\.0$/);
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(after);
    expect(r.writes).toEqual(['POST /git/refs', 'POST /releases']);
    const releases = [...repo.releases.values()];
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({ tag_name: 'v1.1.0', target_commitish: after, prerelease: false, make_latest: 'true' });
    // The compare started at the latest release tag; the config was read at the pushed commit.
    expect(r.requests.some((q) => q.path.endsWith(`/compare/${repo.refs.get('refs/tags/v1.0.0')}...${after}`))).toBe(true);
    expect(r.requests.filter((q) => q.path.endsWith(`/contents/${CONFIG_PATH}`)).map((q) => q.query.ref)).toEqual([after]);

    // A re-run of the same job: success, nothing duplicated, nothing moved.
    const again = await run('push-release', { event: 'push', payload, inputs: { tag: 'true', release: 'true' } });
    expectSuccess(again);
    expect(again.requests.filter((q) => isWrite(q) && (q.status ?? 0) < 300)).toEqual([]);
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(after);
    expect([...repo.releases.values()]).toHaveLength(1);
  });

  it('a re-run of the same job reports the existing tag and release (tag 422 handled, release found)', async () => {
    const { repo, root, after } = pushRepo('push-rerun', { files: { 'src/y.ts': 'y\n' } });
    const payload = pushPayload(repo, { before: root, after });
    const firstRun = await run('push-rerun', { event: 'push', payload, inputs: { tag: 'true', release: 'true' } });
    expectSuccess(firstRun);

    const again = await run('push-rerun', { event: 'push', payload, inputs: { tag: 'true', release: 'true' } });

    expectSuccess(again);
    expect(again.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.1.0', 'tag-created': 'v1.1.0' });
    expect(again.outputs['release-url']).toBe(firstRun.outputs['release-url']);
    expect(again.writes).not.toContain('POST /releases');
    expect([...repo.releases.values()]).toHaveLength(1);
  });

  it('a racing run that already made the same tag and release: the 422 is success, the existing release is reported', async () => {
    const name = 'push-race';
    const { repo, root, after } = pushRepo(name, { files: { 'src/y.ts': 'y\n' } });
    // The other run finished between this run's tag listing and its writes.
    gh().fault(
      { method: 'GET', path: `${apiPrefix(name)}/git/matching-refs/tags/v` },
      { status: 200, body: [{ ref: 'refs/tags/v1.0.0', object: { sha: root, type: 'commit' } }] },
    );
    repo.refs.set('refs/tags/v1.1.0', after);
    const now = new Date().toISOString();
    const theirs = repo.newReleaseId();
    repo.releases.set(theirs, {
      id: theirs,
      tag_name: 'v1.1.0',
      target_commitish: after,
      name: 'v1.1.0',
      body: null,
      draft: false,
      prerelease: false,
      make_latest: 'true',
      created_at: now,
      published_at: now,
      author: { login: 'github-actions[bot]' },
    });

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { before: root, after }), inputs: { release: 'true' } });

    expect(gh().pendingFaults()).toBe(0);
    expectSuccess(r);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.1.0', 'tag-created': 'v1.1.0' });
    expect(r.outputs['release-url']).toMatch(/\/releases\/tag\/v1\.1\.0$/);
    expect(r.requests.filter(isWrite).map((q) => `${q.method} ${q.status}`)).toEqual(['POST 422']); // the tag, already there
    expect(r.writes).not.toContain('POST /releases');
    expect([...repo.releases.keys()]).toEqual([theirs]);
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(after);
  });

  it('a release that fails after its tag was created fails the step, keeps the tag and says to re-run', async () => {
    const name = 'push-release-fails';
    const { repo, root, after } = pushRepo(name, { files: { 'src/y.ts': 'y\n' } });
    gh().fault({ method: 'POST', path: `${apiPrefix(name)}/releases` }, { status: 422, body: { message: 'Validation Failed' } });

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { before: root, after }), inputs: { release: 'true' } });

    expect(gh().pendingFaults()).toBe(0);
    expect(r.code, log(r)).toBe(1);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/tag v1\.1\.0 was created but its release failed.*re-run/);
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(after);
    expect(repo.releases.size).toBe(0);
    expect(r.outputs['next-tag']).toBe('v1.1.0');
  });

  it('a tag already at the pushed commit without its release: the run makes the release (SPEC: "A release is made for a tag that already existed at the same commit if the release is missing")', async () => {
    const { repo, root, after } = pushRepo('push-release-missing', { files: { 'src/y.ts': 'y\n' } });
    repo.refs.set('refs/tags/v1.1.0', after); // what the failed run above leaves behind

    const r = await run('push-release-missing', { event: 'push', payload: pushPayload(repo, { before: root, after }), inputs: { release: 'true' } });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'current-version': '1.0.0', 'next-version': '1.1.0', 'tag-created': 'v1.1.0' });
    expect(r.writes).toContain('POST /releases');
    expect([...repo.releases.values()]).toEqual([expect.objectContaining({ tag_name: 'v1.1.0', target_commitish: after, prerelease: false })]);
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(after);
  });

  it('on a prerelease branch the release is a prerelease and never "latest"', async () => {
    const config = `${CONFIG}prerelease:\n  - branches: next\n    id: preview\n`;
    const { repo, root, after } = pushRepo('push-prerelease', { config, files: { 'src/y.ts': 'y\n' }, branch: 'next' });

    const r = await run('push-prerelease', {
      event: 'push',
      payload: pushPayload(repo, { ref: 'refs/heads/next', before: root, after }),
      inputs: { release: 'true' },
    });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'current-version': '1.0.0', 'next-version': '1.1.0-preview.1', 'tag-created': 'v1.1.0-preview.1' });
    expect(json(r.outputs.components)).toEqual([expect.objectContaining({ prerelease: true })]);
    expect(repo.refs.get('refs/tags/v1.1.0-preview.1')).toBe(after);
    const releases = [...repo.releases.values()];
    expect(releases).toEqual([expect.objectContaining({ tag_name: 'v1.1.0-preview.1', prerelease: true, make_latest: 'false' })]);
  });

  it('fails, naming the tag, when the next tag already exists at another commit; nothing is moved', async () => {
    const name = 'push-tag-conflict';
    const { repo, root, after } = pushRepo(name, { files: { 'src/y.ts': 'y\n' } });
    // Another run tagged a different commit v1.1.0 after this run listed the tags.
    const other = repo.commit({ parents: [root], message: 'elsewhere', files: { 'src/other.ts': 'o\n' }, branch: 'hotfix' });
    repo.refs.set('refs/tags/v1.1.0', other);
    gh().fault(
      { method: 'GET', path: `${apiPrefix(name)}/git/matching-refs/tags/v` },
      { status: 200, body: [{ ref: 'refs/tags/v1.0.0', object: { sha: root, type: 'commit' } }] },
    );

    const r = await run(name, { event: 'push', payload: pushPayload(repo, { before: root, after }), inputs: { release: 'true' } });

    expect(gh().pendingFaults()).toBe(0);
    expect(r.code, log(r)).toBe(1);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('v1.1.0');
    expect(errors[0]).toMatch(/already exists/);
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(other);
    expect(repo.releases.size).toBe(0);
    expect(r.writes).toEqual(['POST /git/refs']); // the attempt, answered 422
    // The decision itself was reported before the failed write.
    expect(r.outputs['next-tag']).toBe('v1.1.0');
  });

  it('without a release tag: the first release is the whole history, whatever the push\'s "before"', async () => {
    const build = (name: string) => {
      const repo = newRepo(name);
      const root = repo.commit({ parents: [], message: 'init', files: { [CONFIG_PATH]: CONFIG, 'README.md': 'r\n' }, branch: 'main' });
      const middle = repo.commit({ parents: [root], message: 'docs', files: { 'docs/a.md': 'a\n' }, branch: 'main' });
      const after = repo.commit({ parents: [middle], message: 'src', files: { 'src/y.ts': 'y\n' }, branch: 'main' });
      return { repo, root, middle, after };
    };
    const fresh = build('push-new-branch');
    const existing = build('push-before');

    const [a, b] = await Promise.all([
      run('push-new-branch', { event: 'push', payload: pushPayload(fresh.repo, { before: ZERO, after: fresh.after }) }),
      run('push-before', { event: 'push', payload: pushPayload(existing.repo, { before: existing.middle, after: existing.after }) }),
    ]);

    for (const [r, built] of [[a, fresh], [b, existing]] as const) {
      expectSuccess(r);
      // Every file of the head tree is part of the first release; no comparison is made.
      expect(r.requests.some((q) => q.path.endsWith(`/git/trees/${built.after}`)), log(r)).toBe(true);
      expect(r.requests.some((q) => q.path.includes('/compare/'))).toBe(false);
      expect(json<Array<{ path: string }>>(r.outputs.files).map((f) => f.path)).toEqual([CONFIG_PATH, 'README.md', 'docs/a.md', 'src/y.ts']);
      expect(r.outputs).toMatchObject({ bump: 'minor', 'current-version': '', 'next-version': '0.1.0', 'next-tag': 'v0.1.0' });
    }
    expect([...a.writes, ...b.writes]).toEqual([]);
  });

  it('a tag push and a branch deletion have nothing to decide and make no API request at all', async () => {
    const repo = newRepo('push-skip');
    const sha = repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
    const from = gh().requests.length;

    const [tagPush, deletion] = await Promise.all([
      run('push-skip', { event: 'push', payload: pushPayload(repo, { ref: 'refs/tags/v1.0.0', before: ZERO, after: sha }) }),
      run('push-skip', { event: 'push', payload: pushPayload(repo, { ref: 'refs/heads/gone', before: sha, after: ZERO, deleted: true }) }),
    ]);

    for (const r of [tagPush, deletion]) {
      expectSuccess(r);
      expect(r.outputs).toMatchObject({ bump: 'none', changed: 'false', 'next-version': '', 'file-count': '0', truncated: 'false' });
      expect(r.summary).toMatch(/^### No release decision/);
    }
    expect(gh().requests.slice(from)).toEqual([]);
  });
});

// ---- other events ----------------------------------------------------------------------

describe('merge_group, workflow_dispatch, schedule, unsupported events', () => {
  it('merge_group decides base_sha...head_sha and writes nothing, even with tag and release', async () => {
    const { repo, root, after } = pushRepo('merge-group', { files: { 'src/y.ts': 'y\n' }, branch: 'gh-readonly-queue/main/pr-1' });
    const payload = {
      action: 'checks_requested',
      merge_group: { base_sha: root, head_sha: after, base_ref: 'refs/heads/main', head_ref: 'refs/heads/gh-readonly-queue/main/pr-1' },
      repository: { full_name: repo.fullName },
    };

    const r = await run('merge-group', {
      event: 'merge_group',
      payload,
      sha: after,
      ref: 'refs/heads/gh-readonly-queue/main/pr-1',
      inputs: { tag: 'true', release: 'true', comment: 'true' },
    });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.1.0', 'tag-created': '', 'release-url': '' });
    expect(r.requests.some((q) => q.path.endsWith(`/compare/${root}...${after}`))).toBe(true);
    expect(r.requests.filter((q) => q.path.endsWith(`/contents/${CONFIG_PATH}`)).map((q) => q.query.ref)).toEqual([root]);
    expect(r.writes).toEqual([]);
    expect(repo.refs.has('refs/tags/v1.1.0')).toBe(false);
  });

  it('workflow_dispatch and schedule compare the latest release tag with GITHUB_SHA; base/head inputs override', async () => {
    // One repository per run: concurrent runs must not share a request log.
    const build = (name: string) => {
      const { repo, after } = pushRepo(name, { files: { 'src/y.ts': 'y\n' } });
      const later = repo.commit({ parents: [after], message: 'docs', files: { 'docs/z.md': 'z\n' }, branch: 'main' });
      return { after, later, env: { sha: later, ref: 'refs/heads/main' }, released: repo.refs.get('refs/tags/v1.0.0') };
    };
    const d = build('dispatch');
    const s = build('schedule');
    const o = build('dispatch-inputs');

    const [dispatch, schedule, overridden] = await Promise.all([
      run('dispatch', { event: 'workflow_dispatch', payload: { inputs: {}, ref: 'refs/heads/main' }, ...d.env }),
      run('schedule', { event: 'schedule', payload: { schedule: '0 6 * * 1' }, ...s.env }),
      run('dispatch-inputs', { event: 'workflow_dispatch', payload: { inputs: {} }, ...o.env, inputs: { base: o.after, head: o.later } }),
    ]);

    for (const [r, built] of [[dispatch, d], [schedule, s]] as const) {
      expectSuccess(r);
      expect(r.requests.some((q) => q.path.endsWith(`/compare/${built.released}...${built.later}`)), log(r)).toBe(true);
      expect(r.outputs).toMatchObject({ bump: 'minor', 'current-version': '1.0.0', 'next-version': '1.1.0', 'file-count': '2' });
    }
    expectSuccess(overridden);
    expect(overridden.requests.some((q) => q.path.endsWith(`/compare/${o.after}...${o.later}`)), log(overridden)).toBe(true);
    expect(overridden.outputs).toMatchObject({ bump: 'none', 'file-count': '1' });
    expect(json(overridden.outputs.files)).toEqual([expect.objectContaining({ path: 'docs/z.md', rule: 'docs' })]);
    expect([...dispatch.writes, ...schedule.writes, ...overridden.writes]).toEqual([]);
  });

  it('an unsupported event fails the step with an error listing the supported events', async () => {
    const from = gh().requests.length;

    const r = await run('unsupported', { event: 'issues', payload: { action: 'opened', issue: { number: 1 } } });

    expect(r.code, log(r)).toBe(1);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('issues');
    for (const event of ['pull_request', 'pull_request_target', 'push', 'merge_group', 'workflow_dispatch', 'schedule']) {
      expect(errors[0]).toContain(event);
    }
    expect(gh().requests.slice(from)).toEqual([]);
  });
});

// ---- config ------------------------------------------------------------------------------

describe('config', () => {
  it('an invalid config at the base fails with FILE:LINE:COL before anything is written', async () => {
    const bad = CONFIG.replace('bump: minor', 'bump: huge');
    const lines = bad.split('\n');
    const badLine = lines.findIndex((line) => line.includes('bump: huge'));
    const badColumn = lines[badLine]!.indexOf('huge') + 1;
    const { repo, pull } = pullRepo('config-invalid', { config: bad, baseTag: 'v1.2.0', files: { 'src/x.ts': 'x\n' } });

    const r = await run('config-invalid', { event: 'pull_request', payload: pullPayload(repo, pull), inputs: { comment: 'true' } });

    expect(r.code, log(r)).toBe(1);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^\\.github/bump-classifier\\.yml:${badLine + 1}:${badColumn}: .*huge`));
    expect(r.requests.filter(isWrite)).toEqual([]);
    expect(r.outputs.bump).toBeUndefined();
    expect(repo.pulls.get(1)!.labels).toEqual([]);
  });

  it('a missing config means the built-in defaults, with a notice', async () => {
    const { repo, pull } = pullRepo('config-missing', { config: null, files: { 'src/x.ts': 'export const x = 1;\n' } });

    const r = await run('config-missing', { event: 'pull_request', payload: pullPayload(repo, pull), inputs: { label: 'false' } });

    expectSuccess(r);
    const notices = messages(r, 'notice');
    expect(notices.some((n) => n.includes(CONFIG_PATH) && /default/.test(n)), log(r)).toBe(true);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'current-version': '', 'next-version': '0.1.0', 'file-count': '1' });
    expect(json(r.outputs.files)).toEqual([expect.objectContaining({ path: 'src/x.ts', rule: 'application source' })]);
  });
});

// ---- dry run -----------------------------------------------------------------------------

describe('dry-run', () => {
  it('decides and reports on a PR and a push, and writes nothing', async () => {
    const pr = pullRepo('dry-pr', { baseTag: 'v1.2.0', files: { 'src/x.ts': 'x\n' }, labels: ['semver:major'] });
    const push = pushRepo('dry-push', { files: { 'src/y.ts': 'y\n' } });

    const [a, b] = await Promise.all([
      run('dry-pr', { event: 'pull_request', payload: pullPayload(pr.repo, pr.pull), inputs: { 'dry-run': 'true', comment: 'true' } }),
      run('dry-push', {
        event: 'push',
        payload: pushPayload(push.repo, { before: push.root, after: push.after }),
        inputs: { 'dry-run': 'true', tag: 'true', release: 'true' },
      }),
    ]);

    expectSuccess(a);
    expect(a.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.3.0' });
    expect(a.summary.startsWith('### Bump **minor**')).toBe(true);
    expect(a.requests.filter(isWrite)).toEqual([]);
    expect(pr.repo.pulls.get(1)!.labels).toEqual(['semver:major']);
    expect(pr.repo.comments.size).toBe(0);

    expectSuccess(b);
    expect(b.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.1.0', 'tag-created': '', 'release-url': '' });
    expect(b.summary.startsWith('### Bump **minor**')).toBe(true);
    expect(b.requests.filter(isWrite)).toEqual([]);
    expect(push.repo.refs.has('refs/tags/v1.1.0')).toBe(false);
  });
});

// ---- large changes -----------------------------------------------------------------------

describe('large changes', () => {
  it('a PR over 3,000 files is completed from the git trees; with truncated trees it is marked truncated at the highest bump', async () => {
    const name = 'pr-huge';
    const { repo, pull } = pullRepo(name, { baseTag: 'v1.2.0', files: manyFiles('src/gen', 3200) });
    const payload = pullPayload(repo, pull);

    const complete = await run(name, { event: 'pull_request', payload, inputs: { label: 'false' } });

    expectSuccess(complete);
    expect(complete.outputs).toMatchObject({ bump: 'minor', 'file-count': '3200', truncated: 'false' });
    const listed = complete.requests.filter((q) => q.path.endsWith('/pulls/1/files'));
    expect(listed).toHaveLength(30); // GitHub's 3,000, 100 a page
    const warned = messages(complete, 'warning');
    expect(warned.some((w) => w.includes('3200') && w.includes('git trees')), log(complete)).toBe(true);
    expect(json<string[]>(complete.outputs.warnings).some((w) => w.includes('git trees'))).toBe(true);

    repo.treeTruncateAt = 1000;
    const cut = await run(name, { event: 'pull_request', payload, inputs: { label: 'false' } });

    expectSuccess(cut);
    // 3,000 files seen; the rest could be anything the config knows, up to a migration.
    expect(cut.outputs).toMatchObject({ bump: 'major', truncated: 'true', 'file-count': '3000', 'next-version': '2.0.0' });
    expect(messages(cut, 'warning').some((w) => /incomplete|could list/.test(w)), log(cut)).toBe(true);
    expect(cut.summary).toContain('may be incomplete');
    expect([...complete.writes, ...cut.writes]).toEqual([]);
  });

  it('a push whose comparison hits the 300-file cap is completed from the git trees', async () => {
    const { repo, root, after } = pushRepo('push-350', { files: { ...manyFiles('docs/gen', 349, 'md'), 'src/y.ts': 'y\n' } });

    const r = await run('push-350', { event: 'push', payload: pushPayload(repo, { before: root, after }) });

    expectSuccess(r);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'file-count': '350', truncated: 'false' });
    // src/y.ts sorts after the 300 files the comparison lists: only the trees could find it.
    expect(json<Array<{ path: string }>>(r.outputs.files).some((f) => f.path === 'src/y.ts')).toBe(true);
    expect(messages(r, 'warning').some((w) => w.includes('300') && w.includes('git trees')), log(r)).toBe(true);
    expect(r.requests.filter((q) => q.path.includes('/git/trees/'))).toHaveLength(2);
  });

  it('the files output is capped at the first 1000 while file-count counts all; every output stays under 1 MB', async () => {
    const { repo, root, after } = pushRepo('push-1100', { files: manyFiles('src/gen', 1100) });

    const r = await run('push-1100', { event: 'push', payload: pushPayload(repo, { before: root, after }) });

    expectSuccess(r);
    expect(r.outputs['file-count']).toBe('1100');
    expect(r.outputs.truncated).toBe('false');
    const files = json<Array<{ path: string }>>(r.outputs.files);
    expect(files).toHaveLength(1000);
    expect(files[0]!.path).toBe('src/gen/f00000.ts');
    expect(files[999]!.path).toBe('src/gen/f00999.ts');
    const [component] = json<Array<{ files: unknown[]; fileCount: number }>>(r.outputs.components);
    expect(component!.fileCount).toBe(1100);
    for (const [output, value] of Object.entries(r.outputs)) {
      expect(Buffer.byteLength(value), output).toBeLessThan(1_000_000);
    }
  });

  it('with long paths the files output keeps a prefix of the list that fits in 1 MB', async () => {
    // 1,100 paths of ~950 characters: 1,000 of them would be over 1 MB of JSON.
    const dir = ['src', 'd'.repeat(200), 'e'.repeat(200), 'f'.repeat(200), 'g'.repeat(200)].join('/');
    const files: Record<string, string> = {};
    for (let i = 0; i < 1100; i++) files[`${dir}/${'h'.repeat(150)}${String(i).padStart(5, '0')}.ts`] = `${i}\n`;
    const { repo, root, after } = pushRepo('push-long-paths', { files });

    const r = await run('push-long-paths', { event: 'push', payload: pushPayload(repo, { before: root, after }) });

    expectSuccess(r);
    expect(r.outputs['file-count']).toBe('1100');
    const listed = json<Array<{ path: string }>>(r.outputs.files).map((f) => f.path);
    expect(listed.length).toBeGreaterThan(500);
    expect(listed.length).toBeLessThan(1000);
    expect(listed).toEqual(Object.keys(files).sort().slice(0, listed.length));
    for (const [output, value] of Object.entries(r.outputs)) {
      expect(Buffer.byteLength(value), output).toBeLessThan(1_000_000);
    }
  });
});

// ---- secrets -----------------------------------------------------------------------------

describe('secret hygiene', () => {
  it('the token is masked and never printed, summarised or output', async () => {
    const secret = 'test-token-SECRET-1234';
    const { repo, pull } = pullRepo('secret', { baseTag: 'v1.2.0', files: { 'src/x.ts': 'x\n' } });

    const r = await run('secret', { event: 'pull_request', payload: pullPayload(repo, pull), inputs: { token: secret, comment: 'true' } });

    expectSuccess(r);
    // It was used...
    expect(r.requests.length).toBeGreaterThan(0);
    expect(r.requests.every((q) => String(q.headers.authorization).includes(secret))).toBe(true);
    // ...masked first thing...
    const lines = r.stdout.split('\n');
    expect(lines.filter((line) => line.includes(secret))).toEqual([`::add-mask::${secret}`]);
    // ...and nowhere else.
    expect(r.stderr).not.toContain(secret);
    expect(r.summary).not.toContain(secret);
    expect(JSON.stringify(r.outputs)).not.toContain(secret);
    expect([...repo.comments.values()].map((c) => c.body).join('\n')).not.toContain(secret);
  });
});

// ---- issue 4: commits, overrides at push time, monorepo tags ------------------------------

describe('beyond paths', () => {
  it('push: the override label of the PR merged as the head commit decides the bump released', async () => {
    const name = 'override-at-push';
    const repo = newRepo(name);
    const cfg = `${CONFIG}overrides:\n  labels:\n    "release:major": major\n    "release:none": none\n`;
    const base = repo.commit({ parents: [], files: { [CONFIG_PATH]: cfg, 'src/a.ts': '1' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.0.0', base);
    const feature = repo.commit({ parents: [base], files: { 'docs/a.md': 'x' }, branch: 'feature' });
    const merge = repo.commit({ parents: [base, feature], files: { 'docs/a.md': 'x' }, branch: 'main' });
    repo.openPull({ number: 5, base: 'main', head: 'feature', labels: ['release:major'], merge_commit_sha: merge, state: 'closed', merged: true });
    const r = await run(name, { event: 'push', payload: pushPayload(repo, { before: base, after: merge }), sha: merge, ref: 'refs/heads/main' });
    expectSuccess(r);
    expect(r.outputs).toMatchObject({ bump: 'major', 'next-version': '2.0.0' });
    expect(r.summary).toContain('Override: label release:major sets the bump to **major**');
    expect(r.requests.some((q) => q.path.endsWith(`/commits/${merge}/pulls`))).toBe(true);
  });

  it('push with three changed components creates exactly one tag per component at the head commit', async () => {
    const name = 'three-components';
    const repo = newRepo(name);
    const cfg = `version: 1
rules:
  - {name: breaking, paths: "**/api/**", bump: major}
  - {name: source, paths: "**/src/**", bump: minor}
  - {name: other, paths: "**", bump: patch}
components:
  - {name: api, paths: "services/api/**", tag-format: "api@{version}"}
  - {name: web, paths: "web/**", tag-format: "web-v{version}"}
  - {name: cli, paths: "tools/cli/**"}
  - {name: docs, paths: "docs/**"}
`;
    const base = repo.commit({
      parents: [],
      files: { [CONFIG_PATH]: cfg, 'services/api/src/a.py': '1', 'web/src/a.ts': '1', 'tools/cli/README': '1', 'docs/a.md': '1' },
      branch: 'main',
    });
    for (const t of ['api@1.4.0', 'web-v2.0.0', 'cli@0.3.1', 'docs@1.0.0']) repo.refs.set(`refs/tags/${t}`, base);
    const head = repo.commit({
      parents: [base],
      files: { 'services/api/api/schema.py': '2', 'web/src/b.ts': '2', 'tools/cli/README': '2' },
      branch: 'main',
    });
    const r = await run(name, { event: 'push', payload: pushPayload(repo, { before: base, after: head }), sha: head, ref: 'refs/heads/main', inputs: { tag: 'true' } });
    expectSuccess(r);
    const created = r.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/git/refs')).map((q) => (q.body as { ref: string }).ref);
    expect(created.sort()).toEqual(['refs/tags/api@2.0.0', 'refs/tags/cli@0.3.2', 'refs/tags/web-v2.1.0']);
    for (const ref of created) expect(repo.refs.get(ref)).toBe(head);
    expect(repo.refs.has('refs/tags/docs@1.0.1')).toBe(false);
    expect(r.outputs['tag-created']!.split(',').sort()).toEqual(['api@2.0.0', 'cli@0.3.2', 'web-v2.1.0']);
    const matrix = json<{ name: string; nextTag: string; bump: string }[]>(r.outputs.components);
    expect(matrix.map((c) => [c.name, c.bump, c.nextTag])).toEqual([
      ['api', 'major', 'api@2.0.0'],
      ['web', 'minor', 'web-v2.1.0'],
      ['cli', 'patch', 'cli@0.3.2'],
    ]);
  });

  it('pull request with conventional commits: the PR title and commits count, the highest of files and commits wins', async () => {
    const name = 'conventional-pr';
    const repo = newRepo(name);
    const cfg = `${CONFIG}commits:\n  conventional: true\n`;
    const base = repo.commit({ parents: [], files: { [CONFIG_PATH]: cfg, 'docs/a.md': '1' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.2.0', base);
    const c1 = repo.commit({ parents: [base], message: 'docs: explain', files: { 'docs/a.md': '2' }, branch: 'feature' });
    repo.commit({ parents: [c1], message: 'fix(docs): typo', files: { 'docs/b.md': '1' }, branch: 'feature' });
    const pull = repo.openPull({ number: 3, base: 'main', head: 'feature', title: 'feat(api)!: remove the v1 endpoints' });
    const r = await run(name, { event: 'pull_request', payload: pullPayload(repo, pull), inputs: { label: 'false' } });
    expectSuccess(r);
    expect(r.outputs).toMatchObject({ bump: 'major', 'next-version': '2.0.0' });
    expect(r.summary).toMatch(/\| `PR #3` \| feat\(api\)\\!: remove the v1 endpoints \| BREAKING CHANGE \| major \|/);
    expect(r.summary).toMatch(/fix\(docs\): typo \| fix \| patch \|/);
    expect(r.requests.some((q) => q.path.endsWith('/pulls/3/commits'))).toBe(true);
  });
});
