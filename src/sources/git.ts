/**
 * The local git source: a change, its tags and its head tree, read from a work tree through
 * `git` child processes (argument arrays, never a shell; NUL-separated output).
 */
import { spawn } from 'node:child_process';
import { InputError, type ChangedFile, type FileStatus } from '../core/index.js';

/** Patches larger than this are treated as unknown, as GitHub's API does with large diffs. */
export const MAX_PATCH_BYTES = 1024 * 1024;

export class GitError extends InputError {
  override readonly name = 'GitError';
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
}

/** Runs git with arguments (no shell) in `cwd`; rejects with git's own first error line. */
export function git(cwd: string, args: readonly string[], options: { allowFailure?: boolean } = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotepath=false', '-c', 'color.ui=false', '-c', 'core.fsmonitor=false', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: gitEnvironment(),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new GitError(error.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git: ${error.message}`),
      );
    });
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== 0 && !options.allowFailure) {
        reject(new GitError(describeGitFailure(cwd, args, stderr)));
        return;
      }
      resolve({ stdout: Buffer.concat(out), stderr });
    });
  });
}

/**
 * git's environment: the process's, without the action's inputs (the token among them) or the
 * runner's credentials, since a checkout's config can name programs git runs.
 */
function gitEnvironment(): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([name]) => !/^(INPUT_|ACTIONS_)/.test(name) && name !== 'GITHUB_TOKEN' && name !== 'GH_TOKEN',
  );
  return { ...Object.fromEntries(kept), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
}

function describeGitFailure(cwd: string, args: readonly string[], stderr: string): string {
  const line =
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith('fatal:') || l.startsWith('error:')) ??
    stderr.trim().split('\n')[0] ??
    '';
  if (/not a git repository/i.test(line)) return `not a git repository: ${cwd}`;
  return `git ${args[0]} failed: ${line.replace(/^(fatal|error):\s*/, '') || 'unknown error'}`;
}

function splitNul(buffer: Buffer): string[] {
  const text = buffer.toString('utf8');
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** The commit a ref names, or an InputError naming the ref. */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  const { stdout, stderr } = await git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
    allowFailure: true,
  });
  const sha = stdout.toString('utf8').trim();
  if (/^[0-9a-f]{40,64}$/.test(sha)) return sha;
  if (/not a git repository/i.test(stderr)) throw new GitError(`not a git repository: ${repo}`);
  throw new GitError(`unknown ref "${ref}": no such commit, branch or tag in ${repo}`);
}

/** The top directory of the work tree containing `dir`; an InputError when there is none. */
export async function repositoryRoot(dir: string): Promise<string> {
  const result = await git(dir, ['rev-parse', '--show-toplevel'], { allowFailure: true }).catch((error: unknown) => {
    // spawn fails with ENOENT for a missing cwd as well as a missing git.
    if (error instanceof GitError && /not installed/.test(error.message)) {
      throw new GitError(`not a directory, or git is not installed: ${dir}`);
    }
    throw error;
  });
  const top = result.stdout.toString('utf8').trim();
  if (top === '') {
    const line = result.stderr.trim().split('\n')[0] ?? '';
    throw new GitError(
      /work tree/i.test(line) ? `not a git work tree: ${dir}` : `not a git repository: ${dir}`,
    );
  }
  return top;
}

/** Names of tags that point (directly or through an annotated tag) at commits reachable from `head`. */
export async function reachableTags(repo: string, head: string): Promise<string[]> {
  // Tag names cannot contain newlines (git forbids control characters in ref names).
  const { stdout } = await git(repo, ['for-each-ref', '--merged', head, '--format=%(refname:strip=2)', 'refs/tags']);
  return stdout.toString('utf8').split('\n').filter((t) => t !== '');
}

/** The oldest root commit reachable from head (the base before the first release). */
export async function rootCommit(repo: string, head: string): Promise<string> {
  const { stdout } = await git(repo, ['rev-list', '--max-parents=0', head]);
  const roots = stdout.toString('utf8').trim().split('\n');
  return roots[roots.length - 1]!;
}

/** The branch HEAD is on, or null when detached. */
export async function currentBranch(repo: string): Promise<string | null> {
  const { stdout } = await git(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true });
  const branch = stdout.toString('utf8').trim();
  return branch === '' ? null : branch;
}

const STATUS: Record<string, FileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  R: 'renamed',
  C: 'copied',
  T: 'modified', // type change (file <-> symlink): the content changed
};

/** Parses `git diff --name-status -z` output (renames and copies carry two paths). */
export function parseNameStatus(output: Buffer): ChangedFile[] {
  const parts = splitNul(output);
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++]!;
    const letter = code[0]!;
    const status = STATUS[letter];
    if (letter === 'R' || letter === 'C') {
      const previousPath = parts[i++]!;
      const path = parts[i++]!;
      files.push({ path, previousPath, status: status! });
    } else {
      const path = parts[i++]!;
      // U (unmerged) and X (unknown) cannot occur between two commits; count them as modified.
      files.push({ path, status: status ?? 'modified' });
    }
  }
  return files;
}

/** The change between the merge-base of base and head, and head: `git diff base...head`. */
export async function changedFiles(repo: string, base: string, head: string): Promise<{ files: ChangedFile[]; warnings: string[] }> {
  const { stdout, stderr } = await git(repo, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', `${base}...${head}`, '--']);
  const warnings: string[] = [];
  // git says so when the rename matrix is too big ("exhaustive" since git 2.33, "inexact"
  // before); renamed files then show as removed + added.
  if (/(exhaustive|inexact) rename detection was skipped/i.test(stderr)) {
    warnings.push('git skipped inexact rename detection (too many files); some renames show as removed + added');
  }
  return { files: parseNameStatus(stdout), warnings };
}

/**
 * Attaches patches (hunks only) to the given files with one `git diff` call; the per-file output
 * is matched to files by its `diff --git` header. A binary or oversized patch stays unknown.
 */
export async function attachPatches(repo: string, base: string, head: string, files: ChangedFile[]): Promise<void> {
  if (files.length === 0) return;
  const pathspec = [...new Set(files.flatMap((f) => (f.previousPath ? [f.previousPath, f.path] : [f.path])))];
  const { stdout } = await git(repo, [
    'diff',
    '-M',
    '--no-ext-diff',
    '--no-textconv',
    '--no-color',
    '--unified=0',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    `${base}...${head}`,
    '--',
    ...pathspec.map((p) => `:(literal)${p}`),
  ]);
  const chunks = splitDiff(stdout.toString('utf8'));
  for (const file of files) {
    const chunk = chunks.get(`a/${file.previousPath ?? file.path} b/${file.path}`);
    if (chunk === undefined) continue;
    const hunks = chunk.indexOf('\n@@');
    if (hunks === -1 || chunk.length - hunks > MAX_PATCH_BYTES) continue; // binary, mode-only or too large
    file.patch = chunk.slice(hunks + 1);
  }
}

/** Splits `git diff` output into per-file chunks keyed by the header's "a/old b/new". */
function splitDiff(text: string): Map<string, string> {
  const marker = 'diff --git ';
  const starts: number[] = text.startsWith(marker) ? [0] : [];
  for (let i = text.indexOf(`\n${marker}`); i !== -1; i = text.indexOf(`\n${marker}`, i + 1)) starts.push(i + 1);
  const chunks = new Map<string, string>();
  starts.forEach((start, k) => {
    const chunk = text.slice(start, starts[k + 1] ?? text.length);
    const headerEnd = chunk.indexOf('\n');
    // Paths git had to quote (tabs, quotes, newlines) do not match a key: their patch stays unknown.
    chunks.set(chunk.slice(marker.length, headerEnd === -1 ? undefined : headerEnd), chunk);
  });
  return chunks;
}

/** Every file path in the head tree (`version-from`), with one `git ls-tree` call. */
export async function treeFiles(repo: string, head: string): Promise<string[]> {
  const { stdout } = await git(repo, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', head]);
  return splitNul(stdout);
}

/**
 * Completes a capped API list from a local checkout (GITHUB_WORKSPACE) that has both commits:
 * renames and patches included. `needingPatch` picks the files a content rule needs.
 */
export class LocalCheckoutLister {
  constructor(
    private readonly dir: string,
    private readonly needingPatch: (files: ChangedFile[]) => ChangedFile[],
  ) {}

  async list(baseSha: string, headSha: string): Promise<{ files: ChangedFile[]; via: string } | null> {
    const has = async (sha: string): Promise<boolean> =>
      (await git(this.dir, ['rev-parse', '--verify', '--quiet', `${sha}^{commit}`], { allowFailure: true })).stdout.length > 0;
    try {
      if (!(await has(baseSha)) || !(await has(headSha))) return null;
      const { files } = await changedFiles(this.dir, baseSha, headSha);
      await attachPatches(this.dir, baseSha, headSha, this.needingPatch(files));
      return { files, via: `the local checkout in ${this.dir}` };
    } catch {
      return null; // a shallow or foreign checkout cannot help; the next completer may
    }
  }
}

/** The commits of head not reachable from base (`git log base..head`), newest first. */
export async function commitsBetween(repo: string, base: string, head: string): Promise<{ sha: string; message: string }[]> {
  const { stdout } = await git(repo, ['log', '-z', '--format=%H%n%B', `${base}..${head}`, '--']);
  return splitNul(stdout).map((entry) => {
    const newline = entry.indexOf('\n');
    return { sha: entry.slice(0, newline), message: entry.slice(newline + 1) };
  });
}
