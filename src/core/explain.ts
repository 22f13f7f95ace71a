/**
 * Rule authoring: why a path gets its bump (`explainPath`), and what each rule decides on a tree
 * of files (`ruleCoverage`, the `check` command). Pure: a compiled config and paths in, plain data
 * out. Both follow classify.ts's order exactly: rules are tried in order, and the first whose
 * paths and status fit a file decides it, unless its `content` condition fails on the patch.
 * Without a patch the content is unknown, so a content rule is a condition ("decides the file if
 * a changed line matches /re/"), never a decision: the rules after it still count.
 */
import { DEFAULT_RULES, type ComponentConfig, type Config, type Rule } from './config/index.js';
import type { ContentPattern } from './patterns.js';
import { FILE_STATUSES, type Bump, type FileStatus } from './types.js';

/** A rule by its place in its list (0-based, as `rules[0]` in config errors) and its name. */
export interface RuleRef {
  index: number;
  name: string;
}

/** A `content` condition's regexes (JavaScript sources); null: that side of the patch is not read. */
export interface ContentCondition {
  added: string | null;
  removed: string | null;
}

/** Why a rule does not decide a path. */
export type RuleMiss =
  /** No positive glob matches the path. */
  | { reason: 'paths'; globs: string[] }
  /** A positive glob matches, and a `!` glob excludes the path. */
  | { reason: 'excluded'; matchedBy: string; excludedBy: string }
  /** The paths fit, the status does not: the rule would match under one of `statuses`. */
  | { reason: 'status'; statuses: FileStatus[] }
  /** The paths and status fit: the rule decides the file only if its patch matches. */
  | { reason: 'content'; content: ContentCondition };

export type SkippedRule = RuleRef & { bump: Bump; message: string } & RuleMiss;

/** How one list of rules decides a path. */
export interface RulesExplanation {
  /** The list `index` points into: "rules" or "components[N].rules". */
  ruleList: string;
  /** The rule that decides the path; null: no rule does, and `default-bump` applies. */
  rule: RuleRef | null;
  bump: Bump;
  /** The rules before the deciding one (all of them with no deciding rule), each with why it did not decide. */
  skipped: SkippedRule[];
}

export interface ComponentExplanation extends RulesExplanation {
  name: string;
  /** Whether the component has rules of its own (else it uses the top-level rules). */
  ownRules: boolean;
}

export interface PathExplanation extends RulesExplanation {
  path: string;
  status: FileStatus;
  /** The components whose paths match the path; null when the config has no components. */
  components: ComponentExplanation[] | null;
}

/** Why `path` with `status` gets its bump: from the top-level rules, and from each component it belongs to. */
export function explainPath(config: Config, path: string, status: FileStatus): PathExplanation {
  const top = explainRules(config.rules, config.defaultBump, path, status, 'rules');
  const components =
    config.components === null
      ? null
      : config.components.flatMap((c, i): ComponentExplanation[] => {
          if (!c.paths.matches(path)) return [];
          const ownRules = c.rules !== config.rules;
          const explained = ownRules ? explainRules(c.rules, config.defaultBump, path, status, `components[${i}].rules`) : top;
          return [{ name: c.name, ownRules, ...explained }];
        });
  return { path, status, ...top, components };
}

/** How one list of rules decides `path` with `status` (its patch unknown). */
export function explainRules(rules: readonly Rule[], defaultBump: Bump, path: string, status: FileStatus, ruleList = 'rules'): RulesExplanation {
  const skipped: SkippedRule[] = [];
  for (const rule of rules) {
    const miss = missOf(rule, path, status);
    if (miss === null) return { ruleList, rule: refOf(rule), bump: rule.bump, skipped };
    skipped.push({ ...refOf(rule), bump: rule.bump, ...miss, message: missMessage(miss, status) });
  }
  return { ruleList, rule: null, bump: defaultBump, skipped };
}

function refOf(rule: Rule): RuleRef {
  return { index: rule.position - 1, name: rule.name };
}

/** Why a rule does not decide the path, or null when it does: RuleSet's checks, one by one. */
function missOf(rule: Rule, path: string, status: FileStatus): RuleMiss | null {
  const positive = rule.paths.positive.find((g) => g.matches(path));
  if (positive === undefined) return { reason: 'paths', globs: rule.paths.positive.map((g) => g.source) };
  const negative = rule.paths.negative.find((g) => g.matches(path));
  if (negative !== undefined) return { reason: 'excluded', matchedBy: positive.source, excludedBy: `!${negative.source}` };
  if (rule.status !== null && !rule.status.has(status)) return { reason: 'status', statuses: statusesOf(rule)! };
  if (rule.content !== null) return { reason: 'content', content: contentOf(rule.content) };
  return null;
}

function statusesOf(rule: Rule): FileStatus[] | null {
  return rule.status === null ? null : FILE_STATUSES.filter((s) => rule.status!.has(s));
}

function contentOf(content: ContentPattern): ContentCondition {
  return { added: content.added?.source ?? null, removed: content.removed?.source ?? null };
}

const q = (text: string): string => JSON.stringify(text);

/** "a", "a or b", "a, b or c" */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]!}`;
}

/** "a changed line matches /re/", "an added line matches /a/ or a removed line matches /b/" */
export function contentText(content: ContentCondition): string {
  const { added, removed } = content;
  if (added !== null && removed !== null && added === removed) return `a changed line matches /${added}/`;
  const sides: string[] = [];
  if (added !== null) sides.push(`an added line matches /${added}/`);
  if (removed !== null) sides.push(`a removed line matches /${removed}/`);
  return sides.join(' or ');
}

function missMessage(miss: RuleMiss, status: FileStatus): string {
  switch (miss.reason) {
    case 'paths':
      return miss.globs.length === 1 ? `its glob ${q(miss.globs[0]!)} does not match` : `none of its globs matches (${miss.globs.map(q).join(', ')})`;
    case 'excluded':
      return `excluded by ${q(miss.excludedBy)} (its glob ${q(miss.matchedBy)} matches)`;
    case 'status':
      return `matches only ${orList(miss.statuses)} files, not ${status} ones: it would decide the file if it were ${orList(miss.statuses)}`;
    case 'content':
      return (
        `matches if ${contentText(miss.content)}: explain cannot know without the patch ` +
        '(an unknown patch, a binary file or one over 1 MiB, counts as matching)'
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Coverage: what each rule decides on a tree of files

/** What one rule decides on the tree. */
export interface RuleCoverage extends RuleRef {
  bump: Bump;
  /** The statuses the rule is limited to; null: any. */
  status: FileStatus[] | null;
  /** The rule's `content` condition: it decides its files only if their patch matches. */
  content: ContentCondition | null;
  /** Files whose path the rule's paths match (whatever the status and the earlier rules). */
  matched: number;
  /**
   * Files the rule decides: files that no earlier rule takes, with a status the rule accepts
   * (a file counts when the rule decides it under some status). For a content rule: the files
   * it decides when their patch matches; those files still count for the rules after it.
   */
  decided: number;
}

export interface RulesCoverage {
  /** The list the rules' `index` points into: "rules" or "components[N].rules". */
  ruleList: string;
  /** Whether the rules are the built-in ones (a rule of them that matches no file is no warning). */
  builtIn: boolean;
  /** Files of the tree the rules are tried on. */
  files: number;
  rules: RuleCoverage[];
  /** The files no rule decides when modified: `default-bump` applies. */
  defaultBump: { bump: Bump; files: number };
}

export interface ComponentCoverage extends RulesCoverage {
  name: string;
  ownRules: boolean;
}

export type CoverageWarningKind = 'no-file' | 'excluded' | 'shadowed' | 'component-no-file';

/** A rule that decides no file of the tree, or a component with no file. */
export interface CoverageWarning {
  kind: CoverageWarningKind;
  /** The component the warning is about (its own rules, or its paths); null: the top level. */
  component: string | null;
  /** The rule (index into `ruleList`), or null for a component's paths. */
  rule: RuleRef | null;
  ruleList: string | null;
  /** The whole warning, one line, rule and component named. */
  message: string;
  /** For `shadowed`: the earlier rules that take the rule's files, with how many each. */
  shadowedBy?: (RuleRef & { files: number })[];
}

export interface ConfigCoverage extends RulesCoverage {
  /** Per component (null: the config has none). */
  components: ComponentCoverage[] | null;
  /** Every warning: the top level's, then each component's. */
  warnings: CoverageWarning[];
}

/**
 * What each rule decides on `files` (a head tree): the top-level rules on every file, and each
 * component's rules on its files. A rule that decides no file is a warning: either no file
 * matches its paths (a glob that misses the layout), or earlier rules take all of its files.
 * The top-level rules of a config with components still decide every file (the top level's
 * bump); a component without rules of its own is shown, and warned about only when no file is
 * its. The built-in rules cover many layouts at once, so theirs that match no file are no warning.
 */
export function ruleCoverage(config: Config, files: readonly string[]): ConfigCoverage {
  const warnings: CoverageWarning[] = [];
  const top = coverRules(config.rules, config.defaultBump, files, 'rules', null, warnings);
  let components: ComponentCoverage[] | null = null;
  if (config.components !== null) {
    components = config.components.map((c, i) => coverComponent(config, c, i, files, warnings));
  }
  return { ...top, components, warnings };
}

function coverComponent(config: Config, component: ComponentConfig, i: number, files: readonly string[], warnings: CoverageWarning[]): ComponentCoverage {
  const own = files.filter((f) => component.paths.matches(f));
  const ownRules = component.rules !== config.rules;
  const prefix = `component ${q(component.name)}`;
  if (own.length === 0) {
    const globs = [...component.paths.positive.map((g) => g.source), ...component.paths.negative.map((g) => `!${g.source}`)];
    warnings.push({
      kind: 'component-no-file',
      component: component.name,
      rule: null,
      ruleList: null,
      message: `${prefix}: no file of the tree matches its paths (${globs.map(q).join(', ')})`,
    });
  }
  // A component using the top-level rules: those are warned about at the top level already.
  const sink = ownRules && own.length > 0 ? warnings : [];
  const ruleList = ownRules ? `components[${i}].rules` : 'rules';
  return { name: component.name, ownRules, ...coverRules(component.rules, config.defaultBump, own, ruleList, component.name, sink) };
}

function coverRules(
  rules: readonly Rule[],
  defaultBump: Bump,
  files: readonly string[],
  ruleList: string,
  component: string | null,
  warnings: CoverageWarning[],
): RulesCoverage {
  const n = rules.length;
  const matched = new Array<number>(n).fill(0);
  const decided = new Array<number>(n).fill(0);
  const lastDecided = new Array<number>(n).fill(-1);
  // shadow[r]: earlier rule index -> [files it takes from r, last file counted]
  const shadow: Map<number, [number, number]>[] = Array.from({ length: n }, () => new Map());
  let defaultFiles = 0;
  const hits: number[] = [];
  for (let fi = 0; fi < files.length; fi++) {
    const file = files[fi]!;
    hits.length = 0;
    for (let r = 0; r < n; r++) if (rules[r]!.paths.matches(file)) hits.push(r);
    for (const r of hits) matched[r]!++;
    for (const status of FILE_STATUSES) {
      let taker = -1;
      for (const r of hits) {
        const rule = rules[r]!;
        if (rule.status !== null && !rule.status.has(status)) continue;
        if (taker !== -1) {
          const seen = shadow[r]!.get(taker);
          if (seen === undefined) shadow[r]!.set(taker, [1, fi]);
          else if (seen[1] !== fi) {
            seen[0]++;
            seen[1] = fi;
          }
          continue;
        }
        if (lastDecided[r] !== fi) {
          lastDecided[r] = fi;
          decided[r]!++;
        }
        if (rule.content === null) taker = r;
      }
      if (status === 'modified' && taker === -1) defaultFiles++;
    }
  }

  const builtIn = isBuiltIn(rules);
  const coverage: RuleCoverage[] = rules.map((rule, r) => ({
    ...refOf(rule),
    bump: rule.bump,
    status: statusesOf(rule),
    content: rule.content === null ? null : contentOf(rule.content),
    matched: matched[r]!,
    decided: decided[r]!,
  }));
  const where = component === null ? '' : `component ${q(component)}: `;
  for (const [r, rule] of rules.entries()) {
    if (decided[r]! > 0) continue;
    const ref = refOf(rule);
    const name = `${where}${ruleList}[${ref.index}] ${q(rule.name)}: decides no file`;
    const base = { component, rule: ref, ruleList };
    if (matched[r] === 0) {
      if (builtIn) continue;
      const positive = rule.paths.negative.length === 0 ? 0 : files.filter((f) => rule.paths.positive.some((g) => g.matches(f))).length;
      if (positive > 0) {
        const excluding = rule.paths.negative.map((g) => q(`!${g.source}`)).join(', ');
        warnings.push({ ...base, kind: 'excluded', message: `${name}: its globs match ${plural(positive, 'file')}, and its exclusions (${excluding}) remove all of them` });
      } else {
        const globs = rule.paths.positive.map((g) => q(g.source)).join(', ');
        warnings.push({ ...base, kind: 'no-file', message: `${name}: no file of the tree matches its paths (${globs})` });
      }
      continue;
    }
    const shadowedBy = [...shadow[r]!]
      .sort(([a], [b]) => a - b)
      .map(([t, [count]]) => ({ ...refOf(rules[t]!), files: count }));
    const list = shadowedBy.map((s) => `${ruleList}[${s.index}] ${q(s.name)} (${plural(s.files, 'file')})`).join(', ');
    warnings.push({
      ...base,
      kind: 'shadowed',
      message: `${name}: entirely shadowed by earlier rules, which take every file its paths match (${plural(matched[r]!, 'file')}): ${list}`,
      shadowedBy,
    });
  }
  return { ruleList, builtIn, files: files.length, rules: coverage, defaultBump: { bump: defaultBump, files: defaultFiles } };
}

function plural(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}

/** Whether compiled rules are the built-in ones (a config without `rules`, or no config). */
function isBuiltIn(rules: readonly Rule[]): boolean {
  if (rules.length !== DEFAULT_RULES.length) return false;
  return rules.every((rule, i) => {
    const raw = DEFAULT_RULES[i]!;
    const globs = typeof raw.paths === 'string' ? [raw.paths] : raw.paths;
    const status = raw.status === undefined ? null : typeof raw.status === 'string' ? [raw.status] : raw.status;
    return (
      rule.name === raw.name &&
      rule.bump === raw.bump &&
      (rule.content === null) === (raw.content === undefined) &&
      same(rule.paths.positive.map((g) => g.source), globs.filter((g) => !g.startsWith('!'))) &&
      same(rule.paths.negative.map((g) => `!${g.source}`), globs.filter((g) => g.startsWith('!'))) &&
      same(statusesOf(rule) ?? [], status === null ? [] : FILE_STATUSES.filter((s) => status.includes(s)))
    );
  });
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
