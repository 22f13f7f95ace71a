import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import semver from 'semver';
import { InputError } from '../../src/core/errors.js';
import { parseRange } from '../../src/core/releases.js';
import {
  TagFormat,
  nextVersion,
  parseVersionText,
  readVersions,
  tagFormatProblem,
  tagNameProblem,
  buildMetadataProblem,
  expandBuildMetadata,
  type NextVersionInput,
} from '../../src/core/versions.js';
import type { Bump } from '../../src/core/types.js';
import { Version } from '../../src/core/version-number.js';

const v = new TagFormat('v{version}');

function next(tags: string[], bump: Bump, channel: string | null = null, extra: Partial<NextVersionInput> = {}) {
  const { versions } = readVersions(tags, v);
  return nextVersion({ versions, bump, channel, initialVersion: '0.0.0', derivedMajor: null, ...extra });
}

describe('prerelease channels: the SPEC table', () => {
  it.each([
    { stable: '1.0.0', pre: [], bump: 'minor', next: '1.1.0-preview.1' },
    { stable: '1.0.0', pre: ['2.0.0-preview.2'], bump: 'minor', next: '2.0.0-preview.3' },
    { stable: '1.0.0', pre: ['2.0.0-preview.2'], bump: 'major', next: '2.0.0-preview.3' },
    { stable: '1.0.0', pre: ['1.1.0-preview.2'], bump: 'major', next: '2.0.0-preview.1' },
    { stable: '2.0.0', pre: ['2.0.0-preview.5'], bump: 'patch', next: '2.0.1-preview.1' },
  ] as const)('stable $stable, prereleases $pre, $bump -> $next', ({ stable, pre, bump, next: expected }) => {
    const result = next([`v${stable}`, ...pre.map((p) => `v${p}`)], bump, 'preview');
    expect(result.next).toBe(expected);
  });

  it.each([
    // other channels' prereleases never continue this one
    { tags: ['v1.0.0', 'v2.0.0-beta.7'], bump: 'major', next: '2.0.0-preview.1', current: '1.0.0' },
    // the highest line at or above the target continues, not merely the newest
    { tags: ['v1.0.0', 'v1.1.0-preview.9', 'v2.0.0-preview.2'], bump: 'minor', next: '2.0.0-preview.3', current: '2.0.0-preview.2' },
    // none before the first stable release: target is initial + bump
    { tags: [], bump: 'minor', next: '0.1.0-preview.1', current: null },
    { tags: ['v0.1.0-preview.4'], bump: 'patch', next: '0.1.0-preview.5', current: '0.1.0-preview.4' },
    // numeric order of the counter, not string order
    { tags: ['v1.0.0', 'v1.1.0-preview.9', 'v1.1.0-preview.10'], bump: 'minor', next: '1.1.0-preview.11', current: '1.1.0-preview.10' },
    // a stable release of the line ends it
    { tags: ['v1.1.0', 'v1.1.0-preview.3'], bump: 'minor', next: '1.2.0-preview.1', current: '1.1.0' },
  ] as const)('$tags + $bump on preview -> $next', ({ tags, bump, next: expected, current }) => {
    const result = next([...tags], bump, 'preview');
    expect(result.next).toBe(expected);
    expect(result.current?.version.version ?? null).toBe(current);
  });

  it('bump none makes no release on any channel', () => {
    expect(next(['v1.0.0', 'v2.0.0-preview.1'], 'none', 'preview').next).toBeNull();
    expect(next(['v1.0.0'], 'none').next).toBeNull();
  });
});

describe('stable channel', () => {
  it.each([
    { tags: ['v1.4.2'], bump: 'minor', next: '1.5.0' },
    { tags: ['v1.4.2'], bump: 'patch', next: '1.4.3' },
    { tags: ['v1.4.2'], bump: 'major', next: '2.0.0' },
    { tags: [], bump: 'patch', next: '0.0.1' },
    { tags: [], bump: 'minor', next: '0.1.0' },
    // precedence, never order of listing: 1.10.0 > 1.9.0
    { tags: ['v1.10.0', 'v1.9.0', 'v1.2.0'], bump: 'patch', next: '1.10.1' },
    // prereleases do not count on the stable channel
    { tags: ['v1.0.0', 'v2.0.0-rc.1'], bump: 'minor', next: '1.1.0' },
    { tags: ['v1.0.0', 'v2.0.0-rc.1'], bump: 'major', next: '2.0.0' },
  ] as const)('$tags + $bump -> $next', ({ tags, bump, next: expected }) => {
    expect(next([...tags], bump).next).toBe(expected);
  });

  it('initial-version is the version before the first tag', () => {
    expect(next([], 'minor', null, { initialVersion: '1.0.0' }).next).toBe('1.1.0');
  });
});

describe('tags through tag-format', () => {
  it('counts only tags with the exact prefix and suffix', () => {
    const fmt = new TagFormat('api@{version}');
    const { versions } = readVersions(['api@1.2.0', 'web@9.0.0', 'api-v2@5.0.0', 'xapi@3.0.0', 'api@'], fmt);
    expect(versions.map((x) => x.tag)).toEqual(['api@1.2.0']);
    const suffixed = new TagFormat('release-{version}-final');
    expect(readVersions(['release-1.0.0-final', 'release-2.0.0'], suffixed).versions.map((x) => x.tag)).toEqual([
      'release-1.0.0-final',
    ]);
  });

  it('a v1 prefix never takes v10.0.0 as its own', () => {
    const fmt = new TagFormat('v1.{version}');
    expect(readVersions(['v10.0.0'], fmt).versions.map((x) => x.version.version)).toEqual(['0.0.0'].slice(0, 0));
  });

  it('reads loose versions with a warning and skips non-versions', () => {
    const { versions, warnings } = readVersions(['v2.0-preview.1', 'v3', 'vnext', 'v01.2.3', 'v1.2.3.4', 'vv1.2.3', 'latest'], v);
    expect(versions.map((x) => `${x.tag}=${x.version.version}`).sort()).toEqual(
      ['v01.2.3=1.2.3', 'v2.0-preview.1=2.0.0-preview.1', 'v3=3.0.0'].sort(),
    );
    expect(warnings.join('\n')).toMatch(/loose versions: .*v2\.0-preview\.1 as 2\.0\.0-preview\.1/);
  });

  it('reads numbers of any size exactly, ordered by precedence (semver 2.0.0 sets no limit)', () => {
    const { versions, warnings } = readVersions(['v99999999999999999999.0.0', 'v1.0.0', 'v20260727103202049.0.0'], v);
    expect(versions.map((x) => x.tag)).toEqual(['v99999999999999999999.0.0', 'v20260727103202049.0.0', 'v1.0.0']);
    expect(warnings).toEqual([]);
    expect(next(['v20260727103202049.0.0'], 'minor').next).toBe('20260727103202049.1.0');
    expect(next(['v9007199254740991.0.0'], 'major').next).toBe('9007199254740992.0.0');
    expect(next(['v1.0.0-preview.9007199254740993'], 'minor', 'preview').next).toBe('1.0.0-preview.9007199254740994');
  });

  it('formats the next tag and validates formats', () => {
    expect(new TagFormat('api@{version}').tagFor('1.4.0')).toBe('api@1.4.0');
    expect(tagFormatProblem('v{version}')).toBeNull();
    expect(tagFormatProblem('release')).toMatch(/exactly once/);
    expect(tagFormatProblem('{version}-{version}')).toMatch(/exactly once/);
    expect(tagFormatProblem('my tag {version}')).toMatch(/not valid/);
    expect(tagFormatProblem('v{version}.lock')).toMatch(/\.lock/);
  });

  it.each(['', 'a b', 'a..b', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', '/a', 'a/', 'a//b', 'a.', '.a', 'a/.b', 'x.lock', '@', 'a@{1}', '-v1', 'a\u0001'])(
    '%j is not a valid tag name',
    (name) => expect(tagNameProblem(name)).not.toBeNull(),
  );
  it.each(['v1.2.3', 'api@1.0.0', 'release/1.0.0', 'v1.0.0+sha.abc', 'v1.0.0-rc.1', 'über-1.0.0'])('%j is a valid tag name', (name) =>
    expect(tagNameProblem(name)).toBeNull(),
  );
});

describe('build metadata', () => {
  it('expands {sha} and {short-sha}', () => {
    expect(expandBuildMetadata('sha.{short-sha}', '1a2b3c4d5e6f')).toBe('sha.1a2b3c4');
    expect(expandBuildMetadata('{sha}', 'abc')).toBe('abc');
  });
  it.each([
    ['sha.{short-sha}', null],
    ['', null],
    ['build.{run}', /unknown placeholder \{run\}/],
    ['a..b', /identifiers/],
    ['a b', /identifiers/],
  ] as const)('%j', (template, problem) => {
    const found = buildMetadataProblem(template);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('version-from.major', () => {
  const derived = (value: string) => ({ value, file: `db/V${value}__x.sql` });
  it('a derived major that differs gives <derived>.0.0 and a major bump', () => {
    const r = next(['v3.4.1'], 'patch', null, { derivedMajor: derived('4') });
    expect(r.next).toBe('4.0.0');
    expect(r.bump).toBe('major');
    expect(r.warnings.join()).toMatch(/raised to major/);
  });
  it('the same major: the bump applies to minor/patch, major acts as minor with a warning', () => {
    expect(next(['v3.4.1'], 'patch', null, { derivedMajor: derived('3') }).next).toBe('3.4.2');
    const r = next(['v3.4.1'], 'major', null, { derivedMajor: derived('3') });
    expect(r.next).toBe('3.5.0');
    expect(r.bump).toBe('minor');
    expect(r.warnings.join()).toMatch(/applies as minor/);
  });
  it('works on a prerelease channel', () => {
    expect(next(['v1.4.0', 'v2.0.0-preview.3'], 'minor', 'preview', { derivedMajor: derived('2') }).next).toBe('2.0.0-preview.4');
  });
  it('carries a timestamp major exactly, never rounded or refused (CMSgov-style V20240522164906244__x.sql)', () => {
    expect(next(['v1.0.0'], 'minor', null, { derivedMajor: derived('20240522164906244') }).next).toBe('20240522164906244.0.0');
    const later = next(['v20240522164906244.0.0'], 'minor', null, { derivedMajor: derived('20260727103202049') });
    expect(later).toMatchObject({ bump: 'major', next: '20260727103202049.0.0' });
    expect(next(['v20260727103202049.0.0'], 'patch', null, { derivedMajor: derived('20260727103202049') }).next).toBe('20260727103202049.0.1');
  });
  it('carries the largest safe number exactly', () => {
    expect(next([], 'minor', null, { derivedMajor: derived('9007199254740991') }).next).toBe('9007199254740991.0.0');
  });
  it('refuses to go below the current major', () => {
    expect(() => next(['v5.0.0'], 'minor', null, { derivedMajor: derived('4') })).toThrowError(/below the current major 5/);
  });
});

describe('properties', () => {
  const versionArb = fc
    .tuple(fc.nat(50), fc.nat(50), fc.nat(50), fc.option(fc.tuple(fc.constantFrom('preview', 'beta', 'rc'), fc.integer({ min: 1, max: 30 })), { nil: null }))
    .map(([a, b, c, pre]) => `${a}.${b}.${c}${pre ? `-${pre[0]}.${pre[1]}` : ''}`);
  const bumpArb = fc.constantFrom<Bump>('patch', 'minor', 'major');

  it('the next version is always greater than the current one', () => {
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 30 }), bumpArb, fc.constantFrom(null, 'preview', 'rc'), (list, bump, channel) => {
        const r = next(list.map((x) => `v${x}`), bump, channel);
        expect(r.next).not.toBeNull();
        if (r.current) expect(semver.gt(r.next!, r.current.version.version)).toBe(true);
        // and never below any stable release
        for (const x of list) if (!x.includes('-')) expect(semver.gt(r.next!, x)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('tag order never changes the result', () => {
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 20 }), bumpArb, fc.constantFrom(null, 'preview'), (list, bump, channel) => {
        const tags = list.map((x) => `v${x}`);
        const a = next(tags, bump, channel);
        const b = next([...tags].reverse(), bump, channel);
        expect(b.next).toBe(a.next);
        expect(b.current?.version.version).toBe(a.current?.version.version);
      }),
      { numRuns: 300 },
    );
  });

  it('parsing any tag text never throws and never yields a non-version', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseVersionText(text);
        if (parsed) expect(semver.valid(parsed.version.version)).toBe(parsed.version.version);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('maintenance ranges', () => {
  it.each([
    ['1.x', '1.x', 1n, null],
    ['1.2.x', '1.2.x', 1n, 2n],
    ['1.x.x', '1.x', 1n, null],
    ['v3.x', '3.x', 3n, null],
    ['main', null, null, null],
    ['1.2', null, null, null],
    ['x', null, null, null],
  ] as const)('%s reads as range %s', (text, range, major, minor) => {
    const parsed = parseRange(text);
    expect(parsed === null ? null : [parsed.range, parsed.major, parsed.minor]).toEqual(range === null ? null : [range, major, minor]);
  });

  const oneX = { branch: '1.x', range: '1.x', major: 1n, minor: null };
  const read = (tags: readonly string[]) => readVersions(tags, new TagFormat('v{version}')).versions.filter((t) => t.version.major === 1n);
  it.each([
    ['patch', ['v1.4.2'], '1.4.3'],
    ['minor', ['v1.4.2', 'v1.3.0'], '1.5.0'],
  ] as const)('a %s bump stays in range: %j -> %s', (bump, tags, next) => {
    expect(nextVersion({ versions: read(tags), bump, channel: null, initialVersion: '0.0.0', derivedMajor: null, range: oneX }).next).toBe(next);
  });
  it('a bump that leaves the range, or a range without a release, is an InputError naming the branch', () => {
    const run = (tags: string[]) => () =>
      nextVersion({ versions: read(tags), bump: 'major', channel: null, initialVersion: '0.0.0', derivedMajor: null, range: oneX });
    expect(run(['v1.4.2'])).toThrowError(InputError);
    expect(run(['v1.4.2'])).toThrowError(/would make 2\.0\.0, outside the 1\.x range of branch 1\.x/);
    expect(run([])).toThrowError(/branch 1\.x maintains the 1\.x releases, but no release in that range exists yet/);
  });
});

describe('nextVersion with a tag-format granularity and a Release-As version', () => {
  const at = (version: string) => ({ version: Version.parse(version)!, source: `Release-As: ${version} (commit 0000001)` });
  it.each([
    // tags, bump, granularity, releaseAs, channel -> next, bump, raised
    { tags: ['v1.4.2'], bump: 'patch', granularity: 'major', releaseAs: null, channel: null, next: '2.0.0', made: 'major', raised: 'patch' },
    { tags: ['v1.4.2'], bump: 'patch', granularity: 'minor', releaseAs: null, channel: null, next: '1.5.0', made: 'minor', raised: 'patch' },
    { tags: ['v1.4.2'], bump: 'minor', granularity: 'minor', releaseAs: null, channel: null, next: '1.5.0', made: 'minor', raised: null },
    { tags: ['v1.4.2'], bump: 'none', granularity: 'major', releaseAs: null, channel: null, next: null, made: 'none', raised: null },
    { tags: ['v1.4.2'], bump: 'none', granularity: 'patch', releaseAs: '1.6.0', channel: null, next: '1.6.0', made: 'minor', raised: null },
    { tags: ['v1.4.2'], bump: 'major', granularity: 'patch', releaseAs: '1.4.3', channel: null, next: '1.4.3', made: 'patch', raised: null },
    { tags: ['v1.4.2'], bump: 'patch', granularity: 'patch', releaseAs: '2.0.0', channel: 'rc', next: '2.0.0-rc.1', made: 'major', raised: null },
    { tags: ['v1.4.2', 'v2.0.0-rc.4'], bump: 'patch', granularity: 'patch', releaseAs: '2.0.0', channel: 'rc', next: '2.0.0-rc.5', made: 'major', raised: null },
  ] as const)('$tags $bump, granularity $granularity, Release-As $releaseAs, channel $channel -> $next', (row) => {
    const result = next([...row.tags], row.bump, row.channel, { granularity: row.granularity, releaseAs: row.releaseAs === null ? null : at(row.releaseAs) });
    expect(result).toMatchObject({ next: row.next, bump: row.made, raised: row.raised === null ? null : { from: row.raised, to: row.granularity } });
  });

  it('a Release-As version not above the current one, or one the format cannot write, is an InputError', () => {
    expect(() => next(['v1.4.2'], 'patch', null, { releaseAs: at('1.4.2') })).toThrowError(InputError);
    expect(() => next(['v1.4.2', 'v2.0.0-rc.1'], 'patch', 'rc', { releaseAs: at('1.9.0') })).toThrowError(/not above the current version 2\.0\.0-rc\.1/);
    expect(() => next(['v1.4.2'], 'patch', null, { releaseAs: at('2.0.1'), granularity: 'minor' })).toThrowError(/writes only the major and minor/);
  });
});
