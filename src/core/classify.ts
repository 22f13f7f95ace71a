/**
 * Classification: the first rule that matches a file decides its bump; the highest bump across
 * files wins. Rules are compiled once into a RuleSet and tried in order on every file; each
 * glob's literal prefix/suffix check (globs.ts) keeps that cheap.
 *
 * Content rules read patches within a PatchBudget (see MAX_PATCH_BYTES and MAX_TOTAL_PATCH_BYTES
 * in patterns.ts): a patch that is missing, or not read in full without a match, makes the rule
 * count as matching, and the classification warns about it.
 */
import type { Rule } from './config/index.js';
import { matchPatch, PatchBudget, type UnknownPatch } from './patterns.js';
import { bumpRank, maxBump, type Bump, type ChangedFile, type FileDecision } from './types.js';

/** How a file was decided: its rule (null: the default bump), and why its content was assumed. */
export interface RuleChoice {
  rule: Rule | null;
  /** Set when the deciding rule's content condition counted as matching without being seen. */
  unknownPatch: UnknownPatch | null;
}

const NO_RULE: RuleChoice = Object.freeze({ rule: null, unknownPatch: null });

export class RuleSet {
  /** Whether any rule reads patches: when none does, no file needs one. */
  readonly readsPatches: boolean;

  constructor(
    readonly rules: readonly Rule[],
    readonly defaultBump: Bump,
  ) {
    this.readsPatches = rules.some((rule) => rule.content !== null);
  }

  /** The highest bump any file could get: what an unseen file might be. */
  maxPossibleBump(): Bump {
    return this.rules.reduce<Bump>((best, rule) => maxBump(best, rule.bump), this.defaultBump);
  }

  /** Whether a rule's paths and status fit the file (content aside); a rename fits by either path. */
  private static fits(rule: Rule, file: ChangedFile): boolean {
    if (rule.status !== null && !rule.status.has(file.status)) return false;
    return rule.paths.matches(file.path) || (file.previousPath !== undefined && rule.paths.matches(file.previousPath));
  }

  /**
   * Whether deciding this file needs its patch: the first rule that fits it by path and status
   * has a `content` condition. Sources fetch patches only for these files.
   */
  needsPatch(file: ChangedFile): boolean {
    if (!this.readsPatches) return false;
    const rule = this.rules.find((r) => RuleSet.fits(r, file));
    return rule !== undefined && rule.content !== null;
  }

  /**
   * The rule that decides a file, or null for default-bump; `unknownPatch` when its content was
   * assumed. Patches are read within `budget` (by default a fresh one with the default limits).
   */
  decide(file: ChangedFile, budget: PatchBudget = new PatchBudget()): RuleChoice {
    for (const rule of this.rules) {
      if (!RuleSet.fits(rule, file)) continue;
      const decided = RuleSet.byContent(rule, file, budget);
      if (decided) return decided;
    }
    return NO_RULE;
  }

  /** A rule that fits a file by path and status decides it unless its content condition fails. */
  private static byContent(rule: Rule, file: ChangedFile, budget: PatchBudget): RuleChoice | null {
    if (rule.content === null) return { rule, unknownPatch: null };
    // An unknown change is never assumed harmless: no patch, or a patch not read in full whose
    // lines read did not match, means the rule matches.
    if (file.patch === undefined) return { rule, unknownPatch: 'missing' };
    const matched = matchPatch(file.patch, rule.content, budget);
    if (matched === false) return null;
    return { rule, unknownPatch: matched === true ? null : matched };
  }
}

export interface Classification {
  bump: Bump;
  files: FileDecision[];
  /** Rules that decided at least one file, in rule order. */
  decidingRules: Rule[];
  warnings: string[];
}

/** Limits on reading patches; the defaults are MAX_PATCH_BYTES and MAX_TOTAL_PATCH_BYTES. */
export interface ClassifyOptions {
  /** Bytes read from the start of one file's patch, at most. */
  maxPatchBytes?: number;
  /** Bytes read across the change's patches (each times its pattern's weight), at most. */
  maxTotalPatchBytes?: number;
}

/** Classifies every file of a change with one rule set. File order never changes the result. */
export function classify(ruleSet: RuleSet, files: readonly ChangedFile[], options: ClassifyOptions = {}): Classification {
  let bump: Bump = 'none';
  const decisions: FileDecision[] = new Array(files.length);
  const deciding = new Set<Rule>();
  const unknown: Record<UnknownPatch, { path: string; rule: string }[]> = { missing: [], 'too-large': [], budget: [] };
  const budget = new PatchBudget(options.maxPatchBytes, options.maxTotalPatchBytes);
  const decideAt = (i: number): void => {
    const file = files[i]!;
    const { rule, unknownPatch } = ruleSet.decide(file, budget);
    const fileBump = rule ? rule.bump : ruleSet.defaultBump;
    if (bumpRank(fileBump) > bumpRank(bump)) bump = fileBump;
    if (rule) deciding.add(rule);
    if (unknownPatch) unknown[unknownPatch].push({ path: file.path, rule: rule!.name });
    decisions[i] = {
      path: file.path,
      previousPath: file.previousPath ?? null,
      status: file.status,
      bump: fileBump,
      rule: rule ? rule.name : null,
    };
  };
  // Files with a patch share the budget, so they are read in one fixed order (by path): which of
  // them the budget runs out on never depends on the order of the input.
  const withPatch: number[] = [];
  for (let i = 0; i < files.length; i++) {
    if (ruleSet.readsPatches && files[i]!.patch !== undefined) withPatch.push(i);
    else decideAt(i);
  }
  withPatch.sort((a, b) => compareFiles(files[a]!, files[b]!));
  for (const i of withPatch) decideAt(i);

  const warnings: string[] = [];
  const warn = (list: readonly { path: string; rule: string }[], what: string): void => {
    if (list.length === 0) return;
    const shown = list
      .slice(0, 5)
      .map((u) => `${u.path} (${u.rule})`)
      .join(', ');
    warnings.push(`${what}, so their content rules counted as matching: ${shown}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`);
  };
  const perFile = formatBytes(budget.maxPatchBytes);
  warn(unknown.missing, `no patch available for ${unknown.missing.length} file(s) (binary or too large)`);
  warn(unknown['too-large'], `patch larger than ${perFile} for ${unknown['too-large'].length} file(s) (no match in the first ${perFile} read)`);
  warn(
    unknown.budget,
    `patch budget of ${formatBytes(budget.maxTotalPatchBytes)} for this change used up: ${unknown.budget.length} file(s) not read in full (no match in what was read)`,
  );
  return {
    bump,
    files: decisions,
    decidingRules: [...deciding].sort((a, b) => a.position - b.position),
    warnings,
  };
}

/** A total order on files (path, previous path, status, patch), whatever the input order. */
function compareFiles(a: ChangedFile, b: ChangedFile): number {
  return (
    compareStrings(a.path, b.path) ||
    compareStrings(a.previousPath ?? '', b.previousPath ?? '') ||
    compareStrings(a.status, b.status) ||
    compareStrings(a.patch ?? '', b.patch ?? '')
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "1 MiB", "64 KiB", "100 bytes". */
function formatBytes(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
