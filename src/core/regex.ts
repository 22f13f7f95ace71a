/**
 * Regular expressions written in the config (`content` rules and `version-from` patterns), as
 * JavaScript regular expressions (no flags) evaluated by re2js, a linear-time engine (a port of
 * RE2): no pattern can backtrack catastrophically, on patches a pull request chooses. A pattern
 * is translated from JavaScript's syntax and meaning into RE2's, so it matches what
 * `new RegExp(source).test(line)` would; the JavaScript features RE2 lacks (backreferences,
 * lookahead, lookbehind) are config errors. One difference remains: a character outside the
 * Basic Multilingual Plane (an emoji) is one character to RE2 and two (UTF-16 code units) to
 * JavaScript, so `^.$` matches "😀" here and not in JavaScript.
 *
 * Compiled once; a source that does not compile is a config error, never a runtime surprise.
 */
import { RE2JS } from 're2js';
import { oneLine } from './errors.js';

/**
 * The engine, injected so that a program can load re2js only for a config with a regex: the CLI's
 * bundle replaces this static import with `RE2JS = undefined` (scripts/bundle.mjs) and provides
 * the engine before parsing such a config (src/sources/local.ts). Elsewhere it is re2js as imported.
 */
let engine: typeof RE2JS | undefined = RE2JS;

export function provideRegexEngine(re2: typeof RE2JS): void {
  engine = re2;
}

/** A regex was compiled before the engine was provided: provide it, and parse again. */
export class RegexEngineMissing extends Error {
  override readonly name = 'RegexEngineMissing';
}

/** The longest regular expression source the config accepts, in characters. */
export const MAX_REGEX_LENGTH = 4096;

/**
 * The largest compiled `content` pattern, in RE2 instructions (about one per literal character,
 * character class or repetition step: `[a-z]{1000}` is 1000). Larger programs take long to build
 * and to run; none of any real use comes near.
 */
export const MAX_PROGRAM_SIZE = 20_000;

/**
 * A pattern of up to this many RE2 instructions weighs 1 (`api_version` has 13, `^export ` 10,
 * `\bfoo\b` 7); see patternWeight.
 */
export const PATTERN_WEIGHT_UNIT = 16;

/**
 * The weight of a pattern of `instructions` RE2 instructions: (instructions / 16)² rounded up
 * up to 128 instructions (weight 64), half the instructions beyond. re2js's worst case per byte
 * grows about with the square of a pattern's size up to some 60 instructions (where its automaton
 * gives way to simulating the pattern), then more slowly, about with the size: the weight follows,
 * so reading the whole budget takes about as long whatever the pattern (at worst some 15-25 s on
 * Node 20 with a pattern and patch made for it; ordinary patterns read 50 MiB in one or two seconds).
 */
export function patternWeight(instructions: number): number {
  const knee = PATTERN_WEIGHT_UNIT * 8;
  if (instructions > knee) return Math.ceil(instructions / 2);
  return Math.max(1, Math.ceil((instructions / PATTERN_WEIGHT_UNIT) ** 2));
}

/** Why a regex source is unusable, or null. The source is a JavaScript regex without flags. */
export function regexProblem(source: string): string | null {
  if (source.length > MAX_REGEX_LENGTH) return `a regular expression longer than ${MAX_REGEX_LENGTH} characters`;
  try {
    new RegExp(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `not a valid regular expression (${oneLine(message.replace(/^Invalid regular expression: /, ''))})`;
  }
  const compiled = compileLinear(source);
  return typeof compiled === 'string' ? compiled : null;
}

/** How many capture groups a (valid) regex source has. */
export function captureGroupCount(source: string): number {
  // An alternative that matches the empty string makes exec() report every group.
  const match = new RegExp(`${source}|`).exec('');
  return match ? match.length - 1 : 0;
}

/** A `content` regex, compiled for the linear-time engine. */
export class LineRegex {
  /** Budget bytes charged per patch byte read with this regex (see MAX_TOTAL_PATCH_BYTES). */
  readonly weight: number;

  constructor(
    /** The JavaScript source, as written in the config. */
    readonly source: string,
    private readonly re: RE2JS,
  ) {
    this.weight = patternWeight(re.programSize());
  }

  /** Whether the regex matches a line; `lines` is lines joined by "\n" (at least one line). */
  anyLine(lines: string): boolean {
    return this.re.test(lines);
  }

  /** The first capture group of the first match in `text`, or undefined (version-from). */
  firstGroup(text: string): string | undefined {
    const m = this.re.matcher(text);
    return m.find() ? (m.group(1) ?? undefined) : undefined;
  }
}

/** A regex source the config already validated, compiled for the linear-time engine. */
export function compileRegex(source: string, captures = true): LineRegex {
  const compiled = compileLinear(source, captures);
  if (typeof compiled === 'string') throw new Error(`compileRegex: ${compiled}`); // validated by regexProblem first
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// JavaScript regex -> RE2 regex

const NOT_SUPPORTED = 'not supported by the linear-time regex engine (backreferences and lookaround are not)';

/** Compiles a JavaScript regex source (already valid for `new RegExp`) for re2js, or says why not. */
function compileLinear(source: string, captures = false): LineRegex | string {
  if (engine === undefined) throw new RegexEngineMissing('the regex engine (re2js) was not provided');
  let translated: string;
  try {
    translated = new Translator(source, captures).translate();
  } catch (error) {
    // Anything else would be a translator bug: still a config error, never a crash.
    return `${NOT_SUPPORTED}: ${error instanceof Unsupported ? error.message : `cannot translate (${String(error)})`}`;
  }
  let re: RE2JS;
  try {
    re = engine.compile(translated);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `${NOT_SUPPORTED}: ${oneLine(message.replace(/^error parsing regexp: /, ''))}`;
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) {
    return `too large for the linear-time regex engine (${re.programSize()} instructions, at most ${MAX_PROGRAM_SIZE})`;
  }
  return new LineRegex(source, re);
}


class Unsupported extends Error {}

/** Sorted, disjoint, inclusive ranges of UTF-16 code units or code points. */
type Ranges = [number, number][];

const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
/** JavaScript's \s: WhiteSpace and LineTerminator. */
const SPACE: Ranges = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
/** What JavaScript's "." does not match (no `s` flag). */
const LINE_TERMINATORS: Ranges = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];
const HIGH_SURROGATES: [number, number] = [0xd800, 0xdbff];
const SURROGATES: [number, number] = [0xd800, 0xdfff];
/** Matches nothing: a line never contains "\n". */
const NEVER = '[^\\x{0}-\\x{10FFFF}]';

function normalize(ranges: Ranges): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** The UTF-16 code units not in `ranges`. */
function complement(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= 0xffff) out.push([next, 0xffff]);
  return out;
}

function subtract(ranges: Ranges, [cutLo, cutHi]: [number, number]): Ranges {
  const out: Ranges = [];
  for (const [lo, hi] of ranges) {
    if (hi < cutLo || lo > cutHi) out.push([lo, hi]);
    else {
      if (lo < cutLo) out.push([lo, cutLo - 1]);
      if (hi > cutHi) out.push([cutHi + 1, hi]);
    }
  }
  return out;
}

function covers(ranges: Ranges, [lo, hi]: [number, number]): boolean {
  return ranges.some(([a, b]) => a <= lo && hi <= b);
}

function touches(ranges: Ranges, [lo, hi]: [number, number]): boolean {
  return ranges.some(([a, b]) => a <= hi && lo <= b);
}

const hex = (cp: number): string => `\\x{${cp.toString(16).toUpperCase()}}`;

/** One code point as an RE2 literal. */
function literal(cp: number): string {
  if (cp === 0x0a) return NEVER;
  if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return String.fromCharCode(cp);
  return hex(cp);
}

/**
 * A set of UTF-16 code units (JavaScript's view) as an RE2 class of code points. The set either
 * leaves out every surrogate or holds every high surrogate; then it matches a character beyond
 * the BMP exactly when JavaScript matches its first code unit. "\n" is left out: a line has none.
 */
function classOf(units: Ranges): string {
  let ranges = normalize(units);
  if (touches(ranges, SURROGATES)) {
    if (!covers(ranges, HIGH_SURROGATES)) {
      throw new Unsupported('a character class holding half of a character beyond the Basic Multilingual Plane (a surrogate, \\uD800-\\uDFFF)');
    }
    ranges = [...subtract(ranges, SURROGATES), [0x10000, 0x10ffff]];
  }
  ranges = subtract(ranges, [0x0a, 0x0a]);
  if (ranges.length === 0) return NEVER;
  if (ranges.length === 1 && ranges[0]![0] === ranges[0]![1]) return literal(ranges[0]![0]);
  return `[${ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('')}]`;
}

const QUANTIFIER = /\{(\d+)(,(\d*))?\}/y;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);
const isLetter = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);
const isSurrogate = (u: number): boolean => u >= 0xd800 && u <= 0xdfff;

/** A class atom: one code unit, or a class escape's set. */
type ClassAtom = { unit: number } | { set: Ranges };

/**
 * Translates a JavaScript regex source (valid for `new RegExp(source)`: no flags, so not Unicode
 * mode, with the web-compatibility syntax of Annex B) into an RE2 regex that matches a line
 * exactly when the JavaScript one does, and that never matches across "\n", so that lines can be
 * tested joined by "\n". Throws Unsupported for what RE2 cannot express.
 */
class Translator {
  private pos = 0;
  private readonly groups: number;
  private readonly named: boolean;

  constructor(
    private readonly src: string,
    /** Keep capture groups (version-from reads the first one); content matching needs none. */
    private readonly captures = false,
  ) {
    const { groups, named } = scanGroups(src);
    this.groups = groups;
    this.named = named;
  }

  translate(): string {
    const out = this.disjunction();
    if (this.pos < this.src.length) throw new Unsupported(`unexpected \`${this.src[this.pos]}\``);
    return out;
  }

  private disjunction(): string {
    const alternatives = [this.alternative()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      alternatives.push(this.alternative());
    }
    return alternatives.join('|');
  }

  private alternative(): string {
    let out = '';
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') out += this.term();
    return out;
  }

  private term(): string {
    const src = this.src;
    const c = src[this.pos]!;
    if (c === '^') {
      this.pos++;
      return '(?m:^)';
    }
    if (c === '$') {
      this.pos++;
      return '(?m:$)';
    }
    if (c === '\\' && (src[this.pos + 1] === 'b' || src[this.pos + 1] === 'B')) {
      this.pos += 2;
      return `\\${src[this.pos - 1]}`;
    }
    const atom = this.atom();
    const quantifier = this.quantifier();
    if (quantifier === '') return atom.text;
    if (atom.astral) {
      throw new Unsupported(`a quantifier after a character outside the Basic Multilingual Plane (write \`(?:${atom.source})${quantifier}\`)`);
    }
    return `${atom.text}${quantifier}`;
  }

  /** One atom: its RE2 text; `astral` when it is one character JavaScript sees as two. */
  private atom(): { text: string; astral: boolean; source: string } {
    const src = this.src;
    const start = this.pos;
    const c = src[this.pos]!;
    const done = (text: string, astral = false) => ({ text, astral, source: src.slice(start, this.pos) });
    if (c === '(') {
      if (src.startsWith('(?=', this.pos) || src.startsWith('(?!', this.pos)) throw new Unsupported(`lookahead \`${src.slice(this.pos, this.pos + 3)}\``);
      if (src.startsWith('(?<=', this.pos) || src.startsWith('(?<!', this.pos)) throw new Unsupported(`lookbehind \`${src.slice(this.pos, this.pos + 4)}\``);
      let capturing = true;
      if (src.startsWith('(?:', this.pos)) {
        this.pos += 3;
        capturing = false;
      } else if (src.startsWith('(?<', this.pos)) this.pos = src.indexOf('>', this.pos) + 1;
      else if (src[this.pos + 1] === '?') throw new Unsupported(`group syntax \`${src.slice(this.pos, this.pos + 3)}\``);
      else this.pos++;
      const inner = this.disjunction();
      if (src[this.pos] !== ')') throw new Unsupported('an unclosed group');
      this.pos++;
      // Only version-from reads a group; for content, whether a line matches is all that is asked.
      return done(this.captures && capturing ? `(${inner})` : `(?:${inner})`);
    }
    if (c === '.') {
      this.pos++;
      return done(classOf(complement(LINE_TERMINATORS)));
    }
    if (c === '[') return done(this.characterClass());
    if (c === '\\') return this.escape(start);
    // A literal character; a surrogate pair is one character beyond the BMP.
    const cp = src.codePointAt(this.pos)!;
    if (cp > 0xffff) {
      this.pos += 2;
      return done(literal(cp), true);
    }
    if (isSurrogate(cp)) throw new Unsupported('a lone surrogate code unit');
    this.pos++;
    return done(literal(cp));
  }

  /** An escape outside a class (`\b` and `\B` are handled as assertions). */
  private escape(start: number): { text: string; astral: boolean; source: string } {
    const src = this.src;
    const done = (text: string, astral = false) => ({ text, astral, source: src.slice(start, this.pos) });
    const e = src[this.pos + 1];
    if (e === undefined) throw new Unsupported('a trailing backslash');
    const set = classEscape(e);
    if (set) {
      this.pos += 2;
      return done(classOf(set));
    }
    if (e >= '1' && e <= '9') {
      let end = this.pos + 1;
      while (isDigit(src[end])) end++;
      const n = Number(src.slice(this.pos + 1, end));
      if (n <= this.groups) throw new Unsupported(`backreference \`${src.slice(this.pos, end)}\``);
    }
    if (e === 'k' && this.named) {
      const end = src.indexOf('>', this.pos);
      throw new Unsupported(`backreference \`${end === -1 ? '\\k' : src.slice(this.pos, end + 1)}\``);
    }
    if (e === 'u') {
      const unit = this.hex4(this.pos + 2);
      if (unit !== null && isSurrogate(unit)) {
        // A pair of escapes is one character beyond the BMP; a lone surrogate never matches text.
        const low = src[this.pos + 6] === '\\' && src[this.pos + 7] === 'u' ? this.hex4(this.pos + 8) : null;
        if (unit <= 0xdbff && low !== null && low >= 0xdc00 && low <= 0xdfff) {
          this.pos += 12;
          return done(literal(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)), true);
        }
        throw new Unsupported(`a lone surrogate \`${src.slice(this.pos, this.pos + 6)}\``);
      }
    }
    if (e === 'c' && !isLetter(src[this.pos + 2])) {
      // Annex B: a backslash not followed by a control letter is a literal backslash.
      this.pos++;
      return done(literal(0x5c));
    }
    const unit = this.characterEscape();
    if (isSurrogate(unit)) {
      // An identity escape of a surrogate pair's first half: treat the pair as one character.
      const cp = src.codePointAt(this.pos - 1)!;
      if (cp > 0xffff) {
        this.pos++;
        return done(literal(cp), true);
      }
      throw new Unsupported('a lone surrogate code unit');
    }
    return done(literal(unit));
  }

  /**
   * A character escape at `pos` (the backslash), not a class escape nor a backreference:
   * returns its code unit and moves past it. Annex B's legacy octal and identity escapes included.
   */
  private characterEscape(inClass = false): number {
    const src = this.src;
    const e = src[this.pos + 1]!;
    this.pos += 2;
    switch (e) {
      case 't':
        return 0x09;
      case 'n':
        return 0x0a;
      case 'v':
        return 0x0b;
      case 'f':
        return 0x0c;
      case 'r':
        return 0x0d;
      case 'b':
        return 0x08; // only reached in a class
      case 'c': {
        const next = src[this.pos];
        if (isLetter(next) || (inClass && (isDigit(next) || next === '_'))) {
          this.pos++;
          return next!.charCodeAt(0) % 32;
        }
        this.pos -= 1; // the backslash alone, then "c" as the next atom
        return 0x5c;
      }
      case 'x':
        if (isHex(src[this.pos]) && isHex(src[this.pos + 1])) {
          this.pos += 2;
          return parseInt(src.slice(this.pos - 2, this.pos), 16);
        }
        return 0x78;
      case 'u': {
        const unit = this.hex4(this.pos);
        if (unit === null) return 0x75;
        this.pos += 4;
        return unit;
      }
      default:
        break;
    }
    if (isOctal(e)) {
      // Legacy octal: up to three digits, at most \377.
      let value = Number(e);
      if (isOctal(src[this.pos])) {
        value = value * 8 + Number(src[this.pos]);
        this.pos++;
        if (e <= '3' && isOctal(src[this.pos])) {
          value = value * 8 + Number(src[this.pos]);
          this.pos++;
        }
      }
      return value;
    }
    // Identity escape: the character itself (one code unit).
    return e.charCodeAt(0);
  }

  private hex4(at: number): number | null {
    const digits = this.src.slice(at, at + 4);
    return /^[0-9A-Fa-f]{4}$/.test(digits) ? parseInt(digits, 16) : null;
  }

  /** A quantifier at `pos`, or ''; a `{` that does not start one is a literal (Annex B). */
  private quantifier(): string {
    const src = this.src;
    const c = src[this.pos];
    let text: string;
    if (c === '*' || c === '+' || c === '?') {
      text = c;
      this.pos++;
    } else if (c === '{') {
      QUANTIFIER.lastIndex = this.pos;
      const match = QUANTIFIER.exec(src);
      if (!match) return '';
      const min = Number(match[1]);
      const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      this.pos += match[0].length;
      text = max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
      if (min > 1000 || (max !== Infinity && max > 1000)) throw new Unsupported(`repetition count above 1000 \`${match[0]}\``);
    } else {
      return '';
    }
    if (src[this.pos] === '?') {
      text += '?';
      this.pos++;
    }
    return text;
  }

  private characterClass(): string {
    const src = this.src;
    this.pos++; // [
    const negated = src[this.pos] === '^';
    if (negated) this.pos++;
    const units: Ranges = [];
    // Annex B: "]" right after "[" or "[^" closes the class: [] matches nothing, [^] anything.
    while (src[this.pos] !== ']') {
      if (this.pos >= src.length) throw new Unsupported('an unclosed character class');
      const a = this.classAtom();
      if (src[this.pos] === '-' && src[this.pos + 1] !== ']' && this.pos + 1 < src.length) {
        this.pos++;
        const b = this.classAtom();
        if ('unit' in a && 'unit' in b) {
          units.push([a.unit, b.unit]);
          continue;
        }
        // Annex B: a class escape at either end makes "-" a literal.
        units.push(...rangesOf(a), [0x2d, 0x2d], ...rangesOf(b));
        continue;
      }
      units.push(...rangesOf(a));
    }
    this.pos++; // ]
    return classOf(negated ? complement(units) : units);
  }

  private classAtom(): ClassAtom {
    const src = this.src;
    const c = src[this.pos]!;
    if (c !== '\\') {
      this.pos++;
      return { unit: c.charCodeAt(0) };
    }
    const e = src[this.pos + 1];
    if (e === undefined) throw new Unsupported('a trailing backslash');
    const set = classEscape(e);
    if (set) {
      this.pos += 2;
      return { set };
    }
    return { unit: this.characterEscape(true) };
  }
}

function rangesOf(atom: ClassAtom): Ranges {
  return 'unit' in atom ? [[atom.unit, atom.unit]] : atom.set;
}

/** The set of a class escape (\d \D \s \S \w \W), or null. */
function classEscape(e: string): Ranges | null {
  switch (e) {
    case 'd':
      return DIGIT;
    case 'D':
      return complement(DIGIT);
    case 'w':
      return WORD;
    case 'W':
      return complement(WORD);
    case 's':
      return SPACE;
    case 'S':
      return complement(SPACE);
    default:
      return null;
  }
}

/** Counts capture groups and whether any is named, as V8 does before parsing (escapes and classes skipped). */
function scanGroups(src: string): { groups: number; named: boolean } {
  let groups = 0;
  let named = false;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      if (src[i + 1] !== '?') groups++;
      else if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        groups++;
        named = true;
      }
    }
  }
  return { groups, named };
}

