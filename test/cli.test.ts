import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-runner.js';
import { TestRepo } from './support/git-repo.js';

interface FileRow {
  path: string;
  rule: string | null;
}

const repos: TestRepo[] = [];
afterEach(() => {
  while (repos.length > 0) repos.pop()!.cleanup();
});

function repo(): TestRepo {
  const r = new TestRepo();
  repos.push(r);
  return r;
}

const cli = runCli;

const CONFIG = `version: 1
rules:
  - name: migration
    paths: "db/migration/V*.sql"
    status: added
    bump: major
  - name: api version
    paths: "api/**"
    content: "api_version"
    bump: major
  - name: source
    paths: "src/**"
    bump: minor
  - name: docs
    paths: ["docs/**", "**/*.md"]
    bump: none
labels:
  bump: {minor: "semver:minor", major: "semver:major"}
`;

describe('bump-classifier CLI on a real git repository', () => {
  it('with no options decides latest release tag...HEAD', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG, 'src/a.ts': '1', 'README.md': 'x' });
    r.tag('v1.4.2');
    r.commit('feat', { 'src/b.ts': 'new', 'docs/guide.md': 'y' });
    const out = await cli(['--format', 'json'], r.dir);
    expect(out.code).toBe(0);
    const d = out.json();
    expect(Object.keys(d)).toEqual(
      expect.arrayContaining(['bump', 'currentVersion', 'nextVersion', 'nextVersionFull', 'nextTag', 'base', 'head', 'files', 'labels', 'components', 'truncated', 'warnings']),
    );
    expect(d).toMatchObject({ bump: 'minor', currentVersion: '1.4.2', nextVersion: '1.5.0', nextTag: 'v1.5.0', baseRef: 'v1.4.2', headRef: 'HEAD', truncated: false, labels: ['semver:minor'] });
    expect(d.files).toEqual([
      { path: 'docs/guide.md', previousPath: null, status: 'added', bump: 'none', rule: 'docs' },
      { path: 'src/b.ts', previousPath: null, status: 'added', bump: 'minor', rule: 'source' },
    ]);
    expect(d.components).toEqual([
      { name: 'root', bump: 'minor', currentVersion: '1.4.2', currentTag: 'v1.4.2', nextVersion: '1.5.0', nextVersionFull: '1.5.0', nextTag: 'v1.5.0', prerelease: false, base: d.base, baseRef: 'v1.4.2', files: d.files, releaseAs: null },
    ]);
    expect(d.head).toBe(r.git('rev-parse', 'HEAD'));
  });

  it('before the first tag the change is the whole history, from the empty tree', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG, 'docs/a.md': 'a' });
    r.commit('src', { 'src/a.ts': '1' });
    const d = (await cli(['--format', 'json'], r.dir)).json();
    expect(d).toMatchObject({ base: null, baseRef: 'empty tree (first release)', currentVersion: null, nextVersion: '0.1.0' });
    expect(d.files.map((f: { path: string }) => f.path)).toEqual(['.github/bump-classifier.yml', 'docs/a.md', 'src/a.ts']);
  });

  it('takes the latest tag by semver precedence, reachable from head or not, annotated or not', async () => {
    const r = repo();
    const init = r.commit('init', { '.github/bump-classifier.yml': CONFIG });
    r.tag('v1.9.0');
    r.commit('two', { 'src/a.ts': '1' });
    r.tag('v1.10.0', { annotated: true });
    r.commit('three', { 'docs/x.md': '1' });
    let d = (await cli(['--format', 'json'], r.dir)).json();
    expect(d).toMatchObject({ currentVersion: '1.10.0', baseRef: 'v1.10.0', bump: 'none', nextVersion: null });
    // A release made on a commit off the branch counts; the change is measured from the merge-base.
    r.git('checkout', '-q', '-b', 'release', init);
    r.commit('release commit', { 'CHANGELOG.md': '2.0.0' });
    r.tag('v2.0.0');
    r.git('checkout', '-q', 'main');
    d = (await cli(['--format', 'json'], r.dir)).json();
    expect(d).toMatchObject({ currentVersion: '2.0.0', baseRef: 'v2.0.0', base: init, bump: 'minor', nextVersion: '2.1.0' });
  });

  it('diffs from the merge-base (base...head) and detects renames', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG, 'src/old.ts': 'export const x = 1;\n'.repeat(20) });
    r.git('checkout', '-q', '-b', 'feature');
    r.move('src/old.ts', 'src/new.ts');
    r.commit('rename');
    r.git('checkout', '-q', 'main');
    r.commit('main moves on', { 'db/migration/V2__x.sql': 'create table' });
    const d = (await cli(['--base', 'main', '--head', 'feature', '--format', 'json'], r.dir)).json();
    expect(d.files).toEqual([{ path: 'src/new.ts', previousPath: 'src/old.ts', status: 'renamed', bump: 'minor', rule: 'source' }]);
    expect(d.bump).toBe('minor');
  });

  it('reads patches for content rules, and treats a binary patch as unknown', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG, 'api/models.py': 'x = 1\n', 'api/with space.py': 'a\n' });
    r.tag('v1.0.0');
    r.commit('change', { 'api/models.py': 'x = 2\n', 'api/with space.py': 'api_version = 3\n', 'api/blob.bin': Buffer.from([0, 1, 2, 0, 255]) });
    const d = (await cli(['--format', 'json'], r.dir)).json();
    const byPath = Object.fromEntries((d.files as FileRow[]).map((f) => [f.path, f]));
    expect(byPath['api/models.py']!.rule).toBeNull(); // patch known, no api_version in it
    expect(byPath['api/with space.py']!.rule).toBe('api version');
    expect(byPath['api/blob.bin']!.rule).toBe('api version'); // binary: unknown patch counts as matching
    expect(d.warnings.join('\n')).toMatch(/no patch available for 1 file\(s\).*api\/blob\.bin/);
  });

  it('derives the major from the head tree with version-from', async () => {
    const r = repo();
    const cfg = `version: 1\nrules: [{paths: "**", bump: patch}]\nversion-from:\n  major:\n    files: "db/V*.sql"\n    pattern: "^V(\\\\d+)__"\n`;
    r.commit('init', { '.github/bump-classifier.yml': cfg, 'db/V1__a.sql': 'a' });
    r.tag('v1.3.0');
    r.commit('two', { 'db/V2__b.sql': 'b' });
    expect((await cli(['--format', 'json'], r.dir)).json()).toMatchObject({ bump: 'major', nextVersion: '2.0.0' });
  });

  it('follows the prerelease channel of the branch', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': `${CONFIG}prerelease: [{branches: "next", id: beta}]\n` });
    r.tag('v1.0.0');
    r.git('checkout', '-q', '-b', 'next');
    r.commit('feat', { 'src/a.ts': '1' });
    r.tag('v1.1.0-beta.1');
    r.commit('feat 2', { 'src/b.ts': '1' });
    const d = (await cli(['--format', 'json'], r.dir)).json();
    expect(d).toMatchObject({ channel: 'beta', currentVersion: '1.1.0-beta.1', nextVersion: '1.1.0-beta.2', prerelease: true });
    expect((await cli(['--format', 'json', '--branch', 'main'], r.dir)).json()).toMatchObject({ channel: null, nextVersion: '1.1.0' });
  });

  it("--component keeps its own warnings and leaves out the other components'", async () => {
    const r = repo();
    const cfg = `${CONFIG}components:\n  - {name: api, paths: "services/api/**", tag-format: "api@{version}"}\n  - {name: web, paths: "web/**"}\n`;
    const init = r.commit('init', { '.github/bump-classifier.yml': cfg, 'services/api/src/a.ts': '1', 'web/src/a.ts': '1' });
    r.tag('api@1.0.0');
    r.tag('web@0.3.0');
    r.commit('web', { 'web/src/a.ts': '2' });
    r.tag('web@0.4.0');
    const all = (await cli(['--format', 'json', '--head', init], r.dir)).json();
    expect(all.warnings.filter((w: string) => w.startsWith('web: '))).toHaveLength(2);
    const api = (await cli(['--format', 'json', '--head', init, '--component', 'api'], r.dir)).json();
    expect(api.warnings.length).toBeGreaterThan(0);
    expect(api.warnings.every((w: string) => w.startsWith('api: '))).toBe(true);
  });

  it("--component answers for its component when another component's next tag exists elsewhere; without it, exit 2", async () => {
    const r = repo();
    const cfg = 'version: 1\nrules: [{name: all, paths: "**", bump: minor}]\ncomponents:\n  - {name: api, paths: "services/api/**"}\n  - {name: web, paths: "web/**"}\n';
    r.commit('init', { '.github/bump-classifier.yml': cfg, 'services/api/src/a.ts': '1', 'web/src/w.ts': '1' });
    r.tag('api@1.0.0');
    r.tag('web@1.0.0');
    const mid = r.commit('mid', { 'services/api/src/a.ts': '2', 'web/src/w.ts': '2' });
    r.commit('later', { 'services/api/src/a.ts': '3' });
    r.tag('api@1.1.0');
    const all = await cli(['--head', mid], r.dir);
    expect(all.code).toBe(2);
    expect(all.stderr).toMatch(/the next tag api@1\.1\.0 of api was already released at/);
    const web = (await cli(['--format', 'json', '--head', mid, '--component', 'web'], r.dir)).json();
    expect(web).toMatchObject({ currentVersion: '1.0.0', nextVersion: '1.1.0', nextTag: 'web@1.1.0', warnings: [] });
    const api = await cli(['--head', mid, '--component', 'api'], r.dir);
    expect(api.code).toBe(2);
  });

  it('reports one component with --component, its latest tag being the base', async () => {
    const r = repo();
    const cfg = `${CONFIG}components:\n  - {name: api, paths: "services/api/**", tag-format: "api@{version}"}\n  - {name: web, paths: "web/**"}\n`;
    r.commit('init', { '.github/bump-classifier.yml': cfg, 'services/api/src/a.ts': '1', 'web/src/a.ts': '1' });
    r.tag('api@1.0.0');
    r.commit('web', { 'web/src/b.ts': '1' });
    r.tag('web@0.3.0');
    r.commit('api', { 'services/api/src/b.ts': '2' });
    const d = (await cli(['--format', 'json', '--component', 'web'], r.dir)).json();
    expect(d).toMatchObject({ baseRef: 'web@0.3.0', bump: 'none', currentVersion: '0.3.0', nextTag: null });
    const api = (await cli(['--format', 'json', '--component', 'api'], r.dir)).json();
    expect(api).toMatchObject({ baseRef: 'api@1.0.0', currentVersion: '1.0.0' });
    const bad = await cli(['--component', 'nope'], r.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('bump-classifier: unknown component "nope"; the config defines "api", "web"\n');
  });

  it('uses the built-in rules without a config file, and says so', async () => {
    const r = repo();
    r.commit('init', { 'README.md': 'x' });
    r.tag('v0.1.0');
    r.commit('migration', { 'db/migrate/20240101_create.rb': 'x', 'src/app.ts': 'x', 'test/app.test.ts': 'x' });
    const out = await cli(['--format', 'json'], r.dir);
    expect(out.stderr).toMatch(/no config at .*bump-classifier\.yml; using the built-in default rules/);
    const d = out.json();
    expect(d).toMatchObject({ bump: 'major', nextVersion: '1.0.0', labels: ['semver:major'] });
    expect(Object.fromEntries((d.files as FileRow[]).map((f) => [f.path, f.rule]))).toEqual({
      'db/migrate/20240101_create.rb': 'database migration',
      'src/app.ts': 'application source',
      'test/app.test.ts': 'tests',
    });
  });

  it('prints a readable text table with the decision on top, and markdown', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG });
    r.tag('v2.0.0');
    r.commit('x', { 'src/a|b.ts': '1', 'docs/@team <b>.md': '1' });
    const text = await cli([], r.dir);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('bump minor: 2.0.0 -> 2.1.0 (tag v2.1.0)');
    expect(text.stdout).toMatch(/BUMP\s+STATUS\s+RULE\s+FILE/);
    expect(text.stdout).toMatch(/minor\s+added\s+source\s+src\/a\|b\.ts/);
    const md = await cli(['--format', 'markdown'], r.dir);
    expect(md.stdout).toMatch(/^### Bump \*\*minor\*\*: 2\.0\.0 → \*\*2\.1\.0\*\*/);
    expect(md.stdout).toContain('| `src/a\\|b.ts` | added | source | minor |');
    expect(md.stdout).toContain('`docs/@team <b>.md`');
    // Inside a code span "@team" pings nobody; outside one, it never appears unbroken.
    expect(md.stdout.replace(/`[^`\n]*`/g, '')).not.toContain('@team');
  });

  it('exits 1 with the policy message when the bump is above max-bump', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': `${CONFIG}policy: {max-bump: minor, allow-label: breaking-ok}\n` });
    r.tag('v1.0.0');
    r.commit('m', { 'db/migration/V5__x.sql': 'x' });
    const out = await cli(['--format', 'json'], r.dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      'bump-classifier: policy: bump major is above policy.max-bump minor caused by db/migration/V5__x.sql (migration: major); add the label "breaking-ok" to allow it\n',
    );
    expect(out.json().policy.failed).toBe(true);
    expect((await cli(['--label', 'breaking-ok'], r.dir)).code).toBe(0);
  });

  it.each([
    { name: 'not a repository', setup: () => ({ args: ['--repo', '/'], cwd: '/' }), error: /^bump-classifier: not a git repository: \/\n$/ },
    { name: 'a missing directory', setup: () => ({ args: ['--repo', '/no/such/dir'], cwd: '/' }), error: /^bump-classifier: not a directory, or git is not installed: \/no\/such\/dir\n$/ },
    { name: 'an unknown base', setup: (r: TestRepo) => ({ args: ['--base', 'v9.9.9'], cwd: r.dir }), error: /^bump-classifier: unknown ref "v9\.9\.9": no such commit, branch or tag in .*\n$/ },
    { name: 'an unknown head', setup: (r: TestRepo) => ({ args: ['--head', 'nope'], cwd: r.dir }), error: /^bump-classifier: unknown ref "nope"/ },
    { name: 'a base naming a tree', setup: (r: TestRepo) => ({ args: ['--base', 'HEAD^{tree}'], cwd: r.dir }), error: /^bump-classifier: "HEAD\^\{tree\}" names a tree, not a commit; name a commit, branch or tag\n$/ },
    { name: 'an invalid config', setup: (r: TestRepo) => { r.write({ 'bad.yml': 'version: 1\nrules:\n  - paths: src/**\n    bump: huge\n' }); return { args: ['--config', `${r.dir}/bad.yml`], cwd: r.dir }; }, error: /^bump-classifier: .*bad\.yml:4:11: rules\[0\]\.bump: expected one of none, patch, minor, major, got "huge"\n$/ },
    { name: 'a directory as --config', setup: (r: TestRepo) => ({ args: ['--config', '.'], cwd: r.dir }), error: /^bump-classifier: cannot read config .*: it is a directory; name the config file \(like \.github\/bump-classifier\.yml\)\n$/ },
    { name: 'a missing --config file', setup: (r: TestRepo) => ({ args: ['--config', 'missing.yml'], cwd: r.dir }), error: /^bump-classifier: config .*missing\.yml does not exist; name an existing file, or leave it out to use the built-in rules\n$/ },
    { name: 'a bad --format', setup: (r: TestRepo) => ({ args: ['--format', 'xml'], cwd: r.dir }), error: /^bump-classifier: --format: expected text, json, markdown or notes, got "xml"\n$/ },
    { name: 'an unknown option', setup: (r: TestRepo) => ({ args: ['--bogus'], cwd: r.dir }), error: /^bump-classifier: Unknown option '--bogus'.*\nTry 'bump-classifier --help'\.\n$/ },
  ])('exits 2 with a one-line cause for $name', async ({ setup, error }) => {
    const r = repo();
    r.commit('init', { 'a.txt': '1' });
    const { args, cwd } = setup(r);
    const out = await cli(args, cwd);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(error);
    expect(out.stdout).toBe('');
  });

  it('--help and --version', async () => {
    const help = await cli(['--help'], '/');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: bump-classifier \[options\]/);
    for (const flag of ['--repo', '--base', '--head', '--config', '--format', '--component']) expect(help.stdout).toContain(flag);
    expect((await cli(['--version'], '/')).stdout).toMatch(/^(dev|\d+\.\d+\.\d+)\n$/);
  });
});

describe('conventional commits from local git', () => {
  it('commits count with files; the highest wins; each commit is explained', async () => {
    const r = repo();
    r.commit('chore: init', { '.github/bump-classifier.yml': `${CONFIG}commits:\n  conventional: true\npolicy: {max-bump: minor}\n` });
    r.tag('v1.0.0');
    r.commit('docs: guide', { 'docs/guide.md': 'x' });
    r.commit('fix(parser): handle CRLF\r\n\r\nbody', { 'docs/other.md': 'y' });
    const d = (await cli(['--format', 'json'], r.dir)).json();
    expect(d).toMatchObject({ bump: 'patch', nextVersion: '1.0.1' });
    expect((d.commits as { subject: string; bump: string; reason: string }[]).map((c) => [c.subject, c.bump, c.reason])).toEqual([
      ['fix(parser): handle CRLF', 'patch', 'fix'],
      ['docs: guide', 'none', 'type "docs" releases nothing'],
    ]);
    r.commit('feat!: drop the old API', { 'docs/x.md': 'z' });
    const out = await cli(['--format', 'text'], r.dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/policy: bump major is above policy\.max-bump minor caused by commit [0-9a-f]{7} "feat!: drop the old API" \(BREAKING CHANGE: major\)/);
    expect(out.stdout).toMatch(/commits:\n {2}major {2}[0-9a-f]{7} {2}feat!: drop the old API {2}\(BREAKING CHANGE\)/);
  });

  it('commits are ignored unless commits.conventional is on', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG });
    r.tag('v1.0.0');
    r.commit('feat!: big', { 'docs/a.md': '1' });
    expect((await cli(['--format', 'json'], r.dir)).json()).toMatchObject({ bump: 'none', commits: [] });
  });
});
