/**
 * Tag formats with version parts (issue 11, section 3): `{major}`, `{major}.{minor}`,
 * `{major}.{minor}.{patch}` instead of `{version}`. Validation, writing, reading (exact tags, no
 * loose warning; floating tags), the granularity a format imposes on the bump, prerelease
 * counters, channels, components, and venvstacks' application layers through the CLI.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { decide, InputError, parseConfig, type Bump, type Config, type DecideInput } from '../../src/core/index.js';
import { TagFormat, nextVersion, readVersions, tagFormatProblem } from '../../src/core/versions.js';
import { TestRepo } from '../support/git-repo.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const OTHER = 'ffffffffffffffffffffffffffffffffffffffff';

const RULES = `rules:
  - {name: breaking, paths: "db/**", bump: major}
  - {name: feature, paths: "src/**", bump: minor}
  - {name: docs, paths: "docs/**", bump: patch}
  - {name: chores, paths: "chore/**", bump: none}
`;
/** A changed file that the RULES classify with this bump. */
const FILE_FOR: Record<Bump, string> = { major: 'db/V2.sql', minor: 'src/a.ts', patch: 'docs/a.md', none: 'chore/x' };

function config(yaml: string): Config {
  return parseConfig(yaml, 'c.yml');
}

function run(cfg: Config, bump: Bump, tags: string[], extra: Partial<DecideInput> = {}) {
  return decide({ config: cfg, files: [{ path: FILE_FOR[bump], status: 'modified' }], tags, base: 'b', head: SHA, branch: 'main', ...extra });
}

function configError(yaml: string): string {
  try {
    parseConfig(yaml, 'c.yml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

describe('which tag formats are valid', () => {
  it.each(['v{major}', 'v{major}.{minor}', 'v{major}.{minor}.{patch}', 'app-layer@{major}', 'release/{major}.{minor}-lts', '{major}', 'v{version}'])(
    '%s is a valid format',
    (format) => {
      expect(tagFormatProblem(format)).toBeNull();
    },
  );

  it.each([
    ['v{minor}', /parts must be \{major\}, \{major\}\.\{minor\} or \{major\}\.\{minor\}\.\{patch\}.*found \{minor\}/],
    ['{patch}', /found \{patch\}/],
    ['v{minor}.{major}', /in that order/],
    ['v{major}-{minor}', /joined by "\."/],
    ['v{major}.{patch}', /found \{major\}, \{patch\}/],
    ['v{major}.{minor}-{patch}', /found \{major\}, \{minor\}, \{patch\}/],
    ['v{major}{major}', /each once/],
    ['v{major}.{minor}.{patch}.{patch}', /each once/],
    ['v{version}-{major}', /either "\{version\}" or the parts/],
    ['v{version}{version}', /exactly once/],
    ['v{major}.', /tags like "v1-rc\.1\." are not valid/],
  ])('%s is not', (format, problem) => {
    expect(tagFormatProblem(format)).toMatch(problem);
  });

  it('a bad format is a config error with file, line, column and key path, wherever tag-format is accepted', () => {
    expect(configError('version: 1\ntag-format: "v{minor}"\n')).toMatch(/^c\.yml:2:13: tag-format: the version parts must be/);
    expect(configError('version: 1\ncomponents:\n  - name: api\n    paths: "api/**"\n    tag-format: "api@{major}-{minor}"\n')).toMatch(
      /^c\.yml:5:17: components\[0\]\.tag-format: the version parts must be .*found \{major\}, \{minor\} \(got "api@\{major\}-\{minor\}"\)$/,
    );
    expect(configError('version: 1\ntag-format: "v{version}.{patch}"\n')).toMatch(/^c\.yml:2:13: tag-format: use either "\{version\}" or the parts/);
  });

  it('tag lines that read each other\'s tags are a config error, whatever their parts', () => {
    const two = (a: string, b: string) =>
      `version: 1\ncomponents:\n  - {name: a, paths: "a/**", tag-format: "${a}"}\n  - {name: b, paths: "b/**", tag-format: "${b}"}\n`;
    // The same tags: the message of two equal formats.
    expect(configError(two('v{version}', 'v{major}.{minor}.{patch}'))).toMatch(/components\[1\]\.tag-format: component "b" and component "a" both make tags like "v1\.2\.3"/);
    expect(configError(two('app@{major}', 'app@{major}'))).toMatch(/both make tags like "app@1"/);
    // Other parts around the same text: app@1 would be read by both lines.
    expect(configError(two('app@{major}', 'app@{major}.{minor}'))).toMatch(
      /component "b" \("app@\{major\}\.\{minor\}"\) and component "a" \("app@\{major\}"\) both make tags "app@<version>" and would read each other's \("app@1\.2", "app@1"\)/,
    );
    expect(configError('version: 1\ntag-format: "v{version}"\ncomponents:\n  - {name: a, paths: "a/**", tag-format: "v{major}"}\n')).toMatch(
      /c\.yml:4:\d+: components\[0\]\.tag-format: component "a" \("v\{major\}"\) and the top level \("v\{version\}"\)/,
    );
    // Different text around the parts: separate lines.
    expect(() => parseConfig(two('api@{major}', 'web@{major}.{minor}'), 'c.yml')).not.toThrow();
    expect(() => parseConfig(two('v{major}', 'v{major}-lts'), 'c.yml')).not.toThrow();
  });
});

describe('writing tags: nextTag renders only the parts', () => {
  it.each([
    ['app@{major}', '8.0.0', 'app@8'],
    ['app@{major}', '8.0.0-preview.1', 'app@8-preview.1'],
    ['v{major}.{minor}', '2.0.0', 'v2.0'],
    ['v{major}.{minor}', '2.1.0', 'v2.1'],
    ['v{major}.{minor}', '2.0.0-preview.1', 'v2.0-preview.1'],
    ['v{major}.{minor}.{patch}', '1.2.3-rc.1', 'v1.2.3-rc.1'],
    ['v{version}', '1.2.3', 'v1.2.3'],
    ['release/{major}.{minor}-lts', '3.4.0', 'release/3.4-lts'],
    ['v{major}', '20240522164906244.0.0', 'v20240522164906244'],
  ])('%s writes %s as %s', (format, version, tag) => {
    expect(new TagFormat(format).tagFor(version)).toBe(tag);
  });

  it.each([
    ['app@{major}', '8.1.0'],
    ['app@{major}', '8.0.1'],
    ['v{major}.{minor}', '2.1.3'],
  ])('%s cannot write %s: an error, never a tag naming another version', (format, version) => {
    expect(() => new TagFormat(format).tagFor(version)).toThrow(InputError);
  });

  it.each([
    ['v{version}', 'patch'],
    ['v{major}.{minor}.{patch}', 'patch'],
    ['v{major}.{minor}', 'minor'],
    ['app@{major}', 'major'],
  ] as const)('%s has granularity %s', (format, granularity) => {
    expect(new TagFormat(format).granularity).toBe(granularity);
  });
});

describe('reading tags through a format with parts', () => {
  const read = (format: string, tags: string[]) => {
    const { versions, warnings } = readVersions(tags, new TagFormat(format));
    return { versions: versions.map((v) => `${v.tag}=${v.version.version}`), warnings };
  };

  it.each([
    // Exact tags: the format's parts and nothing else; no loose-version warning (TypeSpec's 2.0-preview.1).
    { format: 'v{major}.{minor}', tags: ['v2.0', 'v2.0-preview.1', 'v1.3'], versions: ['v2.0=2.0.0', 'v2.0-preview.1=2.0.0-preview.1', 'v1.3=1.3.0'], warned: [] },
    { format: 'app-layer@{major}', tags: ['app-layer@7', 'app-layer@10', 'app-layer@7-rc.1'], versions: ['app-layer@10=10.0.0', 'app-layer@7=7.0.0', 'app-layer@7-rc.1=7.0.0-rc.1'], warned: [] },
    { format: 'v{major}.{minor}.{patch}', tags: ['v1.2.3'], versions: ['v1.2.3=1.2.3'], warned: [] },
    // With v{major}, v1 and v2 ARE the releases, not floating tags.
    { format: 'v{major}', tags: ['v1', 'v2'], versions: ['v2=2.0.0', 'v1=1.0.0'], warned: [] },
    // With v{version}, floating v1 / v1.2 beside v1.2.3 are still ignored (and never warned about).
    { format: 'v{version}', tags: ['v1', 'v1.2', 'v1.2.3'], versions: ['v1.2.3=1.2.3'], warned: [] },
    { format: 'v{major}.{minor}.{patch}', tags: ['v1', 'v1.2', 'v1.2.3'], versions: ['v1.2.3=1.2.3'], warned: [] },
    // With v{major}.{minor}, a floating v1 beside v1.4 is ignored too.
    { format: 'v{major}.{minor}', tags: ['v1', 'v1.4'], versions: ['v1.4=1.4.0'], warned: [] },
    // Fewer parts without an exact tag of their line, more parts, leading zeros: read, with a warning.
    { format: 'v{major}.{minor}', tags: ['v3'], versions: ['v3=3.0.0'], warned: ['v3 as 3.0.0'] },
    { format: 'app@{major}', tags: ['app@1.2.3', 'app@2'], versions: ['app@2=2.0.0', 'app@1.2.3=1.2.3'], warned: ['app@1.2.3 as 1.2.3'] },
    { format: 'v{major}.{minor}', tags: ['v01.2', 'v1.2.3'], versions: ['v1.2.3=1.2.3', 'v01.2=1.2.0'], warned: ['v01.2 as 1.2.0', 'v1.2.3 as 1.2.3'] },
    // Not versions at all.
    { format: 'v{major}', tags: ['vnext', 'vv1', 'v-1', 'v'], versions: [], warned: [] },
  ])('$format reads $tags', ({ format, tags, versions, warned }) => {
    const result = read(format, tags);
    expect(result.versions).toEqual(versions);
    if (warned.length === 0) expect(result.warnings).toEqual([]);
    else expect(result.warnings).toEqual([`read ${warned.length} tag(s) as loose versions: ${warned.join(', ')}`]);
  });
});

describe('the lowest part sets the granularity: a smaller bump is raised to it', () => {
  const cfg = (format: string) => config(`version: 1\ntag-format: "${format}"\n${RULES}`);
  it.each([
    // format, tags, bump -> bump, next, tag, raised
    { format: 'app@{major}', tags: ['app@3'], bump: 'patch', made: 'major', next: '4.0.0', tag: 'app@4', raised: 'patch' },
    { format: 'app@{major}', tags: ['app@3'], bump: 'minor', made: 'major', next: '4.0.0', tag: 'app@4', raised: 'minor' },
    { format: 'app@{major}', tags: ['app@3'], bump: 'major', made: 'major', next: '4.0.0', tag: 'app@4', raised: null },
    { format: 'app@{major}', tags: ['app@3'], bump: 'none', made: 'none', next: null, tag: null, raised: null },
    { format: 'app@{major}', tags: [], bump: 'patch', made: 'major', next: '1.0.0', tag: 'app@1', raised: 'patch' },
    { format: 'v{major}.{minor}', tags: ['v2.0'], bump: 'patch', made: 'minor', next: '2.1.0', tag: 'v2.1', raised: 'patch' },
    { format: 'v{major}.{minor}', tags: ['v2.0'], bump: 'minor', made: 'minor', next: '2.1.0', tag: 'v2.1', raised: null },
    { format: 'v{major}.{minor}', tags: ['v2.0'], bump: 'major', made: 'major', next: '3.0.0', tag: 'v3.0', raised: null },
    { format: 'v{major}.{minor}', tags: [], bump: 'patch', made: 'minor', next: '0.1.0', tag: 'v0.1', raised: 'patch' },
    { format: 'v{major}.{minor}.{patch}', tags: ['v1.2.3'], bump: 'patch', made: 'patch', next: '1.2.4', tag: 'v1.2.4', raised: null },
    { format: 'v{major}.{minor}.{patch}', tags: ['v1.2.3'], bump: 'minor', made: 'minor', next: '1.3.0', tag: 'v1.3.0', raised: null },
    { format: 'v{version}', tags: ['v1.2.3'], bump: 'patch', made: 'patch', next: '1.2.4', tag: 'v1.2.4', raised: null },
    // A tag with more parts than the format (an older scheme) continues the line.
    { format: 'v{major}', tags: ['v1.2.3'], bump: 'patch', made: 'major', next: '2.0.0', tag: 'v2', raised: 'patch', loose: true },
    { format: 'v{major}.{minor}', tags: ['v1.2.3'], bump: 'patch', made: 'minor', next: '1.3.0', tag: 'v1.3', raised: 'patch', loose: true },
    // Floating tags of v{major} are the releases: v2 is current.
    { format: 'v{major}', tags: ['v1', 'v2'], bump: 'minor', made: 'major', next: '3.0.0', tag: 'v3', raised: 'minor' },
  ] as const)('$format at $tags, $bump -> $made $next ($tag)', ({ format, tags, bump, made, next, tag, raised, ...row }) => {
    const d = run(cfg(format), bump, [...tags]);
    expect(d).toMatchObject({ bump: made, nextVersion: next, nextTag: tag });
    expect(d.components[0]).toMatchObject({ bump: made, nextVersion: next, nextTag: tag });
    // The decision says so, as a note (not a warning: a counter that moves on every change is no problem).
    expect(d.notes).toEqual(raised === null ? [] : [`bump ${raised} raised to ${made}: tag-format "${format}" writes ${made === 'major' ? 'only the major' : 'only the major and minor'}`]);
    expect(d.warnings).toEqual('loose' in row ? [expect.stringMatching(/^read 1 tag\(s\) as loose versions/)] : []);
    // The files keep their own bump.
    expect(d.files[0]!.bump).toBe(bump);
  });

  it('an override label is raised too: it sets the bump, the format sets what a release can be', () => {
    const c = config(`version: 1\ntag-format: "app@{major}"\noverrides: {labels: {"release:patch": patch, "release:none": none}}\n${RULES}`);
    expect(run(c, 'minor', ['app@3'], { labels: ['release:patch'] })).toMatchObject({ bump: 'major', nextTag: 'app@4' });
    expect(run(c, 'minor', ['app@3'], { labels: ['release:none'] })).toMatchObject({ bump: 'none', nextTag: null, notes: [] });
  });

  it('on a maintenance branch, a raised bump must still stay in the range', () => {
    expect(run(config(`version: 1\ntag-format: "v{major}.{minor}"\n${RULES}`), 'patch', ['v1.2', 'v2.0'], { branch: '1.x' })).toMatchObject({
      nextVersion: '1.3.0',
      nextTag: 'v1.3',
    });
    expect(() => run(config(`version: 1\ntag-format: "v{major}"\n${RULES}`), 'patch', ['v1', 'v2'], { branch: '1.x' })).toThrow(
      /a major bump from 1\.0\.0 would make 2\.0\.0, outside the 1\.x range of branch 1\.x/,
    );
  });

  it('version-from.major that keeps the major cannot make a release of a {major} format', () => {
    const c = config(`version: 1\ntag-format: "v{major}"\nversion-from: {major: {files: "db/V*.sql", pattern: "^V(\\\\d+)"}}\n${RULES}`);
    expect(run(c, 'patch', ['v2'], { headTree: ['db/V3.sql'] })).toMatchObject({ nextTag: 'v3' });
    expect(() => run(c, 'patch', ['v2'], { headTree: ['db/V2.sql'] })).toThrow(/keeps the major at 2.*writes only the major/);
  });

  it('a release tag at head stands; a next tag at another commit is an error', () => {
    const c = cfg('app@{major}');
    expect(run(c, 'patch', ['app@3', 'app@4'], { notBefore: new Map([['app@4', 'at-head']]) })).toMatchObject({ currentTag: 'app@3', nextTag: 'app@4' });
    expect(() => run(c, 'patch', ['app@3'], { tagCommits: new Map([['app@4', OTHER]]) })).toThrow(/the next tag app@4 already exists at fffffff/);
  });
});

describe('prereleases follow the last part, and their counters count the channel\'s tags', () => {
  const cfg = (format: string) => config(`version: 1\ntag-format: "${format}"\nprerelease: [{branches: next, id: preview}]\n${RULES}`);

  it('v{major}.{minor} gives v2.0-preview.1, v2.0-preview.2, then v2.0', () => {
    const c = cfg('v{major}.{minor}');
    const tags = ['v1.0'];
    const first = run(c, 'major', tags, { branch: 'next' });
    expect(first).toMatchObject({ nextVersion: '2.0.0-preview.1', nextTag: 'v2.0-preview.1', prerelease: true, channel: 'preview' });
    tags.push(first.nextTag!);
    const second = run(c, 'patch', tags, { branch: 'next' });
    expect(second).toMatchObject({ currentVersion: '2.0.0-preview.1', nextVersion: '2.0.0-preview.2', nextTag: 'v2.0-preview.2' });
    tags.push(second.nextTag!);
    expect(run(c, 'major', tags)).toMatchObject({ currentVersion: '1.0.0', nextVersion: '2.0.0', nextTag: 'v2.0', prerelease: false });
    // No loose-version warning on the way: every tag matches the format exactly.
    expect([first, second].flatMap((d) => d.warnings)).toEqual([]);
  });

  it.each([
    // format, tags, bump -> next tag
    { format: 'app@{major}', tags: ['app@3'], bump: 'patch', tag: 'app@4-preview.1' },
    { format: 'app@{major}', tags: ['app@3', 'app@4-preview.1', 'app@4-preview.2'], bump: 'patch', tag: 'app@4-preview.3' },
    { format: 'app@{major}', tags: ['app@3', 'app@4-beta.5'], bump: 'patch', tag: 'app@4-preview.1' },
    { format: 'v{major}.{minor}', tags: ['v1.0'], bump: 'patch', tag: 'v1.1-preview.1' },
    { format: 'v{major}.{minor}', tags: ['v1.0', 'v2.0-preview.2'], bump: 'patch', tag: 'v2.0-preview.3' },
    { format: 'v{major}.{minor}', tags: ['v1.0', 'v1.1-preview.2'], bump: 'major', tag: 'v2.0-preview.1' },
    { format: 'v{major}.{minor}', tags: ['v2.0', 'v2.0-preview.5'], bump: 'patch', tag: 'v2.1-preview.1' },
    { format: 'v{major}.{minor}.{patch}', tags: ['v1.0.0', 'v2.0.0-preview.2'], bump: 'minor', tag: 'v2.0.0-preview.3' },
  ] as const)('$format at $tags, $bump -> $tag', ({ format, tags, bump, tag }) => {
    expect(run(cfg(format), bump, [...tags], { branch: 'next' })).toMatchObject({ nextTag: tag, prerelease: true });
  });

  it('a prerelease line a format cannot write is not continued', () => {
    // 1.2.0-preview.1 (read from a tag of more parts) cannot be an app@{major} tag: a new line starts.
    const { versions } = readVersions(['app@1.2-preview.1'], new TagFormat('app@{major}'));
    const made = nextVersion({ versions, bump: 'patch', channel: 'preview', initialVersion: '0.0.0', derivedMajor: null, granularity: 'major' });
    expect(made).toMatchObject({ next: '1.0.0-preview.1', bump: 'major', raised: { from: 'patch', to: 'major' } });
  });
});

describe('components with tag-format parts', () => {
  const c = config(`version: 1
${RULES}components:
  - {name: app-layer, paths: ["src/app/**", "requirements/app.lock"], tag-format: "app-layer@{major}"}
  - {name: api, paths: "api/**", tag-format: "api/v{major}.{minor}"}
  - {name: lib, paths: "lib/**"}
`);
  const files = (...paths: string[]) => paths.map((path) => ({ path, status: 'modified' as const }));

  it('each component writes its own parts; the overall bump is the highest of them', () => {
    const tags = ['app-layer@1', 'app-layer@2', 'app-layer@3', 'api/v1.4', 'lib@0.3.1'];
    const d = decide({ config: c, files: files('requirements/app.lock', 'api/x.py', 'lib/y.py'), tags, base: 'b', head: SHA, branch: 'main' });
    const byName = Object.fromEntries(d.components.map((x) => [x.name, x]));
    expect(byName['app-layer']).toMatchObject({ bump: 'major', currentVersion: '3.0.0', currentTag: 'app-layer@3', nextVersion: '4.0.0', nextTag: 'app-layer@4' });
    expect(byName.api).toMatchObject({ bump: 'minor', currentTag: 'api/v1.4', nextVersion: '1.5.0', nextTag: 'api/v1.5' });
    expect(byName.lib).toMatchObject({ bump: 'patch', nextTag: 'lib@0.3.2' });
    expect(d).toMatchObject({ bump: 'major', nextTag: null });
    expect(d.notes).toEqual([
      'app-layer: bump patch raised to major: tag-format "app-layer@{major}" writes only the major',
      'api: bump patch raised to minor: tag-format "api/v{major}.{minor}" writes only the major and minor',
    ]);
    expect(d.warnings).toEqual([]);
  });

  it('a component without changes releases nothing and is not raised', () => {
    const d = decide({ config: c, files: files('lib/y.py'), tags: ['app-layer@3'], base: 'b', head: SHA, branch: 'main' });
    expect(d.components.find((x) => x.name === 'app-layer')).toMatchObject({ bump: 'none', nextTag: null, currentVersion: '3.0.0' });
    expect(d.notes).toEqual([]);
  });

  it('on a channel, a component counts its own prereleases', () => {
    const pre = config(`version: 1\nprerelease: [{branches: next, id: rc}]\ncomponents:\n  - {name: app, paths: "app/**", tag-format: "app@{major}"}\n`);
    const d = decide({ config: pre, files: files('app/a'), tags: ['app@3', 'app@4-rc.1'], base: 'b', head: SHA, branch: 'next' });
    expect(d.components[0]).toMatchObject({ nextVersion: '4.0.0-rc.2', nextTag: 'app@4-rc.2', prerelease: true });
  });

  it('with a top-level format of parts too, the top level raises its own bump', () => {
    const both = config(`version: 1\ntag-format: "v{major}.{minor}"\n${RULES}components:\n  - {name: app, paths: "app/**", tag-format: "app@{major}"}\n`);
    const d = decide({ config: both, files: files('app/a', 'docs/x.md'), tags: ['v1.0', 'app@2'], base: 'b', head: SHA, branch: 'main' });
    // The component's major (raised from patch) is the highest bump: the top level moves by it.
    expect(d).toMatchObject({ bump: 'major', nextVersion: '2.0.0', nextTag: 'v2.0' });
    expect(d.components[0]).toMatchObject({ nextTag: 'app@3' });
    expect(d.notes).toEqual(['app: bump patch raised to major: tag-format "app@{major}" writes only the major']);
  });
});

describe('the CLI on a repository shaped like venvstacks\' application layers', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    while (cleanups.length > 0) cleanups.pop()!();
  });

  it('a docs-only patch change to the layer\'s lock file makes app-layer@4 (4.0.0)', async () => {
    const r = new TestRepo();
    cleanups.push(() => r.cleanup());
    r.write({
      '.github/bump-classifier.yml': `version: 1
rules:
  - {name: docs, paths: ["docs/**", "**/*.md"], bump: none}
  - {name: lock files, paths: "**/*.lock", bump: patch}
  - {name: source, paths: "src/**", bump: minor}
components:
  - name: app-layer
    paths: ["src/venvstacks_app/launch.py", "requirements/app-layer.lock"]
    tag-format: "app-layer@{major}"
`,
    });
    r.commit('layer 1', { 'src/venvstacks_app/launch.py': 'v1', 'requirements/app-layer.lock': 'numpy==1.0' });
    r.tag('app-layer@1');
    r.commit('layer 2', { 'src/venvstacks_app/launch.py': 'v2' });
    r.tag('app-layer@2');
    r.commit('layer 3', { 'requirements/app-layer.lock': 'numpy==2.0' });
    r.tag('app-layer@3');
    // Only the lock file's comment changes: a patch, which the {major} format raises to the next layer.
    r.commit('lock: docs link in the header comment', { 'requirements/app-layer.lock': '# see docs/layers.md\nnumpy==2.0', 'docs/layers.md': 'x' });
    let stdout = '';
    let stderr = '';
    const code = await main(['--format', 'json'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: r.dir, env: {} });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const d = JSON.parse(stdout);
    expect(d.components).toEqual([
      expect.objectContaining({
        name: 'app-layer',
        bump: 'major',
        currentVersion: '3.0.0',
        currentTag: 'app-layer@3',
        nextVersion: '4.0.0',
        nextTag: 'app-layer@4',
        baseRef: 'app-layer@3',
        files: [{ path: 'requirements/app-layer.lock', previousPath: null, status: 'modified', bump: 'patch', rule: 'lock files' }],
      }),
    ]);
    expect(d).toMatchObject({ bump: 'major', warnings: [], notes: ['app-layer: bump patch raised to major: tag-format "app-layer@{major}" writes only the major'] });

    // The text report shows the note.
    stdout = '';
    expect(await main([], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: r.dir, env: {} })).toBe(0);
    expect(stdout).toContain('note: app-layer: bump patch raised to major');
    expect(stdout).toContain('app-layer: major: 3.0.0 -> 4.0.0 (tag app-layer@4)');
  });
});
