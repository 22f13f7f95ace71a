/**
 * `Release-As: X.Y.Z` footers (issue 11, section 2), release-please's escape hatch: reading the
 * footer, the newest commit winning, a version that is not above the current one as an error,
 * channels, maintenance ranges, override labels, components (the components the commit counts
 * for), and the decision saying which commit set the version; then the CLI on a built repository.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { decide, InputError, parseConfig, type CommitInput, type Config, type DecideInput } from '../../src/core/index.js';
import { chooseReleaseAs, parseReleaseAs, releaseAsFooter, releaseAsFooters, subjectScope } from '../../src/core/release-as.js';
import { TestRepo } from '../support/git-repo.js';

const HEAD = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const sha = (n: number): string => n.toString().padStart(7, '0').padEnd(40, 'c');

function config(yaml: string): Config {
  return parseConfig(yaml, 'c.yml');
}

const PLAIN = config('version: 1\nrules: [{name: docs, paths: "docs/**", bump: patch}, {name: src, paths: "src/**", bump: minor}]\n');

function run(cfg: Config, commits: CommitInput[], extra: Partial<DecideInput> = {}) {
  return decide({
    config: cfg,
    files: [{ path: 'docs/a.md', status: 'modified' }],
    tags: ['v1.4.2'],
    base: 'b',
    head: HEAD,
    branch: 'main',
    commits,
    ...extra,
  });
}

const commit = (n: number, message: string, files?: string[]): CommitInput => ({ sha: sha(n), message, ...(files ? { files } : {}) });

describe('reading the footer', () => {
  it.each([
    ['chore: release 2.0.0\n\nRelease-As: 2.0.0', '2.0.0'],
    ['chore: x\n\nrelease-as: 2.0.0', '2.0.0'],
    ['chore: x\n\nRELEASE-AS:   v3.0.0  ', 'v3.0.0'],
    // release-please's own fixture: a commit that is not conventional counts too
    ['meta: correct release\n\nRelease-As: v3.0.0', 'v3.0.0'],
    ['Update the docs\n\nSome text.\n\nRelease-As: 1.0.0\nSigned-off-by: A <a@example.com>', '1.0.0'],
    // a squash merge puts its commits' footers mid-body
    ['Big PR (#12)\n\n* feat: a\n\nRelease-As: 2.0.0\n\n* fix: b', '2.0.0'],
    ['chore: x\r\n\r\nRelease-As: 2.1.0\r\n', '2.1.0'],
    // in one message, the first footer (as release-please)
    ['chore: x\n\nRelease-As: 2.0.0\nRelease-As: 3.0.0', '2.0.0'],
    ['chore: x\n\nRelease-As:', ''],
  ])('%j has %j', (message, value) => {
    expect(releaseAsFooter(message)).toBe(value);
  });

  it.each([
    ['Release-As: 2.0.0'], // the subject is no footer
    ['chore: x\n\n  Release-As: 2.0.0'], // indented: quoted text, not a footer
    ['chore: x\n\nRelease-As 2.0.0'],
    ['chore: x\n\nRelease-Ass: 2.0.0'],
    ['chore: x\n\nNote: Release-As: 2.0.0'],
    ['chore: x\n\nRelease As: 2.0.0'],
  ])('%j has none', (message) => {
    expect(releaseAsFooter(message)).toBeNull();
  });

  it.each([
    ['2.0.0', '2.0.0'],
    ['v2.0.0', '2.0.0'],
    ['0.1.0', '0.1.0'],
    ['20240522164906244.0.0', '20240522164906244.0.0'],
  ])('%s names the release %s', (value, version) => {
    const parsed = parseReleaseAs(value);
    expect(typeof parsed === 'string' ? parsed : parsed.version).toBe(version);
  });

  it.each([
    ['2.0', /not a version X\.Y\.Z/],
    ['', /not a version/],
    ['two', /not a version/],
    ['01.0.0', /not a version/],
    ['V2.0.0', /not a version/],
    ['2.0.0 (the API)', /not a version/],
    ['2.0.0-rc.1', /prerelease or build part.*prerelease channel/],
    ['2.0.0+build.1', /prerelease or build part/],
  ])('%j names no release', (value, problem) => {
    expect(parseReleaseAs(value)).toMatch(problem);
  });

  it('the newest commit with a footer wins; a newest footer that names no release is an error', () => {
    const commits = [commit(3, 'fix: y'), commit(2, 'chore: a\n\nRelease-As: 3.0.0'), commit(1, 'chore: b\n\nRelease-As: 9.0.0')];
    expect(chooseReleaseAs(commits, releaseAsFooters(commits))).toMatchObject({ sha: sha(2), version: '3.0.0', source: `Release-As: 3.0.0 (commit ${sha(2).slice(0, 7)})` });
    expect(chooseReleaseAs([commit(1, 'fix: y')], releaseAsFooters([commit(1, 'fix: y')]))).toBeNull();
    const bad = [commit(2, 'chore: a\n\nRelease-As: soon'), commit(1, 'chore: b\n\nRelease-As: 2.0.0')];
    expect(() => chooseReleaseAs(bad, releaseAsFooters(bad))).toThrow(InputError);
    expect(() => chooseReleaseAs(bad, releaseAsFooters(bad))).toThrow(/commit 0000002 has the footer "Release-As: soon", which is not a version X\.Y\.Z.*A newer commit/);
    // An older unreadable footer is replaced by a newer one.
    const fixed = [commit(3, 'chore: c\n\nRelease-As: 2.0.0'), ...bad];
    expect(chooseReleaseAs(fixed, releaseAsFooters(fixed))).toMatchObject({ version: '2.0.0' });
  });

  it.each([
    ['feat(api): x', 'api'],
    ['fix(api)!: x\n\nbody', 'api'],
    ['feat: x', null],
    ['Update things', null],
  ])('the scope of %j is %j', (message, scope) => {
    expect(subjectScope(message)).toBe(scope);
  });
});

describe('Release-As in a decision', () => {
  it.each([
    // footers (newest first), current tags -> bump, next
    { footers: ['2.0.0'], tags: ['v1.4.2'], bump: 'major', next: '2.0.0' },
    { footers: ['1.6.0'], tags: ['v1.4.2'], bump: 'minor', next: '1.6.0' },
    { footers: ['1.4.7'], tags: ['v1.4.2'], bump: 'patch', next: '1.4.7' },
    { footers: ['v3.0.0', '2.0.0'], tags: ['v1.4.2'], bump: 'major', next: '3.0.0' },
    { footers: ['1.5.0', '3.0.0'], tags: ['v1.4.2'], bump: 'minor', next: '1.5.0' },
    { footers: ['1.0.0'], tags: [], bump: 'major', next: '1.0.0' },
    { footers: ['20240522164906244.0.0'], tags: ['v1.4.2'], bump: 'major', next: '20240522164906244.0.0' },
  ] as const)('footers $footers over $tags: $bump to $next', ({ footers, tags, bump, next }) => {
    const commits = [commit(99, 'docs: more'), ...footers.map((f, i) => commit(50 - i, `chore: release\n\nRelease-As: ${f}`))];
    const d = run(PLAIN, commits, { tags: [...tags] });
    expect(d).toMatchObject({ bump, nextVersion: next, nextTag: `v${next}`, releaseAs: { sha: sha(50), version: next } });
    expect(d.components[0]).toMatchObject({ name: 'root', nextVersion: next, releaseAs: { sha: sha(50), version: next } });
    expect(d.notes).toEqual([`Release-As: ${next} (commit ${sha(50).slice(0, 7)}) sets the next version (bump ${bump} from ${tags.length ? '1.4.2' : 'no release yet'})`]);
    expect(d.warnings).toEqual([]);
  });

  it('works whatever commits.conventional says, and names the commit in its reason when commits are classified', () => {
    const commits = [commit(2, 'Bump to the new API\n\nRelease-As: 2.0.0'), commit(1, 'fix: a')];
    expect(run(PLAIN, commits)).toMatchObject({ nextVersion: '2.0.0', commits: [] });
    const conventional = config('version: 1\ncommits: {conventional: true}\n');
    const d = run(conventional, commits);
    expect(d).toMatchObject({ bump: 'major', nextVersion: '2.0.0' });
    expect(d.commits.map((c) => c.reason)).toEqual(['not a conventional commit; Release-As: 2.0.0', 'fix']);
  });

  it('a commit with a footer makes a release even when no file changed (an empty commit)', () => {
    const d = run(PLAIN, [commit(1, 'chore: release 2.0.0\n\nRelease-As: 2.0.0', [])], { files: [] });
    expect(d).toMatchObject({ bump: 'major', nextVersion: '2.0.0', nextTag: 'v2.0.0' });
  });

  it.each([
    { footer: '1.4.2', tags: ['v1.4.2'], error: /Release-As: 1\.4\.2 \(commit 0000001\) is not above the current version 1\.4\.2 \(tag v1\.4\.2\); versions never go down/ },
    { footer: '1.0.0', tags: ['v1.4.2'], error: /is not above the current version 1\.4\.2/ },
    { footer: '0.0.0', tags: [], error: /Release-As: 0\.0\.0 \(commit 0000001\) is not above the current version 0\.0\.0 \(initial-version\)/ },
    { footer: '2.0', tags: ['v1.4.2'], error: /commit 0000001 has the footer "Release-As: 2\.0", which is not a version X\.Y\.Z/ },
  ])('Release-As $footer over $tags is an error', ({ footer, tags, error }) => {
    const d = () => run(PLAIN, [commit(1, `chore: x\n\nRelease-As: ${footer}`)], { tags });
    expect(d).toThrow(InputError);
    expect(d).toThrow(error);
  });

  it('on a prerelease channel, Release-As sets the target: 2.0.0-preview.1, then the channel\'s counter', () => {
    const c = config('version: 1\nprerelease: [{branches: next, id: preview}]\n');
    const footer = [commit(1, 'chore: x\n\nRelease-As: 2.0.0')];
    expect(run(c, footer, { branch: 'next' })).toMatchObject({ bump: 'major', nextVersion: '2.0.0-preview.1', nextTag: 'v2.0.0-preview.1', prerelease: true });
    expect(run(c, footer, { branch: 'next', tags: ['v1.4.2', 'v2.0.0-preview.1', 'v2.0.0-preview.2'] })).toMatchObject({
      currentVersion: '2.0.0-preview.2',
      nextVersion: '2.0.0-preview.3',
    });
    // The stable release it previews already exists: not above the current version.
    expect(() => run(c, footer, { branch: 'next', tags: ['v2.0.0'] })).toThrow(/not above the current version 2\.0\.0/);
    // Main releases it as it is.
    expect(run(c, footer, { tags: ['v1.4.2', 'v2.0.0-preview.2'] })).toMatchObject({ nextVersion: '2.0.0', prerelease: false });
  });

  it('on a maintenance branch, the version must stay in the range', () => {
    expect(run(PLAIN, [commit(1, 'chore: x\n\nRelease-As: 1.4.5')], { branch: '1.x', tags: ['v1.4.2', 'v2.0.0'] })).toMatchObject({ nextVersion: '1.4.5' });
    expect(() => run(PLAIN, [commit(1, 'chore: x\n\nRelease-As: 2.1.0')], { branch: '1.x', tags: ['v1.4.2', 'v2.0.0'] })).toThrow(
      /Release-As: 2\.1\.0 \(commit 0000001\) would make 2\.1\.0, outside the 1\.x range of branch 1\.x/,
    );
  });

  it('an override label on the PR wins, and a warning says the footer was not applied', () => {
    const c = config('version: 1\noverrides: {labels: {"release:patch": patch}}\n');
    const d = run(c, [commit(1, 'chore: x\n\nRelease-As: 2.0.0')], { labels: ['release:patch'] });
    expect(d).toMatchObject({ bump: 'patch', nextVersion: '1.4.3', releaseAs: null, notes: [] });
    expect(d.warnings).toEqual(['an override label sets the bump to patch, so Release-As: 2.0.0 (commit 0000001) is not applied']);
  });

  it('policy and labels see the bump Release-As makes', () => {
    const c = config('version: 1\npolicy: {max-bump: minor}\nlabels: {bump: {major: "semver:major", patch: "semver:patch"}}\n');
    const d = run(c, [commit(1, 'chore: x\n\nRelease-As: 2.0.0')]);
    expect(d).toMatchObject({ bump: 'major', labels: ['semver:major'], policy: { failed: true } });
  });

  it('with a tag-format of parts, the version must be one the format writes', () => {
    const c = config('version: 1\ntag-format: "app@{major}"\n');
    expect(run(c, [commit(1, 'chore: x\n\nRelease-As: 5.0.0')], { tags: ['app@3'] })).toMatchObject({ nextVersion: '5.0.0', nextTag: 'app@5', notes: [expect.stringMatching(/^Release-As: 5\.0\.0/)] });
    expect(() => run(c, [commit(1, 'chore: x\n\nRelease-As: 5.1.0')], { tags: ['app@3'] })).toThrow(
      /Release-As: 5\.1\.0 \(commit 0000001\) cannot be written in a tag-format that writes only the major/,
    );
  });

  it('a release tag at head (a re-run after the release) stands', () => {
    const d = run(PLAIN, [commit(1, 'chore: x\n\nRelease-As: 2.0.0')], { tags: ['v1.4.2', 'v2.0.0'], notBefore: new Map([['v2.0.0', 'at-head']]) });
    expect(d).toMatchObject({ currentVersion: '1.4.2', nextVersion: '2.0.0', nextTag: 'v2.0.0', warnings: [] });
  });
});

describe('Release-As with components: the components the commit counts for', () => {
  const c = config(`version: 1
components:
  - {name: api, paths: "services/api/**"}
  - {name: web, paths: "web/**"}
  - {name: docs, paths: "docs/**"}
`);
  const files = (...paths: string[]) => paths.map((path) => ({ path, status: 'modified' as const }));
  const tags = ['api@1.4.0', 'web@2.0.0', 'docs@0.1.0'];
  const byName = (d: ReturnType<typeof decide>) => Object.fromEntries(d.components.map((x) => [x.name, x]));

  it('with the files of each commit (local git): the components it touches', () => {
    const commits = [
      commit(3, 'chore: api 2\n\nRelease-As: 2.0.0', ['services/api/a.py']),
      commit(2, 'fix: web', ['web/b.ts']),
      commit(1, 'chore: both\n\nRelease-As: 3.0.0', ['services/api/c.py', 'web/c.ts']),
    ];
    const d = run(c, commits, { files: files('services/api/a.py', 'services/api/c.py', 'web/b.ts', 'web/c.ts', 'docs/x.md'), tags });
    const x = byName(d);
    // api: the newest of its two footers; web: the one commit with a footer that touches it.
    expect(x.api).toMatchObject({ nextVersion: '2.0.0', nextTag: 'api@2.0.0', releaseAs: { sha: sha(3), version: '2.0.0' } });
    expect(x.web).toMatchObject({ nextVersion: '3.0.0', nextTag: 'web@3.0.0', releaseAs: { sha: sha(1), version: '3.0.0' } });
    expect(x.docs).toMatchObject({ bump: 'patch', nextVersion: '0.1.1', releaseAs: null });
    // No top-level version: the overall bump is the highest.
    expect(d).toMatchObject({ bump: 'major', nextVersion: null, releaseAs: null });
    expect(d.notes).toEqual([
      'api: Release-As: 2.0.0 (commit 0000003) sets the next version (bump major from 1.4.0)',
      'web: Release-As: 3.0.0 (commit 0000001) sets the next version (bump major from 2.0.0)',
    ]);
  });

  it('a version not above a component\'s own is an error naming the component', () => {
    const commits = [commit(1, 'chore: both\n\nRelease-As: 2.0.0', ['services/api/c.py', 'web/c.ts'])];
    expect(() => run(c, commits, { files: files('services/api/c.py', 'web/c.ts'), tags })).toThrow(
      /^web: Release-As: 2\.0\.0 \(commit 0000001\) is not above the current version 2\.0\.0 \(tag web@2\.0\.0\)/,
    );
  });

  it('without files per commit (the GitHub API): a scope naming a component, else every changed component', () => {
    const scoped = [commit(2, 'chore(api): release\n\nRelease-As: 2.0.0'), commit(1, 'fix: x')];
    const d = run(c, scoped, { files: files('services/api/a.py', 'web/b.ts'), tags });
    expect(byName(d).api).toMatchObject({ nextVersion: '2.0.0' });
    expect(byName(d).web).toMatchObject({ nextVersion: '2.1.0', releaseAs: null });
    const unscoped = [commit(2, 'chore: release\n\nRelease-As: 5.0.0')];
    const e = run(c, unscoped, { files: files('services/api/a.py', 'web/b.ts'), tags });
    expect(byName(e).api).toMatchObject({ nextVersion: '5.0.0' });
    expect(byName(e).web).toMatchObject({ nextVersion: '5.0.0' });
    expect(byName(e).docs).toMatchObject({ bump: 'none', nextVersion: null, releaseAs: null });
  });

  it('a footer whose commit touches no component sets nothing, and a warning says so', () => {
    const d = run(c, [commit(1, 'chore: tools\n\nRelease-As: 2.0.0', ['tools/x.sh'])], { files: files('tools/x.sh', 'web/b.ts'), tags });
    expect(d.components.every((x) => x.releaseAs === null)).toBe(true);
    expect(d.warnings).toEqual(['Release-As: 2.0.0 in commit 0000001 counts for no component (its commit touches none of their files), so it sets no version']);
  });

  it('with a top-level version, the top level takes every footer of its change; components theirs', () => {
    const withRoot = config('version: 1\ntag-format: "v{version}"\ncomponents:\n  - {name: api, paths: "services/api/**"}\n  - {name: web, paths: "web/**"}\n');
    const commits = [commit(1, 'chore: api\n\nRelease-As: 3.0.0', ['services/api/a.py'])];
    const d = run(withRoot, commits, { files: files('services/api/a.py', 'web/b.ts'), tags: ['v1.0.0', 'api@1.4.0', 'web@2.0.0'] });
    expect(d).toMatchObject({ bump: 'major', nextVersion: '3.0.0', releaseAs: { sha: sha(1), version: '3.0.0' } });
    expect(byName(d).api).toMatchObject({ nextVersion: '3.0.0' });
    expect(byName(d).web).toMatchObject({ nextVersion: '2.1.0', releaseAs: null });
  });

  it('a top-level Release-As version stands when a component bumps more; the overall bump is still the highest', () => {
    const withRoot = config('version: 1\ntag-format: "v{version}"\nrules: [{name: db, paths: "**/db/**", bump: major}]\ncomponents:\n  - {name: api, paths: "services/api/**"}\n');
    const commits = [commit(2, 'chore: x\n\nRelease-As: 1.1.0', ['README.md']), commit(1, 'feat: db', ['services/api/db/x.sql'])];
    const d = run(withRoot, commits, { files: files('README.md', 'services/api/db/x.sql'), tags: ['v1.0.0', 'api@1.4.0'] });
    expect(d).toMatchObject({ bump: 'major', nextVersion: '1.1.0', releaseAs: { version: '1.1.0' } });
    expect(byName(d).api).toMatchObject({ bump: 'major', nextVersion: '2.0.0' });
  });
});

describe('the CLI on a repository with a Release-As commit', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length > 0) cleanups.pop()!();
  });

  async function cli(dir: string, args: string[] = ['--format', 'json']) {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, env: {} });
    return { code, stdout, stderr };
  }

  it('the newest footer sets the next version; one not above the current version exits 2', async () => {
    const r = new TestRepo();
    cleanups.push(() => r.cleanup());
    r.write({ '.github/bump-classifier.yml': 'version: 1\ncommits: {conventional: true}\nrules: [{name: docs, paths: "docs/**", bump: patch}]\n' });
    r.commit('init', { 'docs/a.md': '1' });
    r.tag('v1.4.2');
    r.commit('docs: one', { 'docs/b.md': '1' });
    const older = r.commit('chore: prepare\n\nRelease-As: 1.9.0', { 'docs/c.md': '1' });
    const newer = r.commit('chore: the new API\n\nSome words.\n\nrelease-as: v2.0.0', { 'docs/d.md': '1' });
    r.commit('docs: after', { 'docs/e.md': '1' });

    const ok = await cli(r.dir);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const d = JSON.parse(ok.stdout);
    expect(d).toMatchObject({ bump: 'major', currentVersion: '1.4.2', nextVersion: '2.0.0', nextTag: 'v2.0.0', releaseAs: { sha: newer, version: '2.0.0' } });
    expect(d.notes).toEqual([`Release-As: 2.0.0 (commit ${newer.slice(0, 7)}) sets the next version (bump major from 1.4.2)`]);
    expect(d.commits.find((c: { sha: string }) => c.sha === newer).reason).toMatch(/Release-As: 2\.0\.0$/);
    expect(d.commits.find((c: { sha: string }) => c.sha === older).reason).not.toMatch(/Release-As/);
    const text = await cli(r.dir, []);
    expect(text.stdout).toContain(`note: Release-As: 2.0.0 (commit ${newer.slice(0, 7)}) sets the next version`);

    // Someone released 2.1.0 from a hotfix branch meanwhile: the footer would go back.
    r.git('checkout', '-q', '-b', 'hotfix', older);
    r.commit('fix: hot', { 'docs/h.md': '1' });
    r.tag('v2.1.0');
    r.git('checkout', '-q', 'main');
    const bad = await cli(r.dir);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      new RegExp(`Release-As: 2\\.0\\.0 \\(commit ${newer.slice(0, 7)}\\) is not above the current version 2\\.1\\.0 \\(tag v2\\.1\\.0\\)`),
    );
  });
});
