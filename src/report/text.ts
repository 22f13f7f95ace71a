/** Text and markdown renderings of a decision: the headline first, then the files table. */
import type { Decision, FileDecision } from '../core/index.js';
import { codeSpan, escapeMarkdown, visible } from './escape.js';

/** "minor: 1.4.2 -> 1.5.0 (tag v1.5.0)" */
export function headline(d: Pick<Decision, 'bump' | 'currentVersion' | 'nextVersion' | 'nextTag' | 'prerelease'>): string {
  const from = d.currentVersion ?? 'no release yet';
  if (d.nextVersion === null) return `${d.bump}: no release (current ${from})`;
  return `${d.bump}: ${from} -> ${d.nextVersion} (tag ${d.nextTag}${d.prerelease ? ', prerelease' : ''})`;
}

/**
 * The decision's headline. A monorepo without a repository-wide version releases through its
 * components: then they are what the headline names, never "no release" while one releases.
 */
export function decisionHeadline(d: Decision): string {
  const releasing = releasingComponents(d);
  if (d.nextVersion !== null || releasing.length === 0) return headline(d);
  return `${d.bump}: ${componentReleases(releasing)}`;
}

function releasingComponents(d: Decision): Decision['components'] {
  return d.components.filter((c) => c.name !== 'root' && c.nextVersion !== null);
}

/** "2 components release: api 1.5.0, web 2.0.1" (the first 5 named). */
function componentReleases(releasing: Decision['components'], quote: (text: string) => string = visible): string {
  const named = releasing.slice(0, 5).map((c) => `${quote(c.name)} ${quote(c.nextVersion!)}`);
  const more = releasing.length > 5 ? ` and ${releasing.length - 5} more` : '';
  return `${releasing.length} component${releasing.length === 1 ? ' releases' : 's release'}: ${named.join(', ')}${more}`;
}

/**
 * A commit's short SHA (null: the empty tree). Only a SHA is shortened: anything else (a ref
 * name) is shown whole, so "v9.24.19" can never be cut to "v9.24.1" and pass for a commit.
 */
function short(sha: string | null): string {
  if (sha === null) return 'empty tree';
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : sha;
}

function fileName(f: FileDecision): string {
  return f.previousPath !== null ? `${visible(f.previousPath)} -> ${visible(f.path)}` : visible(f.path);
}

export function renderText(d: Decision, options: { maxFiles?: number } = {}): string {
  const max = options.maxFiles ?? Infinity;
  const lines: string[] = [];
  lines.push(`bump ${decisionHeadline(d)}`);
  const base = d.base === null ? visible(d.baseRef) : `${visible(d.baseRef)} (${short(d.base)})`;
  lines.push(`change: ${base}...${visible(d.headRef)} (${short(d.head)}), ${d.files.length} file(s)${d.truncated ? ', may be incomplete' : ''}`);
  if (d.channel !== null) lines.push(`channel: ${d.channel}`);
  if (d.override) lines.push(`override: label "${visible(d.override.label)}" sets the bump to ${d.override.bump}`);
  lines.push(...noteLines(d));
  if (d.labels.length > 0) lines.push(`labels: ${d.labels.map(visible).join(', ')}`);
  if (d.policy.message) lines.push(`policy: ${d.policy.failed ? 'FAILED: ' : ''}${visible(d.policy.message)}`);
  const named = d.components.filter((c) => c.name !== 'root' || d.components.length > 1);
  if (named.length > 0) {
    lines.push('', 'components:');
    for (const c of named) {
      const since = c.baseRef === d.baseRef ? '' : ` since ${visible(c.baseRef)}`;
      lines.push(`  ${visible(c.name)}: ${headline(c)}, ${c.files.length} file(s)${since}`);
    }
  }
  if (d.files.length > 0) {
    const shown = d.files.slice(0, max);
    // One line per file, built once; a rule's name is made visible once. Loops, not spreads:
    // Math.max(...rows) or push(...rows) of 150,000 arguments overflows the stack.
    const ruleNames = new Map<string | null, string>([[null, '(default-bump)']]);
    const rules = shown.map((f) => ruleNames.get(f.rule) ?? ruleNames.set(f.rule, visible(f.rule!)).get(f.rule)!);
    let [bumpWidth, statusWidth, ruleWidth] = ['BUMP'.length, 'STATUS'.length, 'RULE'.length];
    shown.forEach((f, i) => {
      bumpWidth = Math.max(bumpWidth, f.bump.length);
      statusWidth = Math.max(statusWidth, f.status.length);
      ruleWidth = Math.max(ruleWidth, rules[i]!.length);
    });
    const row = (bump: string, status: string, rule: string, file: string): string =>
      `${bump.padEnd(bumpWidth)}  ${status.padEnd(statusWidth)}  ${rule.padEnd(ruleWidth)}  ${file}`.trimEnd();
    lines.push('', row('BUMP', 'STATUS', 'RULE', 'FILE'));
    shown.forEach((f, i) => lines.push(row(f.bump, f.status, rules[i]!, fileName(f))));
    if (d.files.length > shown.length) lines.push(`... and ${d.files.length - shown.length} more`);
  }
  if (d.commits.length > 0) {
    lines.push('', 'commits:');
    for (const c of d.commits) lines.push(`  ${c.bump.padEnd(5)}  ${c.sha.slice(0, 7)}  ${visible(c.subject)}  (${visible(c.reason)})`);
  }
  if (d.warnings.length > 0) {
    lines.push('', 'warnings:');
    for (const w of d.warnings) lines.push(`  - ${visible(w)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderMarkdown(d: Decision, options: { maxFiles?: number } = {}): string {
  const max = options.maxFiles ?? 500;
  const md = escapeMarkdown;
  const out: string[] = [];
  const releasing = releasingComponents(d);
  const title =
    d.nextVersion !== null
      ? `Bump **${d.bump}**: ${md(d.currentVersion ?? 'no release yet')} → **${md(d.nextVersion)}** (tag ${md(d.nextTag!)})`
      : releasing.length > 0
        ? `Bump **${d.bump}**: ${componentReleases(releasing, md)}`
        : `No release: bump **${d.bump}**`;
  out.push(`### ${title}`, '');
  out.push(
    `Change ${md(d.baseRef)}${d.base === null ? '' : ` (${codeSpan(short(d.base), { table: false })})`}...${md(d.headRef)} (${codeSpan(short(d.head), { table: false })}): ` +
      `${d.files.length} file(s)` +
      `${d.truncated ? ' — **the file list may be incomplete**' : ''}.`,
  );
  if (d.channel !== null) out.push('', `Prerelease channel: ${codeSpan(d.channel, { table: false })}`);
  if (d.override) out.push('', `Override: label ${md(d.override.label)} sets the bump to **${d.override.bump}**.`);
  out.push(...markdownNotes(d));
  if (d.labels.length > 0) out.push('', `Labels: ${d.labels.map(md).join(', ')}`);
  if (d.policy.message) out.push('', `${d.policy.failed ? '**Policy failed:**' : 'Policy:'} ${md(d.policy.message)}`);
  const named = d.components.filter((c) => c.name !== 'root' || d.components.length > 1);
  if (named.length > 0) {
    out.push('', '| component | bump | current | next | tag | files |', '| --- | --- | --- | --- | --- | ---: |');
    for (const c of named) {
      out.push(
        `| ${md(c.name)} | ${c.bump} | ${md(c.currentVersion ?? '—')} | ${md(c.nextVersion ?? '—')} | ${md(c.nextTag ?? '—')} | ${c.files.length} |`,
      );
    }
  }
  if (d.warnings.length > 0) {
    out.push('', '> [!WARNING]');
    for (const w of d.warnings) out.push(`> ${md(w)}<br>`);
  }
  if (d.commits.length > 0) {
    out.push('', '| commit | subject | reason | bump |', '| --- | --- | --- | --- |');
    for (const c of d.commits.slice(0, max)) out.push(`| ${codeSpan(short(c.sha))} | ${md(c.subject)} | ${md(c.reason)} | ${c.bump} |`);
  }
  if (d.files.length > 0) {
    out.push('', '| file | status | rule | bump |', '| --- | --- | --- | --- |');
    for (const f of d.files.slice(0, max)) {
      // Paths as code spans: shown as written, nothing in them is markup (rule names come from the config).
      const name = f.previousPath !== null ? `${codeSpan(f.previousPath)} → ${codeSpan(f.path)}` : codeSpan(f.path);
      out.push(`| ${name} | ${f.status} | ${f.rule === null ? '*default-bump*' : md(f.rule)} | ${f.bump} |`);
    }
    if (d.files.length > max) out.push('', `… and ${d.files.length - max} more file(s).`);
  }
  return `${out.join('\n')}\n`;
}

/** "note: ..." lines: how the decision was reached (a bump raised by the tag-format, a Release-As version). */
function noteLines(d: Pick<Decision, 'notes'>): string[] {
  return (d.notes ?? []).map((n) => `note: ${visible(n)}`);
}

/** The notes as a paragraph of lines, in a summary or comment. */
function markdownNotes(d: Pick<Decision, 'notes'>): string[] {
  const notes = d.notes ?? [];
  return notes.length === 0 ? [] : ['', notes.map((n) => `Note: ${escapeMarkdown(n)}`).join('<br>\n')];
}
