/**
 * Release rules (`commits.release-rules`), decided exactly as @semantic-release/commit-analyzer
 * decides them (index.js, lib/analyze-commit.js, lib/compare-release-types.js):
 * - a rule matches a commit when each of its string fields matches the commit's field of that
 *   name with micromatch (a field the commit lacks or holds as null does not match);
 *   `breaking: true` asks for a breaking note, `revert: true` for a revert (false asks nothing);
 * - the matching rules are folded in order: a release replaces the one found so far when it is
 *   higher or that one is `false`; a `false` replaces any release found so far (the analyzer
 *   ranks it above all); `major` ends the fold;
 * - the custom rules go first, and the analyzer's default rules apply only when none matches.
 */
import micromatch from 'micromatch';
import type { Bump, CommitOptions, ReleaseRule } from './types.js';

type Release = ReleaseRule['release'];

/** A rule as the analyzer reads it: its default rules test fields of other presets too. */
type AnyRule = { readonly breaking?: boolean; readonly revert?: boolean; readonly release: Release } & {
  readonly [field: string]: string | boolean | undefined;
};

/** A commit as the analyzer matches it (see `analyzedCommit`). */
export type AnalyzedCommit = { readonly [field: string]: unknown };

/**
 * The analyzer's default rules (lib/default-release-rules.js), the same for every preset. The
 * conventionalcommits and angular parsers never set emoji, tag or component: those never match.
 */
export const DEFAULT_RELEASE_RULES: readonly AnyRule[] = [
  { breaking: true, release: 'major' },
  { revert: true, release: 'patch' },
  { type: 'feat', release: 'minor' },
  { type: 'fix', release: 'patch' },
  { type: 'perf', release: 'patch' },
  { emoji: ':racehorse:', release: 'patch' },
  { emoji: ':bug:', release: 'patch' },
  { emoji: ':penguin:', release: 'patch' },
  { emoji: ':apple:', release: 'patch' },
  { emoji: ':checkered_flag:', release: 'patch' },
  { tag: 'BUGFIX', release: 'patch' },
  { tag: 'FEATURE', release: 'minor' },
  { tag: 'SECURITY', release: 'patch' },
  { tag: 'Breaking', release: 'major' },
  { tag: 'Fix', release: 'patch' },
  { tag: 'Update', release: 'minor' },
  { tag: 'New', release: 'minor' },
  { component: 'perf', release: 'patch' },
  { component: 'deps', release: 'patch' },
  { type: 'FEAT', release: 'minor' },
  { type: 'FIX', release: 'patch' },
];

/**
 * The commit the analyzer matches rules against: semantic-release's commit (its hash, its trimmed
 * message, git's subject) overlaid with the parser's fields, as the analyzer spreads them. So a
 * header the preset does not parse keeps git's subject, and any parsed one replaces it.
 */
export function analyzedCommit<P extends object>(parsed: P, hash: string, message: string): P & AnalyzedCommit {
  return { hash, message, subject: gitSubject(message), ...parsed };
}

/**
 * The commit's bump and what decided it: the custom rules, else the default rules. Default-rule
 * reasons stay as they always were ("BREAKING CHANGE", "revert", "feat").
 */
export function releaseOf(commit: AnalyzedCommit, options: CommitOptions): { bump: Bump; reason: string } {
  if (options.releaseRules.length > 0) {
    const custom = matchRules(options.releaseRules, commit);
    if (custom !== undefined) {
      return { bump: custom.release || 'none', reason: `release rule ${showRule(custom.rule)} → ${custom.release || 'no release'}` };
    }
  }
  const found = matchRules(DEFAULT_RELEASE_RULES, commit);
  if (found?.release) return { bump: found.release, reason: defaultReason(found.rule, commit) };
  const type = commit.type;
  if (typeof type === 'string' && type !== '') return { bump: 'none', reason: `type "${type}" releases nothing` };
  return { bump: 'none', reason: options.preset === 'angular' ? 'not a conventional commit (angular preset)' : 'not a conventional commit' };
}

/** The analyzer's fold over the rules matching `commit`; undefined when none matches. */
export function matchRules(rules: readonly AnyRule[], commit: AnalyzedCommit): { release: Release; rule: AnyRule } | undefined {
  let found: { release: Release; rule: AnyRule } | undefined;
  for (const { rule, fields } of compiled(rules)) {
    if (rule.breaking && !(Array.isArray(commit.notes) && commit.notes.length > 0)) continue;
    if (rule.revert && !commit.revert) continue;
    if (!fields.every(([field, test]) => {
      const value = commit[field];
      return typeof value === 'string' && test(value);
    })) continue;
    if (found !== undefined && !raises(found.release, rule.release)) continue;
    found = { release: rule.release, rule };
    if (found.release === 'major') break;
  }
  return found;
}

/** A rule as reasons show it: `{type: docs, scope: readme.md}`. */
export function showRule(rule: AnyRule): string {
  const parts = Object.entries(rule)
    .filter(([key, value]) => key !== 'release' && value !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === 'string' && !/^[\w./@-]+$/.test(value) ? JSON.stringify(value) : String(value)}`);
  return `{${parts.join(', ')}}`;
}

// compare-release-types.js: `!current || RELEASE_TYPES.indexOf(next) < RELEASE_TYPES.indexOf(current)`,
// where `false` is not a release type (index -1): it beats any release, and any release beats it.
const ORDER = ['major', 'minor', 'patch'];
function raises(current: Release, next: Release): boolean {
  return !current || (next === false ? -1 : ORDER.indexOf(next)) < ORDER.indexOf(current);
}

function defaultReason(rule: AnyRule, commit: AnalyzedCommit): string {
  const notes = commit.notes as readonly { title: string }[];
  if (rule.breaking) return notes[0]!.title;
  if (rule.revert) return 'revert';
  if (rule.type !== undefined) return String(commit.type);
  return `default rule ${showRule(rule)}`;
}

/** Each rule with a micromatch matcher per string field, built once per rule list. */
type Compiled = { rule: AnyRule; fields: [string, (value: string) => boolean][] }[];
const compiledLists = new WeakMap<readonly AnyRule[], Compiled>();

function compiled(rules: readonly AnyRule[]): Compiled {
  let list = compiledLists.get(rules);
  if (list === undefined) {
    list = rules.map((rule) => ({
      rule,
      fields: Object.entries(rule).flatMap(([field, pattern]): [string, (value: string) => boolean][] =>
        field !== 'breaking' && field !== 'revert' && field !== 'release' && typeof pattern === 'string'
          ? [[field, micromatch.matcher(pattern)]]
          : [],
      ),
    }));
    compiledLists.set(rules, list);
  }
  return list;
}

/** git's %s, the `subject` semantic-release reads: the first paragraph, lines right-trimmed, joined by spaces. */
function gitSubject(message: string): string {
  const lines: string[] = [];
  for (const line of message.split('\n')) {
    let end = line.length;
    while (end > 0 && ' \t\r\n'.includes(line[end - 1]!)) end--;
    if (end === 0) break;
    lines.push(line.slice(0, end));
  }
  return lines.join(' ');
}
