/**
 * decide(): the whole release decision of a change, from plain data. Sources gather the inputs
 * (files, tags, labels, the head tree); entry points print or publish the Decision.
 */
import type { Config, ComponentConfig, Rule } from './config/index.js';
import { classify, RuleSet, type Classification } from './classify.js';
import { classifyCommits, type CommitDecision, type CommitInput } from './commits.js';
import { InputError } from './errors.js';
import {
  expandBuildMetadata,
  nextVersion,
  readVersions,
  tagNameProblem,
  type DerivedMajor,
  type TagFormat,
} from './versions.js';
import {
  bumpRank,
  maxBump,
  type Bump,
  type ChangedFile,
  type ComponentDecision,
  type Decision,
  type PolicyResult,
  type Release,
} from './types.js';

export interface DecideInput {
  config: Config;
  files: readonly ChangedFile[];
  /** The source could not list every file (and no fallback could). */
  truncated?: boolean;
  /** Names of the repository's tags (any order; only those matching a tag-format count). */
  tags: Iterable<string>;
  base: string;
  head: string;
  headSha: string;
  /** Branch of the release, for prerelease channels; null when unknown (stable channel). */
  branch: string | null;
  /** Paths of every file in the head tree; needed only for `version-from`. */
  headTree?: readonly string[] | null;
  /** Labels on the pull request (or given on the CLI): overrides and the policy allow label. */
  labels?: readonly string[];
  /** Warnings the source raised (truncation, rename detection, ...). */
  warnings?: readonly string[];
  /** The change's commits, newest first (used when `commits.conventional` is on). */
  commits?: readonly CommitInput[] | null;
}

export const ROOT_COMPONENT = 'root';
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

interface Slice {
  name: string;
  tagFormat: TagFormat;
  ruleSet: RuleSet;
  files: readonly ChangedFile[];
  derived: DerivedMajor | null;
  /** The highest bump of the commits that count for this slice. */
  commitBump: Bump;
}

/** Current and next version of one tag line for a bump, with build metadata and tag name. */
function release(
  input: DecideInput,
  tagFormat: TagFormat,
  bump: Bump,
  channel: string | null,
  derived: DerivedMajor | null,
  warnings: string[],
  component: string,
): Release {
  const tags = readVersions(input.tags, tagFormat);
  warnings.push(...tags.warnings.map((w) => prefixed(component, w)));
  const version = nextVersion({
    versions: tags.versions,
    bump,
    channel,
    initialVersion: input.config.initialVersion,
    derivedMajor: derived,
  });
  warnings.push(...version.warnings);
  const next = version.next;
  const tag = next === null ? null : tagFormat.tagFor(next);
  // The tag is validated here, in the decision, so no write starts for a tag git would refuse.
  const problem = tag === null ? null : tagNameProblem(tag);
  if (problem !== null) throw new InputError(`the next tag "${tag}" of ${component} is not a valid git tag name: ${problem}`);
  return {
    bump: version.bump,
    currentVersion: version.current?.version.version ?? null,
    currentTag: version.current?.tag ?? null,
    nextVersion: next,
    nextVersionFull: next === null ? null : withBuildMetadata(next, input.config.buildMetadata, input.headSha),
    nextTag: tag,
    prerelease: next !== null && channel !== null,
  };
}

function sliceDecision(
  slice: Slice,
  input: DecideInput,
  channel: string | null,
  override: Bump | null,
  warnings: string[],
): { decision: ComponentDecision; classification: Classification } {
  const classification = classify(slice.ruleSet, slice.files);
  warnings.push(...classification.warnings.map((w) => prefixed(slice.name, w)));
  let bump = maxBump(classification.bump, slice.commitBump);
  if (input.truncated) bump = maxBump(bump, slice.ruleSet.maxPossibleBump());
  if (override !== null && (slice.files.length > 0 || input.truncated)) bump = override;
  return {
    classification,
    decision: {
      name: slice.name,
      ...release(input, slice.tagFormat, bump, channel, slice.derived, warnings, slice.name),
      files: classification.files,
    },
  };
}

function highestOf(commits: readonly CommitDecision[]): Bump {
  return commits.reduce<Bump>((best, c) => maxBump(best, c.bump), 'none');
}

/**
 * The commits that count for a component: those whose scope names it, and those scoped to no
 * component when the change touches the component's files.
 */
function commitsOf(
  commits: readonly CommitDecision[],
  name: string,
  touched: boolean,
  components: readonly ComponentConfig[],
): CommitDecision[] {
  const names = new Set(components.map((c) => c.name));
  return commits.filter((c) => c.scope === name || (touched && (c.scope === null || !names.has(c.scope))));
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
  const truncated = input.truncated ?? false;
  if (truncated) {
    warnings.push('the list of changed files may be incomplete, so the bump is the highest the config can produce');
  }

  let derived: DerivedMajor | null = null;
  if (config.versionFrom !== null) {
    if (!input.headTree) throw new Error('decide(): version-from needs the head tree');
    const result = deriveMajor(config, input.headTree);
    derived = result.derived;
    warnings.push(...result.warnings);
  }

  const commits = config.conventionalCommits && input.commits ? classifyCommits(input.commits) : [];
  const topRules = new RuleSet(config.rules, config.defaultBump);
  const top = sliceDecision(
    { name: ROOT_COMPONENT, tagFormat: config.tagFormat, ruleSet: topRules, files: input.files, derived, commitBump: highestOf(commits) },
    input,
    channel,
    override?.bump ?? null,
    warnings,
  );

  const components: ComponentDecision[] = [];
  const ruleLabels: string[] = [];
  if (config.components === null) {
    components.push(top.decision);
    ruleLabels.push(...labelsOfRules(top.classification.decidingRules, ROOT_COMPONENT));
  } else {
    ruleLabels.push(...labelsOfRules(top.classification.decidingRules, null));
    for (const component of config.components) {
      const ruleSet = component.rules === config.rules ? topRules : new RuleSet(component.rules, config.defaultBump);
      const files = componentFiles(component, input.files);
      const own = commitsOf(commits, component.name, files.length > 0, config.components);
      const result = sliceDecision(
        { name: component.name, tagFormat: component.tagFormat, ruleSet, files, derived: null, commitBump: highestOf(own) },
        input,
        channel,
        override?.bump ?? null,
        warnings,
      );
      components.push(result.decision);
      ruleLabels.push(...labelsOfRules(result.classification.decidingRules, component.name));
    }
  }

  // The overall bump is the highest of anything; with components, a component's own rules count.
  let bump = top.decision.bump;
  if (override === null) for (const c of components) bump = maxBump(bump, c.bump);
  const overall =
    bump === top.decision.bump
      ? top.decision
      : { ...top.decision, ...release(input, config.tagFormat, bump, channel, derived, warnings, ROOT_COMPONENT) };

  const labels = decisionLabels(config, overall.bump, components, input.files, truncated, ruleLabels);
  const policy = checkPolicy(config, overall.bump, prLabels, overall.files, components, commits);

  return {
    bump: overall.bump,
    currentVersion: overall.currentVersion,
    currentTag: overall.currentTag,
    nextVersion: overall.nextVersion,
    nextVersionFull: overall.nextVersionFull,
    nextTag: overall.nextTag,
    prerelease: overall.prerelease,
    channel,
    base: input.base,
    head: input.head,
    files: overall.files,
    commits,
    labels,
    managedLabels: managedLabels(config),
    components,
    override,
    policy,
    truncated,
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

/** The tag line (tag-format) of a component; the top level for null or "root" without components. */
export function tagFormatOf(config: Config, component: string | null): TagFormat {
  if (component === null || (component === ROOT_COMPONENT && config.components === null)) return config.tagFormat;
  const found = config.components?.find((c) => c.name === component);
  if (!found) {
    const known = config.components?.map((c) => c.name) ?? [ROOT_COMPONENT];
    throw new InputError(`unknown component "${component}"; the config defines ${known.map((n) => `"${n}"`).join(', ')}`);
  }
  return found.tagFormat;
}

/**
 * The tag of the current release of a tag line on the branch's channel ("the latest release
 * tag"): the default base of a change. Null before the first release.
 */
export function latestReleaseTag(config: Config, tags: Iterable<string>, branch: string | null, component: string | null): string | null {
  const format = tagFormatOf(config, component);
  const { versions } = readVersions(tags, format);
  const { current } = nextVersion({
    versions,
    bump: 'none',
    channel: channelFor(config, branch),
    initialVersion: config.initialVersion,
    derivedMajor: null,
  });
  return current?.tag ?? null;
}
