/**
 * Helpers shared by the end-to-end suites that run the action against the fake GitHub API:
 * payloads shaped like GitHub's, a run attributed to its repository, and small readers of what
 * a run produced.
 */
import { runAction, type ActionResult, type RunActionOptions } from './action-runner.js';
import type { FakeGitHub, FakePull, FakeRepo, RecordedRequest } from './fake-github/index.js';

export const OWNER = 'octo';
export const CONFIG_PATH = '.github/bump-classifier.yml';
export const COMMENT_MARKER = '<!-- bump-classifier:decision -->';

export interface Run extends ActionResult {
  /** Requests this run made to its repository. */
  requests: RecordedRequest[];
  /** Its writes (POST/PATCH/PUT/DELETE, see isWrite) as "METHOD /path-below-the-repo". */
  writes: string[];
}

export const apiPrefix = (name: string): string => `/repos/${OWNER}/${name}`;

/**
 * A request that changes something. "Generate release notes content" is a POST that saves
 * nothing (GitHub: "The generated release notes are not saved anywhere"): a read.
 */
export function isWrite(r: RecordedRequest): boolean {
  return ['POST', 'PATCH', 'PUT', 'DELETE'].includes(r.method) && !r.path.endsWith('/releases/generate-notes');
}

/**
 * Runs the action for repository `octo/<name>` and keeps the requests it made there: run() from
 * src in this process, or with `runner` runBundle, the committed dist/index.cjs.
 */
export async function runIn(
  gh: FakeGitHub,
  name: string,
  options: Omit<RunActionOptions, 'gh' | 'repo'>,
  runner: (options: RunActionOptions) => Promise<ActionResult> = runAction,
): Promise<Run> {
  const from = gh.requests.length;
  const result = await runner({ gh, repo: `${OWNER}/${name}`, timeoutMs: 45_000, ...options });
  const prefix = apiPrefix(name);
  const requests = gh.requests.slice(from).filter((r) => r.path === prefix || r.path.startsWith(`${prefix}/`));
  const writes = requests.filter(isWrite).map((r) => `${r.method} ${r.path.slice(prefix.length)}`);
  return { ...result, requests, writes };
}

/** A fresh repository in the fake (a reused name would mix two tests' requests). */
export function newRepoIn(gh: FakeGitHub, name: string): FakeRepo {
  const repo = gh.repo(OWNER, name);
  if (repo.commits.size !== 0) throw new Error(`repository ${name} is reused`);
  return repo;
}

/** Everything a failed expectation needs to be understood. */
export function log(r: ActionResult): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

export function messages(r: ActionResult, level: 'error' | 'warning' | 'notice'): string[] {
  return r.annotations.filter((a) => a.level === level).map((a) => a.message);
}

export function json<T = unknown>(text: string | undefined): T {
  if (text === undefined) throw new Error('output missing');
  return JSON.parse(text) as T;
}

/** A pull_request payload shaped like GitHub's, from the fake's pull request. */
export function pullPayload(repo: FakeRepo, pull: FakePull, action = 'synchronize'): object {
  return {
    action,
    number: pull.number,
    pull_request: {
      number: pull.number,
      state: 'open',
      draft: pull.draft,
      title: pull.title,
      base: { sha: pull.base.sha, ref: pull.base.ref, repo: { full_name: pull.base.repo ?? repo.fullName } },
      head: { sha: pull.head.sha, ref: pull.head.ref, repo: { full_name: pull.head.repo ?? repo.fullName } },
      labels: pull.labels.map((name) => ({ name })),
    },
    repository: { full_name: repo.fullName, default_branch: repo.defaultBranch },
  };
}

/** A push payload shaped like GitHub's. */
export function pushPayload(repo: FakeRepo, push: { ref?: string; before: string; after: string; deleted?: boolean }): object {
  return {
    ref: push.ref ?? 'refs/heads/main',
    before: push.before,
    after: push.after,
    created: /^0+$/.test(push.before),
    deleted: push.deleted ?? false,
    forced: false,
    base_ref: null,
    head_commit: push.deleted ? null : { id: push.after, message: 'change' },
    repository: { full_name: repo.fullName, default_branch: repo.defaultBranch },
  };
}
