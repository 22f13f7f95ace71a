/**
 * File names, rule names and labels are data, never markup: a path such as "a|b", "`x`",
 * "<script>", "@team" or one with a newline must show as itself in a table, a summary or a log.
 */

const MARKDOWN_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '|': '&#124;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '\\': '&#92;',
  '~': '&#126;',
  // GitHub decodes entities before it links mentions and references, so "&#64;someone" would
  // still notify someone: a zero-width space after "@" and "#" breaks "@someone", "#123" and
  // "owner/repo#1" for good. ":smile:" would render an emoji.
  '#': '#\u200b',
  '@': '@\u200b',
  ':': '&#58;',
  '!': '&#33;',
  '$': '&#36;',
};

/** Text safe inside markdown (including a table cell) and HTML, shown literally. */
export function escapeMarkdown(text: string): string {
  return visible(text).replace(/[&<>|`*_[\]\\~#@:!$]/g, (c) => MARKDOWN_ENTITIES[c]!);
}

/** Control characters (newline, tab, escape, ...) shown as visible escapes, never executed. */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
