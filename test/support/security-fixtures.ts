/**
 * Fixtures for test/security-e2e.test.ts: the configs, the hostile file names and the pull
 * requests that carry them, hostile checkouts for pull_request_target, and the parsers and
 * assertions that judge what the action wrote (its log, annotations, outputs and markdown).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { COMMENT_MARKER, CONFIG_PATH, log, newRepoIn, type Run } from './action-scenarios.js';
import type { FakeGitHub, FakePull, FakeRepo, FileSpec } from './fake-github/index.js';

export const SECRET = 'test-token-SECRET-1234';

/** Migrations major, api content rule (patch), source minor, docs none. */
export const CONFIG = `version: 1
rules:
  - name: migration
    paths: "db/migrations/**"
    status: added
    bump: major
  - name: api-content
    paths: "api/**"
    content: "BREAKING"
    bump: patch
  - name: source
    paths: "src/**"
    bump: minor
  - name: docs
    paths: "docs/**"
    bump: none
labels:
  bump:
    major: "semver:major"
    minor: "semver:minor"
    patch: "semver:patch"
`;
export const POLICY_CONFIG = `${CONFIG}policy:\n  max-bump: minor\n  allow-label: breaking-ok\n`;
/** What a PR would like the rules to be: nothing ever releases. */
export const LENIENT_CONFIG = `version: 1\ndefault-bump: none\nrules:\n  - name: anything\n    paths: "**"\n    bump: none\n`;

export const OUTPUT_NAMES = [
  'bump',
  'changed',
  'current-version',
  'next-version',
  'next-version-full',
  'next-tag',
  'files',
  'file-count',
  'labels',
  'components',
  'truncated',
  'warnings',
  'tag-created',
  'release-url',
  'release-id',
  'floating-tags',
].sort();

/**
 * Hostile file names. Every one is a legal git path (git allows any byte but NUL in a name) and
 * GitHub's API returns it as is.
 */
export const HOSTILE_SRC = [
  'src/a|b|c.ts',
  'src/`rm -rf ~`.ts',
  'src/<script>alert(1)</script>.ts',
  'src/[x](http://evil.example).ts',
  'src/x\n::error::injected.ts',
  'src/y\r\n::error::crlf-injected.ts',
  'src/z\u2028::error::ls-injected.ts',
  'src/::set-output name=bump::major.ts',
  'src/w\n::set-output name=bump::major.ts',
  'src/m\n::add-mask::minor.ts',
  'src/%0A::warning::x.ts',
  'src/\u001b[31mred\u001b[0m.ts',
  'src/bell\u0007.ts',
  'src/tab\there.ts',
  'src/**bold** _it_ ~~s~~ :smile: $x$ !x.ts',
  `src/${'d'.repeat(200)}/${'e'.repeat(200)}/${'f'.repeat(200)}/${'g'.repeat(200)}/${'h'.repeat(180)}.ts`,
];
const HOSTILE_DOCS = ['docs/ask @someone please.md', 'docs/fixes #1 and octo/other#2.md'];
/** No patch (binary): the content rule counts as matching and a warning names the path. */
export const HOSTILE_API = 'api/\n::error::from-a-warning.bin';
/** Raw text that must never reach a line start in the log, nor the markdown unescaped. */
const INJECTED = ['::error::injected', '::error::crlf-injected', '::error::ls-injected', '::set-output', '::add-mask::minor', '::warning::x', '::error::from-a-warning'];

/** Step debug logging on, as when a workflow is re-run with debug logging. */
export const DEBUG_ENV = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true', ACTIONS_RUNNER_DEBUG: 'true' };

// ---- pull requests with hostile names --------------------------------------------------

export interface PullRepoOptions {
  config?: string;
  files: Record<string, FileSpec>;
  labels?: string[];
  headRepo?: string;
  title?: string;
}

/** A base commit on main (config, one source file, tag v1.2.0) and a head commit on `feature`. */
export function pullRepoIn(
  gh: FakeGitHub,
  name: string,
  options: PullRepoOptions,
): { repo: FakeRepo; pull: FakePull; base: string; head: string } {
  const repo = newRepoIn(gh, name);
  const base = repo.commit({
    parents: [],
    message: 'init',
    files: { [CONFIG_PATH]: options.config ?? CONFIG, 'src/a.ts': 'export const a = 1;\n', 'src/old.ts': 'moved unchanged\n' },
    branch: 'main',
  });
  repo.refs.set('refs/tags/v1.2.0', base);
  const head = repo.commit({ parents: [base], message: 'feature', files: options.files, branch: 'feature' });
  const pull = repo.openPull({
    number: 1,
    base: { ref: 'main', sha: base },
    head: options.headRepo ? { ref: 'feature', sha: head, repo: options.headRepo } : { ref: 'feature', sha: head },
    labels: options.labels ?? [],
    ...(options.title ? { title: options.title } : {}),
  });
  return { repo, pull, base, head };
}


export function hostileFiles(): Record<string, FileSpec> {
  const files: Record<string, FileSpec> = {};
  for (const path of HOSTILE_SRC) files[path] = `export const x = ${JSON.stringify(path)};\n`;
  for (const path of HOSTILE_DOCS) files[path] = '# doc\n';
  files[HOSTILE_API] = 'BREAKING? binary\n';
  // An unchanged move: a rename whose previous path is plain and whose new path is markup.
  files['src/old.ts'] = null;
  files['src/<img src=x onerror=alert(2)>.ts'] = 'moved unchanged\n';
  return files;
}
export const HOSTILE_PATHS = [...HOSTILE_SRC, ...HOSTILE_DOCS, HOSTILE_API, 'src/<img src=x onerror=alert(2)>.ts'];

// ---- reading and judging what the action wrote -------------------------------------------

/** The rows of the markdown table whose header is `header`, up to the first line that is not a row. */
function tableRows(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(header);
  if (start === -1) throw new Error(`no table "${header}" in:\n${markdown}`);
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!);
  return rows;
}

/** Cells of a table row as GFM splits it: on every `|` not escaped with a backslash. */
function cells(row: string): string[] {
  return row
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/**
 * The text GitHub's post-processing filters (mentions, issue references, emoji) see: they run on
 * the rendered HTML's text nodes, where character references are already decoded. So `&#64;x`
 * is `@x` to the mention filter (github/cmark-gfm#181: "&#64;github" still mentions and
 * "&#35;181" still links; openjdk/skara#1548 tried &#64; and it still pinged).
 */
export function decodedText(markdown: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", commat: '@', num: '#', colon: ':' };
  return withoutCodeSpans(markdown) // code spans: no mentions or references inside
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, ref: string) => {
      if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
      return named[ref.toLowerCase()] ?? m;
    });
}
/** Markdown with its code spans (any fence length: `x`, ``a`b``) removed: what is left is rendered as markup. */
function withoutCodeSpans(markdown: string): string {
  return markdown.replace(/(?<!`)(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, '');
}

/** A GitHub @mention (user or org/team), roughly as GitHub recognises one. */
export const MENTION = /(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9][A-Za-z0-9_-]*)?(?![A-Za-z0-9_-]|\.[A-Za-z0-9])/;
/** An issue reference `#1` or `owner/repo#1`. */
export const REFERENCE = /(?:^|[^\w&])(?:[\w.-]+\/[\w.-]+)?#\d+\b/;

/** ESC and BEL: terminal control (colours, hidden text, bells) if they reach a log raw. */
// eslint-disable-next-line no-control-regex
export const TERMINAL_CONTROL = /[\u001b\u0007]/;
/** C0 controls other than tab and LF, and DEL: never raw in an annotation message. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Assertions every hostile-names run must pass: the log, the annotations, the outputs. */
export function expectCleanLog(r: Run): void {
  // The action's own commands; ::debug:: lines (API routes and statuses) are always written and
  // shown only when step debug logging is on.
  const allowedPrefixes = ['::add-mask::', '::debug::', '::notice::', '::warning::', '::error::'];
  for (const stream of [r.stdout, r.stderr]) {
    // Terminal control: ESC and BEL never reach the log raw.
    expect(stream, log(r)).not.toMatch(TERMINAL_CONTROL);
  }
  for (const line of r.stdout.split(/\r?\n/)) {
    if (!line.startsWith('::')) continue;
    expect(allowedPrefixes.some((p) => line.startsWith(p)), `unexpected workflow command: ${JSON.stringify(line)}`).toBe(true);
  }
  expect(r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))).toEqual(['::add-mask::test-token']);
  for (const a of r.annotations) {
    // The runner unescapes %0A / %0D: a message must not carry a command onto a line of its own.
    for (const line of a.message.split(/\r\n|\r|\n|\u2028|\u2029/).slice(1)) {
      expect(line.startsWith('::'), `annotation ${JSON.stringify(a)} carries a command`).toBe(false);
    }
    expect(a.message, JSON.stringify(a)).not.toMatch(RAW_CONTROL);
  }
  // Outputs: exactly the action's own; no injected name, no overridden value.
  expect(Object.keys(r.outputs).sort()).toEqual(OUTPUT_NAMES);
}

/**
 * The markdown the action wrote (summary or comment): names shown as code spans (where nothing is
 * markup), everything else escaped, the files table intact.
 */
export function expectSafeMarkdown(markdown: string, paths: string[]): void {
  const markup = withoutCodeSpans(markdown);
  for (const raw of ['<script', '</script', '<img', '@someone', '#1 ', 'octo/other#2', '](http', '\u001b', '\u0007', '\r']) {
    expect(markup, `raw ${JSON.stringify(raw)}`).not.toContain(raw);
  }
  // No HTML but the action's own: the comment's marker, line breaks in the warnings block.
  expect(markup.replace(COMMENT_MARKER, '').replace(/<br>$/gm, ''), 'an unescaped HTML tag').not.toMatch(/(?<!\\)<[a-z/!]/i);
  for (const raw of ['\u001b', '\u0007', '\r']) expect(markdown, `raw ${JSON.stringify(raw)}`).not.toContain(raw);
  for (const injected of INJECTED) {
    for (const line of markdown.split('\n')) expect(line.startsWith(injected), line).toBe(false);
  }
  const rows = tableRows(markdown, '| file | status | rule | bump |');
  expect(rows).toHaveLength(paths.length);
  for (const row of rows) {
    const c = cells(row);
    expect(c, row).toHaveLength(4);
    expect(['added', 'modified', 'removed', 'renamed', 'copied'], row).toContain(c[1]);
    expect(['none', 'patch', 'minor', 'major'], row).toContain(c[3]);
  }
}

// ---- hostile workspaces (pull_request_target) ----------------------------------------------

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CEILING_DIRECTORIES: dirname(cwd) },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

const HOOKS = [
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg',
  'commit-msg', 'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update',
  'proc-receive', 'post-receive', 'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc',
  'post-rewrite', 'sendemail-validate', 'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist',
  'p4-post-changelist', 'p4-pre-submit', 'post-index-change',
];

/**
 * A checkout of `commits` (oldest first; the last is checked out) whose .git is hostile: every
 * hook, core.hooksPath, core.fsmonitor, a textconv driver, an external diff driver and a clean
 * filter for every path all append to `marker` when run. Returns the commits' SHAs.
 */
export function hostileCheckout(dir: string, marker: string, commits: Record<string, string>[]): string[] {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  const shas: string[] = [];
  for (const [i, files] of commits.entries()) {
    writeTree(dir, files);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', `commit ${i}`]);
    shas.push(git(dir, ['rev-parse', 'HEAD']));
  }
  // Armed only now, so the set-up itself runs none of it.
  const evil = join(dirname(dir), `${dir.split('/').pop()}-evil.sh`);
  writeFileSync(evil, `#!/bin/sh\necho "ran: $0 $* (INPUT_TOKEN=$INPUT_TOKEN)" >> '${marker}'\n[ -f "$1" ] && cat "$1"\nexit 0\n`);
  chmodSync(evil, 0o755);
  const filter = join(dirname(dir), `${dir.split('/').pop()}-filter.sh`);
  writeFileSync(filter, `#!/bin/sh\necho "ran: filter $* (INPUT_TOKEN=$INPUT_TOKEN)" >> '${marker}'\ncat\n`);
  chmodSync(filter, 0o755);
  const hooks = join(dir, '.git', 'hooks');
  mkdirSync(hooks, { recursive: true });
  for (const hook of HOOKS) {
    writeFileSync(join(hooks, hook), `#!/bin/sh\necho "ran: hook ${hook}" >> '${marker}'\nexit 0\n`);
    chmodSync(join(hooks, hook), 0o755);
  }
  appendFileSync(
    join(dir, '.git', 'config'),
    `[core]\n\thooksPath = ${hooks}\n\tfsmonitor = ${evil}\n\tpager = ${evil}\n` +
      `[diff]\n\texternal = ${evil}\n` +
      `[diff "evil"]\n\ttextconv = ${evil}\n\tcommand = ${evil}\n` +
      `[filter "evil"]\n\tclean = ${filter}\n\tsmudge = ${filter}\n\trequired = true\n`,
  );
  mkdirSync(join(dir, '.git', 'info'), { recursive: true });
  writeFileSync(join(dir, '.git', 'info', 'attributes'), '* diff=evil filter=evil\n');
  return shas;
}

/** After a run: the traps were live (plain git commands in the checkout set them off). */
export function trapsFire(dir: string, marker: string, base: string, head: string): boolean {
  rmSync(marker, { force: true });
  spawnSync('git', ['status'], { cwd: dir, env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(dir) } });
  spawnSync('git', ['diff', `${base}...${head}`, '--', 'api'], { cwd: dir, env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(dir) } });
  return existsSync(marker);
}

// ---- scenarios -----------------------------------------------------------------------------

export interface Scenario<T = object> {
  result: Promise<Run>;
  setup: T;
}

/** A run started now, its rejection kept for the test that awaits it. */
export function start<T extends object>(setup: T, go: () => Promise<Run>): Scenario<T> {
  const result = go();
  result.catch(() => {});
  return { result, setup };
}
