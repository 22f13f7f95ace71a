/**
 * Classification: the first rule that matches a file decides its bump; the highest bump across
 * files wins. Rules are compiled once into a RuleSet; a SegmentIndex hands each file only the
 * rules whose globs could match it, in rule order, so first-match stays exact.
 */
import type { Rule } from './config/index.js';
import { firstSegmentOf, SegmentIndex } from './globs.js';
import { patchMatches } from './patterns.js';
import { bumpRank, maxBump, type Bump, type ChangedFile, type FileDecision } from './types.js';

export class RuleSet {
  private readonly index: SegmentIndex<Rule>;

  constructor(
    readonly rules: readonly Rule[],
    readonly defaultBump: Bump,
  ) {
    this.index = new SegmentIndex(rules, (rule) => rule.paths.firstSegments());
  }

  /** The highest bump any file could get: what an unseen file might be. */
  maxPossibleBump(): Bump {
    return this.rules.reduce<Bump>((best, rule) => maxBump(best, rule.bump), this.defaultBump);
  }

  /** Rules that could match the file, in rule order (both paths of a rename or copy). */
  private candidates(file: ChangedFile): readonly Rule[] {
    const own = this.index.candidates(firstSegmentOf(file.path));
    if (file.previousPath === undefined) return own;
    const segment = firstSegmentOf(file.previousPath);
    if (segment === firstSegmentOf(file.path)) return own;
    const other = this.index.candidates(segment);
    return [...new Set([...own, ...other])].sort((a, b) => a.position - b.position);
  }

  /** Whether a rule's paths and status fit the file (content aside). */
  private static fits(rule: Rule, file: ChangedFile): boolean {
    if (rule.status !== null && !rule.status.has(file.status)) return false;
    return rule.paths.matches(file.path) || (file.previousPath !== undefined && rule.paths.matches(file.previousPath));
  }

  /**
   * Whether deciding this file needs its patch: the first rule that fits it by path and status
   * has a `content` condition. Sources fetch patches only for these files.
   */
  needsPatch(file: ChangedFile): boolean {
    for (const rule of this.candidates(file)) {
      if (RuleSet.fits(rule, file)) return rule.content !== null;
    }
    return false;
  }

  /** The rule that decides a file, or null for default-bump; `unknownPatch` when assumed. */
  decide(file: ChangedFile): { rule: Rule | null; unknownPatch: boolean } {
    for (const rule of this.candidates(file)) {
      if (!RuleSet.fits(rule, file)) continue;
      if (rule.content === null) return { rule, unknownPatch: false };
      // An unknown change is never assumed harmless: no patch means the rule matches.
      if (file.patch === undefined) return { rule, unknownPatch: true };
      if (patchMatches(file.patch, rule.content)) return { rule, unknownPatch: false };
    }
    return { rule: null, unknownPatch: false };
  }
}

export interface Classification {
  bump: Bump;
  files: FileDecision[];
  /** Rules that decided at least one file, in rule order. */
  decidingRules: Rule[];
  warnings: string[];
}

/** Classifies every file of a change with one rule set. File order never changes the result. */
export function classify(ruleSet: RuleSet, files: readonly ChangedFile[]): Classification {
  let bump: Bump = 'none';
  const decisions: FileDecision[] = new Array(files.length);
  const deciding = new Set<Rule>();
  const unknown: { path: string; rule: string }[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const { rule, unknownPatch } = ruleSet.decide(file);
    const fileBump = rule ? rule.bump : ruleSet.defaultBump;
    if (bumpRank(fileBump) > bumpRank(bump)) bump = fileBump;
    if (rule) deciding.add(rule);
    if (unknownPatch) unknown.push({ path: file.path, rule: rule!.name });
    decisions[i] = {
      path: file.path,
      previousPath: file.previousPath ?? null,
      status: file.status,
      bump: fileBump,
      rule: rule ? rule.name : null,
    };
  }
  const warnings: string[] = [];
  if (unknown.length > 0) {
    const shown = unknown
      .slice(0, 5)
      .map((u) => `${u.path} (${u.rule})`)
      .join(', ');
    warnings.push(
      `no patch available for ${unknown.length} file(s) (binary or too large), so their content rules counted as matching: ` +
        `${shown}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`,
    );
  }
  return {
    bump,
    files: decisions,
    decidingRules: [...deciding].sort((a, b) => a.position - b.position),
    warnings,
  };
}
