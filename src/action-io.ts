/**
 * The action's I/O with the runner: its inputs, the event (read once), its outputs and the job
 * summary. The entry (action.ts) and the decision half (action-decision.ts) both use it; neither
 * imports the other's module back.
 */
import * as core from '@actions/core';
// @actions/github's own event context, without its Octokit (see the bundle script and the README).
import { Context } from '@actions/github/context';
import { InputError, oneLine } from './core/errors.js';
import type { RunEvent } from './github/event.js';
import type { RepoRef } from './github/client.js';
import { MAX_SUMMARY_BYTES, summaryText } from './report/cut.js';

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

/** Where and why the action runs: the event, the repository, the API, the workspace. */
export interface RunContext {
  event: RunEvent;
  repo: RepoRef;
  apiUrl: string;
  workspace: string | null;
}

/** The event, read once from @actions/github's context and passed down as plain data. */
export function readEvent(): RunContext {
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
