/**
 * Commit messages as a bump signal (`commits.conventional: true`), classified exactly as
 * semantic-release's commit analyzer does with the conventionalcommits preset: the same parser
 * (conventional-commits-parser) with the preset's parser options, the same reverted-commit
 * filter, and the analyzer's default release rules. Messages are trimmed first, as
 * semantic-release trims what it reads from git.
 */
import { CommitParser } from 'conventional-commits-parser';
import { filterRevertedCommitsSync } from 'conventional-commits-filter';
import createPreset from 'conventional-changelog-conventionalcommits';
import type { Bump, CommitDecision, CommitInput } from './types.js';

/**
 * The analyzer's default release rules that a conventionalcommits-parsed commit can meet (its
 * other defaults test fields this parser never sets: emoji, tag, component). Types compare
 * case-sensitively, as the analyzer's micromatch does: "Feat" releases nothing, "FEAT" (a
 * JSHint rule) is minor.
 */
const TYPE_RULES: Record<string, Bump> = { feat: 'minor', fix: 'patch', perf: 'patch', FEAT: 'minor', FIX: 'patch' };

let parser: CommitParser | null = null;

/** A commit as the conventional-commits parser reads it. */
export interface Parsed {
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
/** Parsed commits and their decisions, shared by the lists of one decision (a monorepo's components). */
export type CommitCache = Map<string, { parsed: Parsed | null; subject: string; decision?: CommitDecision }>;

export function classifyCommits(commits: readonly CommitInput[], cache: CommitCache = new Map()): CommitDecision[] {
  parser ??= new CommitParser(createPreset().parser);
  const entries = commits.map((commit) => {
    // A monorepo classifies the same commits for many components: each is parsed once.
    let entry = cache.get(commit.sha);
    if (entry === undefined) {
      const message = commit.message.trim();
      // The analyzer skips empty messages.
      const parsed = message === '' ? null : { ...(parser!.parse(message) as unknown as Parsed), hash: commit.sha };
      entry = { parsed, subject: message.split('\n')[0]!.trim() };
      cache.set(commit.sha, entry);
    }
    return entry;
  });
  // A commit reverted within the same change, and its revert, release nothing (the analyzer's
  // filter). Without a revert in the list, the filter keeps every commit.
  const parsedList = entries.flatMap((e) => (e.parsed === null ? [] : [e.parsed]));
  const kept = parsedList.some((p) => p.revert)
    ? new Set<Parsed>(filterRevertedCommitsSync(parsedList as never[]) as Iterable<Parsed>)
    : null;
  return commits.map((commit, i) => {
    const entry = entries[i]!;
    const p = entry.parsed;
    if (p !== null && (kept === null || kept.has(p))) return (entry.decision ??= decisionOf(commit.sha, entry.subject, p));
    const base = { sha: commit.sha, subject: entry.subject, type: p?.type ?? null, scope: p?.scope ?? null };
    if (p === null) return { ...base, bump: 'none', reason: 'empty message' };
    return { ...base, bump: 'none', reason: 'reverted within this change' };
  });
}

/** The analyzer's default rules on a kept commit. */
function decisionOf(sha: string, subject: string, p: Parsed): CommitDecision {
  const base = { sha, subject, type: p.type ?? null, scope: p.scope ?? null };
  if (p.notes.length > 0) return { ...base, bump: 'major', reason: `${p.notes[0]!.title}` };
  if (p.revert) return { ...base, bump: 'patch', reason: 'revert' };
  const bump = p.type ? TYPE_RULES[p.type] : undefined;
  if (bump !== undefined) return { ...base, bump, reason: p.type! };
  return { ...base, bump: 'none', reason: p.type ? `type "${p.type}" releases nothing` : 'not a conventional commit' };
}
