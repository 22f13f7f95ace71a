/**
 * The action's request through the GitHub API: its event's plan mapped to a range (a pull
 * request's own, an explicit base, or each line from its current release), the config read at
 * the plan's ref, and the labels that may override the bump. Read-only.
 */
import { configFromText, type Config } from '../core/index.js';
import type { PullPlan, RangePlan } from '../github/event.js';
import type { ChangeRequest } from './change.js';
import { repositoryRoot, type GitEnv } from './git.js';
import { LocalCheckoutLister, LocalGitSource } from './local-git.js';
import { TreeLister, type CompleteLister, type GitHubSource } from './github.js';
import { filesNeedingPatch } from '../core/index.js';

/** The config at a commit through the API (see configFromText for a missing file). */
export async function remoteConfig(source: GitHubSource, path: string, ref: string, notices: string[], explicit: boolean): Promise<Config> {
  const { config, notice } = configFromText(await source.readConfig(path, ref), path, { explicit, where: ref.slice(0, 7) });
  if (notice !== null) notices.push(notice);
  return config;
}

/** A SHA shown short; any other name (a `base` input such as v9.24.19) whole. */
const shortRef = (ref: string): string => (/^[0-9a-f]{40,64}$/i.test(ref) ? ref.slice(0, 7) : ref);

/** A ref's commit; a full SHA as it is, without a request. */
const commitOf = (source: GitHubSource, ref: string): Promise<string> =>
  /^[0-9a-f]{40,64}$/i.test(ref) ? Promise.resolve(ref) : source.resolveCommit(ref);

/** The action's workspace (GITHUB_WORKSPACE), and the environment git runs in there: the runner's. */
export interface Workspace {
  dir: string;
  env: GitEnv;
}

/** The workspace as a git source, or null when it is no usable git checkout. */
async function openCheckout(workspace: Workspace): Promise<LocalGitSource | null> {
  try {
    const top = await repositoryRoot(workspace.dir, workspace.env);
    return await LocalGitSource.open(top, workspace.env);
  } catch {
    return null;
  }
}

export interface ActionRequest {
  request: ChangeRequest;
  /** Labels on the PR (or on the merged PR at push time): the action syncs labels against them. */
  prLabels: string[];
  notices: string[];
}

export async function actionRequest(
  plan: PullPlan | RangePlan,
  source: GitHubSource,
  configPath: string,
  workspace: Workspace | null,
  configExplicit = false,
): Promise<ActionRequest> {
  const notices: string[] = [];
  // The PR read goes out with the config read: the PR's files then need no extra round.
  const pullPromise = plan.kind === 'pull' ? source.pull(plan.number) : null;
  pullPromise?.catch(() => {});
  // So do its first file pages, when the event states how many files it has.
  if (plan.kind === 'pull' && plan.changedFiles !== null) source.prefetchPullFiles(plan.number, plan.changedFiles);
  const config = await remoteConfig(source, configPath, plan.configRef, notices, configExplicit);
  // Capped lists are completed from a checkout that has both commits, else from the git trees.
  const completers: CompleteLister[] = [new TreeLister(source)];
  if (workspace) completers.unshift(new LocalCheckoutLister(workspace.dir, (files) => filesNeedingPatch(config, files), workspace.env));
  source.completeWith(completers);
  // A full checkout of the repository (actions/checkout with fetch-depth: 0) answers release
  // ranges with git; a shallow one (the default) is never used.
  if (workspace && plan.kind === 'range') source.readFrom(await openCheckout(workspace));

  if (plan.kind === 'pull') {
    const pull = await pullPromise!;
    // The PR moved on since the event: its own lists are of another head; the event's SHAs are compared.
    if (pull.headSha === plan.headSha && pull.baseSha === plan.baseSha) source.forPull(pull);
    return {
      prLabels: pull.labels,
      notices,
      request: {
        config,
        head: plan.headSha,
        headRef: plan.headSha.slice(0, 7),
        branch: plan.branch || null,
        base: { sha: plan.baseSha, ref: plan.branch || plan.baseSha.slice(0, 7) },
        labels: pull.labels,
        // The title is the commit message a squash merge makes: the newest "commit" of the PR.
        extraCommits: [{ sha: `PR #${pull.number}`, message: pull.title }],
        checkPlaces: false,
      },
    };
  }

  // `base`/`head` inputs may name a tag or branch: the decision compares commits.
  const [head, base] = await Promise.all([commitOf(source, plan.head), plan.base === null ? null : commitOf(source, plan.base)]);
  let prLabels: string[] = [];
  if (plan.event === 'push' && config.overrides.size > 0) {
    // The bump decided on the PR is the bump released: its override labels count at push time.
    const merged = await source.mergedPullLabels(head);
    if (merged) prLabels = merged.labels;
  }
  return {
    prLabels,
    notices,
    request: {
      config,
      head,
      headRef: shortRef(plan.head),
      branch: plan.branch,
      base: plan.base === null || base === null ? null : { sha: base, ref: shortRef(plan.base) },
      labels: prLabels,
      // A `base` input says where the change starts, not which releases exist: a release at or
      // after head is still never the current one (one comparison), as in the CLI.
      checkPlaces: true,
    },
  };
}
