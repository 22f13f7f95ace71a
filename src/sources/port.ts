/**
 * The change-source port: the questions a decision asks of a repository, answered the same way
 * by local git (local-git.ts) and by the GitHub REST API (github.ts). It knows ranges, never
 * workflow events: the action maps its event to ranges, the CLI its options.
 */
import type { ChangedFile, CommitInput, TagPlace } from '../core/index.js';

/** A release tag as a source lists it. */
export interface SourceTag {
  name: string;
  /** The commit it points at, when the listing says so (an annotated tag through the API: null). */
  commit: string | null;
}

/** What to compare: `base...head` (from the merge-base), or the whole history when base is null. */
export interface Range {
  /** A tag name or a commit SHA; null: the empty tree (before the first release). */
  base: string | null;
  /** A commit SHA. */
  head: string;
  /**
   * The directories whose files matter ("" or absent: the whole tree), a hint a source may use
   * to read less: a monorepo component needs only its own directories.
   */
  paths?: readonly string[];
}

/** What a read should bring besides the files. */
export interface ReadWants {
  /** The commits of the range, newest first (conventional commits). */
  commits: boolean;
  /** The files whose patch a content rule needs. */
  patches: (files: ChangedFile[]) => ChangedFile[];
}

/** A range as read: its files (complete, or `truncated`), and its commits when asked. */
export interface RangeChange {
  /** The merge-base the files were compared from (null: the empty tree). */
  mergeBase: string | null;
  /**
   * Whether the base is in head's history (false: it sits off the branch), when the source knows
   * without the base's commit (GitHub's comparison status); undefined otherwise.
   */
  baseInHistory?: boolean;
  files: ChangedFile[];
  truncated: boolean;
  commits: CommitInput[] | null;
  warnings: string[];
}

export interface ChangeSource {
  /** Release tags whose names start with one of the prefixes (the tag-formats' literal starts). */
  tags(prefixes: readonly string[]): Promise<SourceTag[]>;
  /** The commit a tag points at (annotated tags peeled). */
  tagCommit(tag: SourceTag): Promise<string>;
  /** Whether the tag is at head or after it (its commit descends from head); null otherwise. */
  placeOf(tag: SourceTag, head: string): Promise<TagPlace | null>;
  /** Several ranges to one head, each distinct range read once; results in input order. */
  read(ranges: readonly Range[], wants: ReadWants): Promise<RangeChange[]>;
  /** Every file path in the tree at head (`version-from`). */
  headTree(head: string): Promise<string[]>;
}
