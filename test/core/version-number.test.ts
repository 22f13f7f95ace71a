/**
 * Version (exact version numbers of any size) against the npm `semver` package: on safe numbers
 * both the public methods (which delegate to semver) and the BigInt implementation (`exact`) must
 * equal semver; past 2^53-1 the same rules hold with exact arithmetic.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import semver from 'semver';
import { Version, compareVersions, exact, type PrereleaseId } from '../../src/core/version-number.js';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const runs = { numRuns: 2000 };

const parse = (text: string): Version => {
  const v = Version.parse(text);
  if (!v) throw new Error(`expected ${text} to parse`);
  return v;
};

// Safe numbers, mostly small so that comparisons often tie, with the edges of the safe range.
const safeNumber = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 2, arbitrary: fc.maxSafeNat() },
  { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1) },
).map(String);
const alphaId = fc.oneof(
  fc.constantFrom('alpha', 'beta', 'rc', 'RC', 'a', 'A', '-', '--', '0a', '1-', 'x-1', 'alpha1'),
  fc.stringMatching(/^[0-9]{0,2}[a-zA-Z-][0-9a-zA-Z-]{0,3}$/),
);
const preId = fc.oneof(safeNumber, alphaId);
const buildId = fc.oneof(fc.constantFrom('0', '1', '01', '001', 'sha', 'b', 'B', '-'), fc.stringMatching(/^[0-9a-zA-Z-]{1,5}$/));
const ids = (id: fc.Arbitrary<string>) => fc.oneof(fc.constant(''), fc.array(id, { minLength: 1, maxLength: 3 }).map((xs) => xs.join('.')));
const versionText = fc
  .tuple(safeNumber, safeNumber, safeNumber, ids(preId), ids(buildId))
  .map(([M, m, p, pre, build]) => `${M}.${m}.${p}${pre && `-${pre}`}${build && `+${build}`}`);

// Near-misses: short strings over the grammar's alphabet, plus valid versions with one edit.
const noise = fc.string({ unit: fc.constantFrom(...'0123456789..--++abvZ \n'), maxLength: 14 });
const edited = fc
  .tuple(versionText, fc.nat(), fc.constantFrom('0', '.', '-', '+', 'v', ' ', '', '_', '00'))
  .map(([text, at, insert]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
  });
const anyText = fc.oneof(versionText, noise, edited);

/** semver's prerelease field in our representation: numeric identifiers as bigint. */
const asIds = (xs: readonly (string | number)[]): PrereleaseId[] =>
  xs.map((x) => (typeof x === 'number' || /^[0-9]+$/.test(x) ? BigInt(x) : x));

describe('agreement with semver on safe numbers (property tests)', () => {
  it('parse agrees on validity', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const ours = Version.parse(text);
        if (text !== text.trim() || text.startsWith('v')) {
          expect(ours).toBeNull(); // semver trims and takes a leading "v"; we take neither
        } else if (ours && [ours.major, ours.minor, ours.patch].some((n) => n > MAX)) {
          expect(semver.valid(text)).toBeNull(); // the reason this module exists
        } else {
          expect(ours !== null).toBe(semver.valid(text) !== null);
        }
      }),
      { numRuns: 20000 },
    );
  });

  it('parse agrees on the fields, and toString round-trips', () => {
    fc.assert(
      fc.property(versionText, (text) => {
        const sv = semver.parse(text);
        const ours = parse(text);
        expect(sv).not.toBeNull();
        expect([ours.major, ours.minor, ours.patch]).toEqual([BigInt(sv!.major), BigInt(sv!.minor), BigInt(sv!.patch)]);
        expect(ours.prerelease).toEqual(asIds(sv!.prerelease));
        expect(ours.build).toEqual(sv!.build);
        expect(ours.version).toBe(sv!.version);
        expect(ours.release()).toBe(`${sv!.major}.${sv!.minor}.${sv!.patch}`);
        expect(ours.isPrerelease()).toBe(sv!.prerelease.length > 0);
        expect(ours.toString()).toBe(text);
        expect(parse(ours.toString()).compareBuild(ours)).toBe(0);
      }),
      runs,
    );
  });

  it('compare and compareBuild agree with semver.compare and semver.compareBuild, on both paths', () => {
    fc.assert(
      fc.property(versionText, versionText, (x, y) => {
        const [a, b] = [parse(x), parse(y)];
        const expected = semver.compare(x, y);
        expect(a.compare(b)).toBe(expected);
        expect(compareVersions(a, b)).toBe(expected);
        expect(exact.compare(a, b)).toBe(expected);
        const expectedBuild = semver.compareBuild(x, y);
        expect(a.compareBuild(b)).toBe(expectedBuild);
        expect(exact.compareBuild(a, b)).toBe(expectedBuild);
      }),
      runs,
    );
  });

  it('comparison of a version with itself (with other build metadata) is 0', () => {
    fc.assert(
      fc.property(versionText, ids(buildId), (x, build) => {
        const a = parse(x);
        const b = parse(`${a.version}${build && `+${build}`}`);
        expect(a.compare(b)).toBe(0);
        expect(exact.compare(a, b)).toBe(0);
      }),
      runs,
    );
  });

  it('inc agrees with semver.inc for major, minor and patch, on both paths', () => {
    fc.assert(
      fc.property(versionText, fc.constantFrom('major', 'minor', 'patch') as fc.Arbitrary<'major' | 'minor' | 'patch'>, (x, part) => {
        const expected = semver.inc(x, part);
        expect(parse(x).inc(part).toString()).toBe(expected);
        expect(exact.inc(parse(x), part).toString()).toBe(expected);
      }),
      runs,
    );
  });
});

describe('numbers past 2^53-1', () => {
  it.each([
    '20260727103202049.0.0',
    '9007199254740992.0.0',
    '1.99999999999999999999.0',
    '1.2.99999999999999999999',
    '1.0.0-rc.90071992547409930',
    '99999999999999999999.1.2-beta.99999999999999999999+build.99999999999999999999',
  ])('%s parses and round-trips', (text) => {
    expect(parse(text).toString()).toBe(text);
  });

  it('reads the fields exactly', () => {
    const v = parse('20260727103202049.0.0-rc.90071992547409930.x+b.1');
    expect([v.major, v.minor, v.patch]).toEqual([20260727103202049n, 0n, 0n]);
    expect(v.prerelease).toEqual(['rc', 90071992547409930n, 'x']);
    expect(v.build).toEqual(['b', '1']);
    expect(v.version).toBe('20260727103202049.0.0-rc.90071992547409930.x');
    expect(v.release()).toBe('20260727103202049.0.0');
    expect(v.isPrerelease()).toBe(true);
  });

  it.each([
    ['20260727103202049.0.0', '9007199254740991.0.0', 1],
    ['9007199254740991.0.0', '9007199254740992.0.0', -1], // one safe, one not
    ['20260727103202049.0.0', '20260727103202048.0.0', 1],
    ['20260727103202049.0.0', '20260727103202049.0.0-rc.1', 1],
    ['1.0.0-rc.90071992547409930', '1.0.0-rc.90071992547409929', 1], // semver rounds these to equal
    ['1.0.0-90071992547409930', '1.0.0-90071992547409930.0', -1],
    ['1.0.0-99999999999999999999', '1.0.0-a', -1], // numeric ids sort below alphanumeric ones
    ['1.0.0-99999999999999999999', '1.0.0-0a', -1],
    ['1.0.0-99999999999999999999', '1.0.0--', -1],
    ['20260727103202049.0.0+a', '20260727103202049.0.0+b', 0], // build metadata ignored
  ] as const)('%s vs %s: %i', (x, y, expected) => {
    const [a, b] = [parse(x), parse(y)];
    expect(a.compare(b)).toBe(expected);
    expect(b.compare(a)).toBe(-expected || 0);
    expect(compareVersions(a, b)).toBe(expected);
  });

  it('semver loses the prerelease order that Version keeps', () => {
    expect(semver.compare('1.0.0-rc.90071992547409930', '1.0.0-rc.90071992547409929')).toBe(0);
    expect(parse('1.0.0-rc.90071992547409930').compare(parse('1.0.0-rc.90071992547409929'))).toBe(1);
  });

  it('compareBuild orders build metadata exactly, and otherwise as semver', () => {
    const cb = (x: string, y: string) => parse(x).compareBuild(parse(y));
    expect(cb('20260727103202049.0.0+a', '20260727103202049.0.0+b')).toBe(-1);
    expect(cb('20260727103202049.0.0', '20260727103202049.0.0+b')).toBe(-1);
    expect(cb('1.0.0+90071992547409930', '1.0.0+90071992547409929')).toBe(1); // semver: 0
    // semver's quirk, kept: numeric build identifiers compare as numbers, and a tie ends the comparison
    expect(cb('1.0.0+001.a', '1.0.0+1.b')).toBe(semver.compareBuild('1.0.0+001.a', '1.0.0+1.b'));
    expect(cb('99999999999999999999.0.0+001.a', '99999999999999999999.0.0+1.b')).toBe(0);
  });

  it('sorts a mixed list of tags', () => {
    const sorted = ['20260727103202049.0.0', '1.0.0', '9007199254740992.0.0-rc.1', '9007199254740992.0.0', '9007199254740991.9.9']
      .map(parse)
      .sort(compareVersions)
      .map(String);
    expect(sorted).toEqual(['1.0.0', '9007199254740991.9.9', '9007199254740992.0.0-rc.1', '9007199254740992.0.0', '20260727103202049.0.0']);
  });

  it.each([
    ['99999999999999999999.1.2', 'minor', '99999999999999999999.2.0'],
    ['99999999999999999999.1.2', 'major', '100000000000000000000.0.0'],
    ['99999999999999999999.1.2', 'patch', '99999999999999999999.1.3'],
    ['9007199254740991.0.0', 'major', '9007199254740992.0.0'], // semver prints this but cannot read it
    ['1.9007199254740991.0', 'minor', '1.9007199254740992.0'],
    ['1.2.9007199254740992', 'patch', '1.2.9007199254740993'], // past 2^53, doubles would repeat 2^53
    ['20260727103202049.0.0', 'minor', '20260727103202049.1.0'],
    ['20260727103202049.0.0-rc.1', 'major', '20260727103202049.0.0'], // a pending major completes
    ['20260727103202049.2.0-rc.1', 'major', '20260727103202050.0.0'],
    ['20260727103202049.2.0-rc.1', 'minor', '20260727103202049.2.0'],
    ['20260727103202049.2.3-rc.1', 'minor', '20260727103202049.3.0'],
    ['20260727103202049.2.3-rc.1', 'patch', '20260727103202049.2.3'],
    ['1.0.0-rc.99999999999999999999', 'patch', '1.0.0'],
    ['20260727103202049.2.3+build.7', 'patch', '20260727103202049.2.4'], // build metadata dropped
  ] as const)('%s inc %s -> %s', (x, part, expected) => {
    const next = parse(x).inc(part);
    expect(next.toString()).toBe(expected);
    expect(exact.inc(parse(x), part).toString()).toBe(expected);
    expect(next.compare(parse(x))).toBe(1);
  });

  it('semver.inc steps one past 2^53-1 and then refuses its own result', () => {
    expect(semver.inc('9007199254740991.0.0', 'major')).toBe('9007199254740992.0.0');
    expect(semver.valid('9007199254740992.0.0')).toBeNull();
    expect(parse('9007199254740992.0.0').inc('major').toString()).toBe('9007199254740993.0.0');
  });

  it('Version.of builds a release from its numbers', () => {
    expect(Version.of(20240522164906244n, 0n, 0n).toString()).toBe('20240522164906244.0.0');
    expect(Version.of(1n, 2n, 3n).compare(parse('1.2.3'))).toBe(0);
    expect(() => Version.of(-1n, 0n, 0n)).toThrow(RangeError);
  });
});

describe('rejected text', () => {
  it.each([
    '01.0.0',
    '1.01.0',
    '1.0.01',
    '1.0.0-01',
    '1.0.0-rc.01',
    '020260727103202049.0.0',
    'v20260727103202049.0.0',
    ' 1.0.0',
    '1.0.0 ',
    '1.0.0\n',
    '1.0',
    '1.0.0.0',
    '1.0.0-',
    '1.0.0+',
    '1.0.0-rc..1',
    '1.0.0+b..1',
    '1.0.0-rc_1',
    '-1.0.0',
    '1.0.0-ä',
    '１.0.0', // full-width digit
    '',
  ])('%j', (text) => {
    expect(Version.parse(text)).toBeNull();
  });

  it('leading zeros in build metadata are allowed, as in semver 2.0.0', () => {
    expect(parse('1.0.0+001').build).toEqual(['001']);
  });

  it('caps text at 256 characters, as semver does, for big numbers too', () => {
    const pre = (n: number) => `1.0.0-${'a'.repeat(n - 6)}`;
    expect(Version.parse(pre(256))).not.toBeNull();
    expect(semver.valid(pre(256))).not.toBeNull();
    expect(Version.parse(pre(257))).toBeNull();
    expect(semver.valid(pre(257))).toBeNull();
    const big = (n: number) => `${'9'.repeat(n - 4)}.0.0`;
    expect(Version.parse(big(256))).not.toBeNull();
    expect(Version.parse(big(257))).toBeNull();
    // inc is not capped: the result of a readable version is always a version
    expect(parse(big(256)).inc('major').toString()).toBe(`1${'0'.repeat(252)}.0.0`);
  });
});
