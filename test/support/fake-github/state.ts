/**
 * In-memory model of one GitHub repository for the fake REST API.
 *
 * Everything here is plain, mutable data so that tests can arrange exactly
 * the situation they need (commits, refs, pulls, labels...) and then observe
 * what the code under test changed. The helpers (`commit`, `openPull`, ...)
 * only exist to make the common set-ups short; nothing forces a test to use
 * them.
 *
 * The git-ish algorithms (merge base, ahead/behind, tree diff with rename
 * detection, patches) are deliberately simple but follow GitHub's semantics
 * closely enough that an adapter that works against this model works against
 * github.com.
 */
import { createHash } from 'node:crypto';

/** One file in a commit's tree. `content: undefined` marks a binary file (no patch, no line counts). */
export interface FakeBlob {
  sha: string;
  content?: string;
  /** Git file mode; defaults to "100644". */
  mode?: string;
  /** Byte size reported by the API; defaults to the UTF-8 length of `content` (0 for binary). */
  size?: number;
}

export interface FakeCommit {
  sha: string;
  parents: string[];
  message: string;
  tree: Map<string, FakeBlob>;
}

export interface FakePullSide {
  sha: string;
  ref: string;
  /** `owner/name` of the repository the branch lives in; defaults to the base repository (set it for fork PRs). */
  repo?: string;
}

export interface FakePull {
  number: number;
  base: FakePullSide;
  head: FakePullSide;
  labels: string[];
  draft: boolean;
  title: string;
  body: string | null;
  merge_commit_sha: string | null;
  state: 'open' | 'closed';
  merged: boolean;
  user: { login: string };
}

/**
 * An annotated tag object (`git tag -a`): what `refs/tags/<name>` points at instead of a commit.
 * `object` is the commit it tags, or another tag object (a tag of a tag).
 */
export interface FakeTagObject {
  sha: string;
  /** The tag's own name, as written in the object (`tag` in GitHub's JSON). */
  tag: string;
  message: string;
  object: { type: 'commit' | 'tag'; sha: string };
  tagger: { name: string; email: string; date: string };
}

export interface AnnotatedTagOptions {
  /** The tag message; default `Release <name>`. */
  message?: string;
  /**
   * Extra tag objects wrapped around the first (a tag of a tag): 0 (default) makes the usual
   * ref -> tag -> commit; 1 makes ref -> tag -> tag -> commit, and so on.
   */
  nestedDepth?: number;
}

export interface FakeLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface FakeComment {
  id: number;
  issue_number: number;
  body: string;
  user: { login: string };
  created_at: string;
  updated_at: string;
}

export interface FakeRelease {
  id: number;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  make_latest: string;
  created_at: string;
  published_at: string | null;
  author: { login: string };
}

/** A file as the diff machinery sees it, before it is turned into GitHub's JSON shape. */
export interface FileChange {
  filename: string;
  previous_filename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  sha: string;
  additions: number;
  deletions: number;
  changes: number;
  /** Absent exactly when GitHub would omit it (binary, too large, pure rename, empty file). */
  patch?: string;
}

/** What `repo.commit()` accepts per path: text content, `null` to delete, or a full blob (e.g. binary). */
export type FileSpec = string | null | FakeBlob;

export interface OpenPullOptions {
  number?: number;
  /** Base side: a commit sha / ref name, or `{ sha?, ref }` (sha defaults to the tip of `refs/heads/<ref>`). */
  base: string | { sha?: string; ref: string; repo?: string };
  /** Head side, same forms as `base`. */
  head: string | { sha?: string; ref: string; repo?: string };
  labels?: string[];
  draft?: boolean;
  title?: string;
  body?: string | null;
  merge_commit_sha?: string | null;
  state?: 'open' | 'closed';
  merged?: boolean;
  user?: { login: string };
}

const EMPTY_TREE = new Map<string, FakeBlob>();
/** Label colour GitHub gives labels it creates implicitly (adding an unknown label to an issue). */
export const DEFAULT_LABEL_COLOR = 'ededed';

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Real git blob id, so identical content gets the identical sha (which rename detection relies on). */
export function blobSha(content: string): string {
  return createHash('sha1')
    .update(`blob ${Buffer.byteLength(content)}\0`)
    .update(content)
    .digest('hex');
}

export function blobSize(blob: FakeBlob): number {
  return blob.size ?? (blob.content === undefined ? 0 : Buffer.byteLength(blob.content));
}

// Ids are shared across repos (as on github.com) so a comment id never collides between repos.
let nextGlobalId = 1_000_000;
function nextId(): number {
  return nextGlobalId++;
}

export class FakeRepo {
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  /** Used by the contents/compare defaults and the `repo` JSON. */
  defaultBranch = 'main';

  readonly commits = new Map<string, FakeCommit>();
  /**
   * Full ref name (`refs/heads/main`, `refs/tags/v1.2.0`) → the object it points at: a commit
   * sha, or for an annotated tag (see `annotatedTag`) the sha of a tag object in `tagObjects`.
   * Everything that resolves a ref to a commit (`resolve`, `tagCommit`) peels tag objects.
   */
  readonly refs = new Map<string, string>();
  /** Annotated tag objects by sha (GitHub's `git/tags/{sha}`). */
  readonly tagObjects = new Map<string, FakeTagObject>();
  readonly pulls = new Map<number, FakePull>();
  /** Repository labels keyed by name (GitHub compares names case-insensitively; see `findLabel`). */
  readonly labels = new Map<string, FakeLabel>();
  readonly comments = new Map<number, FakeComment>();
  readonly releases = new Map<number, FakeRelease>();
  /** path → patch text, or null for "GitHub sends no patch" (binary / diff too large). */
  readonly patchOverrides = new Map<string, string | null>();
  /** When set, recursive tree listings are cut to this many entries and flagged `truncated: true`. */
  treeTruncateAt: number | undefined = undefined;

  private commitCounter = 0;

  constructor(owner: string, name: string) {
    this.owner = owner;
    this.name = name;
    this.fullName = `${owner}/${name}`;
  }

  /**
   * Creates a commit whose tree is the first parent's tree with `files` applied
   * (`null` deletes a path). Parents may be shas or anything `resolve` accepts.
   * When `branch` is given, `refs/heads/<branch>` is moved to the new commit.
   */
  commit(options: {
    parents: string[];
    message?: string;
    files?: Record<string, FileSpec>;
    branch?: string;
  }): string {
    const parents = options.parents.map((p) => this.mustResolve(p));
    const firstParent = parents[0];
    const tree = new Map(firstParent === undefined ? EMPTY_TREE : this.mustCommit(firstParent).tree);
    for (const [path, spec] of Object.entries(options.files ?? {})) {
      if (spec === null) tree.delete(path);
      else tree.set(path, toBlob(spec));
    }
    return this.addCommit(undefined, parents, options.message ?? `commit ${this.commitCounter + 1}`, tree, options.branch);
  }

  /**
   * Creates a commit with exactly the given tree (nothing inherited from parents).
   * `sha` lets a test pin the commit id; pass undefined to get a generated one.
   */
  commitTree(
    sha: string | undefined,
    files: Record<string, string | FakeBlob>,
    options: { parents?: string[]; message?: string; branch?: string } = {},
  ): string {
    const parents = (options.parents ?? []).map((p) => this.mustResolve(p));
    const tree = new Map(Object.entries(files).map(([path, spec]) => [path, toBlob(spec)] as const));
    return this.addCommit(sha, parents, options.message ?? `commit ${this.commitCounter + 1}`, tree, options.branch);
  }

  /** Adds a pull request; base/head shas default to the tips of the named branches. */
  openPull(options: OpenPullOptions): FakePull {
    const number = options.number ?? Math.max(0, ...this.pulls.keys()) + 1;
    const labels = options.labels ?? [];
    // GitHub guarantees every issue label is also a repository label.
    for (const label of labels) this.ensureLabel(label);
    const pull: FakePull = {
      number,
      base: this.pullSide(options.base),
      head: this.pullSide(options.head),
      labels: [...labels],
      draft: options.draft ?? false,
      title: options.title ?? `Pull request #${number}`,
      body: options.body ?? null,
      merge_commit_sha: options.merge_commit_sha ?? null,
      state: options.state ?? 'open',
      merged: options.merged ?? false,
      user: options.user ?? { login: 'octocat' },
    };
    this.pulls.set(number, pull);
    return pull;
  }

  /**
   * An annotated tag `name` at a commit (anything `resolve` accepts): a tag object (or, with
   * `nestedDepth`, a chain of them) is stored and `refs/tags/<name>` points at the outermost
   * one, as after `git tag -a` and a push. The sha is derived from the repository, name,
   * commit, message and level, so a set-up gives the same shas run after run. Replaces an
   * existing tag of that name (like `git tag -f`). Returns the tag object sha the ref points at.
   */
  annotatedTag(name: string, commitish: string, options: AnnotatedTagOptions = {}): string {
    const commit = this.mustResolve(commitish);
    const message = options.message ?? `Release ${name}`;
    const depth = options.nestedDepth ?? 0;
    if (!Number.isInteger(depth) || depth < 0) throw new Error(`fake-github: nestedDepth must be a whole number >= 0, got ${depth}`);
    let object: FakeTagObject['object'] = { type: 'commit', sha: commit };
    for (let level = 0; level <= depth; level++) {
      const sha = sha1(`${this.fullName}:tag:${name}:${commit}:${message}:${level}`);
      this.tagObjects.set(sha, {
        sha,
        tag: name,
        message,
        object,
        tagger: { name: 'Fake Tagger', email: 'tagger@example.com', date: new Date(0).toISOString() },
      });
      object = { type: 'tag', sha };
    }
    this.refs.set(`refs/tags/${name}`, object.sha);
    return object.sha;
  }

  /** The commit an object id stands for: a tag object is peeled (through nested tags); anything else is returned as is. */
  peel(sha: string): string {
    let current = sha;
    // A chain of tag objects ends at a commit; the bound only guards against a hand-made cycle.
    for (let i = 0; i <= this.tagObjects.size; i++) {
      const tag = this.tagObjects.get(current);
      if (tag === undefined) return current;
      current = tag.object.sha;
    }
    throw new Error(`fake-github: tag object cycle at ${sha} in ${this.fullName}`);
  }

  /** The commit `refs/tags/<name>` stands for (annotated tags peeled), or undefined when there is no such tag. */
  tagCommit(name: string): string | undefined {
    const sha = this.refs.get(`refs/tags/${name}`);
    return sha === undefined ? undefined : this.peel(sha);
  }

  /** Whether `sha` is an object a ref may point at: a commit or a tag object. */
  hasObject(sha: string): boolean {
    return this.commits.has(sha) || this.tagObjects.has(sha);
  }

  /** Override (string) or suppress (null) the patch GitHub reports for `path`. */
  patchOverride(path: string, patch: string | null): void {
    this.patchOverrides.set(path, patch);
  }

  /**
   * Resolves commit-ish input like GitHub does: full sha, unique sha prefix
   * (>= 7 chars), full ref name, `heads/x` / `tags/x`, or a bare branch / tag
   * name (branches win, as in git). Always a commit: an annotated tag (its name or
   * its tag object's sha) is peeled, as GitHub peels it for compare, commits, contents.
   */
  resolve(ref: string): string | undefined {
    if (this.commits.has(ref)) return ref;
    if (this.tagObjects.has(ref)) return this.peel(ref);
    const candidates = ref.startsWith('refs/')
      ? [ref]
      : [`refs/${ref}`, `refs/heads/${ref}`, `refs/tags/${ref}`];
    for (const candidate of candidates) {
      const sha = this.refs.get(candidate);
      if (sha !== undefined) return this.peel(sha);
    }
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      const matches = [...this.commits.keys()].filter((sha) => sha.startsWith(ref));
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  findLabel(name: string): FakeLabel | undefined {
    const lower = name.toLowerCase();
    for (const label of this.labels.values()) if (label.name.toLowerCase() === lower) return label;
    return undefined;
  }

  /** Returns the repository label, creating it with GitHub's default colour if missing. */
  ensureLabel(name: string, color = DEFAULT_LABEL_COLOR, description: string | null = null): FakeLabel {
    const existing = this.findLabel(name);
    if (existing) return existing;
    const label: FakeLabel = { id: nextId(), name, color, description };
    this.labels.set(name, label);
    return label;
  }

  addComment(issueNumber: number, body: string, login = 'github-actions[bot]'): FakeComment {
    const now = new Date().toISOString();
    const comment: FakeComment = {
      id: nextId(),
      issue_number: issueNumber,
      body,
      user: { login },
      created_at: now,
      updated_at: now,
    };
    this.comments.set(comment.id, comment);
    return comment;
  }

  newReleaseId(): number {
    return nextId();
  }

  // ---- graph algorithms -------------------------------------------------

  /** All commits reachable from `sha` (inclusive). */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const stack = [sha];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      const commit = this.commits.get(current);
      if (commit) stack.push(...commit.parents);
    }
    return seen;
  }

  /**
   * Nearest common ancestor: breadth-first from `b`, the first commit that is
   * also an ancestor of `a`. Good enough for the linear and simple-merge
   * histories tests build (git's criss-cross subtleties are out of scope).
   */
  mergeBase(a: string, b: string): string | undefined {
    const fromA = this.ancestors(a);
    const seen = new Set<string>();
    const queue = [b];
    for (let i = 0; i < queue.length; i++) {
      const current = queue[i]!;
      if (seen.has(current)) continue;
      seen.add(current);
      if (fromA.has(current)) return current;
      queue.push(...(this.commits.get(current)?.parents ?? []));
    }
    return undefined;
  }

  /** Commits reachable from `head` but not from `base`, parents before children (GitHub's compare order). */
  commitsBetween(base: string, head: string): FakeCommit[] {
    const excluded = this.ancestors(base);
    const wanted = new Set([...this.ancestors(head)].filter((sha) => !excluded.has(sha)));
    // Iterative post-order DFS: long histories must not blow the call stack.
    const ordered: FakeCommit[] = [];
    const done = new Set<string>();
    const stack: Array<{ sha: string; expanded: boolean }> = [{ sha: head, expanded: false }];
    while (stack.length > 0) {
      const frame = stack.pop()!;
      if (done.has(frame.sha) || !wanted.has(frame.sha)) continue;
      const commit = this.mustCommit(frame.sha);
      if (frame.expanded) {
        done.add(frame.sha);
        ordered.push(commit);
        continue;
      }
      stack.push({ sha: frame.sha, expanded: true });
      // Push parents in reverse so the first parent's line is emitted first.
      for (const parent of [...commit.parents].reverse()) stack.push({ sha: parent, expanded: false });
    }
    return ordered;
  }

  /** Changed files between two commits (two-dot: callers pass the merge base as `from` for GitHub's three-dot). */
  diff(from: string | undefined, to: string): FileChange[] {
    const oldTree = from === undefined ? EMPTY_TREE : this.mustCommit(from).tree;
    return this.applyPatchOverrides(diffTrees(oldTree, this.mustCommit(to).tree));
  }

  mustCommit(sha: string): FakeCommit {
    const commit = this.commits.get(sha);
    if (!commit) throw new Error(`fake-github: unknown commit ${sha} in ${this.fullName}`);
    return commit;
  }

  // ---- internals ----------------------------------------------------------

  private mustResolve(ref: string): string {
    const sha = this.resolve(ref);
    if (sha === undefined) throw new Error(`fake-github: cannot resolve "${ref}" in ${this.fullName}`);
    return sha;
  }

  private addCommit(
    sha: string | undefined,
    parents: string[],
    message: string,
    tree: Map<string, FakeBlob>,
    branch: string | undefined,
  ): string {
    this.commitCounter++;
    // Deterministic ids: same test set-up, same shas, run after run.
    const id = sha ?? sha1(`${this.fullName}:commit:${this.commitCounter}`);
    this.commits.set(id, { sha: id, parents, message, tree });
    if (branch !== undefined) this.refs.set(`refs/heads/${branch}`, id);
    return id;
  }

  private pullSide(side: OpenPullOptions['base']): FakePullSide {
    if (typeof side === 'string') {
      // A known sha stays a sha (on a synthetic branch name); anything else is a branch name.
      if (this.commits.has(side)) return { sha: side, ref: `branch-${side.slice(0, 7)}` };
      return { sha: this.mustResolve(`refs/heads/${side}`), ref: side };
    }
    const sha = side.sha ?? this.mustResolve(`refs/heads/${side.ref}`);
    return side.repo === undefined ? { sha, ref: side.ref } : { sha, ref: side.ref, repo: side.repo };
  }

  private applyPatchOverrides(changes: FileChange[]): FileChange[] {
    if (this.patchOverrides.size === 0) return changes;
    return changes.map((change) => {
      if (!this.patchOverrides.has(change.filename)) return change;
      const override = this.patchOverrides.get(change.filename);
      const rest: FileChange = { ...change };
      delete rest.patch;
      // null: keep GitHub's line counts but send no patch, as for too-large diffs.
      if (override === null || override === undefined) return rest;
      const counts = countPatchLines(override);
      return { ...rest, ...counts, changes: counts.additions + counts.deletions, patch: override };
    });
  }
}

function toBlob(spec: string | FakeBlob): FakeBlob {
  return typeof spec === 'string' ? { sha: blobSha(spec), content: spec } : spec;
}

function countPatchLines(patch: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) additions++;
    else if (line.startsWith('-') && !line.startsWith('---')) deletions++;
  }
  return { additions, deletions };
}

/**
 * File-level diff of two trees, sorted by filename. Exact-content moves
 * (same blob sha on a removed and an added path) become one `renamed` entry,
 * which is all the rename detection GitHub guarantees for unmodified moves.
 */
export function diffTrees(oldTree: Map<string, FakeBlob>, newTree: Map<string, FakeBlob>): FileChange[] {
  const changes: FileChange[] = [];
  const removed = new Map<string, FakeBlob>();
  const added = new Map<string, FakeBlob>();

  for (const [path, oldBlob] of oldTree) {
    const newBlob = newTree.get(path);
    if (!newBlob) {
      removed.set(path, oldBlob);
    } else if (newBlob.sha !== oldBlob.sha) {
      changes.push(contentChange(path, 'modified', oldBlob, newBlob));
    } else if ((newBlob.mode ?? '100644') !== (oldBlob.mode ?? '100644')) {
      // Same content, different mode (e.g. chmod +x): GitHub reports "changed".
      changes.push({ filename: path, status: 'changed', sha: newBlob.sha, additions: 0, deletions: 0, changes: 0 });
    }
  }
  for (const [path, newBlob] of newTree) if (!oldTree.has(path)) added.set(path, newBlob);

  // Rename detection: pair each added path with the first (by path) removed path of identical content.
  const removedBySha = new Map<string, string[]>();
  for (const path of [...removed.keys()].sort()) {
    const sha = removed.get(path)!.sha;
    removedBySha.set(sha, [...(removedBySha.get(sha) ?? []), path]);
  }
  for (const path of [...added.keys()].sort()) {
    const blob = added.get(path)!;
    const from = removedBySha.get(blob.sha)?.shift();
    if (from !== undefined) {
      removed.delete(from);
      changes.push({ filename: path, previous_filename: from, status: 'renamed', sha: blob.sha, additions: 0, deletions: 0, changes: 0 });
    } else {
      changes.push(contentChange(path, 'added', undefined, blob));
    }
  }
  for (const [path, blob] of removed) changes.push(contentChange(path, 'removed', blob, undefined));

  return changes.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
}

function contentChange(
  filename: string,
  status: 'added' | 'removed' | 'modified',
  oldBlob: FakeBlob | undefined,
  newBlob: FakeBlob | undefined,
): FileChange {
  const sha = (newBlob ?? oldBlob)!.sha;
  const binary = (oldBlob !== undefined && oldBlob.content === undefined) || (newBlob !== undefined && newBlob.content === undefined);
  if (binary) return { filename, status, sha, additions: 0, deletions: 0, changes: 0 };
  const hunk = unifiedHunk(oldBlob?.content ?? '', newBlob?.content ?? '');
  const change: FileChange = { filename, status, sha, additions: hunk.additions, deletions: hunk.deletions, changes: hunk.additions + hunk.deletions };
  if (hunk.patch !== undefined) change.patch = hunk.patch;
  return change;
}

function splitLines(content: string): string[] {
  if (content === '') return [];
  return (content.endsWith('\n') ? content.slice(0, -1) : content).split('\n');
}

const CONTEXT_LINES = 3;

/**
 * One unified-diff hunk covering the changed middle of the file (common
 * prefix and suffix trimmed, up to 3 context lines kept), which is what
 * GitHub's `patch` looks like for a single contiguous edit. Several separate
 * edits become one wide hunk, and "\ No newline at end of file" is not emitted.
 */
export function unifiedHunk(oldContent: string, newContent: string): { patch?: string; additions: number; deletions: number } {
  const oldLines = splitLines(oldContent);
  const newLines = splitLines(newContent);
  if (oldLines.length === 0 && newLines.length === 0) return { additions: 0, deletions: 0 };

  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) suffix++;

  const removedLines = oldLines.slice(prefix, oldLines.length - suffix);
  const addedLines = newLines.slice(prefix, newLines.length - suffix);
  const before = oldLines.slice(Math.max(0, prefix - CONTEXT_LINES), prefix);
  const after = oldLines.slice(oldLines.length - suffix, oldLines.length - suffix + CONTEXT_LINES);

  const oldCount = before.length + removedLines.length + after.length;
  const newCount = before.length + addedLines.length + after.length;
  const start = prefix - before.length;
  const oldRange = hunkRange(start, oldCount);
  const newRange = hunkRange(start, newCount);
  const lines = [
    `@@ -${oldRange} +${newRange} @@`,
    ...before.map((l) => ` ${l}`),
    ...removedLines.map((l) => `-${l}`),
    ...addedLines.map((l) => `+${l}`),
    ...after.map((l) => ` ${l}`),
  ];
  return { patch: lines.join('\n'), additions: addedLines.length, deletions: removedLines.length };
}

/** git's range notation: an empty side is "0,0" and a count of 1 is omitted ("@@ -0,0 +1 @@"). */
function hunkRange(start: number, count: number): string {
  if (count === 0) return '0,0';
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/**
 * Directory entries implied by a flat path → blob map, as GitHub lists them
 * with `recursive=1`. Tree shas are derived from their contents so identical
 * directories share a sha, like in git.
 */
export function treeDirectories(tree: Map<string, FakeBlob>): Map<string, string> {
  const members = new Map<string, string[]>();
  for (const [path, blob] of tree) {
    const parts = path.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const list = members.get(dir) ?? [];
      list.push(`${path.slice(dir === '' ? 0 : dir.length + 1)} ${blob.mode ?? '100644'} ${blob.sha}`);
      members.set(dir, list);
    }
  }
  const shas = new Map<string, string>();
  for (const [dir, list] of members) shas.set(dir, sha1(`tree\0${list.sort().join('\n')}`));
  if (!shas.has('')) shas.set('', sha1('tree\0'));
  return shas;
}
