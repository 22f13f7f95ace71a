/**
 * Versions and tags: reading release tags through a `tag-format`, the current version of a
 * channel, and the next version. Version (semver, with an exact layer for numbers past 2^53-1)
 * does the arithmetic and the precedence; this module only
 * decides which versions count and which increment applies.
 */
import { Version } from './version-number.js';
import { InputError } from './errors.js';
import { bumpRank, type Bump } from './types.js';
// Tag formats (writing tags, reading their version text) live in tag-format.ts; re-exported here.
import { readVersionText, type Granularity, type ReadText, type TagFormat } from './tag-format.js';

export { TagFormat, tagFormatProblem, tagNameProblem, readVersionText, type Granularity } from './tag-format.js';

const BUILD_PLACEHOLDERS = /\{(sha|short-sha)\}/g;
const BUILD_METADATA = /^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/;

/** Why a build-metadata template is unusable, or null. */
export function buildMetadataProblem(template: string): string | null {
  if (template === '') return null;
  const unknown = /\{(?!sha\}|short-sha\})[^}]*\}/.exec(template);
  if (unknown) return `unknown placeholder ${unknown[0]}; expected {sha} or {short-sha}`;
  const sample = template.replace(BUILD_PLACEHOLDERS, '0abc123');
  if (!BUILD_METADATA.test(sample)) {
    return 'expected dot-separated identifiers of letters, digits and "-", e.g. "sha.{short-sha}"';
  }
  return null;
}

/** Build metadata for a head commit: "sha.{short-sha}" -> "sha.1a2b3c4". */
export function expandBuildMetadata(template: string, sha: string): string {
  return template.replace(BUILD_PLACEHOLDERS, (_, name: string) => (name === 'sha' ? sha : sha.slice(0, 7)));
}

/** The versions a maintenance branch may release: `1.x` (major 1) or `1.2.x` (major 1, minor 2). */
export interface MaintenanceRange {
  branch: string;
  /** "1.x" or "1.2.x". */
  range: string;
  major: bigint;
  minor: bigint | null;
}

/** A tag that names a version through a tag-format. */
export interface TaggedVersion {
  tag: string;
  version: Version;
}

/**
 * The version a tag's version text names, as `{version}` reads it. Strict semver is exact; loose
 * forms real repositories carry ("2.0-preview.1", "3", "01.2.3") are normalised and flagged
 * `loose`. A leading "v" or "=" inside the version text is not accepted: with tag-format
 * "v{version}", "vv1.2.3" is not a release.
 */
export function parseVersionText(text: string): { version: Version; loose: boolean } | null {
  const read = readVersionText(text, 3);
  return read === null ? null : { version: read.version, loose: !read.exact };
}

/**
 * Reads the release versions among tag names; warns about loose and unreadable ones.
 *
 * A tag is exact when it writes as many numbers as the format has parts (`v2.0-preview.1` for
 * `v{major}.{minor}`, `app@7` for `app@{major}`): no warning. A floating tag, fewer numbers
 * and no prerelease (`v1`, `v1.2` for `v{version}`; `v1` for `v{major}.{minor}`), beside an
 * exact tag of its line (`v1.4.2`) is what every GitHub Action repository moves by hand: it is
 * never a release and never a warning. With `v{major}`, `v1` is exact: it is the release.
 * Any other readable tag (a lone `v3`, `v01.2.3`, `v1.2.3` for `v{major}`) is read with a warning.
 */
export function readVersions(
  tags: Iterable<string>,
  format: TagFormat,
): { versions: TaggedVersion[]; warnings: string[] } {
  const found: ({ tag: string } & ReadText)[] = [];
  const unreadable: string[] = [];
  const exactLines = new Set<string>();
  for (const tag of tags) {
    const text = format.versionText(tag);
    if (text === null) continue;
    const parsed = readVersionText(text, format.parts);
    if (!parsed) {
      // Digits that only fail by size are a version nobody can compare: say so.
      if (/^\d/.test(text)) unreadable.push(tag);
      continue;
    }
    if (parsed.exact) {
      const { major, minor } = parsed.version;
      if (format.parts > 1) exactLines.add(`${major}`);
      if (format.parts > 2) exactLines.add(`${major}.${minor}`);
    }
    found.push({ tag, ...parsed });
  }
  const versions: TaggedVersion[] = [];
  const loose: string[] = [];
  for (const f of found) {
    if (!f.exact) {
      if (f.count < format.parts && f.plain !== null && exactLines.has(f.plain)) continue;
      loose.push(`${f.tag} as ${f.version.version}`);
    }
    versions.push({ tag: f.tag, version: f.version });
  }
  // Highest first; equal versions (1.2.3 and 1.2.3+b) keep a stable, build-aware order.
  versions.sort((a, b) => b.version.compareBuild(a.version) || (a.tag < b.tag ? -1 : 1));
  const warnings: string[] = [];
  if (loose.length > 0) warnings.push(`read ${loose.length} tag(s) as loose versions: ${sample(loose)}`);
  if (unreadable.length > 0) {
    warnings.push(`skipped ${unreadable.length} tag(s) that are not semantic versions: ${sample(unreadable)}`);
  }
  return { versions, warnings };
}

function sample(list: string[]): string {
  const shown = list.slice(0, 5).join(', ');
  return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown;
}

/** A major number derived from file names at head (`version-from.major`), kept as exact digits. */
export interface DerivedMajor {
  value: string;
  file: string;
}

export interface NextVersionInput {
  /** Versions of this component's tags, any order. */
  versions: readonly TaggedVersion[];
  bump: Bump;
  /** Prerelease identifier of the channel, or null for the stable channel. */
  channel: string | null;
  initialVersion: string;
  derivedMajor: DerivedMajor | null;
  /** A maintenance branch's range: the versions are already within it, and so must the next be. */
  range?: MaintenanceRange | null;
  /** The lowest part the tag-format writes (default patch): a smaller bump is raised to it. */
  granularity?: Granularity;
  /**
   * A version set exactly (a `Release-As` footer), with how to name it in messages: it replaces
   * highest stable + bump as the target, whatever the bump (even none).
   */
  releaseAs?: { version: Version; source: string } | null;
}

export interface NextVersionResult {
  current: TaggedVersion | null;
  /**
   * The bump after adjustments: a changed version-from major is a major bump, a bump below the
   * tag-format's granularity is raised to it, and a Release-As version makes the bump of the part it changes.
   */
  bump: Bump;
  next: string | null;
  warnings: string[];
  /** The bump before the tag-format's granularity raised it, or null when it did not. */
  raised: { from: Bump; to: Granularity } | null;
}

/** The highest of the versions `keep` accepts, or null. */
export function highest(list: readonly TaggedVersion[], keep: (v: Version) => boolean): TaggedVersion | null {
  let best: TaggedVersion | null = null;
  for (const item of list) {
    if (keep(item.version) && (best === null || item.version.compare(best.version) > 0)) best = item;
  }
  return best;
}

function releaseOf(v: Version): string {
  return v.release();
}

/** The bump that makes `to` from `from`: the most significant part that changes. */
export function bumpBetween(from: Version, to: Version): Bump {
  if (to.major !== from.major) return 'major';
  return to.minor !== from.minor ? 'minor' : 'patch';
}

/** Whether a version's parts below the granularity are 0, so a format with those parts can write it. */
function writable(v: Version, granularity: Granularity): boolean {
  return granularity === 'patch' || (v.patch === 0n && (granularity === 'minor' || v.minor === 0n));
}

/**
 * Current and next version of one component on one channel (SPEC: versions and channels).
 * Stable: current = highest stable, next = current + bump. Prerelease channel `id`: the target is
 * highest stable + bump; the highest `id` line at or above the target continues, else target-id.1.
 * A bump below the tag-format's granularity is raised to it (`{major}`: every change is major).
 * A Release-As version is the target itself; it must be above the current version.
 */
export function nextVersion(input: NextVersionInput): NextVersionResult {
  const warnings: string[] = [];
  const { channel } = input;
  const granularity = input.granularity ?? 'patch';
  const releaseAs = input.releaseAs ?? null;
  const stable = highest(input.versions, (v) => v.prerelease.length === 0);
  const ownPrerelease = (v: Version): boolean => channel !== null && v.prerelease[0] === channel;
  const current = channel === null ? stable : highest(input.versions, (v) => v.prerelease.length === 0 || ownPrerelease(v));

  let bump = input.bump;
  if (bump === 'none' && releaseAs === null) return { current, bump, next: null, warnings, raised: null };

  const base = stable?.version ?? Version.parse(input.initialVersion)!;
  let target: string;
  let raised: NextVersionResult['raised'] = null;
  const derived = input.derivedMajor;
  if (releaseAs !== null) {
    const wanted = releaseAs.version;
    const above = current?.version ?? base;
    if (wanted.compare(above) <= 0) {
      throw new InputError(
        `${releaseAs.source} is not above the current version ${above.version}${current ? ` (tag ${current.tag})` : ' (initial-version)'}; ` +
          'versions never go down: a newer commit with a higher Release-As footer replaces it',
      );
    }
    if (!writable(wanted, granularity)) {
      throw new InputError(
        `${releaseAs.source} cannot be written in a tag-format that writes only ${granularity === 'major' ? 'the major' : 'the major and minor'}; ` +
          'a newer commit with another Release-As footer replaces it',
      );
    }
    if (derived !== null && BigInt(derived.value) !== wanted.major) {
      warnings.push(`${releaseAs.source} sets the major to ${wanted.major}, not version-from.major's ${derived.value} (from ${derived.file})`);
    }
    bump = bumpBetween(base, wanted);
    target = wanted.version;
  } else {
    if (bumpRank(bump) < bumpRank(granularity)) {
      raised = { from: bump, to: granularity };
      bump = granularity;
    }
    if (derived === null) {
      target = base.inc(bump as Granularity).version;
    } else {
      ({ target, bump } = derivedTarget(derived, base, stable, bump, granularity, warnings));
    }
  }

  const range = input.range ?? null;
  if (range !== null) {
    if (stable === null) {
      throw new InputError(
        `branch ${range.branch} maintains the ${range.range} releases, but no release in that range exists yet; ` +
          'release the first one from the main branch',
      );
    }
    const made = Version.parse(target)!;
    if (made.major !== range.major || (range.minor !== null && made.minor !== range.minor)) {
      const cause = releaseAs !== null ? releaseAs.source : `a ${bump} bump from ${stable.version.version}`;
      throw new InputError(
        `${cause} would make ${target}, outside the ${range.range} range of branch ${range.branch}; ` +
          (releaseAs !== null ? 'release it from the main branch' : 'release it from the main branch, or lower the bump (an override label)'),
      );
    }
  }

  if (channel === null) return { current, bump, next: checked(target), warnings, raised };

  const targetVersion = Version.parse(target)!;
  // A line continues only where the tag-format can write it (`v{major}` never continues a 1.2.0-preview line).
  const line = highest(
    input.versions,
    (v) => ownPrerelease(v) && Version.parse(v.release())!.compare(targetVersion) >= 0 && writable(v, granularity),
  );
  const next = line ? nextOnLine(line.version) : `${target}-${channel}.1`;
  return { current, bump, next: checked(next), warnings, raised };
}

/**
 * The target under `version-from.major`: a derived major above the current one starts
 * `<derived>.0.0` (a major bump); equal to it, the bump applies to minor/patch.
 */
function derivedTarget(
  derived: DerivedMajor,
  base: Version,
  stable: TaggedVersion | null,
  bump: Bump,
  granularity: Granularity,
  warnings: string[],
): { target: string; bump: Granularity } {
  // Carried exactly: a timestamp such as 20240522164906244 is a major like any other.
  const derivedNumber = BigInt(derived.value);
  const currentMajor = BigInt(base.major);
  if (derivedNumber < currentMajor) {
    throw new InputError(
      `version-from.major: ${derived.value} (from ${derived.file}) is below the current major ${base.major}` +
        `${stable ? ` (tag ${stable.tag})` : ''}; versions never go down`,
    );
  }
  if (derivedNumber > currentMajor) {
    if (bump !== 'major') {
      warnings.push(
        `version-from.major: ${derived.value} (from ${derived.file}) differs from the current major ${base.major}: bump ${bump} raised to major`,
      );
    }
    return { target: `${derived.value}.0.0`, bump: 'major' };
  }
  if (granularity === 'major') {
    throw new InputError(
      `version-from.major keeps the major at ${derived.value} (from ${derived.file}), but the tag-format writes only the major, so no next version can be written`,
    );
  }
  if (bump === 'major') {
    warnings.push(
      `version-from.major: the major stays ${derived.value} (from ${derived.file}), so the major classification applies as minor`,
    );
    bump = 'minor';
  }
  return { target: base.inc(bump as Granularity).version, bump: bump as Granularity };
}

/**
 * The next prerelease of a line, always above it: a numeric counter goes up (preview.3 ->
 * preview.4); any other ending gets ".1" appended (preview.x -> preview.x.1), since semver
 * would restart such a line at ".0", below where it stands.
 */
function nextOnLine(v: Version): string {
  const ids = [...v.prerelease];
  const last = ids[ids.length - 1];
  if (typeof last === 'bigint') ids[ids.length - 1] = last + 1n;
  else ids.push(1n);
  return `${releaseOf(v)}-${ids.join('.')}`;
}

/** A computed version that reads back as one (at most 256 characters); otherwise a clear error. */
function checked(version: string): string {
  if (Version.parse(version) === null) {
    throw new InputError(`the next version ${version} is not a valid semantic version of at most 256 characters`);
  }
  return version;
}
