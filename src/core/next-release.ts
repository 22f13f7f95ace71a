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
import { expandBuildMetadata, nextVersion, tagNameProblem, type DerivedMajor, type TagFormat } from './versions.js';
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
  const version = nextVersion({
    versions,
    bump,
    channel,
    initialVersion: input.config.initialVersion,
    derivedMajor: derived,
    range,
    granularity: format.granularity,
    releaseAs: releaseAs === null ? null : { version: releaseAs.parsed, source: `${releaseAs.source}${line.name === ROOT_COMPONENT ? '' : ` for ${line.name}`}` },
  });
  warnings.push(...version.warnings);
  const notes = extras.notes ?? [];
  if (version.raised !== null) {
    const writes = version.raised.to === 'major' ? 'only the major' : 'only the major and minor';
    notes.push(prefixed(line.name, `bump ${version.raised.from} raised to ${version.raised.to}: tag-format "${format.format}" writes ${writes}`));
  }
  if (releaseAs !== null && version.next !== null) {
    notes.push(prefixed(line.name, `${releaseAs.source} sets the next version (bump ${version.bump} from ${version.current?.version.version ?? 'no release yet'})`));
  }
  const current = version.current;
  for (const { version: later, place } of setAside) {
    if (place === 'after-head' && (current === null || later.version.compare(current.version) > 0)) {
      warnings.push(
        prefixed(line.name, `tag ${later.tag} is a later release (its commit descends from head), so it is not the current release`),
      );
    }
  }
  // A release tag at head (on this channel) is the change's release: a re-run, or a version a
  // person chose. When the files say otherwise, the tag stands and a warning says so.
  const atHead = setAside
    .filter(({ place, version: v }) => place === 'at-head' && (v.version.prerelease.length === 0 || v.version.prerelease[0] === channel))
    .map(({ version: v }) => v)
    .sort((a, b) => b.version.compare(a.version))[0];
  let next = version.next;
  if (atHead !== undefined) {
    if (next === null) {
      warnings.push(prefixed(line.name, `head is already released as ${atHead.tag}; this change's files alone make no release`));
    } else if (next !== atHead.version.version) {
      warnings.push(
        prefixed(line.name, `head is already released as ${atHead.tag}; this change's files alone would make ${next} (bump ${version.bump})`),
      );
    }
    if (next !== null) next = atHead.version.version;
  }
  const tag = next === null ? null : atHead?.version.version === next ? atHead.tag : line.tagFormat.tagFor(next);
  // The tag is validated here, in the decision, so no write starts for a tag git would refuse.
  const problem = tag === null ? null : tagNameProblem(tag);
  if (problem !== null) throw new InputError(`the next tag "${tag}" of ${line.name} is not a valid git tag name: ${problem}`);
  const existing = tag === null ? undefined : input.tagCommits?.get(tag);
  if (existing !== undefined && existing !== input.head) {
    throw new InputError(
      `the next tag ${tag}${line.name === ROOT_COMPONENT ? '' : ` of ${line.name}`} already exists at ${existing.slice(0, 7)}, ` +
        `not at head ${input.head.slice(0, 7)}; that version was released from another commit (an unmerged hotfix?). ` +
        'Merge that release into this branch, or delete the tag if it is wrong',
    );
  }
  return {
    bump: version.bump,
    currentVersion: current?.version.version ?? null,
    currentTag: current?.tag ?? null,
    nextVersion: next,
    nextVersionFull: next === null ? null : withBuildMetadata(next, input.config.buildMetadata, input.head),
    nextTag: tag,
    prerelease: next !== null && channel !== null,
    releaseAs: releaseAs === null || next === null ? null : { sha: releaseAs.sha, version: releaseAs.version },
  };
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
