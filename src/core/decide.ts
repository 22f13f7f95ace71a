/**
 * decide(): the whole release decision of a change, from plain data. Sources gather the inputs
 * (files, tags, labels, the head tree); entry points print or publish the Decision.
 */
import type { Config } from './config/index.js';
import { classify, RuleSet, type Classification } from './classify.js';
import { classifyCommits, type CommitCache } from './commits.js';
import { commitsOf, componentFiles } from './components.js';
import { decisionLabels, labelsOfRules, managedLabels } from './labels.js';
import { lineRelease, NO_RELEASE, prefixed } from './next-release.js';
import { findOverride } from './overrides.js';
import { checkPolicy } from './policy.js';
import { channelFor, releaseLineOf, releaseLines, ROOT_COMPONENT, type ReleaseLine, type TagPlace } from './releases.js';
import { deriveMajor } from './version-from.js';
import type { DerivedMajor } from './versions.js';
import {
  maxBump,
  type Bump,
  type ChangedFile,
  type CommitDecision,
  type CommitInput,
  type ComponentDecision,
  type Decision,
  type Release,
} from './types.js';

export { ROOT_COMPONENT, channelFor } from './releases.js';
export { managedLabels } from './labels.js';
export { deriveMajor, needsHeadTree } from './version-from.js';
export { latestReleaseTag, tagFormatOf } from './next-release.js';

/** The change one release line is measured over: its files and commits from `base` to head. */
export interface LineChange {
  /** The base commit, or null for the empty tree (before the first release: the whole history). */
  base: string | null;
  /** How the base was named: a tag, a ref, "empty tree (first release)". */
  baseRef: string;
  files: readonly ChangedFile[];
  /** The source could not list every file (and no fallback could). */
  truncated: boolean;
  /** The change's commits, newest first (read when `commits.conventional` is on). */
  commits: readonly CommitInput[] | null;
  /** Warnings the source raised for this change (truncation, rename detection, ...). */
  warnings: readonly string[];
}

export interface DecideInput {
  config: Config;
  /** The top-level change: every line's, unless `lines` gives a line its own. */
  files: readonly ChangedFile[];
  truncated?: boolean;
  /** Names of the repository's tags (any order; only those matching a tag-format count). */
  tags: Iterable<string>;
  base: string | null;
  baseRef?: string;
  /** The head commit (SHA). */
  head: string;
  headRef?: string;
  /** Branch of the release, for prerelease channels and maintenance ranges; null when unknown. */
  branch: string | null;
  /** Paths of every file in the head tree; needed only for `version-from`. */
  headTree?: readonly string[] | null;
  /** Labels on the pull request (or given on the CLI): overrides and the policy allow label. */
  labels?: readonly string[];
  /** Warnings the source raised (truncation, rename detection, ...). */
  warnings?: readonly string[];
  /** The change's commits, newest first (used when `commits.conventional` is on). */
  commits?: readonly CommitInput[] | null;
  /** Tags that cannot be the current release: at head (the change's own) or after head. */
  notBefore?: ReadonlyMap<string, TagPlace>;
  /** The commit of each tag the edge knows: a next tag must not exist at another commit. */
  tagCommits?: ReadonlyMap<string, string>;
  /** Lines measured from their own current release (release contexts), by line name. */
  lines?: ReadonlyMap<string, LineChange>;
}



/** Files whose patch a content rule needs, across the top level and every component. */
export function filesNeedingPatch(config: Config, files: readonly ChangedFile[]): ChangedFile[] {
  const sets = ruleSetsOf(config).filter((set) => set.readsPatches);
  if (sets.length === 0) return [];
  return files.filter((file) => sets.some((set) => set.needsPatch(file)));
}

function ruleSetsOf(config: Config): RuleSet[] {
  const sets = [new RuleSet(config.rules, config.defaultBump)];
  for (const c of config.components ?? []) if (c.rules !== config.rules) sets.push(new RuleSet(c.rules, config.defaultBump));
  return sets;
}


/** The union of several lines' changes (a monorepo's top level without a version of its own). */
function unionOfChanges(changes: readonly LineChange[]): LineChange {
  const distinct = [...new Set(changes)];
  if (distinct.length === 1) return distinct[0]!;
  const files = new Map<string, ChangedFile>();
  const commits = new Map<string, CommitInput>();
  // The longest history first: newest-first order is kept for the commits every list shares.
  const byLength = [...distinct].sort((a, b) => (b.commits?.length ?? 0) - (a.commits?.length ?? 0));
  for (const change of byLength) {
    for (const f of change.files) if (!files.has(f.path)) files.set(f.path, f);
    for (const c of change.commits ?? []) if (!commits.has(c.sha)) commits.set(c.sha, c);
  }
  const bases = new Set(distinct.map((c) => c.base));
  return {
    base: bases.size === 1 ? distinct[0]!.base : null,
    baseRef: bases.size === 1 ? distinct[0]!.baseRef : 'each component from its own release',
    files: [...files.values()],
    truncated: distinct.some((c) => c.truncated),
    commits: distinct.some((c) => c.commits !== null) ? [...commits.values()] : null,
    warnings: [...new Set(distinct.flatMap((c) => c.warnings))],
  };
}

interface Slice {
  line: ReleaseLine;
  ruleSet: RuleSet;
  files: readonly ChangedFile[];
  truncated: boolean;
  derived: DerivedMajor | null;
  /** The highest bump of the commits that count for this slice. */
  commitBump: Bump;
  /** Whether the slice has a version of its own. */
  versioned: boolean;
}

function sliceDecision(
  slice: Slice,
  input: DecideInput,
  channel: string | null,
  override: Bump | null,
  warnings: string[],
): { release: Release; files: Classification['files']; classification: Classification } {
  const classification = classify(slice.ruleSet, slice.files);
  warnings.push(...classification.warnings.map((w) => prefixed(slice.line.name, w)));
  let bump = maxBump(classification.bump, slice.commitBump);
  if (slice.truncated) bump = maxBump(bump, slice.ruleSet.maxPossibleBump());
  if (override !== null && (slice.files.length > 0 || slice.truncated)) bump = override;
  const made = slice.versioned ? lineRelease(input, slice.line, bump, channel, slice.derived, warnings) : { ...NO_RELEASE, bump };
  return { classification, files: classification.files, release: made };
}

function highestOf(commits: readonly CommitDecision[]): Bump {
  return commits.reduce<Bump>((best, c) => maxBump(best, c.bump), 'none');
}

export function decide(input: DecideInput): Decision {
  const { config } = input;
  const warnings: string[] = [...(input.warnings ?? [])];
  const prLabels = input.labels ?? [];
  const override = findOverride(config, prLabels);
  const channel = channelFor(config, input.branch);
  const top: LineChange = {
    base: input.base,
    baseRef: input.baseRef ?? input.base ?? 'empty tree',
    files: input.files,
    truncated: input.truncated ?? false,
    commits: input.commits ?? null,
    warnings: [],
  };
  const changeOf = (name: string): LineChange => input.lines?.get(name) ?? top;
  for (const change of new Set(input.lines?.values() ?? [])) warnings.push(...change.warnings);
  const anyTruncated = top.truncated || [...(input.lines?.values() ?? [])].some((c) => c.truncated);
  if (anyTruncated) {
    warnings.push('the list of changed files may be incomplete, so the bump is the highest the config can produce');
  }

  let derived: DerivedMajor | null = null;
  if (config.versionFrom !== null) {
    if (!input.headTree) throw new Error('decide(): version-from needs the head tree');
    const result = deriveMajor(config, input.headTree);
    derived = result.derived;
    warnings.push(...result.warnings);
  }

  // Commits are classified per list: the revert filter pairs commits within one change.
  const classified = new Map<readonly CommitInput[], CommitDecision[]>();
  const parsed: CommitCache = new Map();
  const commitsIn = (change: LineChange): CommitDecision[] => {
    if (!config.conventionalCommits || change.commits === null) return [];
    let found = classified.get(change.commits);
    if (found === undefined) classified.set(change.commits, (found = classifyCommits(change.commits, parsed)));
    return found;
  };

  // Each component's own files and commits within its change.
  const parts = releaseLines(config).flatMap((line) => {
    const component = line.component;
    if (component === null || config.components === null) return [];
    const change = changeOf(component.name);
    const files = componentFiles(component, change.files);
    const own = commitsOf(commitsIn(change), change.commits ?? [], component, files.length > 0, config.components);
    const shas = new Set(own.map((c) => c.sha));
    const mine: LineChange = { ...change, files, commits: change.commits?.filter((c) => shas.has(c.sha)) ?? null };
    return [{ line, component, change, own, mine }];
  });

  const rootLine = releaseLineOf(config, null);
  // A monorepo measured per component, without a version of its own: the top level is the union
  // of what each component released (a file outside every component releases nothing).
  const rootChange = input.lines !== undefined && !config.rootVersioned && parts.length > 0
    ? unionOfChanges(parts.map((p) => p.mine))
    : changeOf(ROOT_COMPONENT);
  const commits = commitsIn(rootChange);
  const topRules = new RuleSet(config.rules, config.defaultBump);
  const root = sliceDecision(
    {
      line: rootLine,
      ruleSet: topRules,
      files: rootChange.files,
      truncated: rootChange.truncated,
      derived,
      commitBump: highestOf(commits),
      versioned: config.rootVersioned,
    },
    input,
    channel,
    override?.bump ?? null,
    warnings,
  );

  const components: ComponentDecision[] = [];
  const ruleLabels: string[] = [];
  const lineBase = (change: LineChange) => ({ base: change.base, baseRef: change.baseRef });
  if (config.components === null) {
    components.push({ name: ROOT_COMPONENT, ...root.release, ...lineBase(rootChange), files: root.files });
    ruleLabels.push(...labelsOfRules(root.classification.decidingRules, ROOT_COMPONENT));
  } else {
    ruleLabels.push(...labelsOfRules(root.classification.decidingRules, null));
    for (const { line, component, change, own, mine } of parts) {
      const ruleSet = component.rules === config.rules ? topRules : new RuleSet(component.rules, config.defaultBump);
      const result = sliceDecision(
        { line, ruleSet, files: mine.files, truncated: change.truncated, derived: null, commitBump: highestOf(own), versioned: true },
        input,
        channel,
        override?.bump ?? null,
        warnings,
      );
      components.push({ name: component.name, ...result.release, ...lineBase(change), files: result.files });
      ruleLabels.push(...labelsOfRules(result.classification.decidingRules, component.name));
    }
  }

  // The overall bump is the highest of anything; with components, a component's own rules count.
  let bump = root.release.bump;
  if (override === null) for (const c of components) bump = maxBump(bump, c.bump);
  let overall: Release = root.release;
  if (bump !== root.release.bump) {
    overall = config.rootVersioned ? lineRelease(input, rootLine, bump, channel, derived, warnings) : { ...NO_RELEASE, bump };
  }

  const labels = decisionLabels(config, overall.bump, components, rootChange.files, rootChange.truncated, ruleLabels);
  const policy = checkPolicy(config, overall.bump, prLabels, root.files, components, commits);

  return {
    bump: overall.bump,
    currentVersion: overall.currentVersion,
    currentTag: overall.currentTag,
    nextVersion: overall.nextVersion,
    nextVersionFull: overall.nextVersionFull,
    nextTag: overall.nextTag,
    prerelease: overall.prerelease,
    channel,
    base: rootChange.base,
    baseRef: rootChange.baseRef,
    head: input.head,
    headRef: input.headRef ?? input.head,
    files: root.files,
    commits,
    labels,
    managedLabels: managedLabels(config),
    components,
    override,
    policy,
    truncated: anyTruncated,
    warnings: [...new Set(warnings)],
  };
}






