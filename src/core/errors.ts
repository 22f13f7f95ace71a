/**
 * Errors the user can fix: a bad config, an unknown ref, a version that cannot be computed.
 * Entry points print `message` as one line (no stack) and exit 2 / fail the step.
 */
export class InputError extends Error {
  override readonly name: string = 'InputError';
}

/** A config problem, located: `FILE:LINE:COL: key.path: what was expected`. */
export class ConfigError extends InputError {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly keyPath: string,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${keyPath ? `${keyPath}: ` : ''}${escapeLineBreaks(detail)}`);
  }
}

/**
 * Line breaks inside a config detail (keys, globs, YAML excerpts) shown as escapes, so a located
 * message stays one line and still shows what the file holds; `oneLine` below is the entry
 * points' flattening of any throwable.
 */
function escapeLineBreaks(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16)}`));
}

/**
 * The one-line text of any throwable, for entry points that must never print a stack: line
 * breaks (and the spaces around them) become one space. `firstOnly` keeps only the first line,
 * for messages whose later lines are context (the YAML parser's excerpt with a caret).
 */
export function oneLine(error: unknown, options: { firstOnly?: boolean } = {}): string {
  const text =
    error instanceof Error
      ? error.message || error.name
      : typeof error === 'string'
        ? error
        : (() => {
            try {
              return JSON.stringify(error) ?? String(error);
            } catch {
              return String(error);
            }
          })();
  const lines = options.firstOnly ? text.split(/[\r\n\u2028\u2029]/, 1) : [text];
  return lines[0]!.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim() || 'unknown error';
}
