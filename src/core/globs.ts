/**
 * Globs: minimatch's semantics with `dot: true` against repository-relative POSIX paths.
 *
 * minimatch alone decides a match. Each glob is compiled once, and minimatch runs only when a
 * path starts with the literal prefix and ends with the literal suffix of one of the glob's
 * brace alternatives: a necessary condition that rejects most (file, rule) pairs with two string
 * comparisons. A property test holds the check to minimatch's own answer. Paths are as git
 * writes them (no "//", no trailing "/"), the only places where the check and minimatch differ.
 */
import { Minimatch, type MinimatchOptions } from 'minimatch';

export const GLOB_OPTIONS: MinimatchOptions = {
  dot: true,
  nocomment: true, // "#foo" is a file name here, not a comment
  nonegate: true, // "!" is handled below, per list
  nocase: false,
  platform: 'linux', // POSIX semantics on every runner, Windows included
};

/** Characters that may not stand for themselves (minimatch marks big numeric ranges with U+E000-U+F8FF). */
const MAGIC = /[*?[\]{}()!+@\\\uE000-\uF8FF]/;

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

/** What every path matching one brace alternative starts and ends with. */
interface Literals {
  /** The text before the first wildcard. */
  prefix: string;
  /** The end of the last segment after its last wildcard: "**" may match no segment at all. */
  suffix: string;
  /** The literal directory segments before the last one ("" when none). */
  directory: string;
}

/** Taken from minimatch's own segments (after it resolves "a//b" or "a/../b"), not the source. */
function literalsOf(segments: readonly string[]): Literals {
  const pattern = segments.join('/');
  const first = pattern.search(MAGIC);
  const last = segments[segments.length - 1]!;
  let tail = last.length;
  while (tail > 0 && !MAGIC.test(last[tail - 1]!)) tail--;
  let lead = 0;
  while (lead < segments.length - 1 && !MAGIC.test(segments[lead]!)) lead++;
  return {
    prefix: first === -1 ? pattern : pattern.slice(0, first),
    suffix: last.slice(tail),
    directory: segments.slice(0, lead).join('/'),
  };
}

/** A single compiled glob (without "!"). */
export class Glob {
  readonly source: string;
  private readonly mm: Minimatch;
  private readonly alternatives: Literals[];

  constructor(source: string) {
    this.source = source;
    this.mm = new Minimatch(source, GLOB_OPTIONS);
    // Each brace alternative as minimatch preprocesses it, before it merges "*.{md,ts}" into "@(*.md|*.ts)".
    this.alternatives = this.mm.preprocess(this.mm.globSet.map((s) => s.split(/\/+/))).map(literalsOf);
  }

  matches(path: string): boolean {
    // Index loops here and in PathSet: they run for every (file, rule) pair, mostly not yet compiled.
    const alternatives = this.alternatives;
    for (let i = 0; i < alternatives.length; i++) {
      const a = alternatives[i]!;
      // minimatch tests every alternative itself, so one passing the check is enough to ask it.
      if (path.startsWith(a.prefix) && path.endsWith(a.suffix)) return this.mm.match(path);
    }
    return false;
  }

  /** Literal directories a matching path lies under; "" when a path anywhere may match. */
  directories(): string[] {
    return [...new Set(this.alternatives.map((a) => a.directory))];
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

  matches(path: string): boolean {
    const { positive, negative } = this;
    let hit = false;
    for (let i = 0; i < positive.length && !hit; i++) hit = positive[i]!.matches(path);
    for (let i = 0; i < negative.length && hit; i++) hit = !negative[i]!.matches(path);
    return hit;
  }

  /**
   * Literal directories a matching path lies under ("" when a path anywhere may match): sources
   * read only these subtrees of a component.
   */
  directories(): string[] {
    return [...new Set(this.positive.flatMap((g) => g.directories()))];
  }
}
