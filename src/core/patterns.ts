/**
 * `content` rules on patches: which changed lines a pattern is tested on, and how much of a
 * change's patches is read. Patches are hostile input (a pull request chooses them); the regexes
 * run in linear time (regex.ts), but linear time is not small time: re2js's worst case is roughly
 * proportional to the bytes read times the pattern's size, so reading is bounded (see
 * MAX_PATCH_BYTES and MAX_TOTAL_PATCH_BYTES). A patch that is not read in full, where no line
 * read matched, counts as matching, as a missing patch does: an unknown change is never assumed
 * harmless.
 */
import { compileRegex, type LineRegex } from './regex.js';

/**
 * Per file: only the first 1 MiB (UTF-8 bytes, whole lines) of a patch is read. When no line read
 * matches a content rule and the patch goes on, the rule counts as matching, with a warning.
 */
export const MAX_PATCH_BYTES = 1024 * 1024;

/**
 * Per classification (one `classify()` call: the top level or one component): at most 50 MiB of
 * patch bytes are read, across files and rules (a patch read by two content rules counts twice),
 * each byte times the weight of the pattern that reads it (see patternWeight). Once the budget is
 * used up, content rules count as matching, with a warning. Files are read in path order, so
 * which ones are read never depends on the order of the input.
 */
export const MAX_TOTAL_PATCH_BYTES = 50 * 1024 * 1024;

/** A `content` condition: a regex over changed lines, optionally restricted to one side. */
export interface ContentPattern {
  added: LineRegex | null;
  removed: LineRegex | null;
}

/** Compiles a `content` condition whose sources passed `regexProblem`. */
export function compileContent(content: string | { added?: string; removed?: string }): ContentPattern {
  if (typeof content === 'string') {
    const re = lineRegex(content);
    return { added: re, removed: re };
  }
  return {
    added: content.added === undefined ? null : lineRegex(content.added),
    removed: content.removed === undefined ? null : lineRegex(content.removed),
  };
}

function lineRegex(source: string): LineRegex {
  return compileRegex(source, false); // validated by regexProblem first
}

/**
 * Whether any changed line of a patch satisfies the pattern, reading the whole patch. The patch is
 * unified-diff hunks as GitHub's API returns them (sources drop file headers): "+" lines are
 * added, "-" lines removed; a "\r" ending a line is not part of it.
 */
export function patchMatches(patch: string, pattern: ContentPattern): boolean {
  return readPatch(patch, pattern, Infinity).matched;
}

// ---------------------------------------------------------------------------------------------
// Reading patches within a budget

/** Why a content rule could not be decided from the patch, so counted as matching. */
export type UnknownPatch = 'missing' | 'too-large' | 'budget';

/** What is left to read in one classification; shared by its files. */
export class PatchBudget {
  remaining: number;

  constructor(
    readonly maxPatchBytes: number = MAX_PATCH_BYTES,
    readonly maxTotalPatchBytes: number = MAX_TOTAL_PATCH_BYTES,
  ) {
    this.remaining = maxTotalPatchBytes;
  }
}

/**
 * Whether any changed line of the patch satisfies the pattern, reading at most the budget's
 * per-file bytes and what is left of its total (charged bytes read times the pattern's weight).
 * A match among the lines read is a match; otherwise, when the patch was not read in full, the
 * answer is why not.
 */
export function matchPatch(patch: string, pattern: ContentPattern, budget: PatchBudget): boolean | 'too-large' | 'budget' {
  const weight = Math.max(pattern.added?.weight ?? 1, pattern.removed?.weight ?? 1);
  const affordable = Math.floor(budget.remaining / weight);
  const limit = Math.min(budget.maxPatchBytes, affordable);
  const read = readPatch(patch, pattern, limit);
  budget.remaining = Math.max(0, budget.remaining - read.bytes * weight);
  if (read.matched || read.complete) return read.matched;
  // The per-file limit cut it when the budget could have paid for more.
  return budget.maxPatchBytes <= affordable ? 'too-large' : 'budget';
}

/** Lines are tested in chunks of about this many bytes, so an early match stops the reading. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Reads whole lines from the start of the patch while their UTF-8 bytes (newlines included) stay
 * within `limit`, testing them a chunk at a time; stops at the first match. `complete`: every line
 * was read; `bytes`: how many were.
 */
function readPatch(patch: string, pattern: ContentPattern, limit: number): { matched: boolean; complete: boolean; bytes: number } {
  const added: string[] = [];
  const removed: string[] = [];
  let bytes = 0;
  let chunk = 0;
  let start = 0;
  const length = patch.length;
  while (start < length) {
    let end = patch.indexOf('\n', start);
    if (end === -1) end = length;
    const lineBytes = utf8Length(patch, start, end) + (end < length ? 1 : 0);
    if (bytes + lineBytes > limit) {
      return { matched: testLines(pattern, added, removed), complete: false, bytes };
    }
    bytes += lineBytes;
    chunk += lineBytes;
    const first = patch.charCodeAt(start);
    if (first === 43 /* + */ && pattern.added) added.push(lineText(patch, start + 1, end));
    else if (first === 45 /* - */ && pattern.removed) removed.push(lineText(patch, start + 1, end));
    start = end + 1;
    if (chunk >= CHUNK_BYTES) {
      if (testLines(pattern, added, removed)) return { matched: true, complete: start >= length, bytes };
      added.length = 0;
      removed.length = 0;
      chunk = 0;
    }
  }
  return { matched: testLines(pattern, added, removed), complete: true, bytes };
}

function testLines(pattern: ContentPattern, added: readonly string[], removed: readonly string[]): boolean {
  // Joining is sound: a translated regex never matches "\n" and its ^ and $ are per line.
  if (added.length > 0 && pattern.added!.anyLine(added.join('\n'))) return true;
  return removed.length > 0 && pattern.removed!.anyLine(removed.join('\n'));
}

function lineText(patch: string, start: number, end: number): string {
  return patch.charCodeAt(end - 1) === 13 /* \r */ && end > start ? patch.slice(start, end - 1) : patch.slice(start, end);
}

/** UTF-8 length of patch[start, end) (a lone surrogate counts as the 3 bytes of U+FFFD). */
function utf8Length(text: string, start: number, end: number): number {
  let bytes = end - start;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}
