/**
 * The GitHub Action's entry: inputs, the event (read once) and its plan. Events with nothing to
 * decide end here; everything else loads the decision half (action-decision.ts) on demand, so a
 * tag push starts almost as fast as bare Node. Any throwable ends as a failed step with one line.
 */
import * as core from '@actions/core';
// @actions/github's own event context, without its Octokit (see the bundle script and the README).
import { Context } from '@actions/github/context';
import { InputError, oneLine } from './core/errors.js';
import type { Decision } from './core/types.js';
import { planFor, type RunEvent } from './github/event.js';
import { decisionOutputs } from './github/outputs.js';
import { MAX_SUMMARY_BYTES, summaryText } from './github/writes.js';
import type { RepoRef } from './sources/github.js';
import { visible } from './report/escape.js';

/** action.yml's default `config` (core's DEFAULT_CONFIG_PATH; not imported: a tag push must not load the config parser). */
const DEFAULT_CONFIG_PATH = '.github/bump-classifier.yml';

export interface Inputs {
  token: string;
  config: string;
  /** A config path other than the default: a missing file is then an error, not the built-in rules. */
  configExplicit: boolean;
  base?: string;
  head?: string;
  label: boolean;
  comment: boolean;
  tag: boolean;
  release: boolean;
  dryRun: boolean;
}

function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw new InputError(`input "${name}": expected true or false, got "${raw}"`);
}

export function readInputs(): Inputs {
  const token = core.getInput('token');
  if (token) core.setSecret(token);
  const optional = (name: string): string | undefined => core.getInput(name).trim() || undefined;
  const release = booleanInput('release', false);
  return {
    token,
    config: core.getInput('config').trim() || DEFAULT_CONFIG_PATH,
    // The runner fills in action.yml's default, so only another path says the user named one.
    configExplicit: (core.getInput('config').trim() || DEFAULT_CONFIG_PATH) !== DEFAULT_CONFIG_PATH,
    base: optional('base'),
    head: optional('head'),
    label: booleanInput('label', true),
    comment: booleanInput('comment', false),
    tag: booleanInput('tag', false) || release, // a release needs its tag
    release,
    dryRun: booleanInput('dry-run', false),
  };
}

/** The event, read once from @actions/github's context and passed down as plain data. */
export function readEvent(): { event: RunEvent; repo: RepoRef; apiUrl: string; workspace: string | null } {
  const context = new Context();
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new InputError('GITHUB_REPOSITORY is not set (expected "owner/repo"); run this in GitHub Actions');
  return {
    event: { eventName: context.eventName, payload: context.payload as Record<string, unknown>, sha: context.sha, ref: context.ref },
    repo: { owner, repo },
    apiUrl: context.apiUrl,
    workspace: process.env.GITHUB_WORKSPACE || null,
  };
}

export function writeOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/**
 * The job summary, cut under GitHub's 1 MiB (larger, GitHub drops all of it); a runner without a
 * writable summary file costs a warning, not the decision.
 */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  try {
    const { text, truncated } = summaryText(markdown);
    if (truncated) core.warning(`the job summary was cut to fit GitHub's 1 MiB limit (${MAX_SUMMARY_BYTES} bytes)`);
    await core.summary.addRaw(text, true).write();
  } catch (error) {
    core.warning(`cannot write the job summary: ${oneLine(error)}`);
  }
}

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const context = readEvent();
    const plan = planFor(context.event, { base: inputs.base, head: inputs.head });
    if (plan.kind === 'skip') {
      core.info(plan.reason);
      writeOutputs(decisionOutputs(emptyDecision()));
      await writeSummary(`### No release decision\n\n${visible(plan.reason)}.\n`);
      return;
    }
    const { decideAndWrite } = await import('./action-decision.js');
    await decideAndWrite(inputs, context, plan);
  } catch (error) {
    // Messages can carry file and tag names: control characters are shown, never sent.
    core.setFailed(visible(oneLine(error)));
  }
}

function emptyDecision(): Decision {
  return {
    bump: 'none',
    currentVersion: null,
    currentTag: null,
    nextVersion: null,
    nextVersionFull: null,
    nextTag: null,
    prerelease: false,
    channel: null,
    base: null,
    baseRef: '',
    head: '',
    headRef: '',
    files: [],
    commits: [],
    labels: [],
    managedLabels: [],
    components: [],
    override: null,
    policy: { maxBump: 'major', failed: false, allowed: false, message: null },
    truncated: false,
    warnings: [],
  };
}
