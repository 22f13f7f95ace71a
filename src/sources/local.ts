/**
 * The CLI's request on a local work tree: the config file, the head, the branch (detached HEAD is
 * CI's normal state), an explicit base if any, checked against what a CI checkout lacks (shallow
 * history, tags) before anything is decided.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { channelFor, configFromText, DEFAULT_CONFIG_PATH, InputError, maintenanceRangeOf, releaseLineOf, type Config } from '../core/index.js';
import type { ChangeRequest } from './change.js';
import { provideCommitParser } from '../core/commits.js';
import { provideRegexEngine, RegexEngineMissing } from '../core/regex.js';
import { git, repositoryRoot, resolveCommit } from './git.js';
import { LocalGitSource } from './local-git.js';

export interface LocalOptions {
  /** A directory inside a git work tree. */
  repo: string;
  base?: string;
  head?: string;
  /** Config file path (relative to the current directory); default: <repo>/.github/bump-classifier.yml */
  config?: string;
  /** Branch for prerelease channels and maintenance ranges; default: see `detectBranch`. */
  branch?: string;
  /** The component asked about (validated here, before any diff). */
  component?: string;
  labels?: string[];
  /** The environment: GitHub Actions' GITHUB_BASE_REF / GITHUB_REF_NAME and GitLab CI's branch variables name the branch in CI. */
  env?: Record<string, string | undefined>;
}

/**
 * Reads and parses the config file; a missing default file means the built-in defaults. `loading`:
 * the commit parser, when the config asks for it, loading while git reads the change.
 */
export async function loadConfig(file: string, explicit: boolean): Promise<{ config: Config; notice: string | null; loading?: Promise<void> }> {
  let text: string | null;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new InputError(`cannot read config ${file}: it is a directory; name the config file (like .github/bump-classifier.yml)`);
    if (code !== 'ENOENT') throw new InputError(`cannot read config ${file}: ${(error as Error).message}`);
    text = null;
  }
  const loaded = await withEngines(text, () => configFromText(text, file, { explicit }));
  return loaded.config.conventionalCommits ? { ...loaded, loading: loadCommitParser() } : loaded;
}

/**
 * re2js compiles the regexes of `content` rules and `version-from`, and is loaded only for a
 * config that has one (core asks for it when the text did not show it: see RegexEngineMissing).
 */
export async function withEngines<T>(text: string | null, parse: () => T): Promise<T> {
  if (text !== null && /content|version-from/.test(text)) await loadRegexEngine();
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof RegexEngineMissing)) throw error;
    await loadRegexEngine();
    return parse();
  }
}

export async function loadRegexEngine(): Promise<void> {
  provideRegexEngine((await import('re2js')).RE2JS);
}

/** The conventional-commits parser, loaded only with `commits.conventional`. */
export async function loadCommitParser(): Promise<void> {
  provideCommitParser(await import('../core/commit-parser.js'));
}

const SHALLOW_FIX =
  'fetch the whole history and the tags: "git fetch --unshallow --tags", or "fetch-depth: 0" in actions/checkout';

/**
 * The branch the environment names, if any: --branch; in GitHub Actions GITHUB_BASE_REF or
 * GITHUB_REF_NAME; in GitLab CI CI_MERGE_REQUEST_TARGET_BRANCH_NAME or CI_COMMIT_BRANCH. A pull
 * (merge) request's channel and maintenance range are its target's, as the action reads them:
 * merging into `beta` makes a beta prerelease, whatever branch the change comes from.
 */
function namedBranch(explicit: string | undefined, env: Record<string, string | undefined>): string | null {
  if (explicit !== undefined) return explicit;
  if (env.GITHUB_ACTIONS === 'true') {
    const named = env.GITHUB_BASE_REF || (env.GITHUB_REF_TYPE !== 'tag' ? env.GITHUB_REF_NAME : undefined);
    if (named) return named;
  }
  if (env.GITLAB_CI === 'true') {
    const named = env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME || env.CI_COMMIT_BRANCH;
    if (named) return named;
  }
  return null;
}

/**
 * The branch of the change, in order: --branch; in GitHub Actions, GITHUB_BASE_REF (a pull
 * request's target) or GITHUB_REF_NAME, in GitLab CI the merge request's target or the pushed
 * branch; a --head that names a branch (local or remote-tracking);
 * HEAD's own branch; the branch whose tip is the head commit (a detached checkout). Null when
 * none says. Several branches at the head commit that the config reads differently (a prerelease
 * channel, a maintenance range) are bad input: which one is meant cannot be known.
 */
export async function detectBranch(
  source: Pick<LocalGitSource, 'branches' | 'attachedBranch'>,
  headRef: string,
  headSha: string,
  explicit: string | undefined,
  env: Record<string, string | undefined>,
  config: Config,
): Promise<string | null> {
  const named = namedBranch(explicit, env);
  if (named !== null) return named;
  const refs = await source.branches();
  const branchName = (ref: string): string | null => {
    if (ref.startsWith('refs/heads/')) return ref.slice('refs/heads/'.length);
    const m = /^refs\/remotes\/[^/]+\/(.+)$/.exec(ref);
    return m && m[1] !== 'HEAD' ? m[1]! : null;
  };
  const fullNames = new Set(refs.map(([ref]) => ref));
  for (const candidate of [headRef, `refs/heads/${headRef}`, `refs/remotes/${headRef}`]) {
    if (fullNames.has(candidate)) {
      const name = branchName(candidate);
      if (name !== null) return name;
    }
  }
  if (headRef === 'HEAD') {
    const attached = await source.attachedBranch();
    if (attached !== null) return attached;
  }
  const atHead = [...new Set(refs.filter(([, sha]) => sha === headSha).map(([ref]) => branchName(ref)).filter((n): n is string => n !== null))].sort();
  if (atHead.length <= 1) return atHead[0] ?? null;
  const meaning = (branch: string): string => {
    const channel = channelFor(config, branch);
    const range = maintenanceRangeOf(config, branch);
    return [channel === null ? 'the stable channel' : `channel ${channel}`, ...(range === null ? [] : [`range ${range.range}`])].join(', ');
  };
  const meanings = atHead.map((b) => `${b}: ${meaning(b)}`);
  if (new Set(atHead.map(meaning)).size === 1) return atHead[0]!;
  throw new InputError(
    `head ${headSha.slice(0, 7)} is the tip of several branches that release differently (${meanings.join('; ')}), so the channel cannot be known; pass --branch NAME`,
  );
}

/** Whether `ancestor` is an ancestor of `commit`. */
async function isAncestor(top: string, ancestor: string, commit: string): Promise<boolean> {
  const { stdout } = await git(top, ['merge-base', ancestor, commit], { allowFailure: true });
  return stdout.toString('utf8').trim() === ancestor;
}

export interface LocalRequest {
  source: LocalGitSource;
  request: ChangeRequest;
  notices: string[];
}

export async function localRequest(options: LocalOptions): Promise<LocalRequest> {
  const headRef = options.head ?? 'HEAD';
  const env = options.env ?? {};
  const dir = path.resolve(options.repo);
  const configFile = (top: string): string => (options.config !== undefined ? path.resolve(options.config) : path.join(top, DEFAULT_CONFIG_PATH));
  const explicitConfig = options.config !== undefined;

  // Usually one process finds the work tree and the head; the git processes the decision needs
  // next then start together and run while the config is parsed. When that process fails, the
  // long way says why; independent reads run together, and when several fail, the first in this
  // order explains best.
  const opened = await LocalGitSource.openAt(dir, headRef);
  let source: LocalGitSource;
  let head: string;
  let loaded: Awaited<ReturnType<typeof loadConfig>>;
  if (opened !== null) {
    ({ source, head } = opened);
    source.prefetch(head);
    loaded = await loadConfig(configFile(source.top), explicitConfig);
  } else {
    const top = await repositoryRoot(dir);
    source = await LocalGitSource.open(top);
    [loaded, head] = await allInOrder([loadConfig(configFile(top), explicitConfig), resolveCommit(top, headRef)] as const);
  }
  const { top } = source;
  const { config, notice, loading } = loaded;
  loading?.catch(() => {}); // awaited by the decision, after the checks below
  source.commitFiles(config.components !== null);
  if (options.component !== undefined) releaseLineOf(config, options.component); // an unknown component is bad input
  // A shallow fetch brings only the tags of the history it fetched (or whichever ones were asked
  // for), so the current release, the highest tag on the channel, cannot be known from it; not
  // even with --base, which says where the change starts, not which releases exist.
  if (source.shallow) {
    throw new InputError(
      options.base === undefined
        ? `this clone is shallow, so the latest release tag and the history since it may be missing and the version cannot be known; ${SHALLOW_FIX}`
        : `this clone is shallow, so its release tags may be incomplete and the current version cannot be known, even with --base; ${SHALLOW_FIX}`,
    );
  }
  const branch = await detectBranch(source, headRef, head, options.branch, env, config);

  let base: ChangeRequest['base'] = null;
  if (options.base !== undefined) {
    const sha = await resolveCommit(top, options.base);
    if (sha !== head && (await isAncestor(top, head, sha))) {
      throw new InputError(
        `the range is swapped: base ${options.base} (${sha.slice(0, 7)}) comes after head ${headRef} (${head.slice(0, 7)}); ` +
          'the base must be the older commit',
      );
    }
    base = { sha, ref: options.base };
  }

  return {
    source,
    request: { config, head, headRef, branch, base, labels: options.labels ?? [], checkPlaces: true, loading },
    notices: notice ? [notice] : [],
  };
}

/** Like Promise.all, but waits for every promise and rethrows the first failure in list order. */
async function allInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
