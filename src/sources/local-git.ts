/**
 * The change-source port on a local work tree. Every question is answered with a fixed number of
 * git processes, whatever the number of ranges (a monorepo asks one per component base), files
 * or commits: one `for-each-ref` for tags, one `diff-tree --stdin` for every range's files, one
 * `log` for every range's commits with the files each touches.
 */
import { readFile } from 'node:fs/promises';
import { InputError, type ChangedFile, type CommitInput, type TagPlace } from '../core/index.js';
import { attachPatches, git, parseNameStatus, resolveCommit, treeFiles } from './git.js';
import type { ChangeSource, Range, RangeChange, ReadWants, SourceTag } from './port.js';

/** The empty tree: the base before the first release (the change is the whole history). */
const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

function lines(buffer: Buffer): string[] {
  return buffer.toString('utf8').split('\n').filter((l) => l !== '');
}

export class LocalGitSource implements ChangeSource {
  private tagList: Promise<Map<string, string>> | null = null;
  private containing = new Map<string, Promise<Set<string>>>();
  private merged = new Map<string, Promise<Set<string>>>();

  private constructor(
    /** The top directory of the work tree. */
    readonly top: string,
    /** Whether the clone is shallow (history cut at a depth). */
    readonly shallow: boolean,
    private readonly emptyTree: string,
  ) {}

  static async open(top: string): Promise<LocalGitSource> {
    const { stdout } = await git(top, ['rev-parse', '--is-shallow-repository', '--show-object-format']);
    const [shallow, format] = lines(stdout);
    return new LocalGitSource(top, shallow === 'true', EMPTY_TREE[format ?? 'sha1'] ?? EMPTY_TREE.sha1!);
  }

  /** Every tag with the commit it points at (annotated tags peeled), in one process. */
  private allTags(): Promise<Map<string, string>> {
    this.tagList ??= git(this.top, ['for-each-ref', '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)', 'refs/tags']).then(
      ({ stdout }) => {
        const tags = new Map<string, string>();
        for (const line of lines(stdout)) {
          const [name, object, peeled] = line.split('\0');
          if (name && object) tags.set(name, peeled || object);
        }
        return tags;
      },
    );
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
    let found = this.containing.get(head);
    if (found === undefined) {
      found = git(this.top, ['for-each-ref', '--contains', head, '--format=%(refname:strip=2)', 'refs/tags']).then(
        ({ stdout }) => new Set(lines(stdout)),
      );
      this.containing.set(head, found);
    }
    return (await found).has(tag.name) ? 'after-head' : null;
  }

  /**
   * Tags reachable from head, and their commits (a merge-base with head is the commit itself):
   * one process answers for every component base, however many.
   */
  private mergedInto(head: string): Promise<Set<string>> {
    let found = this.merged.get(head);
    if (found === undefined) {
      found = git(this.top, ['for-each-ref', '--merged', head, '--format=%(refname:strip=2)%00%(objectname)%00%(*objectname)', 'refs/tags']).then(
        ({ stdout }) => new Set(lines(stdout).flatMap((line) => line.split('\0').filter((part) => part !== ''))),
      );
      this.merged.set(head, found);
    }
    return found;
  }

  /** Which of these commits the clone has (one `git cat-file --batch-check`). */
  async hasCommits(shas: readonly string[]): Promise<boolean> {
    if (shas.length === 0) return true;
    const { stdout } = await git(this.top, ['cat-file', '--batch-check=%(objecttype)'], { stdin: Buffer.from(`${shas.join('\n')}\n`) });
    return lines(stdout).every((type) => type === 'commit');
  }

  /** The merge-base of a base (tag name or SHA) and head; an error when they share no history. */
  private async mergeBase(base: string, head: string): Promise<string> {
    const tags = await this.allTags();
    const commit = tags.get(base);
    const merged = await this.mergedInto(head);
    if (merged.has(base) && /^[0-9a-f]{40,64}$/.test(base)) return base;
    if (commit !== undefined && merged.has(base)) return commit;
    const { stdout } = await git(this.top, ['merge-base', commit ?? base, head], { allowFailure: true });
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
    const distinct = [...new Set(mergeBases.values())];
    const [diffs, commits] = await Promise.all([
      this.diffs(distinct, head),
      wants.commits ? this.commitsSince(distinct, head) : Promise.resolve(null),
    ]);
    const changes = new Map<string | null, RangeChange>();
    await Promise.all(
      distinct.map(async (mb) => {
        const { files, warnings } = diffs.get(mb)!;
        const needing = wants.patches(files);
        if (needing.length > 0) await attachPatches(this.top, mb ?? this.emptyTree, head, needing);
        changes.set(mb, { mergeBase: mb, files, truncated: false, commits: commits?.get(mb) ?? null, warnings });
      }),
    );
    return ranges.map((r) => changes.get(mergeBases.get(r.base)!)!);
  }

  /** The files of each mergeBase...head, with one `git diff-tree --stdin` for all of them. */
  private async diffs(mergeBases: readonly (string | null)[], head: string): Promise<Map<string | null, { files: ChangedFile[]; warnings: string[] }>> {
    const commits = mergeBases.map((mb) => mb ?? head);
    const { stdout: treeOut } = await git(this.top, ['rev-parse', ...[head, ...commits].map((c) => `${c}^{tree}`)]);
    const [headTree, ...baseTrees] = lines(treeOut);
    const trees = baseTrees.map((t, i) => (mergeBases[i] === null ? this.emptyTree : t));
    const input = Buffer.from(trees.map((t) => `${t} ${headTree}\n`).join(''));
    const { stdout, stderr } = await git(this.top, ['diff-tree', '--stdin', '-r', '-z', '-M', '--name-status', '--no-ext-diff', '--no-textconv'], {
      stdin: input,
    });
    const warnings: string[] = [];
    if (/(exhaustive|inexact) rename detection was skipped/i.test(stderr)) {
      warnings.push('git skipped inexact rename detection (too many files); some renames show as removed + added');
    }
    // Output: per input line, the line echoed ("<tree> <tree>\n"), then that pair's NUL-separated entries.
    const result = new Map<string | null, { files: ChangedFile[]; warnings: string[] }>();
    const byPair = new Map<string, Buffer>();
    let at = 0;
    const headerLength = headTree!.length * 2 + 2;
    while (at < stdout.length) {
      const header = stdout.subarray(at, at + headerLength).toString('latin1');
      const next = findHeader(stdout, at + headerLength, headTree!);
      byPair.set(header.slice(0, header.indexOf(' ')), stdout.subarray(at + headerLength, next));
      at = next;
    }
    mergeBases.forEach((mb, i) => {
      result.set(mb, { files: parseNameStatus(byPair.get(trees[i]!) ?? Buffer.alloc(0)), warnings });
    });
    return result;
  }

  /**
   * The commits of each mergeBase..head, newest first, with the files each touches: one `git log`
   * over the union of the ranges, split by walking parents from each merge-base.
   */
  private async commitsSince(mergeBases: readonly (string | null)[], head: string): Promise<Map<string | null, CommitInput[]>> {
    let exclude: string[] = [];
    const known = mergeBases.filter((mb): mb is string => mb !== null);
    if (known.length === mergeBases.length && known.length > 0) {
      if (known.length === 1) exclude = [known[0]!];
      else {
        const { stdout } = await git(this.top, ['merge-base', '--octopus', ...known], { allowFailure: true });
        const common = stdout.toString('utf8').trim();
        if (common !== '') exclude = [common];
      }
    }
    const { stdout } = await git(this.top, [
      'log',
      '-z',
      '--name-only',
      '--no-renames',
      '--format=%x02%H%x01%P%x01%B%x03',
      head,
      ...exclude.map((e) => `^${e}`),
      '--',
    ]);
    const all = parseLog(stdout);
    const parents = new Map(all.map((c) => [c.sha, c.parents]));
    const result = new Map<string | null, CommitInput[]>();
    for (const mb of mergeBases) {
      if (mb === null || exclude[0] === mb) {
        result.set(mb, all.map(({ sha, message, files }) => ({ sha, message, files })));
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
        all.filter((c) => !reached.has(c.sha)).map(({ sha, message, files }) => ({ sha, message, files })),
      );
    }
    return result;
  }

  async headTree(head: string): Promise<string[]> {
    return treeFiles(this.top, head);
  }

  /**
   * Whether the history between base and head is whole in a shallow clone: no commit of either
   * side down to their merge-base is a shallow boundary (whose parents were not fetched).
   */
  async wholeBetween(base: string, head: string): Promise<boolean> {
    const { stdout: pathOut } = await git(this.top, ['rev-parse', '--git-path', 'shallow']);
    const file = pathOut.toString('utf8').trim();
    const shallowFile = file.startsWith('/') ? file : `${this.top}/${file}`;
    const boundary = new Set((await readFile(shallowFile, 'utf8').catch(() => '')).split('\n').filter((l) => l !== ''));
    const { stdout: mbOut } = await git(this.top, ['merge-base', base, head], { allowFailure: true });
    const mb = mbOut.toString('utf8').trim();
    if (mb === '') return false;
    const { stdout } = await git(this.top, ['rev-list', base, head, `^${mb}`, '--']);
    // The merge-base may itself be a boundary: its own parents do not matter to base...head.
    return !lines(stdout).some((sha) => boundary.has(sha));
  }
}

/** The offset of the next "<tree> <headTree>\n" header at or after `from`, or the end. */
function findHeader(out: Buffer, from: number, headTree: string): number {
  const marker = Buffer.from(` ${headTree}\n`, 'latin1');
  for (let i = out.indexOf(marker, from); i !== -1; i = out.indexOf(marker, i + 1)) {
    const start = i - headTree.length;
    // A header starts the output or follows the NUL that ends an entry.
    if (start >= from && (start === 0 || out[start - 1] === 0) && /^[0-9a-f]+$/.test(out.toString('latin1', start, i))) return start;
  }
  return out.length;
}

interface LoggedCommit {
  sha: string;
  parents: string[];
  message: string;
  files: string[];
}

/** Parses `git log -z --name-only --format=%x02%H%x01%P%x01%B%x03`. */
function parseLog(out: Buffer): LoggedCommit[] {
  const text = out.toString('utf8');
  const commits: LoggedCommit[] = [];
  for (const record of text.split('\x02').slice(1)) {
    const end = record.lastIndexOf('\x03');
    const [sha, parents, ...body] = record.slice(0, end).split('\x01');
    const files = record
      .slice(end + 1)
      .split('\0')
      .map((f) => f.replace(/^\n/, ''))
      .filter((f) => f !== '');
    commits.push({ sha: sha!, parents: parents ? parents.split(' ') : [], message: body.join('\x01'), files });
  }
  return commits;
}
