/**
 * The action's I/O with the runner: its inputs, the event (read once), its outputs and the job
 * summary. The entry (action.ts) and the decision half (action-decision.ts) both use it; neither
 * imports the other's module back.
 */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
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

/**
 * The event, read once from the runner's environment (GITHUB_EVENT_NAME, the payload file at
 * GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_REF, GITHUB_API_URL), as `github.context` reads it, and
 * passed down as plain data.
 */
export function readEvent(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) throw new InputError('GITHUB_REPOSITORY is not set (expected "owner/repo"); run this in GitHub Actions');
  return {
    event: { eventName: env.GITHUB_EVENT_NAME ?? '', payload: readPayload(env.GITHUB_EVENT_PATH), sha: env.GITHUB_SHA ?? '', ref: env.GITHUB_REF ?? '' },
    repo: { owner, repo },
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    workspace: env.GITHUB_WORKSPACE || null,
  };
}

/** The webhook payload; none (no path) is an empty one, an unreadable one is a clear failure. */
function readPayload(path: string | undefined): Record<string, unknown> {
  if (!path) return {};
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read the event payload GITHUB_EVENT_PATH=${path}: ${oneLine(error)}`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InputError(`the event payload GITHUB_EVENT_PATH=${path} is not a JSON object`);
  }
  return payload as Record<string, unknown>;
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
