/**
 * Commit messages as a bump signal (`commits.conventional: true`), classified exactly as
 * semantic-release's commit analyzer does with the same `preset` and `releaseRules`: the same
 * parser (conventional-commits-parser) with the preset's parser options, the same reverted-commit
 * filter, then the custom release rules and the analyzer's default rules (release-rules.ts).
 * Messages are trimmed first, as semantic-release trims what it reads from git.
 */
import type { CommitParser } from 'conventional-commits-parser';
import * as bundled from './commit-parser.js';
import { analyzedCommit, releaseOf } from './release-rules.js';
import type { CommitDecision, CommitInput, CommitOptions, CommitPreset } from './types.js';

/**
 * The parser libraries, injected so that a program can load them only with commits.conventional:
 * the CLI's bundle makes this import empty (scripts/bundle.mjs) and provides them when the config
 * asks for them (src/sources/local.ts). Elsewhere they are as imported.
 */
let libraries: typeof bundled | null = Object.keys(bundled).length > 0 ? bundled : null;
export function provideCommitParser(loaded: typeof bundled): void {
  libraries = loaded;
}
const parsers = new Map<CommitPreset, CommitParser>();

const DEFAULT_OPTIONS: CommitOptions = { preset: 'conventionalcommits', releaseRules: [] };

/** A commit as the analyzer matches it: the parser's fields, the hash, message and git subject. */
export interface Parsed {
  [field: string]: unknown;
  hash: string;
  type?: string | null;
  scope?: string | null;
  notes: { title: string }[];
  revert?: Record<string, string | null> | null;
}

/**
 * Classifies commits given newest first, as `git log` lists them and semantic-release passes
 * them: the reverted-commit filter relies on seeing a revert before the commit it reverts.
 */
/**
 * Parsed commits and their decisions, shared by the lists of one decision (a monorepo's
 * components). Keyed by preset and SHA; a decision is kept with the rules that made it.
 */
export type CommitCache = Map<
  string,
  { parsed: Parsed | null; subject: string; decision?: CommitDecision; rules?: CommitOptions['releaseRules'] }
>;

export function classifyCommits(
  commits: readonly CommitInput[],
  cache: CommitCache = new Map(),
  options: CommitOptions = DEFAULT_OPTIONS,
): CommitDecision[] {
  let parser = parsers.get(options.preset);
  const lib = libraries;
  if (lib === null) throw new Error('classifyCommits: the commit parser was not provided');
  if (parser === undefined) parsers.set(options.preset, (parser = new lib.CommitParser(lib[options.preset]().parser)));
  const entries = commits.map((commit) => {
    // A monorepo classifies the same commits for many components: each is parsed once.
    const key = `${options.preset}:${commit.sha}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      const message = commit.message.trim();
      // The analyzer skips empty messages.
      const parsed = message === '' ? null : analyzedCommit(parser!.parse(message) as unknown as Parsed, commit.sha, message);
      entry = { parsed, subject: message.split('\n')[0]!.trim() };
      cache.set(key, entry);
    }
    return entry;
  });
  // A commit reverted within the same change, and its revert, release nothing (the analyzer's
  // filter). Without a revert in the list, the filter keeps every commit.
  const parsedList = entries.flatMap((e) => (e.parsed === null ? [] : [e.parsed]));
  const kept = parsedList.some((p) => p.revert)
    ? new Set<Parsed>(lib.filterRevertedCommitsSync(parsedList as never[]) as Iterable<Parsed>)
    : null;
  return commits.map((commit, i) => {
    const entry = entries[i]!;
    const p = entry.parsed;
    if (p !== null && (kept === null || kept.has(p))) {
      if (entry.decision === undefined || entry.rules !== options.releaseRules) {
        const base = { sha: commit.sha, subject: entry.subject, type: p.type ?? null, scope: p.scope ?? null };
        entry.decision = { ...base, ...releaseOf(p, options) };
        entry.rules = options.releaseRules;
      }
      return entry.decision;
    }
    const base = { sha: commit.sha, subject: entry.subject, type: p?.type ?? null, scope: p?.scope ?? null };
    if (p === null) return { ...base, bump: 'none', reason: 'empty message' };
    return { ...base, bump: 'none', reason: 'reverted within this change' };
  });
}
