/**
 * Exact version numbers of any size.
 *
 * Why this exists: semver 2.0.0 puts no limit on MAJOR, MINOR, PATCH or numeric prerelease
 * identifiers, but the npm `semver` package stores them as JavaScript numbers and refuses a
 * MAJOR/MINOR/PATCH above Number.MAX_SAFE_INTEGER (2^53-1). Real repositories derive MAJOR from
 * migration timestamps (`V20240522164906244__x.sql` -> tag `v20240522164906244.0.0`), so such
 * versions must be read, ordered, incremented and written exactly.
 *
 * How: `semver` stays the authority whenever every number of the versions involved fits in 2^53-1;
 * past that, `exact` (below) applies the same rules with BigInt. The tests check `exact` against
 * `semver` on safe numbers, so the two paths cannot drift apart.
 *
 * Where this deliberately differs from `semver` (strict mode):
 * - no leading "v" and no surrounding whitespace (semver trims and accepts `v1.2.3`); strip a tag's
 *   prefix first;
 * - at most 256 characters, semver's own MAX_LENGTH. semver 2.0.0 sets no cap, but a 17-digit
 *   timestamp needs nowhere near it and a cap keeps hostile tag names cheap. The cap applies to
 *   text being parsed, not to `inc` results (one more digit is always representable);
 * - numbers past 2^53-1 compare exactly. semver silently rounds numeric prerelease and build
 *   identifiers through doubles, so it calls `1.0.0-90071992547409930` and
 *   `1.0.0-90071992547409929` equal;
 * - `toString()` includes build metadata (semver's returns `.version`, without it).
 */
import semver, { SemVer } from 'semver';

/** A prerelease identifier: numeric identifiers as bigint, alphanumeric ones as strings. */
export type PrereleaseId = string | bigint;
type Sign = -1 | 0 | 1;
type Part = 'major' | 'minor' | 'patch';

const MAX_LENGTH = 256;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// semver's strict grammar (node_modules/semver/internal/re.js, token FULL) without its `v?`.
const NUM = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUM}|\\d*[a-zA-Z-][a-zA-Z0-9-]*)`;
const BUILD_ID = '[a-zA-Z0-9-]+';
const GRAMMAR = new RegExp(
  `^(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+(${BUILD_ID}(?:\\.${BUILD_ID})*))?$`,
);
const DIGITS = /^[0-9]+$/;

const sign = <T extends bigint | string>(a: T, b: T): Sign => (a < b ? -1 : a > b ? 1 : 0);

/**
 * semver's compareIdentifiers, exactly: identifiers of digits only compare numerically (so build
 * identifiers `001` and `1` are equal) and sort below the others, which compare in ASCII order.
 */
function compareIds(a: PrereleaseId, b: PrereleaseId): Sign {
  const aNum = typeof a === 'bigint' || DIGITS.test(a);
  const bNum = typeof b === 'bigint' || DIGITS.test(b);
  if (aNum && bNum) return sign(BigInt(a), BigInt(b));
  if (aNum !== bNum) return aNum ? -1 : 1;
  return sign(String(a), String(b));
}

/**
 * semver's identifier-list loop (comparePre / compareBuild): the first differing identifier
 * decides, even when compareIds then calls it equal; a longer list wins over its prefix.
 */
function compareLists(a: readonly PrereleaseId[], b: readonly PrereleaseId[]): Sign {
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return y === undefined ? 0 : -1;
    if (y === undefined) return 1;
    if (x !== y) return compareIds(x, y);
  }
}

/** semver's reading of a version our grammar accepted (always succeeds for safe numbers; the tests hold the grammars equal). */
function toSemVer(text: string): SemVer | null {
  try {
    return new SemVer(text);
  } catch {
    return null; // the BigInt path applies the same rules
  }
}

export class Version {
  readonly version: string;
  /** The semver instance when every number fits in 2^53-1 (semver decides then), else null. */
  readonly #semver: SemVer | null;

  private constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly prerelease: readonly PrereleaseId[],
    readonly build: readonly string[],
  ) {
    Object.freeze(prerelease);
    Object.freeze(build);
    this.version = `${major}.${minor}.${patch}` + (prerelease.length ? `-${prerelease.join('.')}` : '');
    // Every number semver would hold as a double, numeric build identifiers included.
    const numbers = [major, minor, patch, ...prerelease, ...build.filter((id) => DIGITS.test(id)).map(BigInt)];
    const fits = numbers.every((n) => typeof n === 'string' || n <= MAX_SAFE);
    this.#semver = fits ? toSemVer(this.toString()) : null;
  }

  /** Strict semver 2.0.0 (no leading "v", no spaces, no leading zeros in numeric parts), numbers of any size; null otherwise. */
  static parse(text: string): Version | null {
    if (text.length > MAX_LENGTH) return null;
    const m = GRAMMAR.exec(text);
    if (!m) return null;
    const [, major = '', minor = '', patch = '', pre, build] = m;
    const prerelease = pre === undefined ? [] : pre.split('.').map((id) => (DIGITS.test(id) ? BigInt(id) : id));
    return new Version(BigInt(major), BigInt(minor), BigInt(patch), prerelease, build === undefined ? [] : build.split('.'));
  }

  /** "1.2.3" */
  release(): string {
    return `${this.major}.${this.minor}.${this.patch}`;
  }

  isPrerelease(): boolean {
    return this.prerelease.length > 0;
  }

  /** semver precedence: -1, 0, 1 (build metadata ignored) */
  compare(other: Version): Sign {
    if (this.#semver && other.#semver) return this.#semver.compare(other.#semver);
    return exact.compare(this, other);
  }

  /** like semver.compareBuild: precedence, then build metadata (a version with build metadata sorts after one without) */
  compareBuild(other: Version): Sign {
    if (this.#semver && other.#semver) return semver.compareBuild(this.#semver, other.#semver);
    return exact.compareBuild(this, other);
  }

  /**
   * The next release for a bump, as semver.inc: a prerelease is first completed before the part
   * moves (1.2.0-rc.1 minor -> 1.2.0, 1.2.3-rc.1 minor -> 1.3.0, 2.0.0-rc.1 minor -> 2.0.0).
   * Prerelease and build metadata are dropped.
   */
  inc(part: Part): Version {
    const next = this.#semver ? semver.inc(this.#semver, part) : null;
    // semver may step one past 2^53-1 (it prints 9007199254740992.0.0 but cannot read it back);
    // parse reads such a result on the BigInt side.
    return (next !== null && Version.parse(next)) || exact.inc(this, part);
  }

  /** version with build metadata if any */
  toString(): string {
    return this.build.length ? `${this.version}+${this.build.join('.')}` : this.version;
  }

  /** The release major.minor.patch, e.g. Version.of(20240522164906244n, 0n, 0n) for a timestamp MAJOR. */
  static of(major: bigint, minor: bigint, patch: bigint): Version {
    if (major < 0n || minor < 0n || patch < 0n) throw new RangeError('version numbers cannot be negative');
    return new Version(major, minor, patch, [], []);
  }
}

/** Precedence, for Array.prototype.sort: ascending. */
export function compareVersions(a: Version, b: Version): Sign {
  return a.compare(b);
}

/**
 * The BigInt implementation of semver's rules, used past 2^53-1. Exported so the tests can hold it
 * against semver on safe numbers; callers use the Version methods.
 */
export const exact = {
  /** semver compareMain, then comparePre (a version without prerelease sorts above one with). */
  compare(a: Version, b: Version): Sign {
    const main = sign(a.major, b.major) || sign(a.minor, b.minor) || sign(a.patch, b.patch);
    if (main) return main;
    const [aPre, bPre] = [a.prerelease.length > 0, b.prerelease.length > 0];
    if (!aPre || !bPre) return aPre === bPre ? 0 : aPre ? -1 : 1;
    return compareLists(a.prerelease, b.prerelease);
  },
  compareBuild(a: Version, b: Version): Sign {
    return exact.compare(a, b) || compareLists(a.build, b.build);
  },
  /** semver's inc for 'major' | 'minor' | 'patch' (classes/semver.js). */
  inc(v: Version, part: Part): Version {
    const pre = v.isPrerelease();
    switch (part) {
      case 'major': // 1.0.0-5 -> 1.0.0; 1.1.0-5 and 1.1.0 -> 2.0.0
        return Version.of(v.minor !== 0n || v.patch !== 0n || !pre ? v.major + 1n : v.major, 0n, 0n);
      case 'minor': // 1.2.0-5 -> 1.2.0; 1.2.1-5 and 1.2.1 -> 1.3.0
        return Version.of(v.major, v.patch !== 0n || !pre ? v.minor + 1n : v.minor, 0n);
      case 'patch': // 1.2.0-5 -> 1.2.0; 1.2.0 -> 1.2.1
        return Version.of(v.major, v.minor, pre ? v.patch : v.patch + 1n);
      default:
        throw new Error(`invalid increment: ${String(part)}`);
    }
  },
};
