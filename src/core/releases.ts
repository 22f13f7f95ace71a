/**
 * Which tag is the current release: one rule for the CLI and the action (SPEC section 2).
 *
 * - A release line is the top level (when it has a version) or a component, each with its own
 *   tag-format.
 * - The current release of a line is the highest version on the branch's channel among the tags
 *   that match the line's tag-format exactly, whether or not the tag's commit is reachable from
 *   head (release commits off the branch count; the change is tag...head, from the merge-base).
 * - A floating tag (`v1`, `v1.2` beside an exact `v1.x.y`) is never a release (see versions.ts);
 *   with a tag-format of parts, a tag writing exactly its parts is (`v1` for `v{major}`).
 * - A maintenance branch (`1.x`, `1.2.x`, or one named in `maintenance`) keeps to its range.
 * - Tags at head (the change's own release: a re-run, or `--head v1.1.0`) and tags whose commit
 *   descends from head (releases made after it) are not the current release: the edge finds
 *   them (git, or the compare API) and passes them in `notBefore`.
 */
import type { Config } from './config/index.js';
import type { ComponentConfig } from './config/index.js';
import { InputError } from './errors.js';
import { readVersions, type MaintenanceRange, type TaggedVersion, type TagFormat } from './versions.js';

export type { MaintenanceRange } from './versions.js';

export const ROOT_COMPONENT = 'root';

/** Where a tag's commit stands relative to the head of the change. */
export type TagPlace = 'at-head' | 'after-head';

/** One line of releases: the top level ("root") or a component. */
export interface ReleaseLine {
  name: string;
  tagFormat: TagFormat;
  /** The component, or null for the top level. */
  component: ComponentConfig | null;
}

/**
 * The lines that carry versions. Without components, the root. With components, each of them,
 * and the root too only when the config sets a top-level tag-format: a monorepo that never
 * asked for a repository-wide version gets none.
 */
export function releaseLines(config: Config): ReleaseLine[] {
  const lines: ReleaseLine[] = [];
  if (config.rootVersioned) lines.push({ name: ROOT_COMPONENT, tagFormat: config.tagFormat, component: null });
  for (const component of config.components ?? []) {
    lines.push({ name: component.name, tagFormat: component.tagFormat, component });
  }
  return lines;
}

/** The line of a component name (`root` or null: the top level). An unknown name is bad input. */
export function releaseLineOf(config: Config, name: string | null): ReleaseLine {
  const lines = releaseLines(config);
  const wanted = name ?? ROOT_COMPONENT;
  const found = lines.find((l) => l.name === wanted);
  if (found) return found;
  if (wanted === ROOT_COMPONENT && config.components !== null) {
    // A monorepo without a top-level tag-format has no repository-wide line.
    return { name: ROOT_COMPONENT, tagFormat: config.tagFormat, component: null };
  }
  const known = config.components?.map((c) => c.name) ?? [ROOT_COMPONENT];
  throw new InputError(`unknown component "${wanted}"; the config defines ${known.map((n) => `"${n}"`).join(', ')}`);
}

const RANGE = /^v?(\d+)(?:\.(\d+|x))?\.x$/;

/** A range written `1.x`, `1.2.x` or `1.x.x` (a leading "v" allowed), or null. */
export function parseRange(text: string): { major: bigint; minor: bigint | null; range: string } | null {
  const m = RANGE.exec(text);
  if (!m) return null;
  const major = BigInt(m[1]!);
  const minor = m[2] === undefined || m[2] === 'x' ? null : BigInt(m[2]);
  return { major, minor, range: minor === null ? `${major}.x` : `${major}.${minor}.x` };
}

/**
 * The maintenance range of a branch, or null. A branch named like a range (`1.x`, `1.2.x`,
 * semantic-release's convention) is one; `maintenance[]` names others, with an explicit range or
 * the range read from the last segment of the branch name (`release/1.x`).
 */
export function maintenanceRangeOf(config: Config, branch: string | null): MaintenanceRange | null {
  if (branch === null) return null;
  for (const entry of config.maintenance) {
    if (!entry.branches.matches(branch)) continue;
    const parsed = parseRange(entry.range ?? branch.slice(branch.lastIndexOf('/') + 1));
    if (parsed === null) {
      throw new InputError(
        `branch "${branch}" matches maintenance[].branches, but its name does not say its range (like "1.x" or "1.2.x"); set maintenance[].range`,
      );
    }
    return { branch, ...parsed };
  }
  const parsed = parseRange(branch);
  return parsed === null ? null : { branch, ...parsed };
}

export function inRange(version: { major: number | bigint; minor: number | bigint }, range: MaintenanceRange): boolean {
  if (BigInt(version.major) !== range.major) return false;
  return range.minor === null || BigInt(version.minor) === range.minor;
}

export interface LineVersions {
  /** Versions that may be the current release of the line on this branch, highest first. */
  versions: TaggedVersion[];
  /** Versions set aside because they are at or after head, with where they stand. */
  setAside: { version: TaggedVersion; place: TagPlace }[];
  range: MaintenanceRange | null;
  warnings: string[];
}

/** The release versions of one line that the current-release rule may choose from. */
export function lineVersions(
  config: Config,
  format: TagFormat,
  tags: Iterable<string>,
  branch: string | null,
  notBefore: ReadonlyMap<string, TagPlace> = new Map(),
): LineVersions {
  const read = readVersions(tags, format);
  const range = maintenanceRangeOf(config, branch);
  const versions: TaggedVersion[] = [];
  const setAside: LineVersions['setAside'] = [];
  for (const v of read.versions) {
    if (range !== null && !inRange(v.version, range)) continue;
    const place = notBefore.get(v.tag);
    if (place !== undefined) setAside.push({ version: v, place });
    else versions.push(v);
  }
  return { versions, setAside, range, warnings: read.warnings };
}

/** The prerelease id of the branch's channel, or null for the stable channel. */
export function channelFor(config: Config, branch: string | null): string | null {
  if (branch === null) return null;
  return config.prerelease.find((c) => c.branches.matches(branch))?.id ?? null;
}
