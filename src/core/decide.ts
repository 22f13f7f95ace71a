/**
 * decide(): the whole release decision of a change, from plain data. Sources gather the inputs
 * (files, tags, labels, the head tree); entry points print or publish the Decision.
 */
import type { Config } from './config/index.js';
import { classify, RuleSet, type Classification } from './classify.js';
import { classifyCommits, type CommitCache } from './commits.js';
import { commitsOf, componentFiles, countsFor } from './components.js';
import { decisionLabels, labelsOfRules, managedLabels } from './labels.js';
import { lineRelease, NO_RELEASE, prefixed, type LineRelease } from './next-release.js';
import { chooseReleaseAs, releaseAsFooters, subjectScope, type ChosenReleaseAs } from './release-as.js';
import { findOverride } from './overrides.js';
import { checkPolicy } from './policy.js';
import { channelFor, releaseLineOf, releaseLines, ROOT_COMPONENT, type ReleaseLine, type TagPlace } from './releases.js';
import { InputError } from './errors.js';
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
  /**
   * The one component asked about (the CLI's --component): another component whose version
   * cannot be made (its next tag exists elsewhere, a maintenance range it has no release in)
   * is then left undecided with a warning instead of failing the answer.
   */
  only?: string;
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
  /** The newest commit that counts for the slice with a Release-As footer. */
  releaseAs: ChosenReleaseAs | null;
}

function sliceDecision(
  slice: Slice,
  input: DecideInput,
  channel: string | null,
  override: Bump | null,
  warnings: string[],
  notes: string[],
): { release: LineRelease; files: Classification['files']; classification: Classification } {
  const classification = classify(slice.ruleSet, slice.files);
  warnings.push(...classification.warnings.map((w) => prefixed(slice.line.name, w)));
  let bump = maxBump(classification.bump, slice.commitBump);
  if (slice.truncated) bump = maxBump(bump, slice.ruleSet.maxPossibleBump());
  let releaseAs = slice.releaseAs;
  if (override !== null && (slice.files.length > 0 || slice.truncated)) {
    bump = override;
    // A label set on the PR is the later word: it sets the bump exactly, as it does over the files.
    if (releaseAs !== null) {
      warnings.push(prefixed(slice.line.name, `an override label sets the bump to ${override}, so ${releaseAs.source} is not applied`));
      releaseAs = null;
    }
  }
  const made = slice.versioned
    ? lineRelease(input, slice.line, bump, channel, slice.derived, warnings, { releaseAs, notes })
    : { ...NO_RELEASE, bump };
  return { classification, files: classification.files, release: made };
}

/** A component not asked about whose version cannot be made: no release, and a warning saying why. */
function undecided(name: string, decideSlice: () => ReturnType<typeof sliceDecision>, warnings: string[]): ReturnType<typeof sliceDecision> {
  try {
    return decideSlice();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    warnings.push(prefixed(name, `not decided: ${error.message}`));
    const classification: Classification = { bump: 'none', files: [], decidingRules: [], warnings: [] };
    return { release: NO_RELEASE, files: [], classification };
  }
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
    if (found === undefined) classified.set(change.commits, (found = classifyCommits(change.commits, parsed, config.commits)));
    return found;
  };

  // Release-As footers, read once for every list of commits (whatever commits.conventional says).
  const footers = releaseAsFooters(commitLists(top, input.lines));
  const counted = new Set<string>();
  const releaseAsOf = (commits: readonly CommitInput[]): ChosenReleaseAs | null => {
    const withFooter = commits.filter((c) => footers.has(c.sha));
    for (const c of withFooter) counted.add(c.sha);
    return chooseReleaseAs(withFooter, footers);
  };
  const componentNames = new Set((config.components ?? []).map((c) => c.name));

  // Each component's own files and commits within its change.
  const parts = releaseLines(config).flatMap((line) => {
    const component = line.component;
    if (component === null || config.components === null) return [];
    const change = changeOf(component.name);
    const files = componentFiles(component, change.files);
    const own = commitsOf(commitsIn(change), change.commits ?? [], component, files.length > 0, config.components);
    const shas = new Set(own.map((c) => c.sha));
    const mine: LineChange = { ...change, files, commits: change.commits?.filter((c) => shas.has(c.sha)) ?? null };
    // A footer applies to the components its commit counts for, as a commit's bump does.
    const counts = (c: CommitInput): boolean =>
      footers.has(c.sha) && countsFor({ files: c.files, scope: subjectScope(c.message) }, component, files.length > 0, componentNames);
    const releaseAs = footers.size === 0 ? null : releaseAsOf((change.commits ?? []).filter(counts));
    return [{ line, component, change, own, mine, releaseAs }];
  });

  const rootLine = releaseLineOf(config, null);
  // A monorepo measured per component, without a version of its own: the top level is the union
  // of what each component released (a file outside every component releases nothing).
  const rootChange = input.lines !== undefined && !config.rootVersioned && parts.length > 0
    ? unionOfChanges(parts.map((p) => p.mine))
    : changeOf(ROOT_COMPONENT);
  const rootCommits = commitsIn(rootChange);
  const topRules = new RuleSet(config.rules, config.defaultBump);
  const rootReleaseAs = config.rootVersioned && footers.size > 0 ? releaseAsOf(rootChange.commits ?? []) : null;
  const rootNotes: string[] = [];
  const root = sliceDecision(
    {
      line: rootLine,
      ruleSet: topRules,
      files: rootChange.files,
      truncated: rootChange.truncated,
      derived,
      commitBump: highestOf(rootCommits),
      versioned: config.rootVersioned,
      releaseAs: rootReleaseAs,
    },
    input,
    channel,
    override?.bump ?? null,
    warnings,
    rootNotes,
  );

  const components: ComponentDecision[] = [];
  const componentNotes: string[] = [];
  const ruleLabels: string[] = [];
  const lineBase = (change: LineChange) => ({ base: change.base, baseRef: change.baseRef });
  if (config.components === null) {
    components.push({ name: ROOT_COMPONENT, ...root.release, ...lineBase(rootChange), files: root.files, commits: withReleaseAs(rootCommits, [root.release]) });
    ruleLabels.push(...labelsOfRules(root.classification.decidingRules, ROOT_COMPONENT));
  } else {
    ruleLabels.push(...labelsOfRules(root.classification.decidingRules, null));
    for (const { line, component, change, own, mine, releaseAs } of parts) {
      const ruleSet = component.rules === config.rules ? topRules : new RuleSet(component.rules, config.defaultBump);
      const decideSlice = () =>
        sliceDecision(
          { line, ruleSet, files: mine.files, truncated: change.truncated, derived: null, commitBump: highestOf(own), versioned: true, releaseAs },
          input,
          channel,
          override?.bump ?? null,
          warnings,
          componentNotes,
        );
      const result = input.only === undefined || input.only === component.name ? decideSlice() : undecided(component.name, decideSlice, warnings);
      components.push({ name: component.name, ...result.release, ...lineBase(change), files: result.files, commits: withReleaseAs(own, [result.release]) });
      ruleLabels.push(...labelsOfRules(result.classification.decidingRules, component.name));
    }
  }

  // The overall bump is the highest of anything; with components, a component's own rules count.
  let bump = root.release.bump;
  if (override === null) for (const c of components) bump = maxBump(bump, c.bump);
  let overall: LineRelease = root.release;
  let overallNotes = rootNotes;
  if (bump !== root.release.bump) {
    if (!config.rootVersioned) overall = { ...NO_RELEASE, bump };
    else if (root.release.releaseAs === null) {
      overallNotes = [];
      overall = lineRelease(input, rootLine, bump, channel, derived, warnings, { notes: overallNotes });
    }
  }
  // A Release-As version stands: the bump is still the highest of anything.
  const decided = overall.releaseAs === null ? overall.bump : bump;
  if (!config.rootVersioned && config.components !== null) warnings.push(...unappliedReleaseAs(footers, counted, top, input.lines, config.components));
  const commits = withReleaseAs(rootCommits, [overall, ...components]);

  const labels = decisionLabels(config, decided, components, rootChange.files, rootChange.truncated, ruleLabels);
  const policy = checkPolicy(config, decided, prLabels, root.files, components, commits);

  return {
    bump: decided,
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
    releaseAs: overall.releaseAs,
    notes: [...new Set([...overallNotes, ...componentNotes])],
    versionFrom: derived,
  };
}

/** Every list of commits of a decision: the top-level change's and each line's. */
function* commitLists(top: LineChange, lines: ReadonlyMap<string, LineChange> | undefined): Iterable<CommitInput> {
  for (const change of new Set([top, ...(lines?.values() ?? [])])) yield* change.commits ?? [];
}

/** The commit reasons, saying which commit's Release-As footer set a version. */
function withReleaseAs(commits: CommitDecision[], lines: readonly { releaseAs: { sha: string; version: string } | null }[]): CommitDecision[] {
  const set = new Map(lines.flatMap((l) => (l.releaseAs === null ? [] : [[l.releaseAs.sha, l.releaseAs.version] as const])));
  if (set.size === 0) return commits;
  return commits.map((c) => (set.has(c.sha) ? { ...c, reason: `${c.reason}; Release-As: ${set.get(c.sha)!}` } : c));
}

/**
 * Release-As footers in a monorepo without a version of its own that count for no component:
 * their commit touches no component's files. Said, so that a footer never silently does nothing.
 */
function unappliedReleaseAs(
  footers: ReadonlyMap<string, string>,
  counted: ReadonlySet<string>,
  top: LineChange,
  lines: ReadonlyMap<string, LineChange> | undefined,
  components: readonly { paths: { matches(path: string): boolean } }[],
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of commitLists(top, lines)) {
    if (!footers.has(c.sha) || counted.has(c.sha) || seen.has(c.sha)) continue;
    seen.add(c.sha);
    // Measured per component, a commit in one component's range may belong to another that has
    // released since: only a commit known to touch no component is certain to set nothing.
    const touchesNone = c.files !== undefined ? !c.files.some((f) => components.some((k) => k.paths.matches(f))) : lines === undefined;
    if (touchesNone) {
      out.push(`Release-As: ${footers.get(c.sha)!} in commit ${c.sha.slice(0, 7)} counts for no component (its commit touches none of their files), so it sets no version`);
    }
  }
  return out;
}






