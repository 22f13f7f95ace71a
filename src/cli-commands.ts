/**
 * The rule-authoring commands, loaded by cli.ts only when the first argument names one:
 *
 * - `explain PATH...`: which rule decides each path, and why each earlier rule does not
 *   (core/explain.ts). With --config it needs no git repository at all.
 * - `check`: validates the config and counts, for each rule, the files of HEAD's tree it decides;
 *   warns about rules that decide no file (--strict: exit 1 on a warning).
 *
 * Exit codes as the main command's: 0 done, 1 (check --strict) a warning, 2 bad input (one line
 * on stderr), 3 a bug.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliIO } from './cli-io.js';
import { CHECK_HELP, EXPLAIN_HELP } from './cli-help.js';
import { DEFAULT_CONFIG_PATH, FILE_STATUSES, InputError, oneLine, type Config, type FileStatus } from './core/index.js';
import {
  contentText,
  explainPath,
  ruleCoverage,
  type ConfigCoverage,
  type PathExplanation,
  type RuleCoverage,
  type RulesCoverage,
  type RulesExplanation,
} from './core/explain.js';
import { visible } from './report/escape.js';
import { repositoryRoot, resolveCommit, treeFiles } from './sources/git.js';
import { loadConfig } from './sources/local.js';

export const COMMANDS = ['explain', 'check'] as const;
export type CommandName = (typeof COMMANDS)[number];

export async function runCommand(name: CommandName, argv: string[], io: CliIO): Promise<number> {
  const help = name === 'explain' ? EXPLAIN_HELP : CHECK_HELP;
  let parsed: ReturnType<typeof parseExplain> | ReturnType<typeof parseCheck>;
  try {
    parsed = name === 'explain' ? parseExplain(argv) : parseCheck(argv);
  } catch (error) {
    io.stderr(`bump-classifier ${name}: ${visible(oneLine(error))}\nTry 'bump-classifier ${name} --help'.\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(help);
    return 0;
  }
  try {
    return name === 'explain' ? await explain(parsed as ReturnType<typeof parseExplain>, io) : await check(parsed as ReturnType<typeof parseCheck>, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`bump-classifier: ${visible(oneLine(error))}\n`);
      return 2;
    }
    io.stderr(`bump-classifier: internal error: ${oneLine(error)} (please report it)\n`);
    if (process.env.BUMP_CLASSIFIER_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return 3;
  }
}

function parseExplain(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      status: { type: 'string', default: 'modified' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function parseCheck(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      repo: { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function textOrJson(format: string): 'text' | 'json' {
  if (format !== 'text' && format !== 'json') throw new InputError(`--format: expected text or json, got "${format}"`);
  return format;
}

/** The config as the main command reads it: --config (relative to the current directory), else the repository's, else the built-in rules. */
async function configFor(options: { config?: string }, top: string | null, io: CliIO): Promise<{ config: Config; notices: string[] }> {
  const explicit = options.config !== undefined;
  const file = explicit ? path.resolve(io.cwd, options.config!) : path.join(top!, DEFAULT_CONFIG_PATH);
  const { config, notice, loading } = await loadConfig(file, explicit);
  loading?.catch(() => {}); // the commit parser: no commit is read here
  return { config, notices: notice === null ? [] : [`bump-classifier: ${visible(notice)}\n`] };
}

// ---------------------------------------------------------------------------------------------
// explain

async function explain({ values, positionals }: ReturnType<typeof parseExplain>, io: CliIO): Promise<number> {
  const format = textOrJson(values.format);
  const status = values.status as FileStatus;
  if (!FILE_STATUSES.includes(status)) throw new InputError(`--status: expected one of ${FILE_STATUSES.join(', ')}, got "${values.status}"`);
  if (positionals.length === 0) {
    io.stderr(`bump-classifier explain: name at least one PATH to explain\nTry 'bump-classifier explain --help'.\n`);
    return 2;
  }
  // With --config, no git at all: the paths are only matched against the rules.
  const top = values.config !== undefined ? null : await repositoryRoot(path.resolve(io.cwd, values.repo ?? '.'));
  const paths = positionals.map((p) => repositoryPath(p, top, io.cwd));
  const { config, notices } = await configFor(values, top, io);
  for (const notice of notices) io.stderr(notice);
  const explained = paths.map((p) => explainPath(config, p, status));
  io.stdout(format === 'json' ? `${JSON.stringify(explained, null, 2)}\n` : explainText(explained));
  return 0;
}

/**
 * A path as the config's globs see it: repository-relative, POSIX. A path written from the
 * current directory ("./x", "../src/x") is resolved from it, as git resolves one, when explain
 * runs inside the repository (from the top with --repo elsewhere); any other path is already
 * repository-relative.
 */
function repositoryPath(written: string, top: string | null, cwd: string): string {
  const notAFile = (): InputError => new InputError(`"${written}" is not a file path; name files as the config's globs see them, e.g. src/app.ts`);
  if (written.startsWith('/') || /^[A-Za-z]:[\\/]/.test(written)) {
    throw new InputError(`paths are repository-relative, as the config's globs see them: "${written}" is absolute`);
  }
  const fromCwd = /^\.\.?(\/|$)/.test(written);
  let p = written;
  if (fromCwd && top !== null) {
    // From the current directory when it is inside the repository; else (--repo elsewhere) from
    // the repository's top, as `git -C DIR` would.
    const rel = path.relative(top, cwd);
    const inside = rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
    p = path.relative(top, path.resolve(inside ? cwd : top, written)).split(path.sep).join('/');
    if (p === '..' || p.startsWith('../')) throw new InputError(`"${written}" is outside the repository (${top})`);
  } else if (fromCwd) {
    p = written.replace(/^(\.\/)+/, '');
  }
  if (p === '' || p === '.') throw notAFile();
  if (p.split('/').some((s) => s === '..' || s === '.' || s === '')) {
    throw new InputError(`"${written}" has an empty, "." or ".." segment; name files as the config's globs see them, e.g. src/app.ts`);
  }
  return p;
}

const q = (text: string): string => JSON.stringify(text);

function ruleKey(list: string, rule: { index: number; name: string }): string {
  return `${list}[${rule.index}] ${q(rule.name)}`;
}

function decidedBy(e: RulesExplanation): string {
  return e.rule === null ? `${e.bump} by default-bump (no rule matches)` : `${e.bump} by ${ruleKey(e.ruleList, e.rule)}`;
}

/** Said on the headline when an earlier content rule may decide the file instead. */
function conditional(e: RulesExplanation): string {
  const n = e.skipped.filter((s) => s.reason === 'content').length;
  return n === 0 ? '' : `, unless ${n === 1 ? 'the content condition' : 'a content condition'} below holds`;
}

function skippedLines(e: RulesExplanation, indent: string): string[] {
  return e.skipped.map((s) => `${indent}${ruleKey(e.ruleList, s)} (${s.bump}): ${s.message}`);
}

/**
 * src/app.ts (modified): minor by rules[2] "source"
 *   rules[0] "migration" (major): matches only added files, not modified ones: ...
 *   rules[1] "api" (major): its glob "api/**" does not match
 *   component "api" (its own rules): major by components[0].rules[0] "api"
 */
function explainText(explained: readonly PathExplanation[]): string {
  const lines: string[] = [];
  for (const e of explained) {
    lines.push(`${e.path} (${e.status}): ${decidedBy(e)}${conditional(e)}`);
    lines.push(...skippedLines(e, '  '));
    if (e.components === null) continue;
    if (e.components.length === 0) lines.push('  in no component: no component\'s paths match it');
    for (const c of e.components) {
      if (!c.ownRules) {
        lines.push(`  component ${q(c.name)} (the top-level rules): ${decidedBy(c)}`);
        continue;
      }
      lines.push(`  component ${q(c.name)} (its own rules): ${decidedBy(c)}${conditional(c)}`);
      lines.push(...skippedLines(c, '    '));
    }
  }
  return `${lines.map(visible).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// check

async function check({ values }: ReturnType<typeof parseCheck>, io: CliIO): Promise<number> {
  const format = textOrJson(values.format);
  const top = await repositoryRoot(path.resolve(io.cwd, values.repo ?? '.'));
  const [{ config, notices }, head] = await allInOrder([configFor(values, top, io), resolveCommit(top, 'HEAD')] as const);
  const files = await treeFiles(top, head);
  for (const notice of notices) io.stderr(notice); // once the answer is known
  const coverage = ruleCoverage(config, files);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ config: config.source, head, ...coverage }, null, 2)}\n`);
  } else {
    io.stdout(checkText(config, head, coverage));
  }
  if (values.strict && coverage.warnings.length > 0) {
    const n = coverage.warnings.length;
    io.stderr(`bump-classifier: check: ${n} warning${n === 1 ? '' : 's'} (--strict)\n`);
    return 1;
  }
  return 0;
}

function conditionOf(rule: RuleCoverage): string {
  const parts: string[] = [];
  if (rule.status !== null) parts.push(`if ${rule.status.join(' or ')}`);
  if (rule.content !== null) parts.push(`if ${contentText(rule.content)}`);
  return parts.join(', ');
}

function table(coverage: RulesCoverage, indent: string): string[] {
  const rows: string[][] = [['RULE', 'BUMP', 'DECIDES', 'MATCHES', 'CONDITION']];
  for (const rule of coverage.rules) {
    rows.push([ruleKey(coverage.ruleList, rule), rule.bump, String(rule.decided), String(rule.matched), conditionOf(rule)]);
  }
  rows.push(['(default-bump)', coverage.defaultBump.bump, String(coverage.defaultBump.files), '', 'no rule decides the file when modified']);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => visible(r[i]!).length)));
  const numeric = new Set([2, 3]);
  return rows.map((row) =>
    `${indent}${row.map((cell, i) => (numeric.has(i) && row !== rows[0] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd(),
  );
}

/**
 * config .github/bump-classifier.yml: valid, 4 rules
 * head 1a2b3c4 (HEAD): 245 files
 *
 * RULE ... BUMP DECIDES MATCHES CONDITION
 *
 * warnings:
 *   rules[0] "migration": decides no file: no file of the tree matches its paths ("apps/...")
 */
function checkText(config: Config, head: string, c: ConfigCoverage): string {
  const lines: string[] = [];
  const n = config.rules.length;
  const what = `${n} rule${n === 1 ? '' : 's'}${c.builtIn ? ' (the built-in rules)' : ''}`;
  lines.push(config.source === null ? `config: none, the built-in default rules (${n})` : `config ${config.source}: valid, ${what}`);
  lines.push(`head ${head.slice(0, 7)} (HEAD): ${c.files} file${c.files === 1 ? '' : 's'}`);
  lines.push('', ...table(c, ''));
  for (const component of c.components ?? []) {
    const rules = component.ownRules ? 'its own rules' : 'the top-level rules';
    lines.push('', `component ${q(component.name)}: ${component.files} file${component.files === 1 ? '' : 's'}, ${rules}`);
    if (component.files > 0) lines.push(...table(component, '  '));
  }
  lines.push('');
  if (c.warnings.length === 0) {
    const builtIn = c.builtIn || (c.components ?? []).some((x) => x.builtIn);
    lines.push(builtIn ? 'no warnings (the built-in rules cover many layouts: those that match no file here are not warned about)' : 'no warnings: every rule decides at least one file');
  }
  else lines.push(`warnings (${c.warnings.length}):`, ...c.warnings.map((w) => `  ${w.message}`));
  return `${lines.map(visible).join('\n')}\n`;
}

/** Like Promise.all, but waits for every promise and rethrows the first failure in list order. */
async function allInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
