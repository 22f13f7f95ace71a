/** Floating tags (src/core/floating-tags.ts): which a release has, and which release each covers. */
import { describe, expect, it } from 'vitest';
import { floatingTagsOf, highestCovered, TagFormat, type FloatingTagMode } from '../../src/core/index.js';

describe('floatingTagsOf', () => {
  it.each<[string, string, FloatingTagMode, string[]]>([
    ['v{version}', '1.4.2', 'major', ['v1']],
    ['v{version}', '1.4.2', 'major-minor', ['v1', 'v1.4']],
    ['v{version}', '1.4.2', 'none', []],
    ['api@{version}', '2.0.0', 'major-minor', ['api@2', 'api@2.0']],
    ['{version}', '3.1.0', 'major', ['3']],
    ['release-{version}-final', '1.2.3', 'major-minor', ['release-1-final', 'release-1.2-final']],
    ['v{major}.{minor}.{patch}', '1.4.2', 'major-minor', ['v1', 'v1.4']],
    // The format already writes only those parts: its release tags are the floating tags' names.
    ['v{major}.{minor}', '1.4.0', 'major-minor', ['v1']],
    ['v{major}', '7.0.0', 'major-minor', []],
    // Prereleases never have floating tags.
    ['v{version}', '2.0.0-rc.1', 'major-minor', []],
    ['v{version}', '20240522164906244.0.0', 'major', ['v20240522164906244']],
  ])('%s %s %s -> %o', (format, version, mode, names) => {
    expect(floatingTagsOf(new TagFormat(format), version, mode).map((t) => t.name)).toEqual(names);
  });
});

describe('highestCovered', () => {
  const tags = ['v1.4.0', 'v1.10.0', 'v1.9.9', 'v1', 'v1.10', 'v2.0.0', 'v1.11.0-rc.1', 'v01.12.0', 'v1.12', 'vv1.13.0', 'v1.3.9+build'];
  it.each<[string, bigint, bigint | null, string | null]>([
    ['v1', 1n, null, 'v1.10.0'], // by precedence, never a floating, loose or prerelease tag
    ['v1.9', 1n, 9n, 'v1.9.9'],
    ['v1.3', 1n, 3n, 'v1.3.9+build'],
    ['v2', 2n, null, 'v2.0.0'],
    ['v3', 3n, null, null],
  ])('%s covers %s', (name, major, minor, expected) => {
    expect(highestCovered(tags, new TagFormat('v{version}'), { name, major, minor })?.tag ?? null).toBe(expected);
  });
});
