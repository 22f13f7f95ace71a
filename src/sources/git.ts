/**
 * The local git source: a change, its tags and its head tree, read from a work tree through
 * `git` child processes (argument arrays, never a shell; NUL-separated output).
 */
import { isUtf8 } from 'node:buffer';
import { spawn } from 'node:child_process';
// Patches larger than what a content rule reads are treated as unknown, as GitHub's API does with
// large diffs: the git output is held in memory, and nothing past the limit would be read anyway.
import { MAX_PATCH_BYTES } from '../core/patterns.js';
import { InputError, type ChangedFile, type FileStatus } from '../core/index.js';

export class GitError extends InputError {
  override readonly name = 'GitError';
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
}

/** The environment git is started from (see gitEnvironment); the process's own unless given. */
export type GitEnv = Readonly<Record<string, string | undefined>>;

/** Runs git with arguments (no shell) in `cwd`; rejects with git's own first error line. */
export function git(
  cwd: string,
  args: readonly string[],
  options: { allowFailure?: boolean; stdin?: Buffer; env?: GitEnv } = {},
): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotepath=false', '-c', 'color.ui=false', '-c', 'core.fsmonitor=false', ...args], {
      cwd,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: gitEnvironment(options.env ?? process.env),
    });
    if (options.stdin !== undefined) {
      // git may exit before reading all of it (a bad argument): that is its error to report, not EPIPE's.
      child.stdin!.on('error', () => {});
      child.stdin!.end(options.stdin);
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
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
 * git's environment: the given one (the action's runner's, else the process's), without the
 * action's inputs (the token among them) or the runner's credentials, since a checkout's config
 * can name programs git runs.
 */
function gitEnvironment(env: GitEnv): NodeJS.ProcessEnv {
  const kept = Object.entries(env).filter(
    ([name, value]) => value !== undefined && !/^(INPUT_|ACTIONS_)/.test(name) && name !== 'GITHUB_TOKEN' && name !== 'GH_TOKEN',
  );
  return { ...Object.fromEntries(kept), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
}

function describeGitFailure(cwd: string, args: readonly string[], stderr: string): string {
  const owned = dubiousOwnership(stderr, cwd);
  if (owned !== null) return owned;
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

/**
 * git refuses a repository owned by another user (safe.directory, git >= 2.35.2): one line that
 * says so, with git's own advice (the exact command, quoted as git quotes the directory).
 */
function dubiousOwnership(stderr: string, cwd: string): string | null {
  if (!/detected dubious ownership/i.test(stderr)) return null;
  const dir = /dubious ownership in repository at '(.*)'/i.exec(stderr)?.[1] ?? cwd;
  const advice = /^\s*(git config --global --add safe\.directory .+?)\s*$/m.exec(stderr)?.[1] ?? `git config --global --add safe.directory ${dir}`;
  return `the repository at ${dir} is owned by another user, so git refuses it ("detected dubious ownership"); if you trust it, run: ${advice}`;
}

/** NUL-separated output as byte strings (file names are bytes to git). */
export function splitNulRaw(buffer: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let end = buffer.indexOf(0); end !== -1; end = buffer.indexOf(0, start)) {
    parts.push(buffer.subarray(start, end));
    start = end + 1;
  }
  if (start < buffer.length) parts.push(buffer.subarray(start));
  return parts;
}

/**
 * The bytes behind each text `gitPathText` made that has a `\x` in it (null: two different
 * names gave the same text).
 */
const rawPaths = new Map<string, Buffer | null>();

/**
 * A file name as text, without loss. git stores names as bytes: a name that is valid UTF-8 is
 * decoded as such; in a name that is not, each byte that is not part of a valid UTF-8 character
 * is written `\xNN` (two upper-case hex digits), so latin-1 "café.txt" (byte 0xE9) shows as
 * `caf\xE9.txt`, and the valid characters around it stay readable. Globs match that text. The
 * original bytes are remembered for the text (`gitPathBytes`), so git can still be asked about
 * the file and its patch is read like any other. Should a change also hold a file literally named
 * `caf\xE9.txt` (a backslash, valid UTF-8), the text is ambiguous: neither file's patch is read,
 * so content rules count as matching for both.
 */
export function gitPathText(bytes: Buffer): string {
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    if (text.includes('\\x')) remember(text, bytes);
    return text;
  }
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const length = utf8CharLength(bytes, i);
    if (length === 0) {
      text += `\\x${bytes[i]!.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 1;
    } else {
      text += bytes.subarray(i, i + length).toString('utf8');
      i += length;
    }
  }
  remember(text, bytes);
  return text;
}

function remember(text: string, bytes: Buffer): void {
  const known = rawPaths.get(text);
  rawPaths.set(text, known === undefined || (known !== null && known.equals(bytes)) ? Buffer.from(bytes) : null);
}

/** The bytes git knows a file name by (the inverse of `gitPathText`); null when the text is ambiguous. */
export function gitPathBytes(path: string): Buffer | null {
  const raw = rawPaths.get(path);
  return raw === undefined ? Buffer.from(path, 'utf8') : raw;
}

/** Length of the valid UTF-8 character at `i` (1-4), or 0 when the byte there starts none. */
function utf8CharLength(bytes: Buffer, i: number): number {
  if (bytes[i]! < 0x80) return 1;
  // The shortest valid prefix is exactly one character: a valid sequence's length is its lead byte's.
  for (let n = 2; n <= 4 && i + n <= bytes.length; n++) if (isUtf8(bytes.subarray(i, i + n))) return n;
  return 0;
}

/** The commit a ref names, or an InputError naming the ref. */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  const { stdout, stderr } = await git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
    allowFailure: true,
  });
  const sha = stdout.toString('utf8').trim();
  if (/^[0-9a-f]{40,64}$/.test(sha)) return sha;
  const owned = dubiousOwnership(stderr, repo);
  if (owned !== null) throw new GitError(owned);
  if (/not a git repository/i.test(stderr)) throw new GitError(`not a git repository: ${repo}`);
  const unborn = await unbornHead(repo, ref);
  if (unborn !== null) throw new GitError(unborn);
  const other = await git(repo, ['cat-file', '-t', '--end-of-options', ref], { allowFailure: true });
  const type = other.stdout.toString('utf8').trim();
  if (/^(tree|blob)$/.test(type)) throw new GitError(`"${ref}" names a ${type}, not a commit; name a commit, branch or tag`);
  throw new GitError(`unknown ref "${ref}": no such commit, branch or tag in ${repo}`);
}

/** Why a ref cannot name a commit in a repository without any, or on a branch without any. */
async function unbornHead(repo: string, ref: string): Promise<string | null> {
  const any = await git(repo, ['rev-list', '-n', '1', '--all'], { allowFailure: true });
  if (any.stdout.length === 0 && any.stderr.trim() === '') return `the repository has no commits yet: ${repo}`;
  if (ref !== 'HEAD') return null;
  const { stdout } = await git(repo, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true });
  const branch = stdout.toString('utf8').trim();
  return branch === '' ? null : `HEAD is on branch "${branch}", which has no commits yet (in ${repo})`;
}

/** The top directory of the work tree containing `dir`; an InputError when there is none. */
export async function repositoryRoot(dir: string, env?: GitEnv): Promise<string> {
  const result = await git(dir, ['rev-parse', '--show-toplevel'], { allowFailure: true, env }).catch((error: unknown) => {
    // spawn fails with ENOENT for a missing cwd as well as a missing git.
    if (error instanceof GitError && /not installed/.test(error.message)) {
      throw new GitError(`not a directory, or git is not installed: ${dir}`);
    }
    throw error;
  });
  const top = result.stdout.toString('utf8').trim();
  if (top === '') {
    const owned = dubiousOwnership(result.stderr, dir);
    if (owned !== null) throw new GitError(owned);
    const line = result.stderr.trim().split('\n')[0] ?? '';
    throw new GitError(
      /work tree/i.test(line) ? `not a git work tree: ${dir}` : `not a git repository: ${dir}`,
    );
  }
  return top;
}



const STATUS: Record<string, FileStatus> = {
  A: 'added',
  M: 'modified',
  D: 'removed',
  R: 'renamed',
  C: 'copied',
  T: 'modified', // type change (file <-> symlink): the content changed
};

/**
 * Parses `git diff --name-status -z` output (renames and copies carry two paths). Names are
 * `gitPathText`: valid UTF-8 as is, other bytes as `\xNN`.
 */
export function parseNameStatus(output: Buffer): ChangedFile[] {
  // Output that is valid UTF-8 throughout, with no "\x" anywhere, is decoded once: every name
  // in it is its own text (the usual case, and ten times faster than name by name).
  const whole = isUtf8(output) ? output.toString('utf8') : null;
  const parts: (Buffer | string)[] = whole !== null && !whole.includes('\\x') ? whole.split('\0') : splitNulRaw(output);
  if (parts[parts.length - 1] === '') parts.pop();
  const text = (part: Buffer | string): string => (typeof part === 'string' ? part : gitPathText(part));
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++]!;
    const letter = typeof code === 'string' ? code[0] : String.fromCharCode(code[0]!);
    const status = letter === undefined ? undefined : STATUS[letter];
    if (letter === 'R' || letter === 'C') {
      const previousPath = text(parts[i++]!);
      const path = text(parts[i++]!);
      files.push({ path, previousPath, status: status! });
    } else {
      const path = text(parts[i++]!);
      // U (unmerged) and X (unknown) cannot occur between two commits; count them as modified.
      files.push({ path, status: status ?? 'modified' });
    }
  }
  return files;
}

/**
 * Attaches patches (hunks only) to the given files; the per-file output is matched to files by
 * its `diff --git` header, built from the names' bytes as git quotes them. A binary or oversized
 * patch stays unknown. Pathspecs go to git as arguments, in batches that keep argv short (git
 * diff has no --pathspec-from-file); a name that is not UTF-8 cannot be an argument, so its
 * pathspec is a glob with `?` for each such byte (a file it matches by chance is ignored).
 */
export async function attachPatches(repo: string, base: string, head: string, files: ChangedFile[], env?: GitEnv): Promise<void> {
  const wanted: { file: ChangedFile; key: string; pathspecs: string[] }[] = [];
  for (const file of files) {
    const before = gitPathBytes(file.previousPath ?? file.path);
    const after = gitPathBytes(file.path);
    if (before === null || after === null) continue; // an ambiguous name: the patch stays unknown
    const names = file.previousPath !== undefined ? [before, after] : [after];
    wanted.push({ file, key: `${headerName('a/', before)} ${headerName('b/', after)}`, pathspecs: names.map(pathspecFor) });
  }
  for (const batch of pathspecBatches(wanted)) {
    const pathspec = [...new Set(batch.flatMap((w) => w.pathspecs))];
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
      ...pathspec,
    ], { env });
    const chunks = splitDiff(stdout);
    for (const { file, key } of batch) {
      const chunk = chunks.get(key);
      if (chunk === undefined) continue;
      const hunks = chunk.indexOf('\n@@');
      if (hunks === -1 || chunk.length - hunks > MAX_PATCH_BYTES) continue; // binary, mode-only or too large
      file.patch = chunk.subarray(hunks + 1).toString('utf8');
    }
  }
}

/** Splits `git diff` output into per-file chunks keyed by the header's "a/old b/new" (its bytes as latin1 text). */
function splitDiff(output: Buffer): Map<string, Buffer> {
  const marker = Buffer.from('diff --git ');
  const starts: number[] = output.subarray(0, marker.length).equals(marker) ? [0] : [];
  const separator = Buffer.from(`\n${marker.toString()}`);
  for (let i = output.indexOf(separator); i !== -1; i = output.indexOf(separator, i + 1)) starts.push(i + 1);
  const chunks = new Map<string, Buffer>();
  starts.forEach((start, k) => {
    const chunk = output.subarray(start, starts[k + 1] ?? output.length);
    const headerEnd = chunk.indexOf('\n');
    // A name with a newline is quoted in the header, so the header is one line.
    chunks.set(chunk.subarray(marker.length, headerEnd === -1 ? undefined : headerEnd).toString('latin1'), chunk);
  });
  return chunks;
}

/** git's C-style escapes (quote.c); other bytes below 0x20, and 0x7F, are written as octal. */
const C_ESCAPES: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x22: '"', 0x5c: '\\' };

/**
 * `prefix` + `name` as a `diff --git` header writes it (quote_c_style with core.quotepath=false:
 * bytes >= 0x80 are written as they are), as latin1 text of the bytes.
 */
function headerName(prefix: string, name: Buffer): string {
  let text = prefix;
  let quoted = false;
  for (const byte of name) {
    const escape = C_ESCAPES[byte];
    if (escape !== undefined) text += `\\${escape}`;
    else if (byte < 0x20 || byte === 0x7f) text += `\\${byte.toString(8).padStart(3, '0')}`;
    else {
      text += String.fromCharCode(byte);
      continue;
    }
    quoted = true;
  }
  return quoted ? `"${text}"` : text;
}

/** A pathspec naming exactly this file (or, for a name that is not UTF-8, a few of the same shape). */
function pathspecFor(name: Buffer): string {
  if (isUtf8(name)) return `:(literal)${name.toString('utf8')}`;
  let glob = ':(glob)';
  for (let i = 0; i < name.length; ) {
    const length = utf8CharLength(name, i);
    if (length === 0) {
      glob += '?'; // one byte: wildmatch works on bytes
      i += 1;
    } else {
      glob += name.subarray(i, i + length).toString('utf8').replace(/[*?[\\]/g, '\\$&');
      i += length;
    }
  }
  return glob;
}

/** Most bytes of pathspecs for one `git diff` (Linux allows 128 KiB an argument, ~2 MiB in all). */
const MAX_PATHSPEC_BYTES = 256 * 1024;

/** Groups files so that each group's pathspecs fit one command line; a file's paths stay together (renames). */
function pathspecBatches<T extends { pathspecs: string[] }>(items: T[]): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = item.pathspecs.reduce((sum, p) => sum + Buffer.byteLength(p) + 1, 0);
    if (batch.length > 0 && bytes + size > MAX_PATHSPEC_BYTES) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Every file path in the head tree (`version-from`), with one `git ls-tree` call. */
export async function treeFiles(repo: string, head: string): Promise<string[]> {
  const { stdout } = await git(repo, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', head]);
  return splitNulRaw(stdout).map(gitPathText);
}
