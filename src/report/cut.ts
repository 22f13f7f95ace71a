/**
 * Cutting markdown to GitHub's limits: a sticky comment (65,536 characters) and a job summary
 * (1 MiB; larger, GitHub drops all of it). Pure text, kept apart from the API writes so the
 * action's entry can cut a summary without loading them.
 */

/** GitHub rejects comment bodies longer than this ("Body is too long (maximum is 65536 characters)"). */
export const MAX_COMMENT_CHARS = 65_536;

/** GitHub drops a step's whole job summary when it is larger than 1 MiB (in bytes). */
export const MAX_SUMMARY_BYTES = 1024 * 1024;

/** How a limit counts: UTF-16 code units (never fewer than GitHub's characters) or UTF-8 bytes. */
type Unit = 'characters' | 'bytes';
const sizeIn = (text: string, unit: Unit): number => (unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length);

/** The longest prefix of `text` within `budget`, never splitting a character (nor a surrogate pair). */
function prefixWithin(text: string, budget: number, unit: Unit): string {
  if (unit === 'bytes') {
    // encodeInto stops before a character that does not fit whole; `read` counts UTF-16 units.
    return text.slice(0, new TextEncoder().encodeInto(text, new Uint8Array(budget)).read);
  }
  const kept = text.slice(0, budget);
  return /[\uD800-\uDBFF]$/.test(kept) ? kept.slice(0, -1) : kept;
}

/**
 * `head` (may be empty), then `body`, cut to `limit` if needed: the one cutting function for the
 * sticky comment and the job summary. The cut is at a line boundary, code fences and <details>
 * blocks left open by the cut are closed so the rest still renders, and a note says how much was
 * left out.
 */
export function cutToFit(
  head: string,
  body: string,
  { limit, unit, what, limitName }: { limit: number; unit: Unit; what: string; limitName: string },
): { text: string; truncated: boolean } {
  const full = `${head}${body}`;
  if (sizeIn(full, unit) <= limit) return { text: full, truncated: false };

  const notice = (lines: number, size: number) =>
    `\n\n_This ${what} was cut to fit GitHub's ${limitName} limit: ` +
    `${lines.toLocaleString('en-US')} line(s), ${size.toLocaleString('en-US')} ${unit}, left out._\n`;
  // Room for the head, the longest notice and anything we add to close blocks.
  const closers = 200;
  const budget = Math.max(0, limit - sizeIn(head, unit) - sizeIn(notice(body.length, sizeIn(body, unit)), unit) - closers);

  let kept = prefixWithin(body, budget, unit);
  const lineEnd = kept.lastIndexOf('\n');
  if (lineEnd > 0) kept = kept.slice(0, lineEnd); // else a single very long line: cut inside it

  let closing = '';
  const fences = kept.split('\n').filter((line) => /^\s*(```|~~~)/.test(line)).length;
  if (fences % 2 === 1) closing += '\n```';
  const openDetails = (kept.match(/<details[\s>]/gi) ?? []).length - (kept.match(/<\/details>/gi) ?? []).length;
  for (let i = 0; i < Math.min(openDetails, 10); i++) closing += '\n</details>';

  const rest = body.slice(kept.length);
  const restLines = rest.split('\n').filter((line) => line !== '').length;
  return { text: `${head}${kept}${closing}${notice(restLines, sizeIn(rest, unit))}`, truncated: true };
}

/** The comment text to write: the marker line, then the body, cut to GitHub's comment limit. */
export function commentText(marker: string, body: string, limit = MAX_COMMENT_CHARS): { text: string; truncated: boolean } {
  return cutToFit(`${marker}\n`, body, { limit, unit: 'characters', what: 'comment', limitName: `${limit.toLocaleString('en-US')}-character` });
}

/**
 * The job summary to write, under 1 MiB in UTF-8 bytes (writeSummary adds one newline; GitHub
 * would otherwise drop all of it).
 */
export function summaryText(markdown: string, limit = MAX_SUMMARY_BYTES - 1): { text: string; truncated: boolean } {
  return cutToFit('', markdown, { limit, unit: 'bytes', what: 'job summary', limitName: '1 MiB' });
}

/** GitHub rejects release bodies longer than this ("body is too long (maximum is 125000 characters)"). */
export const MAX_RELEASE_BODY_CHARS = 125_000;

/** A release body, cut at a line boundary to GitHub's release-body limit, with a note saying so. */
export function releaseBodyText(body: string, limit = MAX_RELEASE_BODY_CHARS): { text: string; truncated: boolean } {
  return cutToFit('', body, { limit, unit: 'characters', what: 'release body', limitName: `${limit.toLocaleString('en-US')}-character` });
}
