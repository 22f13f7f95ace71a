/**
 * The GitHub API source: a change, its tags, its config and its head tree, read through the REST
 * API. Lists that GitHub caps (3,000 PR files, 300 compare files) are completed from a local
 * checkout or the git trees of both commits; only when neither can, the change is `truncated`.
 */
import { InputError, type ChangedFile, type CommitInput, type FileStatus, type TagPlace } from '../core/index.js';
import { ApiError, isNotFound, MAX_REQUESTS_PER_RUN, type GitHubClient, type RepoRef } from '../github/client.js';
import {
  AssociatedPullListSchema,
  CommitListSchema,
  CommitRefSchema,
  CompareSchema,
  FileListSchema,
  PullSchema,
  RefListSchema,
  TagObjectSchema,
  TreeSchema,
  checkShape,
  paginateChecked,
} from '../github/shapes.js';
import type * as z from 'zod';
import type { LocalGitSource } from './local-git.js';
import { mapPool } from './pool.js';

export { mapPool } from './pool.js';
import type { ChangeSource, Range, RangeChange, ReadWants, SourceTag } from './port.js';

export const MAX_PULL_FILES = 3000;
/** GitHub lists at most 250 commits of a pull request. */
export const MAX_PULL_COMMITS = 250;
export const MAX_COMPARE_FILES = 300;
const PAGE_SIZE = 100;
/** SPEC: PR file pages are fetched at most 10 at a time. */
export const PAGE_CONCURRENCY = 10;


export interface TagRef {
  name: string;
  /** The commit, or the tag object of an annotated tag. */
  sha: string;
  annotated: boolean;
}

export interface PullInfo {
  number: number;
  changedFiles: number;
  /** The PR's commit count as GitHub states it: it bounds the commit pages read. */
  commits: number;
  baseSha: string;
  headSha: string;
  baseRef: string;
  labels: string[];
  draft: boolean;
  title: string;
}

export interface FileList {
  files: ChangedFile[];
  /** The list may be incomplete (no fallback could complete it). */
  truncated: boolean;
  warnings: string[];
}

/** Another way to list a change completely, tried when the API's list is capped. */
export interface CompleteLister {
  /** A complete list base...head (merge-base semantics), or null when this source cannot. */
  list(baseSha: string, headSha: string): Promise<{ files: ChangedFile[]; via: string } | null>;
}

interface ApiFile {
  filename: string;
  previous_filename?: string;
  status: string;
  patch?: string;
}

const STATUS: Record<string, FileStatus> = {
  added: 'added',
  removed: 'removed',
  modified: 'modified',
  renamed: 'renamed',
  copied: 'copied',
  changed: 'modified', // mode or type change
};

/** A GitHub file entry as a ChangedFile; "unchanged" entries are not changes. */
export function toChangedFile(entry: ApiFile): ChangedFile | null {
  const status = STATUS[entry.status];
  if (status === undefined) return null;
  const file: ChangedFile = { path: entry.filename, status };
  if (entry.previous_filename !== undefined && (status === 'renamed' || status === 'copied')) {
    file.previousPath = entry.previous_filename;
  }
  // GitHub leaves `patch` out for binary files and large diffs: unknown, never assumed harmless.
  if (typeof entry.patch === 'string') file.patch = entry.patch;
  return file;
}

type CompareData = z.infer<typeof CompareSchema>;

export class GitHubSource implements ChangeSource {
  /** Compare responses by "base...head": a candidate's place and its files come from one request. */
  private readonly compares = new Map<string, Promise<CompareData>>();
  private readonly listedTags = new Map<string, TagRef>();
  /** The pull request whose range is read through its own files and commits endpoints. */
  private pullRequest: PullInfo | null = null;
  /** Ranges that cannot be listed whole through the API are completed by these. */
  private completers: readonly CompleteLister[] = [];
  private checkout: LocalGitSource | null = null;
  /** File pages asked for before the PR read, from the count the event stated. */
  private early: { number: number; stated: number; pages: Promise<ApiFile[][]> } | null = null;

  constructor(
    private readonly client: GitHubClient,
    private readonly repo: RepoRef,
  ) {}

  /** Reads of this pull request's range use its files and commits endpoints. */
  forPull(pull: PullInfo): this {
    this.pullRequest = pull;
    return this;
  }

  /**
   * Asks for a PR's file pages now, from the count its event stated, so they travel with the PR
   * and config reads instead of after them. They are used only if the PR, once read, states the
   * same count (and the same head, see `forPull`).
   */
  prefetchPullFiles(number: number, stated: number): void {
    const pages = this.filePages(number, stated);
    pages.catch(() => {}); // surfaced when used; unused if the PR moved on
    this.early = { number, stated, pages };
  }

  /**
   * A full (not shallow) local checkout that has the commits: release ranges are then read with
   * git, which knows each commit's files (components) and costs no request per component base.
   */
  readFrom(checkout: LocalGitSource | null): this {
    this.checkout = checkout;
    return this;
  }

  /** Capped lists are completed by the first of these that can (a local checkout, the git trees). */
  completeWith(completers: readonly CompleteLister[]): this {
    this.completers = completers;
    return this;
  }

  // ---- the change-source port ----------------------------------------------------

  async tags(prefixes: readonly string[]): Promise<SourceTag[]> {
    const refs = await this.tagRefs(prefixes);
    for (const r of refs) this.listedTags.set(r.name, r);
    return refs.map((r) => ({ name: r.name, commit: r.annotated ? null : r.sha }));
  }

  async tagCommit(tag: SourceTag): Promise<string> {
    if (tag.commit !== null) return tag.commit;
    const ref = this.listedTags.get(tag.name);
    if (ref === undefined) return this.resolveCommit(`refs/tags/${tag.name}`);
    return this.commitOf(ref);
  }

  async placeOf(tag: SourceTag, head: string): Promise<TagPlace | null> {
    if (tag.commit === head) return 'at-head';
    const { status } = await this.compare(this.baseRefOf(tag.name), head);
    return status === 'identical' ? 'at-head' : status === 'behind' ? 'after-head' : null;
  }

  async read(ranges: readonly Range[], wants: ReadWants): Promise<RangeChange[]> {
    const local = await this.localRanges(ranges);
    if (local !== null) return this.checkout!.read(local, wants);
    const distinct = [...new Map(ranges.map((r) => [`${r.base}...${r.head}`, r])).values()];
    const read = await mapPool(distinct, 4, (range) => this.readOne(range, wants));
    const byKey = new Map(distinct.map((r, i) => [`${r.base}...${r.head}`, read[i]!]));
    return ranges.map((r) => byKey.get(`${r.base}...${r.head}`)!);
  }

  async headTree(head: string): Promise<string[]> {
    const tree = await this.treePaths(head);
    if (tree === null) {
      throw new InputError(
        `version-from needs every file name at ${head.slice(0, 7)}, but GitHub truncated the tree; the version cannot be derived reliably`,
      );
    }
    return [...tree.keys()];
  }

  /** The ranges with commit bases, when the checkout has every commit they need; else null. */
  private async localRanges(ranges: readonly Range[]): Promise<Range[] | null> {
    const checkout = this.checkout;
    const pull = this.pullRequest;
    if (checkout === null || checkout.shallow || ranges.length === 0) return null;
    if (pull !== null && ranges.some((r) => r.base === pull.baseSha && r.head === pull.headSha)) return null;
    try {
      const local = await Promise.all(
        ranges.map(async (r) => {
          const tag = r.base === null ? undefined : this.listedTags.get(r.base);
          const base = tag === undefined ? r.base : await this.commitOf(tag);
          return { base, head: r.head };
        }),
      );
      const needed = [...new Set(local.flatMap((r) => (r.base === null ? [r.head] : [r.base, r.head])))];
      return (await checkout.hasCommits(needed)) ? local : null;
    } catch {
      return null; // a checkout that cannot answer: the API can
    }
  }

  /** A tag name as the compare endpoint should get it: its commit when the listing gave it. */
  private baseRefOf(base: string): string {
    const ref = this.listedTags.get(base);
    return ref !== undefined && !ref.annotated ? ref.sha : base;
  }

  private async readOne(range: Range, wants: ReadWants): Promise<RangeChange> {
    const pull = this.pullRequest;
    if (range.base === null) return this.readWholeHistory(range.head, wants);
    if (pull !== null && range.base === pull.baseSha && range.head === pull.headSha) {
      const [list, commits, mergeBase] = await Promise.all([
        this.pullFiles(pull, { baseSha: pull.baseSha, headSha: pull.headSha }, this.completers),
        wants.commits ? this.pullCommits(pull.number, pull.commits) : Promise.resolve(null),
        this.mergeBase(pull.baseSha, pull.headSha),
      ]);
      return { mergeBase, files: list.files, truncated: list.truncated, commits, warnings: list.warnings };
    }
    const base = this.baseRefOf(range.base);
    const commits = wants.commits ? this.compareCommits(base, range.head) : null;
    commits?.catch(() => {});
    const list = await this.compareFiles(base, range.head, this.completers);
    return {
      mergeBase: list.mergeBase,
      baseInHistory: list.baseInHistory,
      files: list.files,
      truncated: list.truncated,
      commits: commits && (await commits),
      warnings: list.warnings,
    };
  }

  /** Before the first release: every file at head is added, every commit reachable from it counts. */
  private async readWholeHistory(head: string, wants: ReadWants): Promise<RangeChange> {
    const commits = wants.commits ? this.historyCommits(head) : null;
    commits?.catch(() => {});
    const tree = await this.treePaths(head);
    const files: ChangedFile[] = tree === null ? [] : [...tree.keys()].map((path) => ({ path, status: 'added' }));
    const warnings =
      tree === null
        ? [`the first release is every file at ${head.slice(0, 7)}, but GitHub truncated that tree, so the list is incomplete`]
        : [];
    return { mergeBase: null, files, truncated: tree === null, commits: commits && (await commits), warnings };
  }

  /** Every commit reachable from head, newest first. */
  private async historyCommits(head: string): Promise<CommitInput[]> {
    // No count is stated: the run's request budget bounds it.
    const params = { ...this.repo, sha: head, per_page: 100 };
    const data = await paginateChecked(this.client, this.client.rest.repos.listCommits, params, CommitListSchema, MAX_REQUESTS_PER_RUN);
    return data.map((c) => ({ sha: c.sha, message: c.commit.message }));
  }

  // ---- reads ------------------------------------------------------------------------

  /** "GET /repos/o/r/pulls/1", as error messages name a route. */
  private route(path: string): string {
    return `GET /repos/${this.repo.owner}/${this.repo.repo}${path}`;
  }

  /** The config file at a commit, or null when it does not exist there. */
  async readConfig(path: string, ref: string): Promise<string | null> {
    let data: unknown;
    try {
      ({ data } = await this.client.rest.repos.getContent({ ...this.repo, path, ref }));
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    const file = data as { type?: string; encoding?: string; content?: string; size?: number };
    if (Array.isArray(data) || file.type !== 'file') throw new InputError(`config ${path} at ${ref.slice(0, 7)} is not a file`);
    if (file.encoding !== 'base64' || typeof file.content !== 'string') {
      throw new InputError(`config ${path} at ${ref.slice(0, 7)} is too large to read through the API (${file.size ?? '?'} bytes)`);
    }
    return Buffer.from(file.content, 'base64').toString('utf8');
  }

  /**
   * Tags under each prefix, one `git/matching-refs` request per distinct prefix (the endpoint
   * is not paginated). The prefix match is the API's; callers filter exactly.
   */
  async tagRefs(prefixes: readonly string[]): Promise<TagRef[]> {
    const unique = [...new Set(prefixes)].sort();
    // "v" covers "v2-"; one request for the shorter prefix serves both.
    const needed = unique.filter((p) => !unique.some((q) => q !== p && p.startsWith(q)));
    const lists = await Promise.all(
      needed.map(async (prefix) => {
        const { data: raw } = await this.client.rest.git.listMatchingRefs({ ...this.repo, ref: `tags/${prefix}` });
        const data = checkShape(RefListSchema, raw, this.route(`/git/matching-refs/tags/${prefix}`));
        return data.map((r) => ({
          name: r.ref.replace(/^refs\/tags\//, ''),
          sha: r.object.sha,
          annotated: r.object.type === 'tag',
        }));
      }),
    );
    const byName = new Map(lists.flat().map((t) => [t.name, t]));
    return [...byName.values()];
  }

  /** The commit a tag points at (an annotated tag is peeled, through nested tags too). */
  async commitOf(tag: TagRef): Promise<string> {
    let sha = tag.sha;
    for (let depth = 0; tag.annotated && depth < 5; depth++) {
      const { data: raw } = await this.client.rest.git.getTag({ ...this.repo, tag_sha: sha });
      const data = checkShape(TagObjectSchema, raw, this.route(`/git/tags/${sha}`));
      sha = data.object.sha;
      if (data.object.type !== 'tag') break;
    }
    return sha;
  }

  async pull(number: number): Promise<PullInfo> {
    const { data: raw } = await this.client.rest.pulls.get({ ...this.repo, pull_number: number });
    const data = checkShape(PullSchema, raw, this.route(`/pulls/${number}`));
    return {
      number,
      changedFiles: data.changed_files,
      commits: data.commits,
      baseSha: data.base.sha,
      headSha: data.head.sha,
      baseRef: data.base.ref,
      labels: data.labels.map((l) => l.name),
      draft: data.draft ?? false,
      title: data.title,
    };
  }

  /**
   * Every file of a PR: the page count is known from `changed_files`, so all pages are fetched
   * concurrently (at most 10 at a time) instead of one after another.
   */
  async pullFiles(pull: PullInfo, range: { baseSha: string; headSha: string }, completers: readonly CompleteLister[] = []): Promise<FileList> {
    // The PR moved on since the event: its file list is of another head. Compare the event's SHAs.
    if (pull.headSha !== range.headSha || pull.baseSha !== range.baseSha) {
      return this.compareFiles(range.baseSha, range.headSha, completers);
    }
    const early = this.early;
    const usable = early !== null && early.number === pull.number && early.stated === pull.changedFiles;
    // Pages asked for from another count finish first: never more than 10 in flight.
    if (early !== null && !usable) await early.pages.catch(() => {});
    const results = usable ? await early.pages : await this.filePages(pull.number, pull.changedFiles);
    const files = results.flat().map(toChangedFile).filter((f): f is ChangedFile => f !== null);
    if (pull.changedFiles <= MAX_PULL_FILES && results.flat().length >= pull.changedFiles) {
      return { files, truncated: false, warnings: [] };
    }
    const cause =
      pull.changedFiles > MAX_PULL_FILES
        ? `the PR changes ${pull.changedFiles} files and GitHub lists at most ${MAX_PULL_FILES}`
        : `GitHub listed ${results.flat().length} of the PR's ${pull.changedFiles} files`;
    const mergeBase = await this.mergeBase(range.baseSha, range.headSha);
    return complete(completers, files, mergeBase, range.headSha, cause);
  }

  /** The pages of a PR's files that a stated count needs (GitHub lists at most 3,000), 10 in flight. */
  private filePages(number: number, stated: number): Promise<ApiFile[][]> {
    const pages = Array.from({ length: Math.ceil(Math.min(stated, MAX_PULL_FILES) / PAGE_SIZE) }, (_, i) => i + 1);
    const route = this.route(`/pulls/${number}/files`);
    return mapPool(pages, PAGE_CONCURRENCY, async (page) => {
      const data = await this.getJson('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', route, { pull_number: number, per_page: PAGE_SIZE, page });
      return checkShape(FileListSchema, data, route) as ApiFile[];
    });
  }

  /** The change base...head through the compare endpoint (at most 300 files per GitHub). */
  async compareFiles(
    baseSha: string,
    headSha: string,
    completers: readonly CompleteLister[] = [],
  ): Promise<FileList & { mergeBase: string; baseInHistory: boolean }> {
    const data = await this.compare(baseSha, headSha);
    const entries = (data.files ?? []) as ApiFile[];
    const files = entries.map(toChangedFile).filter((f): f is ChangedFile => f !== null);
    const mergeBase = data.merge_base_commit.sha;
    // "ahead" or "identical": the base is in head's history; "diverged" or "behind": it is not.
    const baseInHistory = data.status === 'ahead' || data.status === 'identical';
    if (entries.length < MAX_COMPARE_FILES) return { files, truncated: false, warnings: [], mergeBase, baseInHistory };
    const cause = `the comparison lists ${entries.length} files, GitHub's cap, so more may have changed`;
    return { ...(await complete(completers, files, mergeBase, headSha, cause)), mergeBase, baseInHistory };
  }

  async mergeBase(baseSha: string, headSha: string): Promise<string> {
    return (await this.compare(baseSha, headSha)).merge_base_commit.sha;
  }

  /**
   * One compare request, page 1: the files (page 1 carries all of them, up to 300), the merge
   * base and the first 100 commits, so a range's files and commits start with one request.
   */
  private compare(baseSha: string, headSha: string): Promise<CompareData> {
    const basehead = `${baseSha}...${headSha}`;
    let found = this.compares.get(basehead);
    if (found === undefined) {
      found = this.client.rest.repos
        .compareCommitsWithBasehead({ ...this.repo, basehead, per_page: PAGE_SIZE, page: 1 })
        .then(({ data }) => checkShape(CompareSchema, data, this.route(`/compare/${basehead}`)));
      this.compares.set(basehead, found);
    }
    return found;
  }

  /**
   * Every blob path in a commit's tree (recursive), with its mode and blob SHA, or null when
   * GitHub truncated the tree. A tree of 100,000 entries is ~20 MB of JSON: it is parsed with
   * plain JSON.parse (Octokit's BigInt-safe parser needs ~15x the memory on Node 20).
   */
  async treePaths(sha: string): Promise<Map<string, string> | null> {
    const route = this.route(`/git/trees/${sha}`);
    const parsed = await this.getJson('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', route, { tree_sha: sha, recursive: 'true' });
    const data = checkShape(TreeSchema, parsed, route);
    if (data.truncated) return null;
    const paths = new Map<string, string>();
    for (const entry of data.tree) {
      if (entry.type === 'blob') paths.set(entry.path, `${entry.mode}:${entry.sha}`);
    }
    return paths;
  }

  /**
   * A GET whose body is parsed with plain JSON.parse: big lists (trees, file pages) cost a
   * fraction of the time and memory of Octokit's BigInt-safe parser, which no field here needs.
   */
  private async getJson(endpoint: string, route: string, params: Record<string, string | number>): Promise<unknown> {
    const response = await this.client.request(endpoint, { ...this.repo, ...params, request: { parseSuccessResponseBody: false } });
    const text = await new Response(response.data as unknown as ReadableStream).text();
    try {
      return JSON.parse(text);
    } catch {
      throw new ApiError(`${route}: GitHub returned malformed JSON (${text.slice(0, 40)}...)`, response.status, route);
    }
  }

  /** A PR's commits, newest first (the API lists them oldest first, at most 250). */
  async pullCommits(number: number, stated = MAX_PULL_COMMITS): Promise<{ sha: string; message: string }[]> {
    // The pages the PR's stated count needs, and one more for a commit pushed since it was read.
    const maxPages = Math.ceil(Math.min(stated, MAX_PULL_COMMITS) / PAGE_SIZE) + 1;
    const params = { ...this.repo, pull_number: number, per_page: PAGE_SIZE };
    const data = await paginateChecked(this.client, this.client.rest.pulls.listCommits, params, CommitListSchema, maxPages);
    return data.map((c) => ({ sha: c.sha, message: c.commit.message })).reverse();
  }

  /** The commits of base...head, newest first; pages fetched concurrently once the count is known. */
  async compareCommits(base: string, head: string): Promise<{ sha: string; message: string }[]> {
    const basehead = `${base}...${head}`;
    const route = this.route(`/compare/${basehead}`);
    const page = async (n: number) =>
      checkShape(CompareSchema, (await this.client.rest.repos.compareCommitsWithBasehead({ ...this.repo, basehead, per_page: PAGE_SIZE, page: n })).data, route);
    const first = await this.compare(base, head);
    // The page count comes from the response itself: it must agree with itself and fit in a run.
    if (first.total_commits !== first.ahead_by) {
      throw new ApiError(`${route}: GitHub's counts disagree (total_commits ${first.total_commits}, ahead_by ${first.ahead_by})`, null, route);
    }
    if (first.total_commits / PAGE_SIZE > MAX_REQUESTS_PER_RUN) {
      throw new ApiError(`${route}: ${first.total_commits} commits are more than one run may read (${MAX_REQUESTS_PER_RUN} requests)`, null, route);
    }
    const pages = Array.from({ length: Math.max(0, Math.ceil(first.total_commits / PAGE_SIZE) - 1) }, (_, i) => i + 2);
    const rest = await mapPool(pages, PAGE_CONCURRENCY, async (n) => (await page(n)).commits);
    return [first.commits, ...rest].flat().map((c) => ({ sha: c.sha, message: c.commit.message })).reverse();
  }

  /** The commit a ref names. */
  async resolveCommit(ref: string): Promise<string> {
    const { data } = await this.client.rest.repos.getCommit({ ...this.repo, ref, per_page: 1 });
    return checkShape(CommitRefSchema, data, this.route(`/commits/${ref}`)).sha;
  }

  /** Labels of the pull request merged as this commit (push events: the PR's override labels). */
  async mergedPullLabels(sha: string): Promise<{ number: number; labels: string[] } | null> {
    const { data: raw } = await this.client.rest.repos.listPullRequestsAssociatedWithCommit({ ...this.repo, commit_sha: sha });
    const data = checkShape(AssociatedPullListSchema, raw, this.route(`/commits/${sha}/pulls`));
    const merged = data.find((p) => p.merge_commit_sha === sha) ?? data.find((p) => p.merged_at !== null) ?? null;
    return merged ? { number: merged.number, labels: merged.labels.map((l) => l.name) } : null;
  }
}

/** The first complete list a completer gives; else the partial list, marked truncated. */
async function complete(
  completers: readonly CompleteLister[],
  partial: ChangedFile[],
  mergeBase: string,
  headSha: string,
  cause: string,
): Promise<FileList> {
  for (const completer of completers) {
    const found = await completer.list(mergeBase, headSha);
    if (found) {
      // Keep the patches the API already gave for files the complete list has with the same status.
      const known = new Map(partial.filter((f) => f.patch !== undefined).map((f) => [f.path, f]));
      for (const file of found.files) {
        const api = known.get(file.path);
        if (file.patch === undefined && api !== undefined && api.status === file.status) file.patch = api.patch;
      }
      return { files: found.files, truncated: false, warnings: [`${cause}; the complete list came from ${found.via}`] };
    }
  }
  return {
    files: partial,
    truncated: true,
    warnings: [`${cause}, and neither a local checkout nor the git trees could list them all`],
  };
}

/** Completes a change from the git trees of both commits (renames show as removed + added). */
export class TreeLister implements CompleteLister {
  constructor(private readonly source: GitHubSource) {}

  async list(baseSha: string, headSha: string): Promise<{ files: ChangedFile[]; via: string } | null> {
    // One tree after the other: each is up to ~20 MB of JSON, and memory matters more than a round.
    const base = await this.source.treePaths(baseSha);
    if (base === null) return null;
    const head = await this.source.treePaths(headSha);
    if (head === null) return null;
    const files: ChangedFile[] = [];
    for (const [path, id] of head) {
      const before = base.get(path);
      if (before === undefined) files.push({ path, status: 'added' });
      else if (before !== id) files.push({ path, status: 'modified' });
    }
    for (const path of base.keys()) if (!head.has(path)) files.push({ path, status: 'removed' });
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, via: 'the git trees of both commits (renames appear as removed + added; patches only where the API gave them)' };
  }
}
