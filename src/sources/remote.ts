/**
 * A change read through the GitHub API for a plan (the action's event, or the CLI's remote
 * preview): the config at the plan's ref, the files (completed when GitHub caps them), tags,
 * labels, commits and the head tree, as the input of decide(). Read-only.
 */
import {
  defaultConfig,
  filesNeedingPatch,
  InputError,
  latestReleaseTag,
  parseConfig,
  type ChangedFile,
  type Config,
  type DecideInput,
} from '../core/index.js';
import type { PullPlan, RangePlan } from '../github/event.js';
import { LocalCheckoutLister } from './git.js';
import { TreeLister, type CompleteLister, type GitHubSource, type TagRef } from './github.js';

export interface RemoteChange {
  input: DecideInput;
  baseRef: string;
  headRef: string;
  /** Labels on the PR (or on the merged PR at push time): the action syncs labels against them. */
  prLabels: string[];
  notices: string[];
}

async function loadConfig(source: GitHubSource, path: string, ref: string, notices: string[]): Promise<Config> {
  const text = await source.readConfig(path, ref);
  if (text === null) {
    notices.push(`no config at ${path} (${ref.slice(0, 7)}); using the built-in default rules`);
    return defaultConfig();
  }
  return parseConfig(text, path);
}

export async function readRemoteChange(
  plan: PullPlan | RangePlan,
  source: GitHubSource,
  configPath: string,
  workspace: string | null,
): Promise<RemoteChange> {
  const notices: string[] = [];
  // Reads that do not depend on the config go out with it: the PR, and the tags under "v" (the
  // default tag-format's prefix, which most configs keep). Later rounds then carry only file pages.
  const pullPromise = plan.kind === 'pull' ? source.pull(plan.number) : null;
  const prefetched = source.tagRefs([DEFAULT_TAG_PREFIX]);
  pullPromise?.catch(ignoreUntilAwaited);
  prefetched.catch(ignoreUntilAwaited);
  const config = await loadConfig(source, configPath, plan.configRef, notices);
  // Capped lists are completed from a checkout that has both commits, else from the git trees.
  const completers: CompleteLister[] = [new TreeLister(source)];
  if (workspace) completers.unshift(new LocalCheckoutLister(workspace, (files) => filesNeedingPatch(config, files)));
  const prefixes = [config.tagFormat.prefix, ...(config.components ?? []).map((c) => c.tagFormat.prefix)];
  const tagsPromise = tagsUnder(source, prefixes, prefetched);
  tagsPromise.catch(ignoreUntilAwaited);

  let files: ChangedFile[];
  let truncated: boolean;
  let warnings: string[];
  let baseSha: string;
  let headSha: string;
  let baseRef: string;
  let branch: string | null;
  let prLabels: string[];
  let tagNames: string[] | null = null;
  let commits: Promise<{ sha: string; message: string }[]> | null = null;

  if (plan.kind === 'pull') {
    const pull = await pullPromise!;
    const list = await source.pullFiles(pull, { baseSha: plan.baseSha, headSha: plan.headSha }, completers);
    ({ files, truncated, warnings } = list);
    baseSha = plan.baseSha;
    headSha = plan.headSha;
    baseRef = plan.branch || baseSha.slice(0, 7);
    branch = plan.branch || null;
    prLabels = pull.labels;
    if (config.conventionalCommits) {
      // The title is the commit message a squash merge makes: the newest "commit" of the PR.
      const title = { sha: `PR #${pull.number}`, message: pull.title };
      commits = source.pullCommits(pull.number).then((list) => [title, ...list]);
      commits.catch(ignoreUntilAwaited);
    }
  } else {
    branch = plan.branch;
    tagNames = await releasedBefore(source, config, await tagsPromise, plan.head, branch);
    const tag = plan.base === null ? latestReleaseTag(config, tagNames, branch, null) : null;
    baseRef = plan.base ?? tag ?? plan.fallbackBase ?? 'root commit';
    baseSha = plan.base ?? tag ?? plan.fallbackBase ?? (await source.rootCommit(plan.head));
    headSha = plan.head;
    if (config.conventionalCommits) {
      commits = source.compareCommits(baseSha, headSha);
      commits.catch(ignoreUntilAwaited);
    }
    const list = await source.compareFiles(baseSha, headSha, completers);
    ({ files, truncated, warnings } = list);
    prLabels = [];
    if (plan.event === 'push' && config.overrides.size > 0) {
      // The bump decided on the PR is the bump released: its override labels count at push time.
      const merged = await source.mergedPullLabels(headSha);
      if (merged) prLabels = merged.labels;
    }
  }
  const headTree = config.versionFrom !== null ? await headTreeOf(source, headSha) : null;
  const input: DecideInput = {
    config,
    files,
    truncated,
    tags: tagNames ?? (await tagsPromise).map((t) => t.name),
    base: baseSha,
    head: headSha,
    headSha,
    branch,
    headTree,
    labels: prLabels,
    warnings,
    commits: commits ? await commits : null,
  };
  return { input, baseRef, headRef: headSha.slice(0, 7), prLabels, notices };
}

const DEFAULT_TAG_PREFIX = 'v';

/** Tags under every prefix, reusing the prefetched "v" tags when they cover a prefix. */
/**
 * Reads started early are awaited later, after other reads. If one fails first, its rejection
 * must not count as unhandled meanwhile (Node would end the process); the await reports it.
 */
function ignoreUntilAwaited(): void {}

async function tagsUnder(source: GitHubSource, prefixes: string[], prefetched: Promise<TagRef[]>): Promise<TagRef[]> {
  const missing = prefixes.filter((p) => !p.startsWith(DEFAULT_TAG_PREFIX));
  const [known, more] = await Promise.all([prefetched, missing.length > 0 ? source.tagRefs(missing) : Promise.resolve([])]);
  return [...new Map([...known, ...more].map((t) => [t.name, t])).values()];
}

/**
 * Tag names without the releases made at `head` itself: a release tag already at the head commit
 * is this run's own (a re-run, or a race another run won), so it is neither the base nor the
 * current version, and the run goes on to find the tag in place and finish a missing release.
 * Only the tag that would be a line's current release is checked (an annotated one costs one
 * request to peel), and again for the next one while they are at head.
 */
async function releasedBefore(source: GitHubSource, config: Config, refs: TagRef[], head: string, branch: string | null): Promise<string[]> {
  const byName = new Map(refs.map((t) => [t.name, t]));
  const lines = [null, ...(config.components ?? []).map((c) => c.name)];
  for (const line of lines) {
    for (;;) {
      const current = latestReleaseTag(config, byName.keys(), branch, line);
      const ref = current === null ? undefined : byName.get(current);
      if (ref === undefined || (await source.commitOf(ref)) !== head) break;
      byName.delete(current!);
    }
  }
  return [...byName.keys()];
}

async function headTreeOf(source: GitHubSource, sha: string): Promise<string[]> {
  const tree = await source.treePaths(sha);
  if (tree === null) {
    throw new InputError(
      `version-from needs every file name at ${sha.slice(0, 7)}, but GitHub truncated the tree; the version cannot be derived reliably`,
    );
  }
  return [...tree.keys()];
}

