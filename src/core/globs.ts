/**
 * Globs: minimatch with `dot: true` against repository-relative POSIX paths, compiled once.
 *
 * minimatch alone decides whether a path matches. In front of it sits a cheap necessary
 * condition per brace alternative: the literal leading segments (a prefix) and the literal tail of
 * the last segment (a suffix). On real configs almost every (file, glob) pair fails that check, so
 * minimatch runs for a handful of candidates per file instead of for every glob of every rule.
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

/** One brace alternative of a glob, with its literal prefix and suffix. */
interface Alternative {
  prefix: string;
  suffix: string;
  /** The literal first segment, when the glob has one ("docs" for "docs/**"). */
  firstSegment: string | null;
}

function alternativeOf(pattern: string): Alternative {
  const segments = pattern.split('/');
  const literal: string[] = [];
  for (const segment of segments) {
    if (MAGIC.test(segment)) break;
    literal.push(segment);
  }
  const whole = literal.length === segments.length;
  const last = segments[segments.length - 1] ?? '';
  let suffix = last;
  for (let i = last.length - 1; i >= 0; i--) {
    if (MAGIC.test(last[i]!)) {
      suffix = last.slice(i + 1);
      break;
    }
  }
  return {
    // A fully literal glob must equal the path; otherwise the literal segments plus "/" lead it.
    prefix: whole ? pattern : literal.length > 0 ? `${literal.join('/')}/` : '',
    suffix,
    firstSegment: literal.length > 0 ? literal[0]! : null,
  };
}

/** A single compiled glob (without "!"). */
export class Glob {
  readonly source: string;
  private readonly mm: Minimatch;
  private readonly alternatives: Alternative[];

  constructor(source: string) {
    this.source = source;
    this.mm = new Minimatch(source, GLOB_OPTIONS);
    this.alternatives = this.mm.globSet.map(alternativeOf);
  }

  /** Literal first segments a matching path must start with; null when any may match. */
  firstSegments(): Set<string> | null {
    const set = new Set<string>();
    for (const a of this.alternatives) {
      if (a.firstSegment === null) return null;
      set.add(a.firstSegment);
    }
    return set;
  }

  matches(path: string): boolean {
    for (const a of this.alternatives) {
      if (path.startsWith(a.prefix) && path.endsWith(a.suffix)) return this.mm.match(path);
    }
    return false;
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
    let hit = false;
    for (const g of this.positive) {
      if (g.matches(path)) {
        hit = true;
        break;
      }
    }
    if (!hit) return false;
    for (const g of this.negative) if (g.matches(path)) return false;
    return true;
  }

  /** Literal first segments any matching path starts with; null when unconstrained. */
  firstSegments(): Set<string> | null {
    const set = new Set<string>();
    for (const g of this.positive) {
      const own = g.firstSegments();
      if (own === null) return null;
      for (const s of own) set.add(s);
    }
    return set;
  }
}

/** The first segment of a path: "src" for "src/a.ts", the whole name for a top-level file. */
export function firstSegmentOf(path: string): string {
  const slash = path.indexOf('/');
  return slash === -1 ? path : path.slice(0, slash);
}

/**
 * Entries (in priority order) indexed by the literal first segment their globs require, so a
 * lookup returns only the entries that could match a path, still in priority order.
 */
export class SegmentIndex<T> {
  private readonly bySegment = new Map<string, number[]>();
  private readonly anywhere: number[] = [];
  private readonly cache = new Map<string, readonly T[]>();

  constructor(
    private readonly entries: readonly T[],
    segmentsOf: (entry: T) => Set<string> | null,
  ) {
    entries.forEach((entry, i) => {
      const segments = segmentsOf(entry);
      if (segments === null) {
        this.anywhere.push(i);
        return;
      }
      for (const s of segments) {
        const list = this.bySegment.get(s);
        if (list) list.push(i);
        else this.bySegment.set(s, [i]);
      }
    });
  }

  /** The entries that could match a path with this first segment, in priority order. */
  candidates(segment: string): readonly T[] {
    let found = this.cache.get(segment);
    if (found === undefined) {
      const own = this.bySegment.get(segment) ?? [];
      const merged = [...new Set([...own, ...this.anywhere])].sort((a, b) => a - b);
      found = merged.map((i) => this.entries[i]!);
      // Bounded: a path set with millions of distinct top-level names should not grow this forever.
      if (this.cache.size < 100_000) this.cache.set(segment, found);
    }
    return found;
  }
}
