/**
 * A change read from a local work tree: everything decide() needs, gathered with as few git
 * processes as the question allows, run concurrently where they do not depend on each other.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_CONFIG_PATH,
  defaultConfig,
  filesNeedingPatch,
  InputError,
  latestReleaseTag,
  needsHeadTree,
  parseConfig,
  tagFormatOf,
  type Config,
  type DecideInput,
} from '../core/index.js';
import {
  attachPatches,
  changedFiles,
  commitsBetween,
  currentBranch,
  git,
  reachableTags,
  repositoryRoot,
  resolveCommit,
  rootCommit,
  treeFiles,
} from './git.js';

export interface LocalOptions {
  /** A directory inside a git work tree. */
  repo: string;
  base?: string;
  head?: string;
  /** Config file path (relative to the current directory); default: <repo>/.github/bump-classifier.yml */
  config?: string;
  /** Branch for prerelease channels; default: the branch `head` names, if any. */
  branch?: string;
  /** The component whose latest tag is the default base. */
  component?: string;
  labels?: string[];
}

export interface LocalChange {
  input: DecideInput;
  /** Human-readable names of the compared commits. */
  baseRef: string;
  headRef: string;
  notices: string[];
}

/** Reads and parses the config file; a missing default file means the built-in defaults. */
export async function loadConfig(file: string, explicit: boolean): Promise<{ config: Config; notice: string | null }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) {
      return { config: defaultConfig(), notice: `no config at ${file}; using the built-in default rules` };
    }
    throw new InputError(`cannot read config ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return { config: parseConfig(text, file), notice: null };
}

async function branchOf(repo: string, head: string): Promise<string | null> {
  if (head === 'HEAD') return currentBranch(repo);
  const { stdout } = await git(repo, ['rev-parse', '--verify', '--quiet', '--symbolic-full-name', `refs/heads/${head}`], {
    allowFailure: true,
  });
  return stdout.toString('utf8').trim() === '' ? null : head;
}

export async function readLocalChange(options: LocalOptions): Promise<LocalChange> {
  const headRef = options.head ?? 'HEAD';
  const top = await repositoryRoot(path.resolve(options.repo));
  const configFile = options.config !== undefined ? path.resolve(options.config) : path.join(top, DEFAULT_CONFIG_PATH);

  // Independent reads run together; when several fail, the first in this order explains best.
  const [{ config, notice }, headSha, tags, branch] = await allInOrder([
    loadConfig(configFile, options.config !== undefined),
    resolveCommit(top, headRef),
    reachableTags(top, headRef),
    options.branch !== undefined ? Promise.resolve(options.branch) : branchOf(top, headRef),
  ] as const);
  const component = options.component ?? null;
  tagFormatOf(config, component); // an unknown component is bad input, before any diff

  let baseRef = options.base;
  let baseSha: string;
  if (baseRef !== undefined) {
    baseSha = await resolveCommit(top, baseRef);
  } else {
    baseRef = latestReleaseTag(config, tags, branch, component) ?? undefined;
    baseSha = baseRef !== undefined ? await resolveCommit(top, baseRef) : await rootCommit(top, headSha);
    baseRef ??= 'root commit';
  }

  const [{ files, warnings }, headTree, commits] = await Promise.all([
    changedFiles(top, baseSha, headSha),
    needsHeadTree(config) ? treeFiles(top, headSha) : Promise.resolve(null),
    config.conventionalCommits ? commitsBetween(top, baseSha, headSha) : Promise.resolve(null),
  ]);
  await attachPatches(top, baseSha, headSha, filesNeedingPatch(config, files));

  return {
    input: {
      config,
      files,
      tags,
      base: baseSha,
      head: headSha,
      headSha,
      branch,
      headTree,
      labels: options.labels ?? [],
      warnings,
      commits,
    },
    baseRef,
    headRef,
    notices: notice ? [notice] : [],
  };
}

/** Like Promise.all, but waits for every promise and rethrows the first failure in list order. */
async function allInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
