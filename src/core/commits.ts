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
import type { Bump } from './types.js';

/** A commit of the change: its SHA (or a label such as "PR title") and its full message. */
export interface CommitInput {
  sha: string;
  message: string;
  /** The paths the commit touches, when the source knows them (local git); a component counts it when one is its. */
  files?: readonly string[];
}

/** Why one commit got its bump. */
export interface CommitDecision {
  sha: string;
  subject: string;
  type: string | null;
  scope: string | null;
  bump: Bump;
  reason: string;
}

/**
 * The analyzer's default release rules that a conventionalcommits-parsed commit can meet (its
 * other defaults test fields this parser never sets: emoji, tag, component). Types compare
 * case-sensitively, as the analyzer's micromatch does: "Feat" releases nothing, "FEAT" (a
 * JSHint rule) is minor.
 */
const TYPE_RULES: Record<string, Bump> = { feat: 'minor', fix: 'patch', perf: 'patch', FEAT: 'minor', FIX: 'patch' };

let parser: CommitParser | null = null;

interface Parsed {
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
export function classifyCommits(commits: readonly CommitInput[]): CommitDecision[] {
  parser ??= new CommitParser(createPreset().parser);
  const parsed = new Map<string, Parsed>();
  for (const commit of commits) {
    const message = commit.message.trim();
    if (message === '') continue; // the analyzer skips empty messages
    parsed.set(commit.sha, { ...(parser.parse(message) as unknown as Parsed), hash: commit.sha });
  }
  // A commit reverted within the same change, and its revert, release nothing (the analyzer's filter).
  const kept = new Set<Parsed>(filterRevertedCommitsSync([...parsed.values()] as never[]) as Iterable<Parsed>);
  return commits.map((commit) => {
    const subject = commit.message.trim().split('\n')[0]!.trim();
    const p = parsed.get(commit.sha);
    const base = { sha: commit.sha, subject, type: p?.type ?? null, scope: p?.scope ?? null };
    if (p === undefined) return { ...base, bump: 'none', reason: 'empty message' };
    if (!kept.has(p)) return { ...base, bump: 'none', reason: 'reverted within this change' };
    if (p.notes.length > 0) return { ...base, bump: 'major', reason: `${p.notes[0]!.title}` };
    if (p.revert) return { ...base, bump: 'patch', reason: 'revert' };
    const bump = p.type ? TYPE_RULES[p.type] : undefined;
    if (bump !== undefined) return { ...base, bump, reason: p.type! };
    return { ...base, bump: 'none', reason: p.type ? `type "${p.type}" releases nothing` : 'not a conventional commit' };
  });
}
