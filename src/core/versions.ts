/**
 * Versions and tags: reading release tags through a `tag-format`, the current version of a
 * channel, and the next version. Version (semver, with an exact layer for numbers past 2^53-1)
 * does the arithmetic and the precedence; this module only
 * decides which versions count and which increment applies.
 */
import { Version } from './version-number.js';
import { InputError } from './errors.js';
import type { Bump } from './types.js';

const PLACEHOLDER = '{version}';

/** Why a name cannot be a git tag (git check-ref-format rules), or null. */
export function tagNameProblem(name: string): string | null {
  if (name.length === 0) return 'an empty tag name';
  if (new TextEncoder().encode(name).length > 255) return 'a tag name longer than 255 bytes';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) {
    return 'git tag names cannot contain spaces, control characters or any of ~ ^ : ? * [ \\';
  }
  if (name.includes('..')) return 'git tag names cannot contain ".."';
  if (name.includes('@{')) return 'git tag names cannot contain "@{"';
  if (name === '@') return 'a git tag cannot be named "@"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    return 'git tag names cannot start or end with "/" or contain "//"';
  }
  if (name.endsWith('.')) return 'git tag names cannot end with "."';
  if (name.startsWith('-')) return 'a tag name starting with "-" reads as an option to git';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'no part of a git tag name can start with "."';
    if (part.endsWith('.lock')) return 'no part of a git tag name can end with ".lock"';
  }
  return null;
}

/** Why a tag-format is unusable, or null. */
export function tagFormatProblem(format: string): string | null {
  const count = format.split(PLACEHOLDER).length - 1;
  if (count !== 1) return `expected "{version}" exactly once (e.g. "v{version}"), found it ${count} times`;
  // Git refuses names over 255 bytes; leave room for long versions such as 10.200.3000-preview.42.
  if (new TextEncoder().encode(format.replace(PLACEHOLDER, '')).length > 200) {
    return 'a tag format longer than 200 characters besides {version}';
  }
  // Bidi and zero-width characters make a tag read differently from what it is.
  const hidden = INVISIBLE.exec(format);
  if (hidden) return `a tag format with the invisible or direction-changing character U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const sample = format.replace(PLACEHOLDER, '1.2.3-rc.1');
  const problem = tagNameProblem(sample);
  return problem ? `tags like "${sample}" are not valid: ${problem}` : null;
}

const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

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

/** A tag-format split at its placeholder: tags must carry this exact prefix and suffix. */
export class TagFormat {
  readonly prefix: string;
  readonly suffix: string;

  constructor(readonly format: string) {
    const at = format.indexOf(PLACEHOLDER);
    this.prefix = format.slice(0, at);
    this.suffix = format.slice(at + PLACEHOLDER.length);
  }

  tagFor(version: string): string {
    return `${this.prefix}${version}${this.suffix}`;
  }

  /** The text in the version's place, or null when the tag does not fit the format exactly. */
  versionText(tag: string): string | null {
    if (tag.length <= this.prefix.length + this.suffix.length) return null;
    if (!tag.startsWith(this.prefix) || !tag.endsWith(this.suffix)) return null;
    return tag.slice(this.prefix.length, tag.length - this.suffix.length);
  }
}

const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const LOOSE = new RegExp(`^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`);

/**
 * The version a tag's version text names. Strict semver first; then loose forms real
 * repositories carry ("2.0-preview.1", "3", "01.2.3"), normalised, flagged `loose`. A leading
 * "v" or "=" inside the version text is not accepted: with tag-format "v{version}", "vv1.2.3"
 * is not a release.
 */
export function parseVersionText(text: string): { version: Version; loose: boolean } | null {
  // semver trims and tolerates spaces; a tag "v1.2.3 " is not the release 1.2.3.
  if (!/^\d[0-9A-Za-z.+-]*$/.test(text)) return null;
  const strict = Version.parse(text);
  if (strict) return { version: strict, loose: false };
  const m = LOOSE.exec(text);
  if (!m) return null;
  const core = [m[1], m[2] ?? '0', m[3] ?? '0'].map((n) => n!.replace(/^0+(?=\d)/, '')).join('.');
  const normalised = `${core}${m[4] ? `-${m[4]}` : ''}${m[5] ? `+${m[5]}` : ''}`;
  const version = Version.parse(normalised);
  return version ? { version, loose: true } : null;
}

/**
 * Reads the release versions among tag names; warns about loose and unreadable ones. A floating
 * tag (`v1`, `v1.2`: one or two numbers) beside an exact tag of its line (`v1.4.2`) is what
 * every GitHub Action repository moves by hand: it is never a release and never a warning.
 */
export function readVersions(
  tags: Iterable<string>,
  format: TagFormat,
): { versions: TaggedVersion[]; warnings: string[] } {
  const found: { tag: string; text: string; version: Version; loose: boolean }[] = [];
  const unreadable: string[] = [];
  const exactLines = new Set<string>();
  for (const tag of tags) {
    const text = format.versionText(tag);
    if (text === null) continue;
    const parsed = parseVersionText(text);
    if (!parsed) {
      // Digits that only fail by size are a version nobody can compare: say so.
      if (/^\d/.test(text)) unreadable.push(tag);
      continue;
    }
    if (!parsed.loose) {
      exactLines.add(`${parsed.version.major}`);
      exactLines.add(`${parsed.version.major}.${parsed.version.minor}`);
    }
    found.push({ tag, text, ...parsed });
  }
  const versions: TaggedVersion[] = [];
  const loose: string[] = [];
  for (const f of found) {
    if (f.loose) {
      if (FLOATING.test(f.text) && exactLines.has(f.text.split('.').map((n) => n.replace(/^0+(?=\d)/, '')).join('.'))) continue;
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

/** The version text of a floating tag: a major, or a major and minor, nothing else. */
const FLOATING = /^\d+(?:\.\d+)?$/;

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
}

export interface NextVersionResult {
  current: TaggedVersion | null;
  /** The bump after version-from adjustments (a changed major is a major bump). */
  bump: Bump;
  next: string | null;
  warnings: string[];
}

function highest(list: readonly TaggedVersion[], keep: (v: Version) => boolean): TaggedVersion | null {
  let best: TaggedVersion | null = null;
  for (const item of list) {
    if (keep(item.version) && (best === null || item.version.compare(best.version) > 0)) best = item;
  }
  return best;
}

function releaseOf(v: Version): string {
  return v.release();
}

/**
 * Current and next version of one component on one channel (SPEC: versions and channels).
 * Stable: current = highest stable, next = current + bump. Prerelease channel `id`: the target is
 * highest stable + bump; the highest `id` line at or above the target continues, else target-id.1.
 */
export function nextVersion(input: NextVersionInput): NextVersionResult {
  const warnings: string[] = [];
  const { channel } = input;
  const stable = highest(input.versions, (v) => v.prerelease.length === 0);
  const ownPrerelease = (v: Version): boolean => channel !== null && v.prerelease[0] === channel;
  const current = channel === null ? stable : highest(input.versions, (v) => v.prerelease.length === 0 || ownPrerelease(v));

  let bump = input.bump;
  if (bump === 'none') return { current, bump, next: null, warnings };

  const base = stable?.version ?? Version.parse(input.initialVersion)!;
  let target: string;
  const derived = input.derivedMajor;
  if (derived !== null) {
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
      bump = 'major';
      target = `${derived.value}.0.0`;
    } else {
      if (bump === 'major') {
        warnings.push(
          `version-from.major: the major stays ${derived.value} (from ${derived.file}), so the major classification applies as minor`,
        );
        bump = 'minor';
      }
      target = base.inc(bump).version;
    }
  } else {
    target = base.inc(bump).version;
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
      throw new InputError(
        `a ${bump} bump from ${stable.version.version} would make ${target}, outside the ${range.range} range of branch ${range.branch}; ` +
          'release it from the main branch, or lower the bump (an override label)',
      );
    }
  }

  if (channel === null) return { current, bump, next: checked(target), warnings };

  const targetVersion = Version.parse(target)!;
  const line = highest(input.versions, (v) => ownPrerelease(v) && Version.parse(v.release())!.compare(targetVersion) >= 0);
  const next = line ? nextOnLine(line.version) : `${target}-${channel}.1`;
  return { current, bump, next: checked(next), warnings };
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
