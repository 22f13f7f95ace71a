/**
 * The action's I/O with the runner: its inputs, the event (read once), its outputs and the job
 * summary, all through one `Runner`. The entry (action.ts) and the decision half
 * (action-decision.ts) both use it; neither imports the other's module back.
 */
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
import { InputError, oneLine } from './core/errors.js';
import type { RunEvent } from './github/event.js';
import type { ClientOptions, RepoRef } from './github/client.js';
import type { FloatingTagMode } from './core/floating-tags.js';
import { MAX_SUMMARY_BYTES, summaryText } from './report/cut.js';

/** The environment the action runs in: the runner's INPUT_*, GITHUB_* and RUNNER_* variables. */
export type RunnerEnv = Readonly<Record<string, string | undefined>>;

/**
 * Everything the action takes from and gives to the GitHub runner. `actionsRunner()` is the
 * runner itself (@actions/core on the process); tests pass their own, so a run in-process never
 * touches the test process's environment, stdout or exit code.
 */
export interface Runner {
  readonly env: RunnerEnv;
  /** An input by its action.yml name, trimmed; '' when not given. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Masks a value in the log from here on. */
  setSecret(secret: string): void;
  debug(message: string): void;
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  /** An error annotation, and the step fails. */
  setFailed(message: string): void;
  /** Appends markdown to the job summary (the file at GITHUB_STEP_SUMMARY). */
  appendSummary(markdown: string): Promise<void>;
  /**
   * How the API client paces writes and retries. A workflow step leaves it unset: GitHub's
   * guidance (1 s between writes, 3 s between comments and releases; retries after 1, 4, 9 s).
   */
  readonly apiPacing?: Pick<ClientOptions, 'writeIntervalMs' | 'retryBaseMs'>;
}

/** The runner of a real workflow step: @actions/core, which reads and writes the process's own env and stdout. */
export function actionsRunner(): Runner {
  return {
    env: process.env,
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (secret) => core.setSecret(secret),
    debug: (message) => core.debug(message),
    info: (message) => core.info(message),
    notice: (message) => core.notice(message),
    warning: (message) => core.warning(message),
    setFailed: (message) => core.setFailed(message),
    appendSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
  };
}

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
  /** Create release tags (`tag`, or `release` without `draft`). */
  tag: boolean;
  release: boolean;
  dryRun: boolean;
  /** After a stable release, the floating tags to point at it. */
  floatingTags: FloatingTagMode;
  /** What a release body holds: the "why" notes, GitHub's generated notes, or both. */
  releaseNotes: ReleaseNotesMode;
  /** Keep one draft release for the next version up to date instead of tagging (needs `release`). */
  draft: boolean;
}

/** Defined here, not imported: a tag push must not load the core. */
const FLOATING_TAG_MODES = ['none', 'major', 'major-minor'] as const satisfies readonly FloatingTagMode[];
export const RELEASE_NOTES_MODES = ['why+github', 'why', 'github'] as const;
export type ReleaseNotesMode = (typeof RELEASE_NOTES_MODES)[number];

function booleanInput(runner: Runner, name: string, fallback: boolean): boolean {
  const raw = runner.getInput(name).trim();
  if (raw === '') return fallback;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw new InputError(`input "${name}": expected true or false, got "${raw}"`);
}

function choiceInput<T extends string>(runner: Runner, name: string, choices: readonly T[], fallback: T): T {
  const raw = runner.getInput(name).trim();
  if (raw === '') return fallback;
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw new InputError(`input "${name}": expected one of ${choices.join(', ')}, got "${raw}"`);
  return found;
}

export function readInputs(runner: Runner): Inputs {
  const token = runner.getInput('token');
  if (token) runner.setSecret(token);
  const optional = (name: string): string | undefined => runner.getInput(name).trim() || undefined;
  const release = booleanInput(runner, 'release', false);
  const tag = booleanInput(runner, 'tag', false);
  const draft = booleanInput(runner, 'draft', false);
  const floatingTags = choiceInput(runner, 'floating-tags', FLOATING_TAG_MODES, 'none');
  const releaseNotes = choiceInput(runner, 'release-notes', RELEASE_NOTES_MODES, 'why+github');
  if (draft && !release) throw new InputError('input "draft": a draft is a release that a person publishes; set "release: true" with "draft: true"');
  if (draft && tag) {
    throw new InputError('inputs "draft" and "tag": a draft release gets its tag when a person publishes it, so no tag is created; remove "tag: true"');
  }
  if (draft && floatingTags !== 'none') {
    throw new InputError(
      `inputs "draft" and "floating-tags": floating tags move to a release this run publishes, and a draft is published by a person; ` +
        `use "floating-tags: ${floatingTags}" in a workflow that releases without "draft"`,
    );
  }
  const config = runner.getInput('config').trim() || DEFAULT_CONFIG_PATH;
  return {
    token,
    config,
    // The runner fills in action.yml's default, so only another path says the user named one.
    configExplicit: config !== DEFAULT_CONFIG_PATH,
    base: optional('base'),
    head: optional('head'),
    label: booleanInput(runner, 'label', true),
    comment: booleanInput(runner, 'comment', false),
    tag: tag || (release && !draft), // a release needs its tag; a draft's is made when it is published
    release,
    dryRun: booleanInput(runner, 'dry-run', false),
    floatingTags,
    releaseNotes,
    draft,
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
export function readEvent(env: RunnerEnv): RunContext {
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

export function writeOutputs(runner: Runner, outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) runner.setOutput(name, value);
}

/**
 * The job summary, cut under GitHub's 1 MiB (larger, GitHub drops all of it); a runner without a
 * writable summary file costs a warning, not the decision.
 */
export async function writeSummary(runner: Runner, markdown: string): Promise<void> {
  if (!runner.env.GITHUB_STEP_SUMMARY) return;
  try {
    const { text, truncated } = summaryText(markdown);
    if (truncated) runner.warning(`the job summary was cut to fit GitHub's 1 MiB limit (${MAX_SUMMARY_BYTES} bytes)`);
    await runner.appendSummary(text);
  } catch (error) {
    runner.warning(`cannot write the job summary: ${oneLine(error)}`);
  }
}
