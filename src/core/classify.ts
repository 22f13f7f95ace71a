/**
 * Classification: the first rule that matches a file decides its bump; the highest bump across
 * files wins. Rules are compiled once into a RuleSet; a SegmentIndex hands each file only the
 * rules whose globs could match it, in rule order, so first-match stays exact.
 */
import type { Rule } from './config/index.js';
import { directoryOf, DirectoryIndex } from './globs.js';
import { patchMatches } from './patterns.js';
import { bumpRank, maxBump, type Bump, type ChangedFile, type FileDecision } from './types.js';

const NO_RULE: { rule: Rule | null; unknownPatch: boolean } = Object.freeze({ rule: null, unknownPatch: false });

export class RuleSet {
  private readonly index: DirectoryIndex<Rule>;
  /** Per directory, then per basename extension: the rules that could match, in rule order. */
  private readonly byDirectory = new Map<string, Map<string, readonly Rule[]>>();
  /** Per rule (by position), per extension: whether the rule's basename endings allow it. */
  private readonly admitted = new Map<string, boolean[]>();
  /** Whether any rule reads patches: when none does, no file needs one. */
  readonly readsPatches: boolean;

  constructor(
    readonly rules: readonly Rule[],
    readonly defaultBump: Bump,
  ) {
    this.index = new DirectoryIndex(rules, (rule) => rule.paths.directories());
    this.readsPatches = rules.some((rule) => rule.content !== null);
  }

  /** The highest bump any file could get: what an unseen file might be. */
  maxPossibleBump(): Bump {
    return this.rules.reduce<Bump>((best, rule) => maxBump(best, rule.bump), this.defaultBump);
  }

  /** Rules that could match the file, in rule order (both paths of a rename or copy). */
  private candidates(file: ChangedFile, directory: string): readonly Rule[] {
    const own = this.index.candidates(directory);
    if (file.previousPath === undefined) return own;
    const previous = directoryOf(file.previousPath);
    if (previous === directory) return own;
    const other = this.index.candidates(previous);
    return [...new Set([...own, ...other])].sort((a, b) => a.position - b.position);
  }

  /** Whether a rule's paths and status fit the file (content aside). */
  private static fits(rule: Rule, file: ChangedFile, directory: string): boolean {
    if (rule.status !== null && !rule.status.has(file.status)) return false;
    return (
      rule.paths.matches(file.path, directory) ||
      (file.previousPath !== undefined && rule.paths.matches(file.previousPath))
    );
  }

  /**
   * Whether deciding this file needs its patch: the first rule that fits it by path and status
   * has a `content` condition. Sources fetch patches only for these files.
   */
  needsPatch(file: ChangedFile): boolean {
    if (!this.readsPatches) return false;
    const directory = directoryOf(file.path);
    for (const rule of this.candidates(file, directory)) {
      if (RuleSet.fits(rule, file, directory)) return rule.content !== null;
    }
    return false;
  }

  /**
   * The rules that could match a file in `directory` whose basename has `extension`, in rule
   * order; cached, since a change's files share few (directory, extension) pairs.
   */
  private rulesFor(directory: string, extension: string): readonly Rule[] {
    let byExtension = this.byDirectory.get(directory);
    if (byExtension === undefined) {
      byExtension = new Map();
      if (this.byDirectory.size < 200_000) this.byDirectory.set(directory, byExtension);
    }
    let found = byExtension.get(extension);
    if (found === undefined) {
      let admitted = this.admitted.get(extension);
      if (admitted === undefined) {
        admitted = this.rules.map((rule) => rule.paths.admits(extension));
        this.admitted.set(extension, admitted);
      }
      const admits = admitted;
      found = this.index.candidates(directory).filter((rule) => admits[rule.position - 1]);
      if (byExtension.size < 1000) byExtension.set(extension, found);
    }
    return found;
  }

  /** The rule that decides a file, or null for default-bump; `unknownPatch` when assumed. */
  decide(file: ChangedFile): { rule: Rule | null; unknownPatch: boolean } {
    if (file.previousPath === undefined) {
      // The common case: one path, against the rules its directory and extension allow.
      const path = file.path;
      const slash = path.lastIndexOf('/');
      const dot = path.lastIndexOf('.');
      const directory = slash === -1 ? '' : path.slice(0, slash);
      const rules = this.rulesFor(directory, dot > slash ? path.slice(dot + 1) : '');
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (rule.status !== null && !rule.status.has(file.status)) continue;
        if (!rule.paths.matches(path, directory)) continue;
        const decided = RuleSet.byContent(rule, file);
        if (decided) return decided;
      }
      return NO_RULE;
    }
    const directory = directoryOf(file.path);
    for (const rule of this.candidates(file, directory)) {
      if (!RuleSet.fits(rule, file, directory)) continue;
      const decided = RuleSet.byContent(rule, file);
      if (decided) return decided;
    }
    return { rule: null, unknownPatch: false };
  }

  /** A rule that fits a file by path and status decides it unless its content condition fails. */
  private static byContent(rule: Rule, file: ChangedFile): { rule: Rule; unknownPatch: boolean } | null {
    if (rule.content === null) return { rule, unknownPatch: false };
    // An unknown change is never assumed harmless: no patch means the rule matches.
    if (file.patch === undefined) return { rule, unknownPatch: true };
    return patchMatches(file.patch, rule.content) ? { rule, unknownPatch: false } : null;
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
