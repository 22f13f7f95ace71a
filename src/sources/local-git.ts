/**
 * The change-source port on a local work tree. Every question is answered with a fixed number of
 * git processes, whatever the number of ranges (a monorepo asks one per component base), files
 * or commits: one `for-each-ref` for tags and branches, one `diff-tree` for every range's files,
 * one `log` for every range's commits with the files each touches. Processes that do not depend
 * on each other run together (see `prefetch`).
 */
import { isUtf8 } from 'node:buffer';
import { InputError, type ChangedFile, type CommitInput, type TagPlace } from '../core/index.js';
import { attachPatches, git, gitPathText, parseNameStatus, resolveCommit, splitNulRaw, treeFiles, type GitEnv } from './git.js';
import type { ChangeSource, Range, RangeChange, ReadWants, SourceTag } from './port.js';

/** The empty tree: the base before the first release (the change is the whole history). */
const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

function lines(buffer: Buffer): string[] {
  return buffer.toString('utf8').split('\n').filter((l) => l !== '');
}

/** A ref as listed: its full name, the object it points at, and for an annotated tag the object peeled. */
type ListedRef = { ref: string; object: string; peeled: string };

export class LocalGitSource implements ChangeSource {
  private refList: Promise<ListedRef[]> | null = null;
  private attached: Promise<string | null> | null = null;
  private withCommitFiles = true;
  private tagList: Promise<Map<string, string>> | null = null;
  private containing = new Map<string, Promise<Set<string>>>();
  private merged = new Map<string, Promise<Set<string>>>();

  private constructor(
    /** The top directory of the work tree. */
    readonly top: string,
    /** Whether the clone is shallow (history cut at a depth). */
    readonly shallow: boolean,
    private readonly emptyTree: string,
    /** The environment git runs in (default: the process's). */
    private readonly env?: GitEnv,
  ) {}

  static async open(top: string, env?: GitEnv): Promise<LocalGitSource> {
    const { stdout } = await git(top, ['rev-parse', '--is-shallow-repository', '--show-object-format'], { env });
    const [shallow, format] = lines(stdout);
    return new LocalGitSource(top, shallow === 'true', EMPTY_TREE[format ?? 'sha1'] ?? EMPTY_TREE.sha1!, env);
  }

  /**
   * The work tree containing `dir` and the commit `ref` names, with one process (`open` and
   * `resolveCommit` take three), and for HEAD the branch it is on; null when that process fails or
   * the ref is one whose meaning could depend on the directory (`HEAD:./sub`): the caller then
   * takes the long way, whose errors say what is wrong.
   */
  static async openAt(dir: string, ref: string): Promise<{ source: LocalGitSource; head: string } | null> {
    if (ref.includes(':')) return null;
    const args = ['rev-parse', '--show-toplevel', '--is-shallow-repository', '--show-object-format'];
    // `--abbrev-ref=loose HEAD` names HEAD's branch as `symbolic-ref --short HEAD` does, and
    // prints "HEAD" when detached (no branch's short name is "HEAD": that one reads "heads/HEAD").
    if (ref === 'HEAD') args.push('HEAD^{commit}', '--abbrev-ref=loose', 'HEAD');
    else args.push('--verify', '--quiet', '--end-of-options', `${ref}^{commit}`);
    const result = await git(dir, args, { allowFailure: true }).catch(() => null);
    const out = result === null ? [] : result.stdout.toString('utf8').split('\n');
    const [top, shallow, format, head, ...rest] = out;
    if (rest.length !== (ref === 'HEAD' ? 2 : 1) || rest[rest.length - 1] !== '') return null;
    if (!top || !/^(true|false)$/.test(shallow!) || !/^[0-9a-f]{40,64}$/.test(head!)) return null;
    const source = new LocalGitSource(top, shallow === 'true', EMPTY_TREE[format!] ?? EMPTY_TREE.sha1!);
    if (ref === 'HEAD' && rest[0]) source.attached = Promise.resolve(rest[0] === 'HEAD' ? null : rest[0]);
    return { source, head: head! };
  }

  private git(args: readonly string[], options: { allowFailure?: boolean; stdin?: Buffer } = {}) {
    return git(this.top, args, { ...options, env: this.env });
  }

  /**
   * Starts what a decision at `head` will ask, so that the processes run together (and while the
   * config is parsed) rather than one after another: the refs, and the tags head reaches. A
   * failure is reported when, and if, the answer is asked for.
   */
  prefetch(head: string): void {
    for (const started of [this.refs(), this.mergedInto(head)]) started.catch(() => {});
  }

  /**
   * Whether commits are read with the files each touches: only components ask (a commit counts
   * for the components whose files it touches), and git takes several times as long to list them.
   */
  commitFiles(wanted: boolean): this {
    this.withCommitFiles = wanted;
    return this;
  }

  /** The branch HEAD is on, or null when detached. */
  attachedBranch(): Promise<string | null> {
    this.attached ??= this.git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowFailure: true }).then(({ stdout }) => stdout.toString('utf8').trim() || null);
    return this.attached;
  }

  /** Every tag and branch (local and remote-tracking), in one process. */
  private refs(): Promise<ListedRef[]> {
    this.refList ??= this.git(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(*objectname)', 'refs/tags', 'refs/heads', 'refs/remotes']).then(
      ({ stdout }) =>
        lines(stdout).map((line) => {
          const [ref = '', object = '', peeled = ''] = line.split('\0');
          return { ref, object, peeled };
        }),
    );
    return this.refList;
  }

  /**
   * The remotes a clone without any tag fetches without tags (`git clone --no-tags` sets
   * remote.<name>.tagOpt): its "no release yet" may only mean the tags were never fetched.
   */
  async remotesWithoutTags(): Promise<string[]> {
    if ((await this.allTags()).size > 0) return [];
    const { stdout } = await this.git(['config', '--get-regexp', '^remote\\..*\\.tagopt$'], { allowFailure: true });
    return lines(stdout)
      .map((line) => /^remote\.(.+)\.tagopt\s+--no-tags$/i.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
  }

  /** The branches (refs/heads, refs/remotes) and the commits they point at. */
  async branches(): Promise<[ref: string, sha: string][]> {
    return (await this.refs()).filter((r) => !r.ref.startsWith('refs/tags/')).map((r) => [r.ref, r.object]);
  }

  /** Every tag with the commit it points at (annotated tags peeled). */
  private allTags(): Promise<Map<string, string>> {
    this.tagList ??= this.refs().then((refs) => {
      const tags = new Map<string, string>();
      for (const { ref, object, peeled } of refs) {
        const name = ref.startsWith('refs/tags/') ? ref.slice('refs/tags/'.length) : '';
        if (name && object) tags.set(name, peeled || object);
      }
      return tags;
    });
    return this.tagList;
  }

  async tags(prefixes: readonly string[]): Promise<SourceTag[]> {
    const all = await this.allTags();
    return [...all]
      .filter(([name]) => prefixes.some((p) => name.startsWith(p)))
      .map(([name, commit]) => ({ name, commit }));
  }

  async tagCommit(tag: SourceTag): Promise<string> {
    return tag.commit ?? (await this.allTags()).get(tag.name) ?? (await resolveCommit(this.top, `refs/tags/${tag.name}`));
  }

  async placeOf(tag: SourceTag, head: string): Promise<TagPlace | null> {
    const commit = await this.tagCommit(tag);
    if (commit === head) return 'at-head';
    // A tag head reaches is before it: only another one can be after it.
    if ((await this.mergedInto(head)).has(tag.name)) return null;
    return (await this.containedBy(head)).has(tag.name) ? 'after-head' : null;
  }

  /** The tags whose commits contain head (head among them). */
  private containedBy(head: string): Promise<Set<string>> {
    let found = this.containing.get(head);
    if (found === undefined) {
      found = this.git(['for-each-ref', '--contains', head, '--format=%(refname:strip=2)', 'refs/tags']).then(({ stdout }) => new Set(lines(stdout)));
      this.containing.set(head, found);
    }
    return found;
  }

  /**
   * Tags reachable from head, and their commits (a merge-base with head is the commit itself):
   * one process answers for every component base, however many.
   */
  private mergedInto(head: string): Promise<Set<string>> {
    let found = this.merged.get(head);
    if (found === undefined) {
      found = this.git(['for-each-ref', '--merged', head, '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)', 'refs/tags']).then(
        ({ stdout }) => new Set(lines(stdout).flatMap((line) => line.split('\0').filter((part) => part !== ''))),
      );
      this.merged.set(head, found);
    }
    return found;
  }

  /** Which of these commits the clone has (one `git cat-file --batch-check`). */
  async hasCommits(shas: readonly string[]): Promise<boolean> {
    if (shas.length === 0) return true;
    const { stdout } = await this.git(['cat-file', '--batch-check=%(objecttype)'], { stdin: Buffer.from(`${shas.join('\n')}\n`) });
    return lines(stdout).every((type) => type === 'commit');
  }

  /** The merge-base of a base (tag name or SHA) and head; an error when they share no history. */
  private async mergeBase(base: string, head: string): Promise<string> {
    const [tags, merged] = await Promise.all([this.allTags(), this.mergedInto(head)]);
    const commit = tags.get(base);
    if (merged.has(base) && /^[0-9a-f]{40,64}$/.test(base)) return base;
    if (commit !== undefined && merged.has(base)) return commit;
    const { stdout } = await this.git(['merge-base', commit ?? base, head], { allowFailure: true });
    const sha = stdout.toString('utf8').trim();
    if (sha === '') {
      throw new InputError(`${base} and ${head.slice(0, 7)} share no history, so there is no change between them to decide`);
    }
    return sha;
  }

  async read(ranges: readonly Range[], wants: ReadWants): Promise<RangeChange[]> {
    if (ranges.length === 0) return [];
    const head = ranges[0]!.head;
    if (ranges.some((r) => r.head !== head)) throw new Error('LocalGitSource.read: one head at a time');
    const bases = [...new Set(ranges.map((r) => r.base))];
    const mergeBases = new Map<string | null, string | null>(
      await Promise.all(bases.map(async (b) => [b, b === null ? null : await this.mergeBase(b, head)] as const)),
    );
    // Per merge-base, the directories its ranges need (null: the whole tree).
    const scope = new Map<string | null, Set<string> | null>();
    for (const r of ranges) {
      const mb = mergeBases.get(r.base)!;
      const dirs = r.paths === undefined || r.paths.includes('') ? null : r.paths;
      const known = scope.get(mb);
      if (!scope.has(mb)) scope.set(mb, dirs === null ? null : new Set(dirs));
      else if (known && dirs === null) scope.set(mb, null);
      else if (known && dirs !== null) for (const d of dirs) known.add(d);
    }
    const distinct = [...scope.keys()];
    const [diffs, commits] = await Promise.all([
      this.diffs(scope, head),
      wants.commits ? this.commitsSince(distinct, head) : Promise.resolve(null),
    ]);
    const changes = new Map<string | null, RangeChange>();
    await Promise.all(
      distinct.map(async (mb) => {
        const { files, warnings } = diffs.get(mb)!;
        const needing = wants.patches(files);
        if (needing.length > 0) await attachPatches(this.top, mb ?? this.emptyTree, head, needing, this.env);
        changes.set(mb, { mergeBase: mb, files, truncated: false, commits: commits?.get(mb) ?? null, warnings });
      }),
    );
    return ranges.map((r) => changes.get(mergeBases.get(r.base)!)!);
  }

  /**
   * The files of each mergeBase...head, with one `git diff-tree` for all of them. A range that
   * needs only some directories (a component's) compares just the subtree that holds them
   * (`--stdin`, trees looked up first), so 200 component bases cost about what one whole-tree
   * comparison does. A rename across the edge of that subtree (a file moved between components
   * released from different commits) shows as removed + added.
   */
  private async diffs(
    scope: ReadonlyMap<string | null, ReadonlySet<string> | null>,
    head: string,
  ): Promise<Map<string | null, { files: ChangedFile[]; warnings: string[] }>> {
    // One subtree per merge-base: the deepest directory holding all it needs, so a rename between
    // two of its directories (a component's src/ and lib/, or two components that share a
    // release commit) is seen as one, as git sees it in the whole tree.
    const jobs = [...scope].map(([mb, dirs]) => ({ mb, dir: dirs === null ? '' : commonDirectory([...dirs]) }));
    const result = new Map<string | null, { files: ChangedFile[]; warnings: string[] }>();
    for (const mb of scope.keys()) result.set(mb, { files: [], warnings: [] });
    const options = ['-r', '-z', '-M', '--name-status', '--no-ext-diff', '--no-textconv'];
    let compared: { mb: string | null; dir: string; trees?: string }[];
    let out: { stdout: Buffer; stderr: string };
    let outputs: Buffer[];
    if (jobs.length === 1 && jobs[0]!.dir === '') {
      // One whole-tree comparison (no components): git finds the commits' trees itself.
      compared = jobs;
      out = await this.git(['diff-tree', ...options, jobs[0]!.mb ?? this.emptyTree, head, '--']);
      outputs = [out.stdout];
    } else {
      compared = await this.differingTrees(jobs, head);
      if (compared.length === 0) return result;
      out = await this.git(['diff-tree', '--stdin', ...options], { stdin: Buffer.from(compared.map((j) => `${j.trees}\n`).join('')) });
      outputs = splitPairs(out.stdout);
    }
    const warnings: string[] = [];
    if (/(exhaustive|inexact) rename detection was skipped/i.test(out.stderr)) {
      warnings.push('git skipped inexact rename detection (too many files); some renames show as removed + added');
    }
    outputs.forEach((entries, i) => {
      const job = compared[i];
      if (job === undefined) return;
      const prefix = job.dir === '' ? '' : `${job.dir}/`;
      const into = result.get(job.mb)!.files;
      for (const f of parseNameStatus(entries)) {
        into.push(prefix === '' ? f : { ...f, path: prefix + f.path, ...(f.previousPath === undefined ? {} : { previousPath: prefix + f.previousPath }) });
      }
    });
    for (const entry of result.values()) {
      entry.warnings.push(...warnings);
      entry.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
    return result;
  }

  /** The jobs whose two trees differ, each with its pair "<tree> <tree>" (one `git cat-file --batch-check`). */
  private async differingTrees(jobs: { mb: string | null; dir: string }[], head: string) {
    const spec = (commit: string, dir: string): string => (dir === '' ? `${commit}^{tree}` : `${commit}:${dir}`);
    const lookups = [...new Set(jobs.flatMap((j) => [spec(head, j.dir), ...(j.mb === null ? [] : [spec(j.mb, j.dir)])]))];
    const { stdout: found } = await this.git(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
      stdin: Buffer.from(`${lookups.join('\n')}\n`),
    });
    const trees = new Map<string, string>();
    lines(found).forEach((line, i) => {
      const [sha, type] = line.split(' ');
      if (type === 'tree') trees.set(lookups[i]!, sha!);
    });
    const treeAt = (commit: string | null, dir: string): string =>
      commit === null ? this.emptyTree : (trees.get(spec(commit, dir)) ?? this.emptyTree);
    return jobs.map((j) => ({ ...j, before: treeAt(j.mb, j.dir), after: treeAt(head, j.dir) }))
      .filter((j) => j.before !== j.after)
      .map((j) => ({ mb: j.mb, dir: j.dir, trees: `${j.before} ${j.after}` }));
  }

  /**
   * The commits of each mergeBase..head, newest first, with the files each touches (unless
   * `commitFiles` says no one asks): one `git log` over the union of the ranges, split by walking
   * parents from each merge-base.
   */
  private async commitsSince(mergeBases: readonly (string | null)[], head: string): Promise<Map<string | null, CommitInput[]>> {
    let exclude: string[] = [];
    const known = mergeBases.filter((mb): mb is string => mb !== null);
    if (known.length === mergeBases.length && known.length > 0) {
      if (known.length === 1) exclude = [known[0]!];
      else {
        const { stdout } = await this.git(['merge-base', '--octopus', ...known], { allowFailure: true });
        const common = stdout.toString('utf8').trim();
        if (common !== '') exclude = [common];
      }
    }
    const { stdout } = await this.git([
      'log',
      '-z',
      ...(this.withCommitFiles ? ['--name-only', '--no-renames'] : []),
      '--format=%x02%H%x01%P%x01%B%x03',
      head,
      ...exclude.map((e) => `^${e}`),
      '--',
    ]);
    const all = parseLog(stdout);
    const parents = new Map(all.map((c) => [c.sha, c.parents]));
    const inputs = all.map(({ sha, message, files }): CommitInput => (this.withCommitFiles ? { sha, message, files } : { sha, message }));
    const result = new Map<string | null, CommitInput[]>();
    for (const mb of mergeBases) {
      if (mb === null || exclude[0] === mb) {
        result.set(mb, inputs);
        continue;
      }
      // Commits reachable from the merge-base are not in its range.
      const reached = new Set<string>();
      const stack = [mb];
      while (stack.length > 0) {
        const sha = stack.pop()!;
        if (reached.has(sha) || !parents.has(sha)) continue;
        reached.add(sha);
        stack.push(...parents.get(sha)!);
      }
      result.set(
        mb,
        inputs.filter((c) => !reached.has(c.sha)),
      );
    }
    return result;
  }

  async headTree(head: string): Promise<string[]> {
    return treeFiles(this.top, head);
  }
}

/**
 * Completes a capped API list from a local checkout (GITHUB_WORKSPACE) that has both commits, read
 * as LocalGitSource reads a range: renames, and the patches of the files `needingPatch` picks (a
 * content rule's). Null when the checkout cannot help: shallow (its merge-bases would come from cut
 * history), without one of the commits, or no git checkout at all; git runs in `env` (the runner's).
 */
export class LocalCheckoutLister {
  constructor(
    private readonly dir: string,
    private readonly needingPatch: (files: ChangedFile[]) => ChangedFile[],
    private readonly env?: GitEnv,
  ) {}

  async list(baseSha: string, headSha: string): Promise<{ files: ChangedFile[]; via: string } | null> {
    try {
      const checkout = await LocalGitSource.open(this.dir, this.env);
      if (checkout.shallow || !(await checkout.hasCommits([baseSha, headSha]))) return null;
      const [change] = await checkout.read([{ base: baseSha, head: headSha }], { commits: false, patches: this.needingPatch });
      return { files: change!.files, via: `the local checkout in ${this.dir}` };
    } catch {
      return null; // the next completer may
    }
  }
}

/** The deepest directory that holds every one of `dirs` ("" for the top of the tree). */
function commonDirectory(dirs: readonly string[]): string {
  if (dirs.length === 0 || dirs.includes('')) return '';
  let common = dirs[0]!.split('/');
  for (const dir of dirs.slice(1)) {
    const parts = dir.split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/');
}

/**
 * Splits `git diff-tree --stdin -z --name-status` output into each input pair's entries. Every
 * pair is echoed as a header line "<tree> <tree>\n"; entries start with a status letter
 * (upper case), so a lower-case hex digit at an entry's start begins the next header.
 */
function splitPairs(out: Buffer): Buffer[] {
  const pairs: Buffer[] = [];
  let at = 0;
  while (at < out.length) {
    const newline = out.indexOf(0x0a, at);
    if (newline === -1) break;
    const start = newline + 1;
    let end = start;
    // Walk entries: "STATUS\0path\0" or, for renames and copies, "STATUS\0old\0new\0".
    while (end < out.length && !isHexDigit(out[end]!)) {
      const statusEnd = out.indexOf(0, end);
      if (statusEnd === -1) break;
      const letter = out[end]!;
      let paths = letter === 0x52 || letter === 0x43 ? 2 : 1; // R, C
      end = statusEnd + 1;
      while (paths-- > 0) {
        const next = out.indexOf(0, end);
        end = next === -1 ? out.length : next + 1;
      }
    }
    pairs.push(out.subarray(start, end));
    at = end;
  }
  return pairs;
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66);
}

interface LoggedCommit {
  sha: string;
  parents: string[];
  message: string;
  files: string[];
}

/**
 * Parses `git log -z --name-only --format=%x02%H%x01%P%x01%B%x03`: messages as UTF-8, file
 * names through gitPathText (a name that is not UTF-8 reads as the diff shows it).
 */
function parseLog(out: Buffer): LoggedCommit[] {
  // Output that is valid UTF-8 throughout, with no "\x" in it, is decoded once (see parseNameStatus).
  const text = isUtf8(out) ? out.toString('utf8') : '';
  if (text === '' || text.includes('\\x')) return parseLogBytes(out);
  return text
    .split('\x02')
    .slice(1)
    .map((record) => {
      const end = record.lastIndexOf('\x03');
      const [sha, parents, ...body] = record.slice(0, end).split('\x01');
      const files = record
        .slice(end + 1)
        .split('\0')
        .map((f) => (f[0] === '\n' ? f.slice(1) : f))
        .filter((f) => f.length > 0);
      return { sha: sha!, parents: parents ? parents.split(' ') : [], message: body.join('\x01'), files };
    });
}

function parseLogBytes(out: Buffer): LoggedCommit[] {
  const commits: LoggedCommit[] = [];
  for (let start = out.indexOf(2); start !== -1; ) {
    const next = out.indexOf(2, start + 1);
    const record = out.subarray(start + 1, next === -1 ? out.length : next);
    const end = record.lastIndexOf(3);
    const [sha, parents, ...body] = record.subarray(0, end).toString('utf8').split('\x01');
    const files = splitNulRaw(record.subarray(end + 1))
      .map((f) => (f[0] === 0x0a ? f.subarray(1) : f))
      .filter((f) => f.length > 0)
      .map(gitPathText);
    commits.push({ sha: sha!, parents: parents ? parents.split(' ') : [], message: body.join('\x01'), files });
    start = next;
  }
  return commits;
}
