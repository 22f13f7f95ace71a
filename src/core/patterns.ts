/**
 * Regular expressions written in the config: `content` rules and `version-from` patterns.
 * Compiled once; a source that does not compile is a config error, never a runtime surprise.
 */

/** Why a regex source is unusable, or null. */
export function regexProblem(source: string): string | null {
  if (source.length > 4096) return 'a regular expression longer than 4096 characters';
  try {
    new RegExp(source);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `not a valid regular expression (${message.replace(/^Invalid regular expression: /, '')})`;
  }
}

/** How many capture groups a (valid) regex source has. */
export function captureGroupCount(source: string): number {
  // An alternative that matches the empty string makes exec() report every group.
  const match = new RegExp(`${source}|`).exec('');
  return match ? match.length - 1 : 0;
}

/** A `content` condition: a regex over changed lines, optionally restricted to one side. */
export interface ContentPattern {
  added: RegExp | null;
  removed: RegExp | null;
}

export function compileContent(content: string | { added?: string; removed?: string }): ContentPattern {
  if (typeof content === 'string') {
    const re = new RegExp(content);
    return { added: re, removed: re };
  }
  return {
    added: content.added === undefined ? null : new RegExp(content.added),
    removed: content.removed === undefined ? null : new RegExp(content.removed),
  };
}

/**
 * Whether any changed line of a patch satisfies the pattern. The patch is unified-diff hunks as
 * GitHub's API returns them (sources drop file headers): "+" lines are added, "-" lines removed.
 */
export function patchMatches(patch: string, pattern: ContentPattern): boolean {
  let start = 0;
  const length = patch.length;
  while (start <= length) {
    let end = patch.indexOf('\n', start);
    if (end === -1) end = length;
    const first = patch.charCodeAt(start);
    if (first === 43 /* + */ && pattern.added) {
      if (pattern.added.test(stripCr(patch.slice(start + 1, end)))) return true;
    } else if (first === 45 /* - */ && pattern.removed) {
      if (pattern.removed.test(stripCr(patch.slice(start + 1, end)))) return true;
    }
    start = end + 1;
  }
  return false;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
