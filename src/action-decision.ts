/**
 * The decision half of the action: API source -> core -> outputs and summary -> writes. Writes
 * happen only after a sound decision, in the SPEC's order: labels and comment, then the policy
 * check, then tags, then releases.
 */
import * as core from '@actions/core';
import { oneLine, ROOT_COMPONENT, type ComponentDecision, type Decision } from './core/index.js';
import { writeOutputs, writeSummary, type Inputs, type RunContext } from './action-io.js';
import { createClient, type Logger, type RepoRef } from './github/client.js';
import type { Plan } from './github/event.js';
import { decisionOutputs } from './github/outputs.js';
import { createRelease, createTag, syncLabels, upsertStickyComment } from './github/writes.js';
import { decideChange } from './sources/change.js';
import { GitHubSource } from './sources/github.js';
import { actionRequest } from './sources/remote.js';
import { headline, renderMarkdown } from './report/text.js';
import { visible } from './report/escape.js';

const log: Logger = {
  debug: (m: string) => core.debug(m),
  info: (m: string) => core.info(m),
  warning: (m: string) => core.warning(m),
};

/** Tags and releases for the changed components (the root when there are none). */
async function publishReleases(
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
        const state = made.created ? 'was created' : 'is in place';
        throw new Error(`tag ${tag} ${state} but its release failed: ${oneLine(error)}; re-run the workflow to finish the release`);
      }
    }
  }
  return { tagCreated: tags.join(','), releaseUrl: urls.join(',') };
}

/** Decides a change through the API and performs the writes the inputs ask for. */
export async function decideAndWrite(
  inputs: Inputs,
  { repo, apiUrl, workspace }: RunContext,
  plan: Exclude<Plan, { kind: 'skip' }>,
): Promise<void> {
  const client = createClient({ token: inputs.token, baseUrl: apiUrl, log });
  const source = new GitHubSource(client, repo);
  // Under pull_request_target the workspace may hold PR code: read only through the API there.
  const checkout = plan.kind === 'pull' && plan.event === 'pull_request_target' ? null : workspace;
  const { request, prLabels, notices } = await actionRequest(plan, source, inputs.config, checkout, inputs.configExplicit);
  for (const notice of notices) core.notice(notice);
  const decision = await decideChange(source, request);

  // The decision is sound: report it first, so a failure in any write still leaves it visible.
  core.info(`bump ${headline(decision)}`);
  for (const warning of decision.warnings) core.warning(visible(warning));
  const report = renderMarkdown(decision, { maxFiles: 500 });
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
    core.setFailed(`policy: ${visible(decision.policy.message ?? '')}`);
    return;
  }
  if (plan.kind === 'range' && plan.releases && inputs.tag && !inputs.dryRun && decision.bump !== 'none') {
    const written = await publishReleases(client, repo, decision, decision.head, inputs);
    core.setOutput('tag-created', written.tagCreated);
    core.setOutput('release-url', written.releaseUrl);
  }
}
