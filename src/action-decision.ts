/**
 * The decision half of the action: API source -> core -> outputs and summary -> writes. Writes
 * happen only after a sound decision, in the SPEC's order: labels and comment, then the policy
 * check, then tags, then releases.
 */
import * as core from '@actions/core';
import {
  decide,
  defaultConfig,
  filesNeedingPatch,
  InputError,
  latestReleaseTag,
  oneLine,
  parseConfig,
  ROOT_COMPONENT,
  type ChangedFile,
  type ComponentDecision,
  type Config,
  type Decision,
} from './core/index.js';
import { writeOutputs, writeSummary, type Inputs, type readEvent } from './action.js';
import { createClient } from './github/client.js';
import type { Plan } from './github/event.js';
import { decisionOutputs } from './github/outputs.js';
import { createRelease, createTag, syncLabels, upsertStickyComment } from './github/writes.js';
import { LocalCheckoutLister } from './sources/git.js';
import { GitHubSource, TreeLister, type CompleteLister, type RepoRef, type TagRef } from './sources/github.js';
import { headline, renderMarkdown } from './report/text.js';
import { visible } from './report/escape.js';

const log = {
  debug: (m: string) => core.debug(m),
  info: (m: string) => core.info(m),
  warning: (m: string) => core.warning(m),
  warn: (m: string) => core.warning(m),
};

async function loadConfig(source: GitHubSource, path: string, ref: string): Promise<Config> {
  const text = await source.readConfig(path, ref);
  if (text === null) {
    core.notice(`no config at ${path} (${ref.slice(0, 7)}); using the built-in default rules`);
    return defaultConfig();
  }
  return parseConfig(text, path);
}

interface Gathered {
  decision: Decision;
  baseRef: string;
  headRef: string;
  prLabels: string[];
}

async function gather(
  plan: Exclude<Plan, { kind: 'skip' }>,
  source: GitHubSource,
  configPath: string,
  workspace: string | null,
): Promise<Gathered> {
  // Reads that do not depend on the config go out with it: the PR, and the tags under "v" (the
  // default tag-format's prefix, which most configs keep). Later rounds then carry only file pages.
  const pullPromise = plan.kind === 'pull' ? source.pull(plan.number) : null;
  const prefetched = source.tagRefs([DEFAULT_TAG_PREFIX]);
  // Awaited below; a config error first must not leave them unhandled.
  pullPromise?.catch(() => {});
  prefetched.catch(() => {});
  const config = await loadConfig(source, configPath, plan.configRef);
  // Capped lists are completed from a checkout that has both commits, else from the git trees.
  const completers: CompleteLister[] = [new TreeLister(source)];
  if (workspace) completers.unshift(new LocalCheckoutLister(workspace, (files) => filesNeedingPatch(config, files)));
  const prefixes = [config.tagFormat.prefix, ...(config.components ?? []).map((c) => c.tagFormat.prefix)];
  const tagsPromise = tagsUnder(source, prefixes, prefetched);

  let files: ChangedFile[];
  let truncated: boolean;
  let warnings: string[];
  let baseSha: string;
  let headSha: string;
  let baseRef: string;
  let branch: string | null;
  let prLabels: string[];
  let tagNames: string[] | null = null;

  if (plan.kind === 'pull') {
    const pull = await pullPromise!;
    const list = await source.pullFiles(pull, { baseSha: plan.baseSha, headSha: plan.headSha }, completers);
    ({ files, truncated, warnings } = list);
    baseSha = plan.baseSha;
    headSha = plan.headSha;
    baseRef = plan.branch || baseSha.slice(0, 7);
    branch = plan.branch || null;
    prLabels = pull.labels;
  } else {
    branch = plan.branch;
    tagNames = await releasedBefore(source, config, await tagsPromise, plan.head, branch);
    const tag = plan.base === null ? latestReleaseTag(config, tagNames, branch, null) : null;
    baseRef = plan.base ?? tag ?? plan.fallbackBase ?? 'root commit';
    baseSha = plan.base ?? tag ?? plan.fallbackBase ?? (await source.rootCommit(plan.head));
    headSha = plan.head;
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
  const decision = decide({
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
  });
  return { decision, baseRef, headRef: headSha.slice(0, 7), prLabels };
}

const DEFAULT_TAG_PREFIX = 'v';

/** Tags under every prefix, reusing the prefetched "v" tags when they cover a prefix. */
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

/** Tags and releases for the changed components (the root when there are none). */
async function release(
  client: ReturnType<typeof createClient>,
  repo: RepoRef,
  decision: Decision,
  headSha: string,
  inputs: Inputs,
): Promise<{ tagCreated: string; releaseUrl: string }> {
  const targets: ComponentDecision[] = decision.components.filter((c) => c.nextTag !== null);
  const tags: string[] = [];
  const urls: string[] = [];
  for (const target of targets) {
    const tag = target.nextTag!;
    const made = await createTag(client, repo, tag, headSha);
    core.info(made.created ? `created tag ${tag} at ${headSha.slice(0, 7)}` : `tag ${tag} already exists at ${headSha.slice(0, 7)}`);
    tags.push(tag);
    if (inputs.release) {
      try {
        const rel = await createRelease(client, repo, {
          tag,
          name: target.name === ROOT_COMPONENT ? tag : `${target.name} ${target.nextVersion}`,
          sha: headSha,
          prerelease: target.prerelease,
          makeLatest: target.prerelease ? 'false' : target.name === ROOT_COMPONENT ? 'true' : 'legacy',
        });
        core.info(rel.created ? `created release ${rel.url}` : `release for ${tag} already exists: ${rel.url}`);
        urls.push(rel.url);
      } catch (error) {
        throw new Error(`tag ${tag} was created but its release failed: ${oneLine(error)}; re-run the workflow to finish the release`);
      }
    }
  }
  return { tagCreated: tags.join(','), releaseUrl: urls.join(',') };
}

/** Decides a change through the API and performs the writes the inputs ask for. */
export async function decideAndWrite(
  inputs: Inputs,
  { repo, apiUrl, workspace }: ReturnType<typeof readEvent>,
  plan: Exclude<Plan, { kind: 'skip' }>,
): Promise<void> {
  const client = createClient({ token: inputs.token, baseUrl: apiUrl, log });
  const source = new GitHubSource(client, repo);
  const { decision, baseRef, headRef, prLabels } = await gather(plan, source, inputs.config, workspace);

  // The decision is sound: report it first, so a failure in any write still leaves it visible.
  const refs = { baseRef, headRef };
  core.info(`bump ${headline(decision)}`);
  for (const warning of decision.warnings) core.warning(visible(warning));
  const report = renderMarkdown(decision, refs, { maxFiles: 500 });
  writeOutputs(decisionOutputs(decision));
  await writeSummary(report);
  if (inputs.dryRun) {
    core.info('dry-run: no labels, comments, tags or releases written');
  } else if (plan.kind === 'pull') {
    if (inputs.label) {
      await syncLabels(client, repo, plan.number, { current: prLabels, wanted: decision.labels, managed: decision.managedLabels, log });
    }
    if (inputs.comment) await upsertStickyComment(client, repo, plan.number, report, log);
  }
  if (plan.kind === 'pull' && decision.policy.failed) {
    core.setFailed(`policy: ${decision.policy.message}`);
    return;
  }
  if (plan.kind === 'range' && plan.releases && inputs.tag && !inputs.dryRun && decision.bump !== 'none') {
    const written = await release(client, repo, decision, plan.head, inputs);
    core.setOutput('tag-created', written.tagCreated);
    core.setOutput('release-url', written.releaseUrl);
  }
}
