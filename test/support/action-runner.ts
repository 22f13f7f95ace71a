/**
 * Runs the action the way a GitHub runner does, against the fake GitHub API: an environment
 * holding only what the runner sets (INPUT_*, GITHUB_*, RUNNER_TEMP), an event payload file,
 * an empty workspace and an empty GITHUB_STEP_SUMMARY file that is read back after the run.
 *
 * `runAction` runs `run()` from src in this process with a recording `Runner` (no module
 * mocking): it never reads or writes this process's environment, stdout or exit code, and
 * what it records is what @actions/core would have printed (`::warning::msg`, ...).
 * `runBundle` runs the committed `dist/index.cjs` as a child process, for the smoke tests of
 * the bundle itself. Its spawn is asynchronous on purpose: the fake GitHub API it talks to is
 * served from the test process, so blocking it (spawnSync) would deadlock the run.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { EOL, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/action.js';
import type { Runner, RunnerEnv } from '../../src/action-io.js';
import type { FakeGitHub } from './fake-github/index.js';

export const ACTION_BUNDLE = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));

export interface RunActionOptions {
  gh: Pick<FakeGitHub, 'url'>;
  /** GITHUB_EVENT_NAME. */
  event: string;
  /** The webhook payload, written to GITHUB_EVENT_PATH. */
  payload: object;
  /** Action inputs by their action.yml names (`dry-run`, not `dryRun`); `token` defaults to 'test-token'. */
  inputs?: Record<string, string>;
  /** Extra environment variables, applied last. */
  env?: Record<string, string>;
  /** GITHUB_SHA; default: the payload's `after`, else the PR head, else 40 zeros. */
  sha?: string;
  /** GITHUB_REF; default: the payload's `ref`, else `refs/pull/<n>/merge` for PRs, else refs/heads/main. */
  ref?: string;
  /** GITHUB_REPOSITORY. */
  repo?: string;
  /** Fail after this long (runBundle also kills the process). */
  timeoutMs?: number;
}

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
}

export interface ActionResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The outputs set (runBundle: GITHUB_OUTPUT, parsed). */
  outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY's contents. */
  summary: string;
  /** `::error::`, `::warning::` and `::notice::` workflow commands from stdout, messages unescaped. */
  annotations: Annotation[];
  /** Wall time of the run, in ms. */
  durationMs: number;
}

/** The environment variable GitHub sets for an input: upper-cased, spaces to `_`, hyphens kept. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** What the run may inherit from the test process: enough to run node and git, nothing of GitHub's. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'LANG', 'LC_ALL'];

interface RunnerFiles {
  dir: string;
  env: Record<string, string>;
  outputPath: string;
  summaryPath: string;
}

/** A temporary directory with the runner's files, and the environment that names them. */
async function runnerFiles(options: RunActionOptions): Promise<RunnerFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'bc-action-'));
  const eventPath = join(dir, 'event.json');
  const outputPath = join(dir, 'output');
  const summaryPath = join(dir, 'summary.md');
  const workspace = join(dir, 'workspace');
  const runnerTemp = join(dir, 'runner-temp');
  await Promise.all([
    writeFile(eventPath, JSON.stringify(options.payload)),
    writeFile(outputPath, ''),
    writeFile(summaryPath, ''),
    mkdir(workspace),
    mkdir(runnerTemp),
  ]);

  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const inputs = { token: 'test-token', ...options.inputs };
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value;
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_API_URL: options.gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${options.gh.url}/graphql`,
    GITHUB_REPOSITORY: options.repo ?? 'octo/app',
    GITHUB_SHA: options.sha ?? defaultSha(options.payload),
    GITHUB_REF: options.ref ?? defaultRef(options.event, options.payload),
    GITHUB_WORKSPACE: workspace,
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'release',
    GITHUB_JOB: 'bump',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    // A workspace under /tmp must never pick up an enclosing repository by accident.
    GIT_CEILING_DIRECTORIES: dir,
    ...options.env,
  });
  return { dir, env, outputPath, summaryPath };
}

/** Workflow-command escaping, as @actions/core applies it to a command's message. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * The runner for a run in this process: prints what @actions/core would print (info lines as
 * they are, `::add-mask::`, `::debug::`, `::notice::`, `::warning::`, `::error::` commands), keeps
 * the outputs, appends the summary to GITHUB_STEP_SUMMARY's file and notes a failed step.
 */
export class RecordingRunner implements Runner {
  stdout = '';
  readonly outputs: Record<string, string> = {};
  failed = false;

  /**
   * Writes unspaced and retries after 10, 40, 90 ms: the scenarios judge what is written and
   * retried, not GitHub's pacing (the client's own tests cover that).
   */
  readonly apiPacing = { writeIntervalMs: 0, retryBaseMs: 10 };

  constructor(readonly env: RunnerEnv) {}

  getInput(name: string): string {
    return (this.env[inputEnvName(name)] ?? '').trim();
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }
  setSecret(secret: string): void {
    this.command('add-mask', secret);
  }
  debug(message: string): void {
    this.command('debug', message);
  }
  info(message: string): void {
    this.stdout += message + EOL;
  }
  notice(message: string): void {
    this.command('notice', message);
  }
  warning(message: string): void {
    this.command('warning', message);
  }
  setFailed(message: string): void {
    this.failed = true;
    this.command('error', message);
  }
  async appendSummary(markdown: string): Promise<void> {
    // As core.summary.write() does: append to the file the runner names (a missing one throws).
    const path = this.env.GITHUB_STEP_SUMMARY;
    if (!path) throw new Error('GITHUB_STEP_SUMMARY is not set');
    await appendFile(path, markdown + EOL, 'utf8');
  }

  private command(name: string, message: string): void {
    this.stdout += `::${name}::${escapeData(message)}${EOL}`;
  }
}

/** Runs the action's `run()` from src in this process. */
export async function runAction(options: RunActionOptions): Promise<ActionResult> {
  const files = await runnerFiles(options);
  try {
    const runner = new RecordingRunner(files.env);
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`action run timed out after ${timeoutMs} ms\n--- stdout ---\n${runner.stdout}`)), timeoutMs);
    });
    const exitCode = process.exitCode;
    const started = Date.now();
    try {
      // run() turns every failure into setFailed; a rejection here is a bug in it.
      await Promise.race([run(runner), timedOut]);
    } finally {
      clearTimeout(timer);
    }
    const durationMs = Date.now() - started;
    // @actions/core's setFailed sets it: something in src called core.* instead of the runner.
    if (process.exitCode !== exitCode) throw new Error(`run() set process.exitCode to ${process.exitCode}; only the Runner may fail the step`);
    const summary = await readFile(files.summaryPath, 'utf8');
    const code = runner.failed ? 1 : 0;
    return { code, stdout: runner.stdout, stderr: '', outputs: { ...runner.outputs }, summary, annotations: parseAnnotations(runner.stdout), durationMs };
  } finally {
    await rm(files.dir, { recursive: true, force: true });
  }
}

/** Runs the committed bundle (dist/index.cjs) as a child process, as a runner does. */
export async function runBundle(options: RunActionOptions): Promise<ActionResult> {
  const files = await runnerFiles(options);
  try {
    const started = Date.now();
    const { code, stdout, stderr } = await spawnNode(ACTION_BUNDLE, files.env, options.timeoutMs ?? 30_000);
    const durationMs = Date.now() - started;
    const [outputFile, summary] = await Promise.all([readFile(files.outputPath, 'utf8'), readFile(files.summaryPath, 'utf8')]);
    return { code, stdout, stderr, outputs: parseOutputFile(outputFile), summary, annotations: parseAnnotations(stdout), durationMs };
  } finally {
    await rm(files.dir, { recursive: true, force: true });
  }
}

function spawnNode(script: string, env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) {
        reject(new Error(`action run timed out after ${timeoutMs} ms\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`));
        return;
      }
      resolve({ code, stdout, stderr });
    });
  });
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function defaultSha(payload: object): string {
  const p = record(payload);
  if (typeof p.after === 'string') return p.after;
  const head = record(record(p.pull_request).head).sha;
  if (typeof head === 'string') return head;
  const group = record(p.merge_group).head_sha;
  if (typeof group === 'string') return group;
  return '0'.repeat(40);
}

function defaultRef(event: string, payload: object): string {
  const p = record(payload);
  if (typeof p.ref === 'string') return p.ref;
  const pr = record(p.pull_request);
  if (event.startsWith('pull_request') && typeof pr.number === 'number') return `refs/pull/${pr.number}/merge`;
  return 'refs/heads/main';
}

/**
 * GITHUB_OUTPUT as @actions/core writes it: `name<<DELIM\nvalue\nDELIM\n` (and the older
 * one-line `name=value`, which other tools still write).
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      let j = i + 1;
      while (j < lines.length && lines[j] !== delimiter) value.push(lines[j++]!);
      if (j >= lines.length) throw new Error(`GITHUB_OUTPUT: no closing delimiter for "${name}"`);
      outputs[name] = value.join('\n');
      i = j;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`GITHUB_OUTPUT: unparseable line ${JSON.stringify(line)}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

/** Workflow-command escaping (`%25`, `%0D`, `%0A`) undone. */
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** `::error::msg` and `::warning file=...,line=1::msg` lines from stdout. */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
    if (match) annotations.push({ level: match[1] as AnnotationLevel, message: unescapeData(match[2]!) });
  }
  return annotations;
}
