/**
 * The release of one line (the top level, or a component) for a bump: its current version by the
 * current-release rule (releases.ts), the next version on the branch's channel within a
 * maintenance range, a release tag already at head standing as the change's own, build metadata,
 * and the next tag, validated and never one that exists at another commit.
 */
import type { Config } from './config/index.js';
import { InputError } from './errors.js';
import { channelFor, lineVersions, releaseLineOf, ROOT_COMPONENT, type ReleaseLine, type TagPlace } from './releases.js';
import type { ChosenReleaseAs } from './release-as.js';
import { Version } from './version-number.js';
import {
  bumpBetween,
  expandBuildMetadata,
  highest,
  nextVersion,
  tagNameProblem,
  type DerivedMajor,
  type NextVersionResult,
  type TaggedVersion,
  type TagFormat,
} from './versions.js';
import type { Bump, Release, ReleaseAs } from './types.js';

/** A line's release, with the Release-As commit that set its version. */
export interface LineRelease extends Release {
  releaseAs: ReleaseAs | null;
}

/** What else a line's release follows besides its bump, and where it explains itself. */
export interface LineExtras {
  /** The line's newest Release-As commit: it sets the next version. */
  releaseAs?: ChosenReleaseAs | null;
  /** Notes for people: a bump raised to the tag-format's granularity, a Release-As version. */
  notes?: string[];
}

/** What a line's release depends on besides its bump. */
export interface LineContext {
  config: Config;
  /** Names of the repository's tags. */
  tags: Iterable<string>;
  branch: string | null;
  /** The head commit (SHA). */
  head: string;
  /** Tags at head or after it: never the current release. */
  notBefore?: ReadonlyMap<string, TagPlace>;
  /** The commit of each tag the edge knows. */
  tagCommits?: ReadonlyMap<string, string>;
}

/** Current and next version of one release line for a bump, with build metadata and tag name. */
export function lineRelease(
  input: LineContext,
  line: ReleaseLine,
  bump: Bump,
  channel: string | null,
  derived: DerivedMajor | null,
  warnings: string[],
  extras: LineExtras = {},
): LineRelease {
  const { versions, setAside, range, warnings: read } = lineVersions(input.config, line.tagFormat, input.tags, input.branch, input.notBefore);
  warnings.push(...read.map((w) => prefixed(line.name, w)));
  const releaseAs = extras.releaseAs ?? null;
  const format = line.tagFormat;
  // A release tag at head (on this channel) is the change's release: a re-run, or a version a
  // person chose. It stands whatever the change alone would make, even a version that could not
  // be released (a bump out of a maintenance range): that release exists.
  const atHead = headRelease(setAside, channel);
  let version: NextVersionResult;
  let refused: string | null = null;
  try {
    version = nextVersion({
      versions,
      bump,
      channel,
      initialVersion: input.config.initialVersion,
      derivedMajor: derived,
      range,
      granularity: format.granularity,
      releaseAs: releaseAs === null ? null : { version: releaseAs.parsed, source: releaseAs.source },
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    if (atHead === undefined) throw line.name === ROOT_COMPONENT ? error : new InputError(prefixed(line.name, error.message));
    refused = error.message;
    version = { current: null, bump, next: null, warnings: [], raised: null };
  }
  warnings.push(...version.warnings.map((w) => prefixed(line.name, w)));
  const notes = extras.notes ?? [];
  if (version.raised !== null) {
    const writes = version.raised.to === 'major' ? 'only the major' : 'only the major and minor';
    notes.push(prefixed(line.name, `bump ${version.raised.from} raised to ${version.raised.to}: tag-format "${format.format}" writes ${writes}`));
  }
  if (releaseAs !== null && version.next !== null) {
    notes.push(prefixed(line.name, `${releaseAs.source} sets the next version (bump ${version.bump} from ${version.current?.version.version ?? 'no release yet'})`));
  }
  let current = version.current;
  let lineBump = version.bump;
  let next = version.next;
  const later = setAside.filter(({ place, version: v }) => place === 'after-head' && (current === null || v.version.compare(current.version) > 0));
  if (later.length > 0) warnings.push(prefixed(line.name, laterReleases(later.map(({ version: v }) => v))));
  // The decision follows a release tag at head (a warning says what the change alone would
  // make): the current release is the one before it, and the bump is the part that changes
  // between the two, as for a Release-As version.
  if (atHead !== undefined) {
    const made =
      refused !== null
        ? `could not be released (${refused})`
        : next === null
          ? 'makes no release'
          : next === atHead.version.version
            ? null
            : `would make ${next} (bump ${lineBump})`;
    if (made !== null) warnings.push(prefixed(line.name, `head is already released as ${atHead.tag}; this change alone ${made}`));
    const below = (v: Version): boolean => v.compare(atHead.version) < 0;
    current = highest(versions, (v) => below(v) && (v.prerelease.length === 0 || v.prerelease[0] === channel));
    const stableBelow = highest(versions, (v) => below(v) && v.prerelease.length === 0);
    lineBump = bumpBetween(stableBelow?.version ?? Version.parse(input.config.initialVersion)!, atHead.version);
    next = atHead.version.version;
  }
  const tag = next === null ? null : atHead !== undefined ? atHead.tag : line.tagFormat.tagFor(next);
  // The tag is validated here, in the decision, so no write starts for a tag git would refuse.
  const problem = tag === null ? null : tagNameProblem(tag);
  if (problem !== null) throw new InputError(`the next tag "${tag}" of ${line.name} is not a valid git tag name: ${problem}`);
  const existing = tag === null ? undefined : input.tagCommits?.get(tag);
  if (existing !== undefined && existing !== input.head) {
    const named = `the next tag ${tag}${line.name === ROOT_COMPONENT ? '' : ` of ${line.name}`}`;
    throw new InputError(
      input.notBefore?.get(tag!) === 'after-head'
        ? `${named} was already released at ${existing.slice(0, 7)}, a later commit than head ${input.head.slice(0, 7)}: ` +
            'head is older than that release, which already covers it, so no new version can be made here; decide at a newer commit'
        : `${named} already exists at ${existing.slice(0, 7)}, not at head ${input.head.slice(0, 7)}; ` +
            'that version was released from another commit (an unmerged hotfix?). Merge that release into this branch, or delete the tag if it is wrong',
    );
  }
  return {
    bump: lineBump,
    currentVersion: current?.version.version ?? null,
    currentTag: current?.tag ?? null,
    nextVersion: next,
    nextVersionFull: next === null ? null : withBuildMetadata(next, input.config.buildMetadata, input.head),
    nextTag: tag,
    prerelease: next !== null && (atHead !== undefined ? atHead.version.prerelease.length > 0 : channel !== null),
    releaseAs: releaseAs === null || next === null || (atHead !== undefined && releaseAs.parsed.compare(atHead.version) !== 0) ? null : { sha: releaseAs.sha, version: releaseAs.version },
  };
}

/**
 * The release tag at head that stands for the channel: its own prerelease first (a beta branch
 * whose head was also released as stable is still at its beta), else the highest stable one.
 */
function headRelease(setAside: readonly { version: TaggedVersion; place: TagPlace }[], channel: string | null): TaggedVersion | undefined {
  const atHead = setAside.filter((s) => s.place === 'at-head').map((s) => s.version);
  return (
    highest(atHead, (v) => channel !== null && v.prerelease[0] === channel) ?? highest(atHead, (v) => v.prerelease.length === 0) ?? undefined
  );
}

/** One line for the releases after head, however many: "tag v2.0.0 is ...", "3 tags (v1.1.0 ... v2.0.0) are ...". */
function laterReleases(later: readonly TaggedVersion[]): string {
  const sorted = [...later].sort((a, b) => a.version.compare(b.version));
  const what = sorted.length === 1 ? `tag ${sorted[0]!.tag} is a later release` : `${sorted.length} tags (${sorted[0]!.tag} ... ${sorted[sorted.length - 1]!.tag}) are later releases`;
  return sorted.length === 1
    ? `${what} (its commit descends from head), so it is not the current release`
    : `${what} (their commits descend from head), so none of them is the current release`;
}

export const NO_RELEASE: LineRelease = {
  bump: 'none',
  currentVersion: null,
  currentTag: null,
  nextVersion: null,
  nextVersionFull: null,
  nextTag: null,
  prerelease: false,
  releaseAs: null,
};

export function prefixed(component: string, warning: string): string {
  return component === ROOT_COMPONENT ? warning : `${component}: ${warning}`;
}

function withBuildMetadata(version: string, template: string, sha: string): string {
  return template === '' ? version : `${version}+${expandBuildMetadata(template, sha)}`;
}

/** The tag-format of a release line (a component, or the top level for null / "root"). */
export function tagFormatOf(config: Config, component: string | null): TagFormat {
  return releaseLineOf(config, component).tagFormat;
}

/**
 * The tag of the current release of a line on the branch's channel ("the latest release tag"):
 * the default base of its change. Null before the first release.
 */
export function latestReleaseTag(
  config: Config,
  tags: Iterable<string>,
  branch: string | null,
  component: string | null,
  notBefore: ReadonlyMap<string, TagPlace> = new Map(),
): string | null {
  const line = releaseLineOf(config, component);
  const { versions, range } = lineVersions(config, line.tagFormat, tags, branch, notBefore);
  const { current } = nextVersion({
    versions,
    bump: 'none',
    channel: channelFor(config, branch),
    initialVersion: config.initialVersion,
    derivedMajor: null,
    range,
  });
  return current?.tag ?? null;
}
