/**
 * The vocabulary of bump-classifier, in the user's words. Everything in src/core works on these
 * plain values: sources produce them, the entry points print or publish them.
 */

export const BUMPS = ['none', 'patch', 'minor', 'major'] as const;
export type Bump = (typeof BUMPS)[number];

export const FILE_STATUSES = ['added', 'modified', 'removed', 'renamed', 'copied'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

/** The conventional-changelog presets whose parser options `commits.preset` selects. */
export const COMMIT_PRESETS = ['conventionalcommits', 'angular'] as const;
export type CommitPreset = (typeof COMMIT_PRESETS)[number];

/**
 * The string fields of a commit a release rule can match with a micromatch glob: the parser's
 * fields plus semantic-release's `message` and `hash`, as @semantic-release/commit-analyzer sees a
 * commit (not `merge`: neither preset parses merges, so it is always null).
 */
export const RELEASE_RULE_FIELDS = ['type', 'scope', 'subject', 'header', 'body', 'footer', 'message', 'hash'] as const;
export type ReleaseRuleField = (typeof RELEASE_RULE_FIELDS)[number];

/** One of `commits.release-rules`: commit-analyzer's `releaseRules` entry. `false`: no release. */
export type ReleaseRule = { readonly [F in ReleaseRuleField]?: string } & {
  readonly breaking?: boolean;
  readonly revert?: boolean;
  readonly release: 'major' | 'minor' | 'patch' | false;
};

/** How commit messages are read: the parser preset, and the custom release rules tried first. */
export interface CommitOptions {
  preset: CommitPreset;
  releaseRules: readonly ReleaseRule[];
}

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

/** One file of a change, as a source (git, the GitHub API) reports it. */
export interface ChangedFile {
  /** Repository-relative POSIX path after the change. */
  path: string;
  /** The path before a rename or copy. */
  previousPath?: string;
  status: FileStatus;
  /**
   * The file's unified-diff hunks, from the first "@@" line on (no file headers), as GitHub's API
   * returns them. `undefined` means unknown: not
   * provided by the source (binary, too large, or not fetched). Sources fetch patches only for
   * files that `filesNeedingPatch` names.
   */
  patch?: string;
}

/** Why one file got its bump. `rule` is null when no rule matched and `default-bump` applied. */
export interface FileDecision {
  path: string;
  previousPath: string | null;
  status: FileStatus;
  bump: Bump;
  rule: string | null;
}

/** What a tag line releases: the bump, the current version and the next one. */
export interface Release {
  bump: Bump;
  currentVersion: string | null;
  currentTag: string | null;
  nextVersion: string | null;
  nextVersionFull: string | null;
  nextTag: string | null;
  prerelease: boolean;
}

/** A commit footer `Release-As: X.Y.Z` that set a line's next version. */
export interface ReleaseAs {
  sha: string;
  /** The version the footer names (a leading "v" dropped). */
  version: string;
}

/** The release decision for one component (the whole repository is the component `root`). */
export interface ComponentDecision extends Release {
  name: string;
  /** The newest commit of the component's change with a `Release-As` footer, when it set the next version. */
  releaseAs: ReleaseAs | null;
  /** The commit the component's change starts from (null: the empty tree, a first release). */
  base: string | null;
  baseRef: string;
  files: FileDecision[];
  /**
   * The classified commits that count for this component (set by decide(); absent where nothing
   * was decided). Not part of the JSON document: the release notes of a component read them.
   */
  commits?: CommitDecision[];
}

export interface PolicyResult {
  maxBump: Bump;
  /** True when the bump is above max-bump and no allow label lifted it. */
  failed: boolean;
  /** True when the bump is above max-bump but the allow label is present. */
  allowed: boolean;
  message: string | null;
}

/** The whole release decision of a change. Keys mirror the CLI's JSON document. */
export interface Decision extends Release {
  channel: string | null;
  /** The base commit (null: the empty tree before the first release, or components with different bases). */
  base: string | null;
  baseRef: string;
  head: string;
  headRef: string;
  files: FileDecision[];
  /** Commits classified as conventional commits (empty unless `commits.conventional`). */
  commits: CommitDecision[];
  labels: string[];
  /** Labels this config manages: every label it names (rules, labels.bump, labels.only). */
  managedLabels: string[];
  components: ComponentDecision[];
  override: { label: string; bump: Bump } | null;
  policy: PolicyResult;
  truncated: boolean;
  warnings: string[];
  /**
   * The top level's `Release-As` commit, when it set the next version (set by decide(); absent
   * only where nothing was decided).
   */
  releaseAs?: ReleaseAs | null;
  /**
   * How the decision was reached where it is not the files' bump applied as such, for people to
   * read (not warnings: nothing is wrong): a bump raised to the tag-format's granularity
   * (`app@{major}`: every change is major), a version set by a `Release-As` footer. Set by decide().
   */
  notes?: string[];
  /**
   * The major `version-from.major` derived from the head tree, and the file it came from (set by
   * decide() when `version-from` is configured and a file matched; the release notes say it).
   */
  versionFrom?: { value: string; file: string } | null;
}

const ORDER: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

export function bumpRank(bump: Bump): number {
  return ORDER[bump];
}

export function maxBump(a: Bump, b: Bump): Bump {
  return ORDER[a] >= ORDER[b] ? a : b;
}
