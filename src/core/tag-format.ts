/**
 * Tag formats: how a release line's tags are written and read.
 *
 * A format carries the version either whole, `{version}` (`v1.4.2`), or as its leading parts:
 * `{major}` (`app@8`), `{major}.{minor}` (`v2.0`) or `{major}.{minor}.{patch}` (the same tags as
 * `{version}`). The lowest part written is the line's granularity: a smaller bump is raised to it.
 * A prerelease follows the last part, as in semver (`v2.0-preview.1`); versions stay full semver.
 */
import { InputError } from './errors.js';
import { Version } from './version-number.js';

/** The lowest version part a format writes: a smaller bump is raised to it. */
export type Granularity = 'major' | 'minor' | 'patch';

const PLACEHOLDERS = /\{(version|major|minor|patch)\}/g;
/** The runs of parts a format may hold, longest first. */
const PART_RUNS = ['{major}.{minor}.{patch}', '{major}.{minor}', '{major}'] as const;

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

/** Where a format's version goes: the placeholder text, its offset, and how many numbers it writes. */
interface Shape {
  at: number;
  run: string;
  parts: 1 | 2 | 3;
  usesParts: boolean;
}

/** The shape of a format, or why its placeholders are unusable. */
function shapeOf(format: string): Shape | { problem: string } {
  const found = [...format.matchAll(PLACEHOLDERS)].map((m) => ({ name: m[1]!, at: m.index }));
  const versions = found.filter((f) => f.name === 'version');
  const parts = found.length - versions.length;
  if (versions.length > 0 && parts > 0) {
    return { problem: `use either "{version}" or the parts {major}, {minor}, {patch}, not both (e.g. "v{version}" or "v{major}.{minor}")` };
  }
  if (versions.length === 1) return { at: versions[0]!.at, run: '{version}', parts: 3, usesParts: false };
  if (versions.length > 1 || parts === 0) {
    return { problem: `expected "{version}" exactly once (e.g. "v{version}"), or the parts {major}, {major}.{minor} or {major}.{minor}.{patch} (e.g. "v{major}.{minor}"), found "{version}" ${versions.length} times` };
  }
  const first = found[0]!;
  const run = first.name === 'major' ? PART_RUNS.find((r) => format.startsWith(r, first.at)) : undefined;
  const count = run === undefined ? 0 : run.split('.').length;
  if (run === undefined || count !== parts) {
    const written = found.map((f) => `{${f.name}}`).join(', ');
    return {
      problem: `the version parts must be {major}, {major}.{minor} or {major}.{minor}.{patch}: in that order, joined by ".", each once (e.g. "v{major}.{minor}"); found ${written}`,
    };
  }
  return { at: first.at, run, parts: count as 1 | 2 | 3, usesParts: true };
}

const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

/** Why a tag-format is unusable, or null. */
export function tagFormatProblem(format: string): string | null {
  const shape = shapeOf(format);
  if ('problem' in shape) return shape.problem;
  // Git refuses names over 255 bytes; leave room for long versions such as 10.200.3000-preview.42.
  if (new TextEncoder().encode(format.replace(shape.run, '')).length > 200) {
    return `a tag format longer than 200 characters besides ${shape.run}`;
  }
  // Bidi and zero-width characters make a tag read differently from what it is.
  const hidden = INVISIBLE.exec(format);
  if (hidden) return `a tag format with the invisible or direction-changing character U+${hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const sample = new TagFormat(format).tagFor(shape.parts === 3 ? '1.2.3-rc.1' : '1.0.0-rc.1');
  const problem = tagNameProblem(sample);
  return problem ? `tags like "${sample}" are not valid: ${problem}` : null;
}

const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const LOOSE = new RegExp(`^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`);

/** A tag's version text as a format reads it. */
export interface ReadText {
  version: Version;
  /** How many numbers the text writes (1 to 3). */
  count: number;
  /** The text is exactly what the format writes: as many numbers as it has parts, no leading zeros. */
  exact: boolean;
  /** The numbers as written without leading zeros ("1.2"), when there is no prerelease or build: a floating tag's line. */
  plain: string | null;
}

/**
 * The version a version text names, read for a format writing `parts` numbers: the numbers it
 * omits are 0 (`2.0-preview.1` -> 2.0.0-preview.1). Leading zeros and other numbers of parts
 * are read too, but not `exact`. Null when the text names no version. A leading "v" or "="
 * inside the version text is not accepted: with tag-format "v{version}", "vv1.2.3" is not a
 * release; nor are spaces (semver trims them; a tag "v1.2.3 " is not the release 1.2.3).
 */
export function readVersionText(text: string, parts: 1 | 2 | 3): ReadText | null {
  if (!/^\d[0-9A-Za-z.+-]*$/.test(text)) return null;
  const m = LOOSE.exec(text);
  if (!m) return null;
  const written = [m[1], m[2], m[3]].filter((n): n is string => n !== undefined);
  const numbers = written.map((n) => n.replace(/^0+(?=\d)/, ''));
  const core = [...numbers, '0', '0'].slice(0, 3).join('.');
  const version = Version.parse(`${core}${m[4] ? `-${m[4]}` : ''}${m[5] ? `+${m[5]}` : ''}`);
  if (version === null) return null;
  const exact = written.length === parts && numbers.every((n, i) => n === written[i]);
  return { version, count: written.length, exact, plain: m[4] || m[5] ? null : numbers.join('.') };
}

/** A tag-format split at its version: tags must carry this exact prefix and suffix. */
export class TagFormat {
  readonly prefix: string;
  readonly suffix: string;
  /** How many numbers a tag writes: 3 for `{version}` and `{major}.{minor}.{patch}`. */
  readonly parts: 1 | 2 | 3;
  /** Whether the format writes parts (`{major}`...) rather than `{version}`. */
  readonly usesParts: boolean;
  /** The placeholder text: `{version}`, `{major}`, `{major}.{minor}`, `{major}.{minor}.{patch}`. */
  readonly placeholder: string;

  constructor(readonly format: string) {
    const shape = shapeOf(format);
    if ('problem' in shape) throw new Error(`tag-format "${format}": ${shape.problem}`);
    this.prefix = format.slice(0, shape.at);
    this.suffix = format.slice(shape.at + shape.run.length);
    this.parts = shape.parts;
    this.usesParts = shape.usesParts;
    this.placeholder = shape.run;
  }

  /** The lowest part the format writes: a smaller bump is raised to it. */
  get granularity(): Granularity {
    return this.parts === 1 ? 'major' : this.parts === 2 ? 'minor' : 'patch';
  }

  /** Whether a tag of this format can name the version (the parts it omits are 0). */
  writes(version: Version): boolean {
    return this.parts === 3 || (version.patch === 0n && (this.parts === 2 || version.minor === 0n));
  }

  /** The tag of a version: `{version}` whole, parts as the format writes them (`app@8`, `v2.0-preview.1`). */
  tagFor(version: string): string {
    if (this.parts === 3) return `${this.prefix}${version}${this.suffix}`;
    const v = Version.parse(version);
    if (v === null) throw new Error(`tagFor: ${version} is not a version`);
    if (!this.writes(v)) {
      throw new InputError(
        `the version ${version} cannot be written in tag-format "${this.format}", which writes only ${this.parts === 1 ? 'the major' : 'the major and minor'}`,
      );
    }
    const numbers = [v.major, v.minor].slice(0, this.parts).join('.');
    const pre = v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : '';
    const build = v.build.length > 0 ? `+${v.build.join('.')}` : '';
    return `${this.prefix}${numbers}${pre}${build}${this.suffix}`;
  }

  /** The text in the version's place, or null when the tag does not fit the format exactly. */
  versionText(tag: string): string | null {
    if (tag.length <= this.prefix.length + this.suffix.length) return null;
    if (!tag.startsWith(this.prefix) || !tag.endsWith(this.suffix)) return null;
    return tag.slice(this.prefix.length, tag.length - this.suffix.length);
  }
}
