/**
 * The "why" release notes: what decided a version, in markdown, for a release body (the action)
 * and `--format notes` (the CLI). Pure: a decision in, text out; the repository's web address is
 * optional (without it, pull requests named in commit subjects are shown, not linked).
 *
 * A section per release line: the bump and the versions, what decided the bump (the rules at
 * the top bump, the commits, an override label, a Release-As footer, version-from), the notes
 * of the decision, then every rule with its files and every commit with its reason, each list
 * capped with a count of the rest. File names are code spans; rule names, subjects and reasons
 * are escaped: nothing a file name or commit subject holds becomes markup, a mention or a link.
 */
import { bumpRank, ROOT_COMPONENT, type Bump, type CommitDecision, type Decision, type FileDecision, type ReleaseAs } from '../core/index.js';
import { codeSpan, escapeMarkdown } from './escape.js';

export interface WhyNotesOptions {
  /**
   * The repository's web address (`https://github.com/OWNER/REPO`): a pull request named in a
   * commit subject, `(#123)` or `Merge pull request #123`, links to `<repoUrl>/pull/123`.
   * Absent (or not an http(s) address): the number is shown as text, never linked.
   */
  repoUrl?: string | null;
  /** A component's notes; absent: the top level's (with components, each changed one's). */
  component?: string;
  /** Files listed under each rule before "and N more" (default 10). */
  filesPerRule?: number;
  /** Commits listed before "and N more" (default 20). */
  maxCommits?: number;
}

export const DEFAULT_FILES_PER_RULE = 10;
export const DEFAULT_MAX_COMMITS = 20;

/** One release line as the notes see it: the top level, or a component. */
interface Line {
  /** null: the top level (or the one component `root`). */
  name: string | null;
  bump: Bump;
  currentVersion: string | null;
  currentTag: string | null;
  nextVersion: string | null;
  nextTag: string | null;
  prerelease: boolean;
  files: readonly FileDecision[];
  commits: readonly CommitDecision[];
  releaseAs: ReleaseAs | null;
  notes: readonly string[];
  versionFrom: { value: string; file: string } | null;
}

/**
 * The "Why X.Y.Z" markdown of a decision: the top level's section, or with `component` that
 * component's. Without `component`, a monorepo without a version of its own gets one section
 * per changed component.
 */
export function whyNotes(decision: Decision, options: WhyNotesOptions = {}): string {
  const named = decision.components.filter((c) => c.name !== ROOT_COMPONENT);
  const names = named.map((c) => c.name);
  const sections: Line[] = [];
  if (options.component !== undefined && options.component !== ROOT_COMPONENT) {
    if (!names.includes(options.component)) throw new Error(`whyNotes: the decision has no component "${options.component}"`);
    sections.push(componentLine(decision, options.component));
  } else {
    const changed = options.component === undefined ? named.filter((c) => c.nextVersion !== null) : [];
    // A monorepo without a version of its own has no top-level section, only its components'.
    const topVersioned = named.length === 0 || decision.nextVersion !== null || options.component === ROOT_COMPONENT;
    if (topVersioned || changed.length === 0) sections.push(topLine(decision, names));
    sections.push(...changed.map((c) => componentLine(decision, c.name)));
  }
  const render = new Renderer(decision, options);
  return sections.map((line) => render.section(line)).join('\n');
}

function topLine(d: Decision, componentNames: readonly string[]): Line {
  const prefixes = componentNames.map((n) => `${n}: `);
  const root = d.components.find((c) => c.name === ROOT_COMPONENT);
  return {
    name: null,
    bump: d.bump,
    currentVersion: d.currentVersion,
    currentTag: d.currentTag,
    nextVersion: d.nextVersion,
    nextTag: d.nextTag,
    prerelease: d.prerelease,
    files: d.files,
    commits: d.commits,
    releaseAs: d.releaseAs ?? root?.releaseAs ?? null,
    notes: (d.notes ?? []).filter((n) => !prefixes.some((p) => n.startsWith(p))),
    versionFrom: d.versionFrom ?? null,
  };
}

function componentLine(d: Decision, name: string): Line {
  const c = d.components.find((x) => x.name === name)!;
  const prefix = `${name}: `;
  return {
    name,
    bump: c.bump,
    currentVersion: c.currentVersion,
    currentTag: c.currentTag,
    nextVersion: c.nextVersion,
    nextTag: c.nextTag,
    prerelease: c.prerelease,
    files: c.files,
    commits: c.commits ?? [],
    releaseAs: c.releaseAs,
    notes: (d.notes ?? []).filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length)),
    versionFrom: null,
  };
}

/** A commit's short SHA, or a label such as "PR title" as it is. */
function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : sha;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Bumps from the highest down; equal bumps keep their order (sort is stable). */
const byBumpDown = <T extends { bump: Bump }>(items: readonly T[]): T[] => [...items].sort((a, b) => bumpRank(b.bump) - bumpRank(a.bump));

/** An http(s) address as written into a markdown link target, or null. */
function linkBase(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  // A link target ends at ")" or whitespace; URL already encoded the whitespace.
  return parsed.href.replace(/\/+$/, '').replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** "(#123)" and "Merge pull request #123": the pull request numbers a subject names. */
const PULL_REF = /\(#(\d{1,10})\)|^(Merge pull request )#(\d{1,10})\b/g;

class Renderer {
  private readonly repoUrl: string | null;
  private readonly filesPerRule: number;
  private readonly maxCommits: number;

  constructor(
    private readonly decision: Decision,
    options: WhyNotesOptions,
  ) {
    this.repoUrl = linkBase(options.repoUrl);
    this.filesPerRule = Math.max(1, options.filesPerRule ?? DEFAULT_FILES_PER_RULE);
    this.maxCommits = Math.max(1, options.maxCommits ?? DEFAULT_MAX_COMMITS);
  }

  section(line: Line): string {
    const md = escapeMarkdown;
    const out: string[] = [];
    const who = line.name === null ? '' : `${md(line.name)} `;
    if (line.nextVersion === null) {
      out.push(`## Why no release${line.name === null ? '' : ` of ${md(line.name)}`}`, '');
      out.push(`Bump **${line.bump}**: nothing in this change makes a release${line.currentVersion === null ? '' : ` (current ${md(line.currentVersion)})`}.`);
    } else {
      out.push(`## Why ${who}${md(line.nextVersion)}`, '');
      const from = line.currentVersion === null ? 'first release' : `${md(line.currentVersion)} (${codeSpan(line.currentTag ?? line.currentVersion, { table: false })})`;
      const channel = line.prerelease && this.decision.channel !== null ? `, a prerelease on the ${codeSpan(this.decision.channel, { table: false })} channel` : '';
      out.push(`Bump **${line.bump}**: ${from} → **${md(line.nextVersion)}** (${codeSpan(line.nextTag ?? line.nextVersion, { table: false })})${channel}.`);
    }
    const decided = this.decidedBy(line);
    if (decided !== null) out.push(decided.text);
    const facts = this.facts(line, decided?.by ?? null);
    if (facts.length > 0) out.push('', ...facts.map((f) => `- ${f}`));
    const rules = this.rules(line);
    if (rules.length > 0) out.push('', '### Rules', '', ...rules);
    const commits = this.commits(line);
    if (commits.length > 0) out.push('', '### Commits', '', ...commits);
    return `${out.join('\n')}\n`;
  }

  /** What set the bump, in one sentence: the strongest cause. */
  private decidedBy(line: Line): { text: string; by: 'override' | 'release-as' | 'version-from' | 'changes' } | null {
    const d = this.decision;
    const span = (text: string): string => codeSpan(text, { table: false });
    const releasing = line.files.length > 0 || line.commits.length > 0;
    if (d.override !== null && releasing) {
      return { by: 'override', text: `Decided by the override label ${span(d.override.label)}, which sets **${d.override.bump}**.` };
    }
    if (line.releaseAs !== null) {
      return { by: 'release-as', text: `Decided by the ${span(`Release-As: ${line.releaseAs.version}`)} footer of commit ${span(shortSha(line.releaseAs.sha))}.` };
    }
    const vf = line.versionFrom;
    if (vf !== null && line.nextVersion !== null && line.nextVersion.startsWith(`${vf.value}.`) && !(line.currentVersion ?? '').startsWith(`${vf.value}.`)) {
      return { by: 'version-from', text: `Decided by ${span('version-from.major')}: major ${escapeMarkdown(vf.value)} from ${span(vf.file)}.` };
    }
    const top = [...line.files, ...line.commits].reduce<Bump>((best, x) => (bumpRank(x.bump) > bumpRank(best) ? x.bump : best), 'none');
    if (top === 'none') return null;
    const causes: string[] = [];
    const rules = new Map<string | null, number>();
    for (const f of line.files) if (f.bump === top) rules.set(f.rule, (rules.get(f.rule) ?? 0) + 1);
    const shown = [...rules].slice(0, 3);
    for (const [rule, count] of shown) {
      causes.push(`${rule === null ? `${codeSpan('default-bump', { table: false })} (no rule matched)` : `the rule ${escapeMarkdown(rule)}`} (${plural(count, 'file')})`);
    }
    if (rules.size > shown.length) causes.push(`${plural(rules.size - shown.length, 'other rule')}`);
    const commits = line.commits.filter((c) => c.bump === top);
    if (commits.length > 0) {
      const named = commits.slice(0, 3).map((c) => codeSpan(shortSha(c.sha), { table: false }));
      causes.push(`${commits.length === 1 ? 'commit' : 'commits'} ${named.join(', ')}${commits.length > named.length ? ` and ${commits.length - named.length} more` : ''}`);
    }
    const list = causes.length === 1 ? causes[0]! : `${causes.slice(0, -1).join(', ')} and ${causes[causes.length - 1]!}`;
    const cut = this.decision.truncated ? ' The file list may be incomplete, so the bump is the highest the config can produce.' : '';
    return { by: 'changes', text: `Decided by ${list} (**${top}**).${cut}` };
  }

  /** Override, version-from and the decision's notes, one line each, unless the "Decided by" line already says it. */
  private facts(line: Line, decidedBy: string | null): string[] {
    const d = this.decision;
    const facts: string[] = [];
    if (d.override !== null && decidedBy !== 'override') facts.push(`Override: the label ${codeSpan(d.override.label, { table: false })} sets the bump to **${d.override.bump}**.`);
    if (line.versionFrom !== null && decidedBy !== 'version-from') {
      facts.push(`Version-from: major ${escapeMarkdown(line.versionFrom.value)} from ${codeSpan(line.versionFrom.file, { table: false })}.`);
    }
    for (const note of line.notes) {
      // The footer's own note repeats the "Decided by" line.
      if (decidedBy === 'release-as' && note.startsWith('Release-As:')) continue;
      facts.push(`Note: ${escapeMarkdown(note)}`);
    }
    return facts;
  }

  /** Each rule that decided a file, highest bump first, with its files (capped). */
  private rules(line: Line): string[] {
    const groups = new Map<string, { rule: string | null; bump: Bump; files: FileDecision[] }>();
    for (const f of line.files) {
      const key = `${f.bump}\u0000${f.rule ?? ''}\u0000${f.rule === null ? 'default' : 'rule'}`;
      let group = groups.get(key);
      if (group === undefined) groups.set(key, (group = { rule: f.rule, bump: f.bump, files: [] }));
      group.files.push(f);
    }
    const out: string[] = [];
    for (const g of byBumpDown([...groups.values()])) {
      const name = g.rule === null ? `no rule matched (${codeSpan('default-bump', { table: false })})` : escapeMarkdown(g.rule);
      out.push(`- **${g.bump}** · ${name} · ${plural(g.files.length, 'file')}`);
      for (const f of g.files.slice(0, this.filesPerRule)) {
        const path = f.previousPath !== null ? `${codeSpan(f.previousPath, { table: false })} → ${codeSpan(f.path, { table: false })}` : codeSpan(f.path, { table: false });
        out.push(`  - ${path} (${f.status})`);
      }
      if (g.files.length > this.filesPerRule) out.push(`  - and ${plural(g.files.length - this.filesPerRule, 'more file')}`);
    }
    return out;
  }

  /** The commits, highest bump first, with their reasons (capped). */
  private commits(line: Line): string[] {
    const sorted = byBumpDown(line.commits);
    const out = sorted.slice(0, this.maxCommits).map((c) => {
      // The subject shows the type and scope; the reason says what made the bump of it.
      return `- **${c.bump}** · ${codeSpan(shortSha(c.sha), { table: false })} ${this.subject(c.subject)} — ${escapeMarkdown(c.reason)}`;
    });
    if (sorted.length > this.maxCommits) out.push(`- and ${plural(sorted.length - this.maxCommits, 'more commit')}`);
    return out;
  }

  /** A subject escaped, with the pull requests it names linked (when the repository's address is known). */
  private subject(subject: string): string {
    if (this.repoUrl === null) return escapeMarkdown(subject);
    let out = '';
    let at = 0;
    for (const m of subject.matchAll(PULL_REF)) {
      out += escapeMarkdown(subject.slice(at, m.index));
      const number = m[1] ?? m[3]!;
      const link = `[#${number}](${this.repoUrl}/pull/${number})`;
      out += m[1] !== undefined ? `(${link})` : `${escapeMarkdown(m[2]!)}${link}`;
      at = m.index + m[0].length;
    }
    return out + escapeMarkdown(subject.slice(at));
  }
}
