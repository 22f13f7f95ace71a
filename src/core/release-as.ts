/**
 * `Release-As` footers, release-please's escape hatch: a commit whose message has a footer line
 * `Release-As: 2.0.0` sets the next version exactly. Pure reading and choosing; decide() finds
 * the lines a commit counts for, and nextVersion() applies the version.
 *
 * As release-please reads them:
 * - the key is case-insensitive (`Release-As`, `release-as`, `RELEASE-AS`), at the start of a
 *   line after the subject (a footer; squash merges put footers of their commits mid-body);
 * - the value may start with "v" (`Release-As: v3.0.0`);
 * - the commit need not be a conventional commit;
 * - the newest commit with a footer wins (commits come newest first); in one message, the first footer.
 * Stricter than release-please, which finds a version anywhere in the value: the value must be a
 * release `X.Y.Z` (numbers of any size) and nothing else, or the decision is an error, since a
 * misread footer would publish a version nobody asked for.
 */
import { InputError } from './errors.js';
import { Version } from './version-number.js';
import type { CommitInput, ReleaseAs } from './types.js';

const FOOTER = /^release-as:(.*)$/i;
/** A cheap test before splitting a message into lines. */
const MAYBE = /^release-as:/im;

/** The value of a message's first Release-As footer, as written (trimmed), or null. */
export function releaseAsFooter(message: string): string | null {
  if (!MAYBE.test(message)) return null;
  const lines = message.split(/\r\n|\r|\n/);
  for (let i = 1; i < lines.length; i++) {
    const m = FOOTER.exec(lines[i]!);
    if (m) return m[1]!.trim();
  }
  return null;
}

/** The release a footer value names (`2.0.0`, `v2.0.0`), or why it names none. */
export function parseReleaseAs(value: string): Version | string {
  const text = value.startsWith('v') ? value.slice(1) : value;
  const version = Version.parse(text);
  if (version === null) return 'not a version X.Y.Z';
  if (version.isPrerelease() || version.build.length > 0) {
    return 'a version with a prerelease or build part; Release-As sets a release X.Y.Z (prereleases come from a prerelease channel)';
  }
  return version;
}

/** The footers of a change's commits, by SHA: only commits that have one. Read once per decision. */
export function releaseAsFooters(commits: Iterable<CommitInput>): Map<string, string> {
  const found = new Map<string, string>();
  for (const c of commits) {
    if (found.has(c.sha)) continue;
    const value = releaseAsFooter(c.message);
    if (value !== null) found.set(c.sha, value);
  }
  return found;
}

/** The version a line's newest Release-As commit sets, and how messages name it. */
export interface ChosenReleaseAs extends ReleaseAs {
  parsed: Version;
  /** "Release-As: 2.0.0 (commit 1a2b3c4)" */
  source: string;
}

/**
 * The newest of `commits` (newest first) with a footer in `footers`, read; null when none has
 * one. A newest footer that names no release is an error: an older one never stands in for it.
 */
export function chooseReleaseAs(commits: readonly CommitInput[], footers: ReadonlyMap<string, string>): ChosenReleaseAs | null {
  if (footers.size === 0) return null;
  const newest = commits.find((c) => footers.has(c.sha));
  if (newest === undefined) return null;
  const value = footers.get(newest.sha)!;
  const parsed = parseReleaseAs(value);
  const commit = `commit ${shortSha(newest.sha)}`;
  if (typeof parsed === 'string') {
    throw new InputError(
      `${commit} has the footer "Release-As: ${value}", which is ${parsed}; write it like "Release-As: 2.0.0". ` +
        'A newer commit with another Release-As footer replaces it',
    );
  }
  return { sha: newest.sha, version: parsed.version, parsed, source: `Release-As: ${parsed.version} (${commit})` };
}

/** The conventional-commit scope of a message's subject (the conventionalcommits preset's header pattern), or null. */
export function subjectScope(message: string): string | null {
  const subject = message.trimStart().split(/\r?\n/, 1)[0]!;
  return /^(\w*)(?:\((.*)\))?!?: (.*)$/.exec(subject)?.[2] ?? null;
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{40,64}$/i.test(sha) ? sha.slice(0, 7) : sha;
}
