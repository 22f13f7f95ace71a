/**
 * Floating tags (`v1`, `v1.2`): the tags every GitHub Action repository moves to its newest
 * release, so that `uses: owner/action@v1` follows the 1.x line. Pure: which floating tags a
 * release has, and which release of the line each one should point at.
 *
 * A floating tag is the line's tag-format rendered with only the major (`v1` for `v{version}`,
 * `api@1` for `api@{version}`), or the major and minor (`v1.2`). A format that already writes
 * only those parts has no such floating tag: with `v{major}` every release tag is `v1`, `v2`.
 * Floating tags are never releases (versions.ts reads `v1` beside `v1.4.2` as neither a release
 * nor a warning). Only stable releases move them.
 */
import { readVersionText, tagNameProblem, type TagFormat } from './tag-format.js';
import { Version } from './version-number.js';

export const FLOATING_TAG_MODES = ['none', 'major', 'major-minor'] as const;
export type FloatingTagMode = (typeof FLOATING_TAG_MODES)[number];

/** A floating tag and the releases it covers: those of its major (and minor). */
export interface FloatingTag {
  name: string;
  major: bigint;
  /** The minor, for a major-minor floating tag; null for a major one. */
  minor: bigint | null;
}

/** A release tag and its version. */
export interface CoveredRelease {
  tag: string;
  version: Version;
}

/**
 * The floating tags of a release: with `major`, the major one; with `major-minor`, both. Empty
 * for a prerelease, and without the ones the format writes as its own release tags (`v{major}`
 * has no floating major; `v{major}.{minor}` no floating major-minor).
 */
export function floatingTagsOf(format: TagFormat, version: string, mode: FloatingTagMode): FloatingTag[] {
  if (mode === 'none') return [];
  const v = Version.parse(version);
  if (v === null || v.prerelease.length > 0) return [];
  const tags: FloatingTag[] = [];
  if (format.parts > 1) tags.push({ name: `${format.prefix}${v.major}${format.suffix}`, major: v.major, minor: null });
  if (mode === 'major-minor' && format.parts > 2) {
    tags.push({ name: `${format.prefix}${v.major}.${v.minor}${format.suffix}`, major: v.major, minor: v.minor });
  }
  // The format was checked with a sample tag; a floating tag writes fewer characters of the same kinds.
  return tags.filter((t) => tagNameProblem(t.name) === null);
}

/**
 * The highest stable release a floating tag covers, among tag names: only tags that are exactly a
 * version of the format (never a floating or loose tag), of the floating tag's major (and minor).
 */
export function highestCovered(tags: Iterable<string>, format: TagFormat, floating: FloatingTag): CoveredRelease | null {
  let best: CoveredRelease | null = null;
  for (const tag of tags) {
    const text = format.versionText(tag);
    const read = text === null ? null : readVersionText(text, format.parts);
    if (read === null || !read.exact) continue;
    const v = read.version;
    if (v.prerelease.length > 0 || v.major !== floating.major || (floating.minor !== null && v.minor !== floating.minor)) continue;
    if (best === null || v.compare(best.version) > 0) best = { tag, version: v };
  }
  return best;
}
