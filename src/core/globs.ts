/**
 * Globs: minimatch's semantics with `dot: true` against repository-relative POSIX paths,
 * compiled once per config.
 *
 * Classification tests thousands of files against dozens of rules, so a match is answered in
 * layers, each held to minimatch's own answer by property tests:
 * - the shapes people write most ("dir/**", "**\/*.md", "**\/generated/**", "dir/*.ts", literal
 *   paths) are answered exactly with string operations;
 * - shapes whose directory part has no "**" split into a directory test (once per directory)
 *   and a basename test; globs ending in "**" are answered once per directory;
 * - anything else goes to minimatch, behind a literal prefix/suffix check;
 * - a DirectoryIndex hands each file only the rules whose literal directories it lies under.
 */
import { Minimatch, type MinimatchOptions } from 'minimatch';

export const GLOB_OPTIONS: MinimatchOptions = {
  dot: true,
  nocomment: true, // "#foo" is a file name here, not a comment
  nonegate: true, // "!" is handled below, per list
  nocase: false,
  platform: 'linux', // POSIX semantics on every runner, Windows included
};

const MAGIC = /[*?[\]{}()!+@\\]/;

/** Why a glob can never do what its author meant, or null when it is fine. */
export function globProblem(glob: string): string | null {
  const body = glob.startsWith('!') ? glob.slice(1) : glob;
  if (body.length === 0) return 'expected a glob after "!"';
  if (body.length > 4096) return 'a glob longer than 4096 characters';
  if (body.includes('\0')) return 'a glob with a NUL character';
  if (body.startsWith('/')) {
    return `paths are repository-relative and never start with "/"; write "${body.replace(/^\/+/, '')}"`;
  }
  if (body.startsWith('./')) return `paths are repository-relative; write "${body.slice(2)}"`;
  if (body.endsWith('/')) return `a glob ending in "/" matches no file; write "${body}**"`;
  const segments = body.split('/');
  if (segments.some((s) => s === '')) return 'a glob with an empty path segment ("//")';
  if (segments.some((s) => s === '.' || s === '..')) return 'a glob with a "." or ".." segment';
  return null;
}

/**
 * How one brace alternative is tested. The common shapes people write are answered exactly with
 * string operations (a property test holds each to minimatch's answer); any other shape goes to
 * minimatch, behind a necessary-condition prefilter (literal prefix and suffix).
 */
const enum Shape {
  /** "a/b.txt": the path itself. */
  Exact,
  /** "a/b/**": anything below a literal directory. */
  Below,
  /** "**\/generated/**": anything below a literal directory at any depth. */
  Inside,
  /** "**\/*.md", "**\/CHANGELOG*", "**": any depth, a basename of literals and "*". */
  AnyDepthName,
  /** "a/**\/*.md": below a literal directory, a basename of literals and "*". */
  BelowName,
  /** "a/*.md": directly in a literal directory, a basename of literals and "*". */
  InName,
  /** Anything else: minimatch decides. */
  Other,
}

interface Alternative {
  shape: Shape;
  /** Exact: the path. Below, BelowName, InName, Other: the literal directory with "/". Inside: "dir/". */
  prefix: string;
  /** Other: the literal end of the last segment (a necessary condition). */
  suffix: string;
  /** Inside: "/dir/". */
  infix: string;
  /** The basename split at its "*" wildcards (AnyDepthName, BelowName, InName; Other when split). */
  pieces: string[];
  /**
   * Other shapes whose directory part has no "**": each pattern segment then matches exactly one
   * path segment, so the match splits into the directory part (tested once per directory) and
   * the last segment (tested per file, by `pieces` or by this single-segment glob).
   */
  split: { directory: Minimatch; name: Minimatch | null; byDirectory: Map<string, boolean> } | null;
  /** Literal directory segments every matching path lies under ("" when none). */
  directory: string;
}

const isLiteral = (segment: string): boolean => !MAGIC.test(segment);
/** A basename pattern of literals and single "*": "*.md", "CHANGELOG*", "*", "index*.ts". */
const isStarName = (segment: string): boolean => segment !== '' && !segment.includes('**') && isLiteral(segment.replace(/\*/g, ''));

function alternativeOf(pattern: string): Alternative {
  const segments = pattern.split('/');
  const n = segments.length;
  let lead = 0;
  while (lead < n && isLiteral(segments[lead]!)) lead++;
  const last = segments[n - 1]!;
  const base = {
    prefix: lead > 0 ? `${segments.slice(0, lead).join('/')}/` : '',
    suffix: '',
    infix: '',
    pieces: [] as string[],
    split: null as Alternative['split'],
  };
  // Literal directory segments: never the last segment, which names the file itself.
  const directory = segments.slice(0, Math.min(lead, n - 1)).join('/');
  if (lead === n) return { ...base, shape: Shape.Exact, prefix: pattern, directory };
  if (pattern === '**') return { ...base, shape: Shape.AnyDepthName, pieces: ['', ''], directory };
  if (lead > 0 && lead === n - 1 && last === '**') return { ...base, shape: Shape.Below, directory };
  if (lead > 0 && lead === n - 1 && isStarName(last)) return { ...base, shape: Shape.InName, pieces: last.split('*'), directory };
  if (lead === n - 2 && segments[lead] === '**' && isStarName(last)) {
    return { ...base, shape: lead === 0 ? Shape.AnyDepthName : Shape.BelowName, pieces: last.split('*'), directory };
  }
  const middle = segments.slice(1, n - 1);
  if (lead === 0 && n >= 3 && segments[0] === '**' && last === '**' && middle.every(isLiteral)) {
    const inner = middle.join('/');
    return { ...base, shape: Shape.Inside, prefix: `${inner}/`, infix: `/${inner}/`, directory };
  }
  let suffix = last;
  for (let i = last.length - 1; i >= 0; i--) {
    if (MAGIC.test(last[i]!)) {
      suffix = last.slice(i + 1);
      break;
    }
  }
  const dirSegments = segments.slice(0, n - 1);
  const split =
    n >= 2 && !dirSegments.includes('**') && !last.includes('**')
      ? {
          directory: new Minimatch(dirSegments.join('/'), GLOB_OPTIONS),
          name: isStarName(last) ? null : new Minimatch(last, GLOB_OPTIONS),
          byDirectory: new Map<string, boolean>(),
        }
      : null;
  return { ...base, shape: Shape.Other, suffix, directory, split, pieces: split && !split.name ? last.split('*') : [] };
}

/**
 * Whether path[start..] (a basename) matches literal pieces joined by "*": the first piece
 * leads, the last one ends, the middle ones follow in order (greedy is exact for "*" alone).
 */
function nameMatches(path: string, start: number, pieces: readonly string[]): boolean {
  const first = pieces[0]!;
  if (pieces.length === 1) return path.length - start === first.length && path.startsWith(first, start);
  const last = pieces[pieces.length - 1]!;
  let position = start + first.length;
  const end = path.length - last.length;
  if (end < position || !path.startsWith(first, start) || !path.endsWith(last)) return false;
  for (let i = 1; i < pieces.length - 1; i++) {
    const found = path.indexOf(pieces[i]!, position);
    if (found === -1 || found + pieces[i]!.length > end) return false;
    position = found + pieces[i]!.length;
  }
  return true;
}

/** The exact answer for the string-decided shapes; undefined for Shape.Other. */
function testAlternative(a: Alternative, path: string): boolean | undefined {
  switch (a.shape) {
    case Shape.Exact:
      return path === a.prefix;
    case Shape.Below:
      return path.startsWith(a.prefix);
    case Shape.Inside:
      return path.startsWith(a.prefix) || path.includes(a.infix);
    case Shape.AnyDepthName:
      return nameMatches(path, path.lastIndexOf('/') + 1, a.pieces);
    case Shape.BelowName: {
      const start = path.lastIndexOf('/') + 1;
      return start >= a.prefix.length && path.startsWith(a.prefix) && nameMatches(path, start, a.pieces);
    }
    case Shape.InName:
      return path.startsWith(a.prefix) && path.indexOf('/', a.prefix.length) === -1 && nameMatches(path, a.prefix.length, a.pieces);
    default:
      return undefined;
  }
}

/** A single compiled glob (without "!"). */
export class Glob {
  readonly source: string;
  private readonly mm: Minimatch;
  private readonly alternatives: Alternative[];
  /**
   * minimatch's answers by directory, for globs whose every alternative ends in "**": the
   * trailing "**" takes the basename (it matches one or more segments), so the answer depends
   * on the directory alone, and the files of a change share few directories.
   */
  private readonly byDirectory: Map<string, boolean> | null;

  constructor(source: string) {
    this.source = source;
    this.mm = new Minimatch(source, GLOB_OPTIONS);
    this.alternatives = this.mm.globSet.map(alternativeOf);
    this.byDirectory = this.mm.globSet.every((p) => p === '**' || p.endsWith('/**')) ? new Map() : null;
    this.allSplit = this.alternatives.every((a) => a.shape !== Shape.Other || a.split !== null);
  }

  /** Every alternative minimatch would be needed for splits into directory and name. */
  private readonly allSplit: boolean;

  /** Literal directories a matching path lies under; "" when a path anywhere may match. */
  directories(): string[] {
    return [...new Set(this.alternatives.map((a) => a.directory))];
  }

  /**
   * The answer through the split alternatives when every Other alternative is split (the
   * directory part tested once per directory, the last segment per file); undefined otherwise.
   */
  private splitMatches(path: string, directory: string | undefined): boolean | undefined {
    if (!this.allSplit) return undefined;
    const dir = directory ?? directoryOf(path);
    const start = dir === '' ? 0 : dir.length + 1;
    for (const a of this.alternatives) {
      if (a.split === null) continue;
      let inDirectory = a.split.byDirectory.get(dir);
      if (inDirectory === undefined) {
        inDirectory = a.split.directory.match(dir);
        if (a.split.byDirectory.size < 100_000) a.split.byDirectory.set(dir, inDirectory);
      }
      if (!inDirectory) continue;
      if (a.split.name === null ? nameMatches(path, start, a.pieces) : a.split.name.match(path.slice(start))) return true;
    }
    return false;
  }

  /**
   * Whether a file whose basename has this extension (the text after its last ".", "" for
   * none) could match: a necessary condition from the basename endings the glob allows.
   */
  admits(extension: string): boolean {
    return this.alternatives.some((a) => {
      const ending = endingOf(a);
      return ending === null || endingAdmits(ending, extension);
    });
  }

  /** `directory` (directoryOf(path)) may be passed by callers that have it already. */
  matches(path: string, directory?: string): boolean {
    let askMinimatch = false;
    for (const a of this.alternatives) {
      const answer = testAlternative(a, path);
      if (answer === true) return true;
      if (answer === undefined && !askMinimatch && path.startsWith(a.prefix) && path.endsWith(a.suffix)) askMinimatch = true;
    }
    if (!askMinimatch) return false;
    // minimatch tests every alternative again; the exact ones already said no, so its answer is theirs.
    if (this.byDirectory === null) return this.splitMatches(path, directory) ?? this.mm.match(path);
    const key = directory ?? directoryOf(path);
    let answer = this.byDirectory.get(key);
    if (answer === undefined) {
      answer = this.mm.match(path);
      if (this.byDirectory.size < 100_000) this.byDirectory.set(key, answer);
    }
    return answer;
  }
}

/**
 * A list of globs as the config writes it: a path matches when some positive glob matches and
 * no "!" glob does.
 */
export class PathSet {
  readonly positive: Glob[];
  readonly negative: Glob[];

  constructor(globs: string | readonly string[]) {
    const list = typeof globs === 'string' ? [globs] : globs;
    this.positive = list.filter((g) => !g.startsWith('!')).map((g) => new Glob(g));
    this.negative = list.filter((g) => g.startsWith('!')).map((g) => new Glob(g.slice(1)));
  }

  /** `directory` (directoryOf(path)) may be passed by callers that have it already. */
  matches(path: string, directory?: string): boolean {
    let hit = false;
    for (const g of this.positive) {
      if (g.matches(path, directory)) {
        hit = true;
        break;
      }
    }
    if (!hit) return false;
    for (const g of this.negative) if (g.matches(path, directory)) return false;
    return true;
  }

  /** Literal directories a matching path lies under ("" when a path anywhere may match). */
  directories(): string[] {
    return [...new Set(this.positive.flatMap((g) => g.directories()))];
  }

  /** Whether a file whose basename has this extension could match (see Glob.admits). */
  admits(extension: string): boolean {
    return this.positive.some((g) => g.admits(extension));
  }
}

/** The literal a matching basename must end with, or null when the shape does not say. */
function endingOf(a: Alternative): string | null {
  switch (a.shape) {
    case Shape.Exact:
      return a.prefix.slice(a.prefix.lastIndexOf('/') + 1);
    case Shape.AnyDepthName:
    case Shape.BelowName:
    case Shape.InName:
      return a.pieces[a.pieces.length - 1]!;
    case Shape.Other:
      return a.suffix;
    default:
      return null; // Below and Inside take any basename
  }
}

/**
 * Whether a basename ending in the literal `last` can have this extension (the text after the
 * basename's last ".", "" when it has none). A necessary condition: admitting more is safe.
 */
function endingAdmits(last: string, extension: string): boolean {
  const dot = last.lastIndexOf('.');
  if (dot !== -1) return last.slice(dot + 1) === extension;
  // No "." in `last`: it lies within the extension, or the basename has no extension at all.
  return extension === '' || extension.endsWith(last);
}

/** The directory of a path: "src/a" for "src/a/b.ts", "" for a top-level file. */
export function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

interface TrieNode {
  children: Map<string, TrieNode>;
  entries: number[];
}

/**
 * Entries (in priority order) indexed by the literal directories their globs require, in a trie
 * of path segments. A lookup for a file's directory returns only the entries that could match a
 * file there, still in priority order; lookups are cached per directory, since the files of a
 * change cluster in directories.
 */
export class DirectoryIndex<T> {
  private readonly root: TrieNode = { children: new Map(), entries: [] };
  private readonly cache = new Map<string, readonly T[]>();

  constructor(
    private readonly entries: readonly T[],
    directoriesOf: (entry: T) => string[],
  ) {
    entries.forEach((entry, i) => {
      for (const directory of directoriesOf(entry)) {
        let node = this.root;
        if (directory !== '') {
          for (const segment of directory.split('/')) {
            let child = node.children.get(segment);
            if (!child) node.children.set(segment, (child = { children: new Map(), entries: [] }));
            node = child;
          }
        }
        if (node.entries[node.entries.length - 1] !== i) node.entries.push(i);
      }
    });
  }

  /** The entries that could match a file in `directory`, in priority order. */
  candidates(directory: string): readonly T[] {
    let found = this.cache.get(directory);
    if (found === undefined) {
      const hits: number[] = [...this.root.entries];
      let node: TrieNode | undefined = this.root;
      if (directory !== '') {
        for (const segment of directory.split('/')) {
          node = node.children.get(segment);
          if (!node) break;
          hits.push(...node.entries);
        }
      }
      found = [...new Set(hits)].sort((a, b) => a - b).map((i) => this.entries[i]!);
      // Bounded: a change touching millions of directories should not grow this forever.
      if (this.cache.size < 200_000) this.cache.set(directory, found);
    }
    return found;
  }
}
