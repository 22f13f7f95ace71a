/**
 * The situations real repositories and CI checkouts create, each built here as a scratch
 * repository: which tag is the current release (off-branch release commits, maintenance
 * branches, floating tags, a tag at head, an existing next tag), monorepo components measured
 * from their own tags, shallow and detached CI checkouts, swapped ranges, first releases, and
 * timestamp majors.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-runner.js';
import { TestRepo } from './support/git-repo.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function repo(config?: string): TestRepo {
  const r = new TestRepo();
  cleanups.push(() => r.cleanup());
  if (config !== undefined) r.write({ '.github/bump-classifier.yml': config });
  return r;
}

const cli = runCli;

async function decideIn(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<Json> {
  const out = await cli(['--format', 'json', ...args], dir, env);
  if (out.code !== 0) throw new Error(`exit ${out.code}: ${out.stderr}`);
  return out.json();
}

const paths = (d: Json): string[] => d.files.map((f: { path: string }) => f.path);

/** A clone made the way CI makes one (actions/checkout: depth 1, no tags, detached). */
function clone(from: TestRepo, args: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bump-classifier-clone-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('git', ['clone', '-q', ...args, `file://${from.dir}`, dir], { stdio: 'ignore' });
  return dir;
}

describe('which tag is the current release', () => {
  it('a release commit off the branch counts (changesets style); the change is from the merge-base', async () => {
    const r = repo('version: 1\n');
    const c1 = r.commit('init', { 'src/a.ts': '1' });
    r.tag('v2.1.0');
    r.git('checkout', '-q', '-b', 'changeset-release/main');
    r.commit('Version Packages', { 'CHANGELOG.md': '## 2.1.1', 'package.json': '{"version":"2.1.1"}' });
    r.tag('v2.1.1');
    r.git('checkout', '-q', 'main');
    r.commit('docs', { 'docs/x.md': 'x' });
    const d = await decideIn(r.dir);
    expect(d).toMatchObject({ currentVersion: '2.1.1', currentTag: 'v2.1.1', baseRef: 'v2.1.1', base: c1, bump: 'patch', nextVersion: '2.1.2' });
    expect(paths(d)).toEqual(['docs/x.md']);
  });

  const THREE_LINES = `version: 1
rules: [{name: migration, paths: "db/**", status: added, bump: major}, {name: source, paths: "src/**", bump: minor}]
maintenance:
  - branches: "support/*"
  - {branches: legacy, range: "1.x"}
`;

  function maintained() {
    const r = repo(THREE_LINES);
    r.commit('one', { 'src/a.ts': '1' });
    r.tag('v1.0.0');
    const oneOne = r.commit('one.one', { 'src/b.ts': '1' });
    r.tag('v1.1.0');
    r.commit('two', { 'db/V2.sql': 'x' });
    r.tag('v2.0.0');
    return { r, oneOne };
  }

  it.each(['1.x', 'support/1.x', 'legacy'])('maintenance branch %s releases within its range', async (branch) => {
    const { r, oneOne } = maintained();
    r.git('checkout', '-q', '-b', branch, oneOne);
    r.commit('fix', { 'src/b.ts': '2' });
    const d = await decideIn(r.dir);
    expect(d).toMatchObject({ currentVersion: '1.1.0', baseRef: 'v1.1.0', bump: 'minor', nextVersion: '1.2.0', nextTag: 'v1.2.0' });
    // On main, the maintenance tags count as usual.
    r.git('checkout', '-q', 'main');
    r.commit('docs', { 'docs/x.md': 'x' });
    expect(await decideIn(r.dir)).toMatchObject({ currentVersion: '2.0.0', bump: 'patch', nextVersion: '2.0.1' });
  });

  it('a maintenance branch cut before its current release says its next release would lack that release', async () => {
    const { r, oneOne } = maintained();
    r.git('checkout', '-q', '-b', '1.x', 'v1.0.0');
    r.commit('fix', { 'src/a.ts': '2' });
    const d = await decideIn(r.dir);
    expect(d).toMatchObject({ currentVersion: '1.1.0', nextVersion: '1.2.0' });
    expect(d.warnings).toEqual([
      `the current release v1.1.0 of the 1.x range is not in the history of branch 1.x (they part at ${r.git('rev-parse', '--short=7', 'v1.0.0').trim()}), ` +
        'so its next release would lack what v1.1.0 shipped; merge v1.1.0 into 1.x',
    ]);
    // Cut from the release itself: nothing to say.
    r.git('checkout', '-q', '-b', 'support/1.x', oneOne);
    r.commit('fix', { 'src/b.ts': '2' });
    expect((await decideIn(r.dir)).warnings).toEqual([]);
  });

  it('with components, a maintenance range that a component has no release in is an error naming that component', async () => {
    const r = repo('version: 1\ncomponents:\n  - {name: api, paths: "api/**"}\n  - {name: web, paths: "web/**"}\n');
    r.commit('one', { 'api/a.ts': '1', 'web/w.ts': '1' });
    r.tag('api@1.0.0');
    r.tag('web@0.3.0');
    r.git('checkout', '-q', '-b', '1.x');
    r.commit('fix', { 'api/a.ts': '2' });
    const out = await cli([], r.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^bump-classifier: web: branch 1\.x maintains the 1\.x releases, but no release in that range exists yet/);
  });

  it('a bump that would leave the maintenance range is an error naming the branch', async () => {
    const { r, oneOne } = maintained();
    r.git('checkout', '-q', '-b', '1.1.x', oneOne);
    r.commit('feature', { 'src/c.ts': '1' });
    const out = await cli([], r.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/a minor bump from 1\.1\.0 would make 1\.2\.0, outside the 1\.1\.x range of branch 1\.1\.x/);
    expect(out.stdout).toBe('');
  });

  it('a floating tag (v1 moved forward by hand) never wins over the exact tag, and is no warning', async () => {
    const r = repo('version: 1\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v1.0.0');
    r.commit('later', { 'src/b.ts': '1' });
    r.tag('v1'); // moved past the release, as people do by hand
    r.commit('docs', { 'docs/x.md': 'x' });
    const d = await decideIn(r.dir);
    expect(d).toMatchObject({ currentTag: 'v1.0.0', baseRef: 'v1.0.0', bump: 'minor', nextVersion: '1.1.0', warnings: [] });
    expect(paths(d)).toEqual(['docs/x.md', 'src/b.ts']);
    // A lone short tag with no exact tag of its line is still read, loosely, with a warning.
    r.tag('v3');
    expect((await decideIn(r.dir)).warnings.join()).toMatch(/loose versions: v3 as 3\.0\.0/);
  });

  it('a release tag at head is the change\'s own release: --base v1.0.0 --head v1.1.0 gives 1.0.0 -> 1.1.0', async () => {
    const r = repo('version: 1\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v1.0.0');
    r.commit('feature', { 'src/b.ts': '1' });
    r.tag('v1.1.0');
    expect(await decideIn(r.dir, ['--base', 'v1.0.0', '--head', 'v1.1.0'])).toMatchObject({
      currentVersion: '1.0.0',
      nextVersion: '1.1.0',
      nextTag: 'v1.1.0',
    });
    // A re-run on the tagged head proposes the tag already there, never 1.1.1.
    expect(await decideIn(r.dir)).toMatchObject({ currentVersion: '1.0.0', nextTag: 'v1.1.0', warnings: [] });
  });

  it('a release tag at head that the files disagree with stands, with a warning (actions/labeler\'s v7.0.0)', async () => {
    const r = repo('version: 1\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v6.2.0');
    r.commit('feat: migrate to ESM', { 'src/a.ts': '2' });
    r.tag('v7.0.0');
    r.tag('v7');
    const d = await decideIn(r.dir);
    // The bump follows the versions (labels and policy with it), as for a Release-As version.
    expect(d).toMatchObject({ currentVersion: '6.2.0', bump: 'major', nextVersion: '7.0.0', nextTag: 'v7.0.0' });
    expect(d.warnings).toEqual(['head is already released as v7.0.0; this change alone would make 6.3.0 (bump minor)']);
  });

  it('a release tag at head below the highest release stands too (a hotfix branch that is not a maintenance branch)', async () => {
    const r = repo('version: 1\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v1.0.0');
    r.git('checkout', '-q', '-b', 'hotfix-1');
    r.commit('fix: x', { 'src/a.ts': '2' });
    r.tag('v1.0.1');
    r.git('checkout', '-q', 'main');
    r.commit('feat: y', { 'src/b.ts': '1' });
    r.tag('v2.0.0');
    r.git('checkout', '-q', 'hotfix-1');
    const d = await decideIn(r.dir);
    expect(d).toMatchObject({ currentVersion: '1.0.0', bump: 'patch', nextVersion: '1.0.1', nextTag: 'v1.0.1' });
    expect(d.warnings).toEqual(['head is already released as v1.0.1; this change alone would make 2.1.0 (bump minor)']);
  });

  it('a release tag at head stands when the change alone makes no release, and the policy judges its own bump', async () => {
    const r = repo('version: 1\nrules: [{name: all, paths: "**", bump: none}]\npolicy: {max-bump: patch}\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v25.0.8');
    r.commit('fix: a fix', { 'src/a.ts': '2' });
    r.tag('v25.0.9');
    const d = await decideIn(r.dir);
    expect(d).toMatchObject({ currentVersion: '25.0.8', bump: 'patch', nextVersion: '25.0.9', nextTag: 'v25.0.9', policy: { failed: false } });
    expect(d.warnings).toEqual(['head is already released as v25.0.9; this change alone makes no release']);
  });

  it("on a prerelease branch, head's own channel tag stands over a stable tag at the same commit; a stable one alone is no prerelease", async () => {
    // semantic-release's promotion: beta is fast-forwarded into main and released there too.
    const r = repo('version: 1\nprerelease: [{branches: beta, id: beta}]\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v25.0.9');
    r.git('checkout', '-q', '-b', 'beta');
    r.commit('feat!: new api', { 'src/b.ts': '1' });
    r.tag('v26.0.0-beta.1');
    r.tag('v26.0.0');
    expect(await decideIn(r.dir)).toMatchObject({
      channel: 'beta', currentVersion: '25.0.9', bump: 'major', nextVersion: '26.0.0-beta.1', nextTag: 'v26.0.0-beta.1', prerelease: true,
    });
    r.git('tag', '-d', 'v26.0.0-beta.1');
    expect(await decideIn(r.dir)).toMatchObject({ channel: 'beta', currentVersion: '25.0.9', nextVersion: '26.0.0', nextTag: 'v26.0.0', prerelease: false });
  });

  it('a next tag that exists at another commit is exit 2 naming it, never the answer; a later release says head is older', async () => {
    const r = repo('version: 1\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v1.0.0');
    const middle = r.commit('feature', { 'src/b.ts': '1' });
    const released = r.commit('feature 2', { 'src/c.ts': '1' });
    r.tag('v1.1.0');
    const out = await cli(['--head', middle], r.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`the next tag v1.1.0 was already released at ${released.slice(0, 7)}, a later commit than head ${middle.slice(0, 7)}`);
    expect(out.stderr).toContain('which already covers it, so no new version can be made here; decide at a newer commit');
    expect(out.stdout).toBe('');
  });

  it('a later release (its commit descends from head) is set aside with a warning naming it', async () => {
    const r = repo('version: 1\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v1.0.0');
    const docs = r.commit('docs', { 'README.md': 'x' });
    r.commit('feature', { 'src/b.ts': '1' });
    r.tag('v1.1.0');
    const d = await decideIn(r.dir, ['--head', docs]);
    expect(d).toMatchObject({ currentVersion: '1.0.0', nextVersion: '1.0.1' });
    expect(d.warnings.join()).toMatch(/tag v1\.1\.0 is a later release \(its commit descends from head\)/);
  });
});

describe('renames inside what a component compares are renames, as the API reports them', () => {
  const RULES = 'version: 1\nrules:\n  - {name: moved, paths: "**", status: renamed, bump: patch}\n  - {name: removed API, paths: "**", status: removed, bump: major}\n  - {name: source, paths: "**", bump: minor}\n';

  it('a move between two directories of one component (src/ -> lib/) is one renamed file', async () => {
    const r = repo(`${RULES}components:\n  - {name: app, paths: ["src/**", "lib/**"]}\n`);
    r.commit('init', { 'src/util.ts': 'export const x = 1;\n', 'lib/index.ts': 'i\n' });
    r.tag('app@1.0.0');
    r.move('src/util.ts', 'lib/util.ts').commit('refactor: move util');
    const d = await decideIn(r.dir);
    expect(d.components[0]).toMatchObject({ name: 'app', bump: 'patch', nextVersion: '1.0.1' });
    expect(d.components[0]!.files).toEqual([{ path: 'lib/util.ts', previousPath: 'src/util.ts', status: 'renamed', bump: 'patch', rule: 'moved' }]);
  });

  it('a migration moved between two components released together counts as the migration for both', async () => {
    const r = repo('version: 1\ncomponents:\n  - {name: a, paths: "packages/a/**"}\n  - {name: b, paths: "packages/b/**"}\n');
    r.commit('init', { 'packages/a/db/migrations/001_init.sql': 'create table t (id int);\n', 'packages/b/src/index.ts': 'b\n' });
    r.tag('a@1.0.0');
    r.tag('b@1.0.0');
    r.move('packages/a/db/migrations/001_init.sql', 'packages/b/db/migrations/001_init.sql').commit('move the migration to b');
    const byName = Object.fromEntries((await decideIn(r.dir)).components.map((c: Json) => [c.name, c]));
    expect(byName.a).toMatchObject({ bump: 'major', nextVersion: '2.0.0' });
    expect(byName.b).toMatchObject({ bump: 'major', nextVersion: '2.0.0' });
  });
});

describe('monorepo components measured from their own latest tag', () => {
  const MONO = `version: 1
commits: {conventional: true}
components:
  - {name: api, paths: "services/api/**"}
  - {name: web, paths: "web/**"}
`;

  function monorepo() {
    const r = repo(MONO);
    r.commit('chore: init', { 'services/api/a.ts': '1', 'web/w.ts': '1', 'README.md': 'r' });
    r.tag('api@1.0.0');
    r.tag('web@1.0.0');
    r.commit('feat: api thing', { 'services/api/b.ts': '1' });
    r.tag('api@1.1.0');
    return r;
  }

  it('after api@1.1.0, a web-only change releases web and nothing of api; no repository-wide version', async () => {
    const r = monorepo();
    r.commit('feat: web thing', { 'web/x.ts': '1' });
    const d = await decideIn(r.dir);
    const byName = Object.fromEntries(d.components.map((c: Json) => [c.name, c]));
    expect(byName.api).toMatchObject({ bump: 'none', currentVersion: '1.1.0', baseRef: 'api@1.1.0', nextTag: null, files: [] });
    expect(byName.web).toMatchObject({ bump: 'minor', currentVersion: '1.0.0', baseRef: 'web@1.0.0', nextTag: 'web@1.1.0' });
    expect(byName.web.files.map((f: Json) => f.path)).toEqual(['web/x.ts']);
    expect(d).toMatchObject({ bump: 'minor', currentVersion: null, nextVersion: null, nextTag: null });
    // web's range holds the api commit too, but it touches no web file: it counts for nothing here.
    expect(d.commits.map((c: Json) => c.subject)).toEqual(['feat: web thing']);
    expect((await decideIn(r.dir, ['--component', 'api']))).toMatchObject({ bump: 'none', baseRef: 'api@1.1.0', nextVersion: null });
    expect((await decideIn(r.dir, ['--component', 'web']))).toMatchObject({ bump: 'minor', baseRef: 'web@1.0.0', nextTag: 'web@1.1.0' });
  });

  it('a commit counts for a component when it touches that component\'s files (local git knows them)', async () => {
    const r = monorepo();
    r.commit('fix(web): mis-scoped, touches api only', { 'services/api/c.ts': '1' });
    const d = await decideIn(r.dir);
    const byName = Object.fromEntries(d.components.map((c: Json) => [c.name, c]));
    expect(byName.api).toMatchObject({ bump: 'minor', nextTag: 'api@1.2.0' });
    // Its scope says web, but it touches no web file: web releases nothing.
    expect(byName.web).toMatchObject({ bump: 'none', nextTag: null });
  });

  it('a commit touching a file whose name is not UTF-8 still counts for its component', async () => {
    const r = monorepo();
    execFileSync('bash', ['-c', 'printf x > "$(printf \'web/caf\\351.txt\')"'], { cwd: r.dir });
    r.git('add', '-A');
    r.git('commit', '-q', '-m', 'fix: latin-1 name');
    const d = await decideIn(r.dir);
    const web = d.components.find((c: Json) => c.name === 'web');
    expect(web.files.map((f: Json) => f.path)).toContain('web/caf\\xE9.txt');
    expect(d.commits.map((c: Json) => c.subject)).toContain('fix: latin-1 name');
  });

  it('a component without a tag is a first release of its files', async () => {
    const r = monorepo();
    r.write({ '.github/bump-classifier.yml': `${MONO}  - {name: cli, paths: "cli/**"}\n` });
    r.commit('feat: a cli', { 'cli/main.ts': '1' });
    const d = await decideIn(r.dir);
    const cliLine = d.components.find((c: Json) => c.name === 'cli');
    expect(cliLine).toMatchObject({ base: null, baseRef: 'empty tree (first release)', currentVersion: null, nextTag: 'cli@0.1.0' });
  });
});

describe('CI checkouts', () => {
  function released() {
    const r = repo('version: 1\nprerelease: [{branches: next, id: preview}]\n');
    r.commit('init', { 'src/a.ts': '1' });
    r.tag('v4.0.0');
    r.git('checkout', '-q', '-b', 'next');
    r.commit('feature', { 'src/b.ts': '1' });
    r.git('checkout', '-q', 'main');
    return r;
  }

  it('a shallow clone without tags is exit 2 naming the fix, never "no release yet"', async () => {
    const r = released();
    const dir = clone(r, ['--depth', '1', '--no-tags', '--branch', 'next']);
    const out = await cli([], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/shallow.*fetch-depth: 0/);
    expect(out.stdout).toBe('');
  });

  it('a shallow clone is exit 2 even with --base and a release tag fetched: its tags may be incomplete', async () => {
    // The field case: a shallow clone auto-follows only the tags of the history it fetched (v1.0.5
    // of an old line), or holds the one tag someone fetched, while higher releases exist upstream.
    const r = released();
    r.git('checkout', '-q', 'main');
    r.commit('fix', { 'src/a.ts': '2' });
    r.tag('v4.0.1');
    r.git('checkout', '-q', 'next');
    r.commit('more', { 'src/c.ts': '1' });
    const dir = clone(r, ['--depth', '2', '--branch', 'next']);
    execFileSync('git', ['fetch', '-q', '--depth=1', 'origin', 'tag', 'v4.0.0'], { cwd: dir });
    for (const base of ['HEAD~1', 'HEAD~2', 'v4.0.0']) {
      const out = await cli(['--base', base, '--format', 'json'], dir);
      expect(out.code, base).toBe(2);
      expect(out.stderr).toMatch(/shallow, so its release tags may be incomplete .*even with --base; .*git fetch --unshallow --tags.*fetch-depth: 0/);
      expect(out.stdout).toBe('');
    }
  });

  it.each([
    ['--branch', ['--branch', 'next'], {}],
    ['GITHUB_REF_NAME (a push)', [], { GITHUB_ACTIONS: 'true', GITHUB_REF_NAME: 'next' }],
    ['GITHUB_BASE_REF (a pull request into next)', [], { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'fix-x', GITHUB_BASE_REF: 'next', GITHUB_REF_NAME: '8/merge' }],
    ['CI_COMMIT_BRANCH (a GitLab CI push)', [], { GITLAB_CI: 'true', CI_COMMIT_BRANCH: 'next' }],
    ['CI_MERGE_REQUEST_TARGET_BRANCH_NAME (a GitLab merge request into next)', [], { GITLAB_CI: 'true', CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'next', CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'fix-x' }],
    ['--head naming the branch', ['--head', 'next'], {}],
    ['--head naming the remote-tracking branch', ['--head', 'origin/next'], {}],
    ['the one branch whose tip is HEAD', [], {}],
  ] as const)('detached HEAD keeps the prerelease channel through %s', async (_, args, env) => {
    const r = released();
    const dir = clone(r, ['--branch', 'next']);
    execFileSync('git', ['checkout', '-q', '--detach', 'HEAD'], { cwd: dir });
    const d = await decideIn(dir, [...args], { ...env });
    expect(d).toMatchObject({ channel: 'preview', currentVersion: '4.0.0', nextVersion: '4.1.0-preview.1', prerelease: true });
  });

  it('a clone made with --no-tags that finds no release says the tags were never fetched', async () => {
    const r = released();
    const dir = clone(r, ['--no-tags', '--branch', 'next']);
    const d = await decideIn(dir, []);
    expect(d).toMatchObject({ currentVersion: null, nextVersion: '0.1.0-preview.1' });
    expect(d.warnings).toEqual([
      'no release tag was found, and this clone does not fetch tags from origin (git clone --no-tags); if the repository has releases, fetch them: git fetch --tags',
    ]);
    execFileSync('git', ['fetch', '-q', '--tags'], { cwd: dir });
    expect(await decideIn(dir, [])).toMatchObject({ currentVersion: '4.0.0', warnings: [] });
  });

  it('a detached head where branches of different channels end is exit 2 asking for --branch; branches that agree are fine', async () => {
    const r = released();
    const dir = clone(r, ['--branch', 'next']);
    execFileSync('git', ['checkout', '-q', '--detach', 'HEAD'], { cwd: dir });
    execFileSync('git', ['branch', 'feature-from-next'], { cwd: dir });
    const out = await cli([], dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/tip of several branches that release differently \(feature-from-next: the stable channel; next: channel preview\).*pass --branch NAME/);
    expect(out.stdout).toBe('');
    expect(await decideIn(dir, ['--branch', 'next'])).toMatchObject({ channel: 'preview', nextVersion: '4.1.0-preview.1' });
    execFileSync('git', ['branch', '-D', 'feature-from-next'], { cwd: dir });
    execFileSync('git', ['branch', 'next-copy'], { cwd: dir });
    // next (local), origin/next and next-copy: next-copy is stable, so still ambiguous...
    expect((await cli([], dir)).code).toBe(2);
    // ... while two names for the same branch (next and origin/next) are not.
    execFileSync('git', ['branch', '-D', 'next-copy'], { cwd: dir });
    expect(await decideIn(dir, [])).toMatchObject({ channel: 'preview', nextVersion: '4.1.0-preview.1' });
  });

  it("a pull request from the prerelease branch into main is decided on main's stable channel, as the action decides it", async () => {
    const r = released();
    const dir = clone(r, ['--branch', 'next']);
    execFileSync('git', ['checkout', '-q', '--detach', 'HEAD'], { cwd: dir });
    const env = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'next', GITHUB_BASE_REF: 'main', GITHUB_REF_NAME: '9/merge' };
    expect(await decideIn(dir, [], env)).toMatchObject({ channel: null, currentVersion: '4.0.0', nextVersion: '4.1.0', prerelease: false });
  });

  it('a swapped range (base descends from head) is exit 2 naming both', async () => {
    const r = repo('version: 1\n');
    const a = r.commit('a', { 'src/a.ts': '1' });
    const b = r.commit('b', { 'src/b.ts': '1' });
    const out = await cli(['--base', 'HEAD', '--head', a], r.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`base HEAD (${b.slice(0, 7)}) comes after head ${a} (${a.slice(0, 7)})`);
  });
});

describe('first releases', () => {
  it('a one-commit repository is a first release of its files', async () => {
    const r = repo();
    r.commit('init', { 'src/a.ts': '1', 'README.md': 'r' });
    const d = await decideIn(r.dir);
    expect(d).toMatchObject({ base: null, currentVersion: null, bump: 'minor', nextVersion: '0.1.0' });
    expect(paths(d)).toEqual(['README.md', 'src/a.ts']);
  });

  it('every root of a history with several roots counts', async () => {
    const r = repo();
    r.commit('one root', { 'docs/a.md': 'a' });
    r.git('checkout', '-q', '--orphan', 'other');
    r.git('rm', '-q', '-rf', '.');
    r.commit('another root', { 'src/b.ts': 'b' });
    r.git('checkout', '-q', 'main');
    r.git('merge', '-q', '--allow-unrelated-histories', '--no-edit', 'other');
    const d = await decideIn(r.dir);
    expect(paths(d)).toEqual(['docs/a.md', 'src/b.ts']);
    expect(d).toMatchObject({ bump: 'minor', nextVersion: '0.1.0' });
  });
});

describe('MAJOR from real timestamp migrations', () => {
  it('V20240522164906244__x.sql makes 20240522164906244.0.0, read back and bumped exactly', async () => {
    const r = repo(`version: 1
version-from:
  major: {files: "db/migration/V*.sql", pattern: "^V(\\\\d+)__"}
`);
    r.commit('init', { 'db/migration/V20240522164906244__init.sql': 'x', 'src/a.ts': '1' });
    expect(await decideIn(r.dir)).toMatchObject({ nextVersion: '20240522164906244.0.0', nextTag: 'v20240522164906244.0.0' });
    r.tag('v20240522164906244.0.0');
    r.commit('feature', { 'src/b.ts': '1' });
    expect(await decideIn(r.dir)).toMatchObject({ currentVersion: '20240522164906244.0.0', nextVersion: '20240522164906244.1.0' });
    r.commit('migration', { 'db/migration/V20260727103202049__more.sql': 'x' });
    expect(await decideIn(r.dir)).toMatchObject({ bump: 'major', nextVersion: '20260727103202049.0.0' });
  });
});
