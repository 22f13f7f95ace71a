/**
 * The decision half of the action: API source -> core -> outputs and summary -> writes. Writes
 * happen only after a sound decision, in the SPEC's order: labels and comment, then the policy
 * check, then per released line its tag, its release, then its floating tags (a floating tag
 * moves only to a release that is complete). With `draft`, one draft release per line instead:
 * no tag, no floating tag.
 */
import {
  maintenanceRangeOf,
  oneLine,
  releaseLineOf,
  ROOT_COMPONENT,
  type ComponentDecision,
  type Config,
  type Decision,
} from './core/index.js';
import { writeOutputs, writeSummary, type Inputs, type RunContext, type Runner } from './action-io.js';
import { createClient, type GitHubClient, type RepoRef } from './github/client.js';
import type { Plan } from './github/event.js';
import { moveFloatingTags } from './github/floating-tags.js';
import { decisionOutputs, type WriteOutputs } from './github/outputs.js';
import { generateReleaseNotes, listReleases, upsertDraftRelease } from './github/releases.js';
import { createRelease, createTag, syncLabels, upsertStickyComment } from './github/writes.js';
import { decideChange } from './sources/change.js';
import { GitHubSource } from './sources/github.js';
import { actionRequest } from './sources/remote.js';
import { decisionHeadline, renderMarkdown } from './report/text.js';
import { visible } from './report/escape.js';
import { MAX_RELEASE_BODY_CHARS, releaseBodyText } from './report/cut.js';
import { whyNotes } from './report/notes.js';

/** What the tag and release writes need to know. */
interface Publish {
  runner: Runner;
  client: GitHubClient;
  repo: RepoRef;
  decision: Decision;
  config: Config;
  branch: string | null;
  inputs: Inputs;
  /** The repository's web address (GITHUB_SERVER_URL/owner/repo): pull requests link there. */
  repoUrl: string;
}

/** A line's release name: the tag for the root, "api 1.5.0" for a component. */
const releaseName = (target: ComponentDecision): string =>
  target.name === ROOT_COMPONENT ? target.nextTag! : `${target.name} ${target.nextVersion}`;

/**
 * The release body the `release-notes` input asks for: the "why" notes, GitHub's generated notes
 * (from the current release's tag), or both, cut to GitHub's limit. Undefined for `github` when
 * GitHub can generate the notes itself as it creates the release.
 */
async function releaseBody(p: Publish, target: ComponentDecision, canGenerateOnCreate: boolean): Promise<string | undefined> {
  const mode = p.inputs.releaseNotes;
  if (mode === 'github' && canGenerateOnCreate) return undefined;
  const parts: string[] = [];
  if (mode !== 'github') parts.push(whyNotes(p.decision, { repoUrl: p.repoUrl, component: target.name }));
  if (mode !== 'why') {
    const generated = await generateReleaseNotes(p.client, p.repo, { tag: target.nextTag!, sha: p.decision.head, previousTag: target.currentTag });
    parts.push(generated.body);
  }
  const { text, truncated } = releaseBodyText(parts.join('\n'));
  if (truncated) {
    p.runner.warning(`the release notes of ${target.nextTag} were cut to fit GitHub's ${MAX_RELEASE_BODY_CHARS.toLocaleString('en-US')}-character limit`);
  }
  return text;
}

/** Per changed line: its tag, its release, then its floating tags. */
async function tagAndRelease(p: Publish, targets: readonly ComponentDecision[]): Promise<WriteOutputs> {
  const { runner, client, repo, inputs } = p;
  const headSha = p.decision.head;
  const tags: string[] = [];
  const urls: string[] = [];
  const ids: string[] = [];
  const floating: string[] = [];
  for (const target of targets) {
    const tag = target.nextTag!;
    const made = await createTag(client, repo, tag, headSha);
    runner.info(made.created ? `created tag ${tag} at ${headSha.slice(0, 7)}` : `tag ${tag} already exists at ${headSha.slice(0, 7)}`);
    tags.push(tag);
    if (inputs.release) {
      try {
        const rel = await createRelease(client, repo, {
          tag,
          name: releaseName(target),
          sha: headSha,
          prerelease: target.prerelease,
          makeLatest: target.prerelease ? 'false' : target.name === ROOT_COMPONENT ? 'true' : 'legacy',
          body: () => releaseBody(p, target, true),
        });
        runner.info(rel.created ? `created release ${rel.url}` : `release for ${tag} already exists: ${rel.url}`);
        urls.push(rel.url);
        ids.push(String(rel.id));
      } catch (error) {
        const state = made.created ? 'was created' : 'is in place';
        throw new Error(`tag ${tag} ${state} but its release failed: ${oneLine(error)}; re-run the workflow to finish the release`);
      }
    }
    if (inputs.floatingTags !== 'none' && !target.prerelease) {
      try {
        floating.push(
          ...(await moveFloatingTags(client, repo, {
            format: releaseLineOf(p.config, target.name).tagFormat,
            tag,
            version: target.nextVersion!,
            sha: headSha,
            mode: inputs.floatingTags,
            log: runner,
          })),
        );
      } catch (error) {
        const done = inputs.release ? `tag ${tag} and its release are in place` : `tag ${tag} is in place`;
        throw new Error(`${done}, but its floating tags were not moved: ${oneLine(error)}; re-run the workflow to move them`);
      }
    }
  }
  return { tagCreated: tags.join(','), releaseUrl: urls.join(','), releaseId: ids.join(','), floatingTags: floating.join(',') };
}

/**
 * Per changed line: its one draft release, created or updated in place (drafts are found in the
 * release list, read once). A line whose next version is already published gets no draft.
 */
async function draftReleases(p: Publish, targets: readonly ComponentDecision[]): Promise<WriteOutputs> {
  const { runner, client, repo } = p;
  const releases = await listReleases(client, repo);
  const range = maintenanceRangeOf(p.config, p.branch);
  const urls: string[] = [];
  const ids: string[] = [];
  for (const target of targets) {
    const tag = target.nextTag!;
    const published = releases.find((r) => !r.draft && r.tag_name === tag);
    if (published !== undefined) {
      runner.info(`release ${tag} is already published (${published.html_url}); no draft made`);
      urls.push(published.html_url);
      ids.push(String(published.id));
      continue;
    }
    const body = (await releaseBody(p, target, false))!;
    const { release, action } = await upsertDraftRelease(client, repo, {
      releases,
      line: { format: releaseLineOf(p.config, target.name).tagFormat, channel: p.decision.channel, range, currentVersion: target.currentVersion },
      fields: { tag, name: releaseName(target), sha: p.decision.head, body, prerelease: target.prerelease },
      log: runner,
    });
    runner.info(`${action === 'unchanged' ? 'draft release is up to date' : `${action} draft release`} ${tag} (id ${release.id}): ${release.html_url}`);
    urls.push(release.html_url);
    ids.push(String(release.id));
  }
  return { releaseUrl: urls.join(','), releaseId: ids.join(',') };
}

/** Tags, releases and floating tags, or drafts, for the changed lines (the root when there are no components). */
async function publishReleases(p: Publish): Promise<WriteOutputs> {
  const targets = p.decision.components.filter((c) => c.nextTag !== null);
  return p.inputs.draft ? draftReleases(p, targets) : tagAndRelease(p, targets);
}

/**
 * Decides a change through the API and performs the writes the inputs ask for. The runner is
 * also the log of the API client and the writes (it has their debug, info and warning).
 */
export async function decideAndWrite(
  runner: Runner,
  inputs: Inputs,
  { repo, apiUrl, workspace }: RunContext,
  plan: Exclude<Plan, { kind: 'skip' }>,
): Promise<void> {
  const client = createClient({ token: inputs.token, baseUrl: apiUrl, log: runner, env: runner.env, ...runner.apiPacing });
  const source = new GitHubSource(client, repo);
  // Under pull_request_target the workspace may hold PR code: read only through the API there.
  const untrusted = plan.kind === 'pull' && plan.event === 'pull_request_target';
  const checkout = untrusted || workspace === null ? null : { dir: workspace, env: runner.env };
  const { request, prLabels, notices } = await actionRequest(plan, source, inputs.config, checkout, inputs.configExplicit);
  for (const notice of notices) runner.notice(notice);
  const decision = await decideChange(source, request);

  // The decision is sound: report it first, so a failure in any write still leaves it visible.
  runner.info(`bump ${decisionHeadline(decision)}`);
  for (const warning of decision.warnings) runner.warning(visible(warning));
  const report = renderMarkdown(decision, { maxFiles: 500 });
  writeOutputs(runner, decisionOutputs(decision));
  await writeSummary(runner, report);
  if (inputs.dryRun) {
    runner.info('dry-run: no labels, comments, tags or releases written');
  } else if (plan.kind === 'pull') {
    if (inputs.label) {
      await syncLabels(client, repo, plan.number, { current: prLabels, wanted: decision.labels, managed: decision.managedLabels, log: runner });
    }
    if (inputs.comment) await upsertStickyComment(client, repo, plan.number, report, runner);
  }
  if (plan.kind === 'pull' && decision.policy.failed) {
    runner.setFailed(`policy: ${visible(decision.policy.message ?? '')}`);
    return;
  }
  if (plan.kind === 'range' && plan.releases && (inputs.tag || inputs.draft) && !inputs.dryRun && decision.bump !== 'none') {
    const serverUrl = (runner.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
    const written = await publishReleases({
      runner,
      client,
      repo,
      decision,
      config: request.config,
      branch: request.branch,
      inputs,
      repoUrl: `${serverUrl}/${repo.owner}/${repo.repo}`,
    });
    const outputs = decisionOutputs(decision, written);
    for (const name of ['tag-created', 'release-url', 'release-id', 'floating-tags']) runner.setOutput(name, outputs[name]!);
  }
}
