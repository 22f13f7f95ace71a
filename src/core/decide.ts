/**
 * decide(): the whole release decision of a change, from plain data. Sources gather the inputs
 * (files, tags, labels, the head tree); entry points print or publish the Decision.
 */
import type { Config, ComponentConfig, Rule } from './config/index.js';
import { classify, RuleSet, type Classification } from './classify.js';
import { classifyCommits, type CommitCache } from './commits.js';
import { InputError } from './errors.js';
import { lineVersions, releaseLineOf, releaseLines, ROOT_COMPONENT, type ReleaseLine, type TagPlace } from './releases.js';
import { expandBuildMetadata, nextVersion, tagNameProblem, type DerivedMajor, type TagFormat } from './versions.js';
import {
  bumpRank,
  maxBump,
  type Bump,
  type ChangedFile,
  type CommitDecision,
  type CommitInput,
  type ComponentDecision,
  type Decision,
  type PolicyResult,
  type Release,
} from './types.js';

export { ROOT_COMPONENT } from './releases.js';

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
  head: string;
  headRef?: string;
  headSha: string;
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

const COMPONENT_PLACEHOLDER = '{component}';

/** The prerelease id of the branch's channel, or null for the stable channel. */
export function channelFor(config: Config, branch: string | null): string | null {
  if (branch === null) return null;
  return config.prerelease.find((c) => c.branches.matches(branch))?.id ?? null;
}

/** Whether a `version-from` derivation needs the head tree. */
export function needsHeadTree(config: Config): boolean {
  return config.versionFrom !== null;
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

/** The largest number `version-from.major` derives from file names in the head tree. */
export function deriveMajor(config: Config, tree: readonly string[]): { derived: DerivedMajor | null; warnings: string[] } {
  const from = config.versionFrom;
  if (from === null) return { derived: null, warnings: [] };
  let best: DerivedMajor | null = null;
  let bestValue = -1n;
  const notNumbers: string[] = [];
  for (const path of tree) {
    if (!from.files.matches(path)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    const captured = from.pattern.firstGroup(name);
    if (captured === undefined) continue;
    if (!/^\d+$/.test(captured)) {
      notNumbers.push(path);
      continue;
    }
    const value = BigInt(captured);
    if (value > bestValue) {
      bestValue = value;
      best = { value: value.toString(), file: path };
    }
  }
  const warnings: string[] = [];
  if (notNumbers.length > 0) {
    warnings.push(`version-from.major: ignored ${notNumbers.length} file(s) whose captured text is not a number, e.g. ${notNumbers[0]}`);
  }
  if (best === null) {
    warnings.push('version-from.major: no file at head matches version-from.major.files; the version is computed without it');
  }
  return { derived: best, warnings };
}

/** The union of several lines' changes (a monorepo's top level without a version of its own). */
export function unionOfChanges(changes: readonly LineChange[]): LineChange {
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

/** Current and next version of one release line for a bump, with build metadata and tag name. */
function release(
  input: DecideInput,
  line: ReleaseLine,
  bump: Bump,
  channel: string | null,
  derived: DerivedMajor | null,
  warnings: string[],
): Release {
  const { versions, setAside, range, warnings: read } = lineVersions(input.config, line.tagFormat, input.tags, input.branch, input.notBefore);
  warnings.push(...read.map((w) => prefixed(line.name, w)));
  const version = nextVersion({
    versions,
    bump,
    channel,
    initialVersion: input.config.initialVersion,
    derivedMajor: derived,
    range,
  });
  warnings.push(...version.warnings);
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
    nextVersionFull: next === null ? null : withBuildMetadata(next, input.config.buildMetadata, input.headSha),
    nextTag: tag,
    prerelease: next !== null && channel !== null,
  };
}

const NO_RELEASE: Release = {
  bump: 'none',
  currentVersion: null,
  currentTag: null,
  nextVersion: null,
  nextVersionFull: null,
  nextTag: null,
  prerelease: false,
};

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
  const made = slice.versioned ? release(input, slice.line, bump, channel, slice.derived, warnings) : { ...NO_RELEASE, bump };
  return { classification, files: classification.files, release: made };
}

function highestOf(commits: readonly CommitDecision[]): Bump {
  return commits.reduce<Bump>((best, c) => maxBump(best, c.bump), 'none');
}

/**
 * The commits that count for a component. When the source knows each commit's files (local
 * git), those that touch the component's paths. Otherwise (the GitHub API lists commits without
 * files): those whose scope names the component, and those scoped to no component when the
 * change touches the component's files.
 */
function commitsOf(
  decided: readonly CommitDecision[],
  inputs: readonly CommitInput[],
  component: ComponentConfig,
  touched: boolean,
  components: readonly ComponentConfig[],
): CommitDecision[] {
  const names = new Set(components.map((c) => c.name));
  const filesOf = new Map(inputs.map((c) => [c.sha, c.files]));
  return decided.filter((c) => {
    const files = filesOf.get(c.sha);
    if (files !== undefined) return files.some((path) => component.paths.matches(path));
    return c.scope === component.name || (touched && (c.scope === null || !names.has(c.scope)));
  });
}

function prefixed(component: string, warning: string): string {
  return component === ROOT_COMPONENT ? warning : `${component}: ${warning}`;
}

function withBuildMetadata(version: string, template: string, sha: string): string {
  return template === '' ? version : `${version}+${expandBuildMetadata(template, sha)}`;
}

/** The override label on the PR, if any; two different ones are an error naming both. */
function findOverride(config: Config, labels: readonly string[]): { label: string; bump: Bump } | null {
  const present = [...new Set(labels.filter((l) => config.overrides.has(l)))];
  if (present.length > 1) {
    throw new InputError(
      `conflicting override labels ${present.map((l) => `"${l}" (${config.overrides.get(l)})`).join(' and ')}; keep one`,
    );
  }
  const label = present[0];
  return label === undefined ? null : { label, bump: config.overrides.get(label)! };
}

function componentFiles(component: ComponentConfig, files: readonly ChangedFile[]): ChangedFile[] {
  return files.filter(
    (f) => component.paths.matches(f.path) || (f.previousPath !== undefined && component.paths.matches(f.previousPath)),
  );
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
    overall = config.rootVersioned ? release(input, rootLine, bump, channel, derived, warnings) : { ...NO_RELEASE, bump };
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

function expand(template: string, component: string | null): string | null {
  if (!template.includes(COMPONENT_PLACEHOLDER)) return template;
  return component === null ? null : template.split(COMPONENT_PLACEHOLDER).join(component);
}

function labelsOfRules(rules: readonly Rule[], component: string | null): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    for (const template of rule.labels) {
      const label = expand(template, component);
      if (label !== null) out.push(label);
    }
  }
  return out;
}

function decisionLabels(
  config: Config,
  bump: Bump,
  components: readonly ComponentDecision[],
  files: readonly ChangedFile[],
  truncated: boolean,
  ruleLabels: readonly string[],
): string[] {
  const labels: string[] = [...ruleLabels];
  const bumpLabel = config.labels.bump[bump];
  if (bumpLabel !== undefined && !bumpLabel.includes(COMPONENT_PLACEHOLDER)) labels.push(bumpLabel);
  // A template such as "{component}:minor" gives one label per changed component, by its own bump.
  for (const c of components) {
    const template = config.labels.bump[c.bump];
    if (template !== undefined && template.includes(COMPONENT_PLACEHOLDER) && c.files.length > 0) {
      labels.push(expand(template, c.name)!);
    }
  }
  // "Every changed file matches" cannot be known of a list that may be incomplete.
  if (files.length > 0 && !truncated) {
    for (const { label, paths } of config.labels.only) {
      const all = files.every(
        (f) => paths.matches(f.path) && (f.previousPath === undefined || paths.matches(f.previousPath)),
      );
      if (all) labels.push(label);
    }
  }
  return [...new Set(labels)];
}

/** Every label the config names (expanded for each component): the labels it may remove. */
export function managedLabels(config: Config): string[] {
  const names = config.components?.map((c) => c.name) ?? [ROOT_COMPONENT];
  const templates = [
    ...config.rules.flatMap((r) => r.labels),
    ...(config.components ?? []).flatMap((c) => c.rules.flatMap((r) => r.labels)),
    ...Object.values(config.labels.bump),
    ...config.labels.only.map((o) => o.label),
  ];
  const out = new Set<string>();
  for (const t of templates) {
    if (t.includes(COMPONENT_PLACEHOLDER)) for (const n of names) out.add(expand(t, n)!);
    else out.add(t);
  }
  return [...out];
}

function checkPolicy(
  config: Config,
  bump: Bump,
  labels: readonly string[],
  files: readonly { path: string; bump: Bump; rule: string | null }[],
  components: readonly ComponentDecision[],
  commits: readonly CommitDecision[],
): PolicyResult {
  const max = config.policy.maxBump;
  if (bumpRank(bump) <= bumpRank(max)) return { maxBump: max, failed: false, allowed: false, message: null };
  const above = (b: Bump): boolean => bumpRank(b) > bumpRank(max);
  const causes = [
    ...[...files, ...components.filter((c) => c.name !== ROOT_COMPONENT).flatMap((c) => c.files)]
      .filter((f) => above(f.bump))
      .map((f) => `${f.path} (${f.rule ?? 'default-bump'}: ${f.bump})`),
    ...commits.filter((c) => above(c.bump)).map((c) => `commit ${c.sha.slice(0, 7)} "${c.subject}" (${c.reason}: ${c.bump})`),
  ];
  const unique = [...new Set(causes)];
  const caused =
    unique.length > 0
      ? ` caused by ${unique.slice(0, 10).join(', ')}${unique.length > 10 ? ` and ${unique.length - 10} more` : ''}`
      : '';
  const allowLabel = config.policy.allowLabel;
  const allowed = allowLabel !== null && labels.includes(allowLabel);
  const message = allowed
    ? `bump ${bump} is above policy.max-bump ${max}, allowed by the label "${allowLabel}"${caused}`
    : `bump ${bump} is above policy.max-bump ${max}${caused}` +
      (allowLabel !== null ? `; add the label "${allowLabel}" to allow it` : '');
  return { maxBump: max, failed: !allowed, allowed, message };
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
