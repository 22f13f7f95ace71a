/**
 * File names, rule names and labels are data, never markup: a path such as "a|b", "`x`",
 * "<script>", "@team" or one with a newline must show as itself in a table, a summary or a log.
 *
 * Two forms in markdown:
 * - codeSpan(): paths, rule names and labels, as code spans. Nothing is interpreted inside one
 *   (no HTML, links, autolinks, mentions, references, emoji, entities), so the text is written
 *   as it is and the raw markdown stays readable and grep-able.
 * - escapeMarkdown(): other text (versions, refs, messages, commit subjects) in running prose,
 *   neutralised with backslash escapes and a zero-width space after "@" and "#".
 */

/**
 * Characters that change how text around them displays without showing themselves: bidi
 * embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), marks (U+200E, U+200F,
 * U+061C), zero-width spaces and joiners (U+200B-U+200D, U+2060) and the BOM (U+FEFF).
 * "invoice<U+202E>fdp.exe.md" would display as "invoicedm.exe.pdf".
 */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;
const HIDDEN = new RegExp(`[\\x00-\\x1f\\x7f\\u2028\\u2029]|${INVISIBLE.source}`, 'g');

/**
 * Control characters (newline, tab, escape, ...) and invisible formatting characters (bidi
 * controls, zero-width characters) shown as visible escapes, never executed or rendered.
 * Every output path (summary, comment, annotations, log, failure messages) goes through this.
 */
export function visible(text: string): string {
  return text.replace(HIDDEN, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Text safe in running markdown (including a table cell) and HTML, shown literally. ASCII
 * punctuation that markdown or GitHub gives a meaning (HTML, entities, emphasis, links, code,
 * tables, strikethrough, math) is backslash-escaped, which renders as the character itself.
 * GitHub finds mentions and issue references in the rendered text, after escapes and entities
 * are decoded, so nothing but a character in between breaks them: a zero-width space goes after
 * "@" and "#". It is inserted after visible() ran, so it is ours, not a hidden input character.
 */
export function escapeMarkdown(text: string): string {
  return visible(text)
    .replace(/[\\`*_[\]<>&|~!$]/g, '\\$&')
    .replace(/[@#]/g, '$&\u200b');
}

/**
 * A code span showing `text` literally: its fence is one backtick longer than the longest run
 * of backticks inside, and it is padded with a space when the text starts or ends with a
 * backtick or a space (CommonMark strips one space on each side). Hidden characters are shown
 * as escapes first (a code span would display a newline as a space, and bidi controls as
 * nothing). A "|" is written "\|" so that it cannot end a table cell: GitHub removes that
 * backslash in a table, including inside a code span; pass `table: false` for prose.
 */
export function codeSpan(text: string, options: { table?: boolean } = {}): string {
  let body = visible(text);
  if (options.table !== false) body = body.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(body) && body.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
