/**
 * Scale: the action (the committed bundle, dist/index.js, run as the runner runs it) on the
 * largest changes it promises to decide, with its peak memory.
 *
 *   npx tsx bench/scale.ts
 *
 * 1. A PR of 3,500 files (more than GitHub's 3,000) whose complete list must come from the git
 *    trees of two commits of ~100,000 entries each (99,804: blobs and trees, under GitHub's
 *    100,000-entry cap, which the fake is set to enforce), a repository with 5,000 tags (stable
 *    `v{x.y.z}`, prereleases, junk, other prefixes) and a config with content rules.
 *    1b. The same with node --harmony-json-parse-with-source (when the running node lacks it by
 *    default): @octokit/request parses bodies with json-with-bigint, whose Node 20 path rewrites
 *    the whole body with a regex before parsing; Node 22/24 (action.yml: node24) take its cheaper path.
 * 2. A PR of exactly 3,000 files, each with a patch of a few KB, listed by the API (no
 *    fallback); content rules decide the bump, so the patches must have been read.
 * 3. The tree diff of 1 through the sources and core only (GitHubSource + TreeLister + decide,
 *    no bundle, no @actions/core), in a child process, to separate the fake server's memory
 *    (this process) from the decision's.
 *
 * Every run is checked (exit 0, file-count, truncated, current version, bump, next version, and
 * the per-file reasons the `files` output lists); a wrong decision fails the bench. The figure
 * is the CHILD's peak RSS (`process.resourceUsage().maxRSS` at exit, through a preload given in
 * NODE_OPTIONS; cross-checked with `/usr/bin/time -v` when it exists); the fake API lives in
 * this process and is reported apart. Timings are informational; the memory target is < 500 MB.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decide, parseConfig, type Bump, type ChangedFile, type FileStatus } from '../src/core/index.js';
import { createClient } from '../src/github/client.js';
import { GitHubSource, toChangedFile, TreeLister } from '../src/sources/github.js';
import {
  startFakeGitHub,
  type FakeBlob,
  type FakeGitHub,
  type FakeRepo,
  type FileChange,
  type RecordedRequest,
} from '../test/support/fake-github/index.js';
import { ActionScratch, childFailure, spawnCaptured, cleanEnv, fmtMb, fmtMs, isMain, median, printTable, reportFigures, Rng, ROOT, type Figure } from './lib.js';

const ACTION = path.join(ROOT, 'dist', 'index.js');
const SELF = fileURLToPath(import.meta.url);
const OWNER = 'octo';
const REPO = 'scale';
const PULL = 1;
const CONFIG_PATH = '.github/bump-classifier.yml';
const REPS = 3;
const TARGET_MB = 500;
const TIME_BIN = '/usr/bin/time';

const CONFIG_YAML = `version: 1
default-bump: patch
tag-format: "v{version}"
rules:
  - name: api removal
    paths: "packages/*/src/api/**"
    content: {removed: "^export function"}
    bump: major
  - name: api addition
    paths: "packages/*/src/api/**"
    content: {added: "^export "}
    bump: minor
  - name: tests
    paths: ["**/test/**", "**/*.test.ts"]
    bump: none
  - name: docs
    paths: ["**/docs/**", "**/*.md"]
    bump: none
  - name: source
    paths: "packages/*/src/**"
    bump: patch
labels:
  bump:
    major: "semver:major"
    minor: "semver:minor"
    patch: "semver:patch"
`;

/** Files per package (by kind) and their directories: 482 files + 17 directories = 499 entries. */
const LAYOUT = { libDirs: 10, libPerDir: 30, api: 40, util: 54, test: 60, docs: 28 };

/** Scenario 1: 200 packages -> 96,400 + 2 blobs, 3,400 + 2 trees = 99,804 entries in both commits. */
const TREE = { packages: 200, libModified: 9, libAdded: 3, docsRemoved: 3, apiModified: 2, testModifiedEvery: 2 };
/** Scenario 2: 50 packages (24,102 blobs), 60 changed files each, patches of a few KB. */
const LISTED = { packages: 50, lib: 40, apiExport: 12, apiInternal: 6, docs: 2, patchLines: 54 };

const TAGS = { stable: 3000, prerelease: 1000, junk: 500, otherPrefix: 500 };
const HIGHEST_STABLE = '7.24.14';

interface Expected {
  status: FileStatus;
  bump: Bump;
  rule: string | null;
}

interface Scenario {
  name: string;
  base: string;
  head: string;
  /** path -> what the action must decide for it (with the patches it can get). */
  expected: Map<string, Expected>;
  bump: Bump;
  nextVersion: string;
  /** Substrings the warnings output must contain. */
  warnings: string[];
  /** Entries of each commit's recursive tree (blobs + trees) and `git ls-tree -r -t` bytes. */
  treeEntries: number;
  lsTreeBytes: number;
}

// ---- data ------------------------------------------------------------------------------------

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const pkg = (p: number): string => `packages/pkg${pad(p, 3)}`;

/** Every path of a package, by kind. */
function packagePaths(p: number): { lib: string[]; api: string[]; util: string[]; test: string[]; docs: string[] } {
  const root = pkg(p);
  const lib: string[] = [];
  for (let d = 0; d < LAYOUT.libDirs; d++) {
    for (let f = 0; f < LAYOUT.libPerDir; f++) lib.push(`${root}/src/lib/mod${d}/file${pad(f, 2)}.ts`);
  }
  const range = (n: number, fn: (i: number) => string) => Array.from({ length: n }, (_, i) => fn(i));
  return {
    lib,
    api: range(LAYOUT.api, (i) => `${root}/src/api/endpoint${pad(i, 2)}.ts`),
    util: range(LAYOUT.util, (i) => `${root}/src/util/util${pad(i, 2)}.ts`),
    test: range(LAYOUT.test, (i) => `${root}/test/case${pad(i, 2)}.test.ts`),
    docs: range(LAYOUT.docs, (i) => `${root}/docs/page${pad(i, 2)}.md`),
  };
}

/** Small unique content: every file a distinct blob, so no add/remove pair is a rename. */
const small = (file: string, value: number): string => `// ${file}\nexport const value = ${value};\n`;

/** `lines` lines of ~50 characters, the first three exported functions. */
function longContent(file: string, lines: number, variant: string): string {
  const out = ['export function alpha() {}', 'export function beta() {}', 'export function gamma() {}'];
  for (let i = 3; i < lines; i++) out.push(`  const ${variant}${i} = ${i}; // ${file.slice(-24)} ${variant}`);
  return `${out.join('\n')}\n`;
}

/** Directories (tree entries of a recursive listing) implied by a flat path -> blob map. */
function treeDirectoriesCount(tree: Map<string, FakeBlob>): number {
  const dirs = new Set<string>();
  for (const p of tree.keys()) for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  return dirs.size;
}

function lsTreeBytes(repo: FakeRepo, sha: string): number {
  // `<mode> <type> <sha>\t<path>\n` per entry, what GitHub's 7 MB cap on recursive trees counts.
  const tree = repo.mustCommit(sha).tree;
  let bytes = 0;
  for (const p of tree.keys()) bytes += 6 + 1 + 4 + 1 + 40 + 1 + Buffer.byteLength(p) + 1;
  const dirs = new Set<string>();
  for (const p of tree.keys()) for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) dirs.add(p.slice(0, i));
  for (const d of dirs) bytes += 6 + 1 + 4 + 1 + 40 + 1 + Buffer.byteLength(d) + 1;
  return bytes;
}

/** 5,000 tag names: stable, prereleases (some above the highest stable), junk, other prefixes. */
function tagNames(): string[] {
  const rng = new Rng(5000);
  const names = new Set<string>();
  for (let x = 0; x < 8; x++) for (let y = 0; y < 25; y++) for (let z = 0; z < 15; z++) names.add(`v${x}.${y}.${z}`);
  for (let n = 1; n <= 200; n++) names.add(`v8.0.0-rc.${n}`);
  for (let n = 1; n <= 200; n++) names.add(`v7.25.0-beta.${n}`);
  while (names.size < TAGS.stable + TAGS.prerelease) names.add(`v${rng.int(8)}.${rng.int(25)}.${rng.int(15)}-alpha.${1 + rng.int(50)}`);
  for (let i = 0; i < 100; i++) {
    names.add(`vnext-${i}`);
    names.add(`v9.${i}.0.1`); // four parts: not a version, though "higher" than any stable
    names.add(`vv9.${i}.0`);
    names.add(`version-${i}`);
    names.add(`vendor-9.${i}.0`);
  }
  for (let i = 0; i < 250; i++) {
    names.add(`api@20.${i}.0`);
    names.add(`web-v30.${i}.0`);
  }
  const all = [...names];
  if (all.length !== TAGS.stable + TAGS.prerelease + TAGS.junk + TAGS.otherPrefix) throw new Error(`generated ${all.length} tags`);
  // Shuffled: the highest stable tag must be found by precedence, not by position.
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all;
}

/**
 * The fake recomputes a PR's diff (patches included) on every PR, compare and file-page request;
 * the state does not change during the bench, so the cached diff is the diff.
 */
function memoizeDiff(repo: FakeRepo): void {
  const diff = repo.diff.bind(repo);
  const cache = new Map<string, FileChange[]>();
  repo.diff = (from: string | undefined, to: string): FileChange[] => {
    const key = `${from ?? ''}..${to}`;
    let changes = cache.get(key);
    if (changes === undefined) cache.set(key, (changes = diff(from, to)));
    return changes;
  };
}

function addTags(repo: FakeRepo, sha: string): void {
  for (const name of tagNames()) repo.refs.set(`refs/tags/${name}`, sha);
}

function baseFiles(packages: number, content: (file: string, i: number) => string): Record<string, string> {
  const files: Record<string, string> = { [CONFIG_PATH]: CONFIG_YAML, 'README.md': '# scale\n' };
  let i = 0;
  for (let p = 0; p < packages; p++) {
    const paths = packagePaths(p);
    for (const file of [...paths.lib, ...paths.api, ...paths.util, ...paths.test, ...paths.docs]) files[file] = content(file, i++);
  }
  return files;
}

/** Scenario 1: 3,500 changed files among ~100,000 entries; the action gets no patches (trees). */
function buildTreeScenario(repo: FakeRepo): Scenario & { expectedWithPatches: Map<string, Expected>; expectedFromTrees: Map<string, Expected> } {
  memoizeDiff(repo);
  const base = repo.commitTree(undefined, baseFiles(TREE.packages, small), { branch: 'main', message: 'base' });
  addTags(repo, base);
  const head: Record<string, string | null> = {};
  const expected = new Map<string, Expected>();
  const withPatches = new Map<string, Expected>();
  const set = (file: string, e: Expected, patched: Expected = e) => {
    expected.set(file, e);
    withPatches.set(file, patched);
  };
  for (let p = 0; p < TREE.packages; p++) {
    const paths = packagePaths(p);
    for (let i = 0; i < TREE.libModified; i++) {
      const file = paths.lib[i * 31]!;
      head[file] = small(file, -1 - i);
      set(file, { status: 'modified', bump: 'patch', rule: 'source' });
    }
    for (let i = 0; i < TREE.libAdded; i++) {
      const file = `${pkg(p)}/src/lib/mod${i}/added${i}.ts`;
      head[file] = small(file, 1_000_000 + i);
      set(file, { status: 'added', bump: 'patch', rule: 'source' });
    }
    for (let i = 0; i < TREE.docsRemoved; i++) {
      const file = paths.docs[i * 7]!;
      head[file] = null;
      set(file, { status: 'removed', bump: 'none', rule: 'docs' });
    }
    for (let i = 0; i < TREE.apiModified; i++) {
      // Only a comment is added: with the patch, "source" (patch); without it, the first content
      // rule counts as matching ("api removal", major), as documented for the tree fallback.
      const file = paths.api[i * 13]!;
      const before = repo.mustCommit(base).tree.get(file)!.content!;
      head[file] = before.replace('\n', '\n// reviewed\n');
      set(file, { status: 'modified', bump: 'major', rule: 'api removal' }, { status: 'modified', bump: 'patch', rule: 'source' });
    }
    if (p % TREE.testModifiedEvery === 0) {
      const file = paths.test[5]!;
      head[file] = small(file, -5);
      set(file, { status: 'modified', bump: 'none', rule: 'tests' });
    }
  }
  // The base came from one commitTree call; the head copies its map and applies the 3,500 changes.
  const headSha = repo.commit({ parents: [base], files: head, branch: 'feature', message: 'change 3,500 files' });
  repo.openPull({ number: PULL, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: headSha } });
  repo.treeTruncateAt = 100_000; // GitHub's entry cap (its 7 MB cap is not modelled by the fake)
  const entries = repo.mustCommit(base).tree.size + treeDirectoriesCount(repo.mustCommit(base).tree);
  const headEntries = repo.mustCommit(headSha).tree.size + treeDirectoriesCount(repo.mustCommit(headSha).tree);
  if (entries !== headEntries) throw new Error(`tree sizes differ: ${entries} vs ${headEntries}`);
  // The API lists the first 3,000 files (sorted by name) with their patches, and the action keeps
  // those patches when the trees complete the list: only the files after them stay without one.
  const listed = new Set([...expected.keys()].sort().slice(0, 3000));
  const decided = new Map([...expected].map(([path, e]) => [path, listed.has(path) ? (withPatches.get(path) ?? e) : e]));
  return {
    name: 'tree diff',
    base,
    head: headSha,
    expected: decided,
    expectedWithPatches: withPatches,
    expectedFromTrees: expected,
    bump: 'major',
    nextVersion: '8.0.0',
    // Files past the API's 3,000 keep no patch (the trees carry none): their content rules count.
    warnings: ['the complete list came from the git trees', 'no patch available for'],
    treeEntries: entries,
    lsTreeBytes: lsTreeBytes(repo, headSha),
  };
}

/** Scenario 2: exactly 3,000 changed files, listed by the API with patches of a few KB. */
function buildListedScenario(repo: FakeRepo): Scenario {
  memoizeDiff(repo);
  const changed = new Map<string, { content: string; expected: Expected }>();
  for (let p = 0; p < LISTED.packages; p++) {
    const paths = packagePaths(p);
    const long = (file: string, variant: string) => longContent(file, LISTED.patchLines + 6, variant);
    for (let i = 0; i < LISTED.lib; i++) {
      const file = paths.lib[i * 7]!;
      changed.set(file, { content: long(file, 'lib'), expected: { status: 'modified', bump: 'patch', rule: 'source' } });
    }
    for (let i = 0; i < LISTED.apiExport + LISTED.apiInternal; i++) {
      const file = paths.api[i * 2]!;
      const exported = i < LISTED.apiExport;
      changed.set(file, {
        content: long(file, 'old'),
        expected: exported
          ? { status: 'modified', bump: 'minor', rule: 'api addition' }
          : { status: 'modified', bump: 'patch', rule: 'source' },
      });
    }
    for (let i = 0; i < LISTED.docs; i++) {
      const file = paths.docs[i * 11]!;
      changed.set(file, { content: long(file, 'doc'), expected: { status: 'modified', bump: 'none', rule: 'docs' } });
    }
  }
  const base = repo.commitTree(
    undefined,
    baseFiles(LISTED.packages, (file, i) => changed.get(file)?.content ?? small(file, i)),
    { branch: 'main', message: 'base' },
  );
  addTags(repo, base);
  const head: Record<string, string> = {};
  let n = 0;
  for (const [file, { content, expected }] of changed) {
    const lines = content.split('\n');
    // Lines 3..end-3 rewritten: a patch of ~2 x 54 lines. The three exported functions stay.
    for (let i = 3; i < lines.length - 4; i++) {
      lines[i] =
        expected.rule === 'api addition' && i === 10
          ? `export const added${n} = ${i}; // new public symbol`
          : `  const changed${i} = ${n}; // ${file.slice(-24)} new`;
    }
    head[file] = lines.join('\n');
    n++;
  }
  const headSha = repo.commit({ parents: [base], files: head, branch: 'feature', message: 'change 3,000 files' });
  repo.openPull({ number: PULL, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: headSha } });
  const expected = new Map([...changed].map(([file, c]) => [file, c.expected]));
  if (expected.size !== 3000) throw new Error(`scenario 2 changes ${expected.size} files, not 3,000`);
  return {
    name: 'listed',
    base,
    head: headSha,
    expected,
    bump: 'minor',
    nextVersion: '7.25.0',
    warnings: [],
    treeEntries: repo.mustCommit(base).tree.size + treeDirectoriesCount(repo.mustCommit(base).tree),
    lsTreeBytes: lsTreeBytes(repo, base),
  };
}

// ---- checks ----------------------------------------------------------------------------------

/** The fake's own diff, which every list the action or core produced must equal. */
function truth(repo: FakeRepo, s: Scenario): FileChange[] {
  const changes = repo.diff(s.base, s.head);
  if (changes.length !== s.expected.size) throw new Error(`${s.name}: the fake's diff has ${changes.length} files, the bench expects ${s.expected.size}`);
  for (const c of changes) {
    const e = s.expected.get(c.filename);
    if (e === undefined || e.status !== c.status) throw new Error(`${s.name}: the fake's diff has ${c.status} ${c.filename}, unexpected`);
  }
  return changes;
}

interface FileReason {
  path: string;
  status: string;
  bump: string;
  rule: string | null;
}

function checkReasons(what: string, reasons: readonly FileReason[], expected: Map<string, Expected>): void {
  for (const r of reasons) {
    const e = expected.get(r.path);
    if (e === undefined) throw new Error(`${what}: ${r.path} is not a changed file`);
    if (e.status !== r.status || e.bump !== r.bump || e.rule !== r.rule) {
      throw new Error(`${what}: ${r.path} decided ${r.status}/${r.bump}/${r.rule}, expected ${e.status}/${e.bump}/${e.rule}`);
    }
  }
}

function checkOutputs(s: Scenario, outputs: Record<string, string>): void {
  const fail = (m: string) => {
    throw new Error(`${s.name}: the action ${m}`);
  };
  if (outputs['file-count'] !== String(s.expected.size)) fail(`decided on ${outputs['file-count']} files, expected ${s.expected.size}`);
  if (outputs.truncated !== 'false') fail(`reported truncated=${outputs.truncated}`);
  if (outputs['current-version'] !== HIGHEST_STABLE) fail(`read current version ${outputs['current-version']}, expected ${HIGHEST_STABLE}`);
  if (outputs.bump !== s.bump) fail(`decided bump ${outputs.bump}, expected ${s.bump}`);
  if (outputs['next-version'] !== s.nextVersion) fail(`decided next version ${outputs['next-version']}, expected ${s.nextVersion}`);
  const warnings = JSON.parse(outputs.warnings ?? '[]') as string[];
  for (const w of s.warnings) if (!warnings.some((x) => x.includes(w))) fail(`gave no warning with "${w}": ${JSON.stringify(warnings)}`);
  const reasons = JSON.parse(outputs.files ?? '[]') as FileReason[];
  if (reasons.length !== Math.min(1000, s.expected.size)) fail(`listed ${reasons.length} file reasons`);
  checkReasons(s.name, reasons, s.expected);
}

// ---- child processes ---------------------------------------------------------------------------

/** Records the process's peak RSS (and sampled heap peaks) at exit, into BENCH_SCALE_RSS_FILE. */
const PRELOAD = `import { writeFileSync } from 'node:fs';
const file = process.env.BENCH_SCALE_RSS_FILE;
let heap = 0, external = 0;
const sample = () => {
  const m = process.memoryUsage();
  if (m.heapUsed > heap) heap = m.heapUsed;
  if (m.external + m.arrayBuffers > external) external = m.external + m.arrayBuffers;
};
setInterval(sample, 10).unref();
process.on('exit', () => {
  sample();
  const u = process.resourceUsage();
  if (file) writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime, heapPeak: heap, externalPeak: external }));
});
`;

interface Measured {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Bytes, from resourceUsage().maxRSS at exit. */
  peakRss: number;
  /** Bytes, from /usr/bin/time -v (null without it). */
  timePeakRss: number | null;
  heapPeak: number;
  externalPeak: number;
  /** The child's own CPU time (user + system), ms: its wall time minus waiting for the fake. */
  cpuMs: number;
}

/** The action's scratch files, plus a preload that records the child's peak memory. */
class Scratch extends ActionScratch {
  readonly preload = path.join(this.dir, 'peak-rss.mjs');
  readonly rssFile = path.join(this.dir, 'peak-rss.json');
  readonly hasTime = existsSync(TIME_BIN);

  constructor() {
    super('scale');
    writeFileSync(this.preload, PRELOAD);
  }

  /** Async (the fake API in this process must keep answering), measured, with a timeout. */
  async run(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Measured> {
    rmSync(this.rssFile, { force: true });
    const fullEnv = { ...env, NODE_OPTIONS: `--import=${pathToFileURL(this.preload).href}`, BENCH_SCALE_RSS_FILE: this.rssFile };
    const [cmd, argv] = this.hasTime ? [TIME_BIN, ['-v', process.execPath, ...args]] : [process.execPath, [...args]];
    const captured = await spawnCaptured(cmd, argv, fullEnv, timeoutMs);
    let stderr = captured.stderr;
    let timePeakRss: number | null = null;
    if (this.hasTime) {
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (m) timePeakRss = Number(m[1]) * 1024;
      const cut = stderr.lastIndexOf('\tCommand being timed:');
      if (cut !== -1) stderr = stderr.slice(0, cut);
      if (/^Command exited with non-zero status (\d+)/m.test(stderr)) stderr = stderr.replace(/^Command exited with non-zero status \d+\n?/m, '');
    }
    const peak = existsSync(this.rssFile)
      ? (JSON.parse(readFileSync(this.rssFile, 'utf8')) as { maxRssKb: number; cpuUs: number; heapPeak: number; externalPeak: number })
      : { maxRssKb: NaN, cpuUs: NaN, heapPeak: NaN, externalPeak: NaN };
    return {
      ms: captured.ms,
      code: captured.signal === null ? captured.code : null,
      stdout: captured.stdout,
      stderr,
      peakRss: peak.maxRssKb * 1024,
      timePeakRss,
      heapPeak: peak.heapPeak,
      externalPeak: peak.externalPeak,
      cpuMs: peak.cpuUs / 1000,
    };
  }

  actionEnv(gh: FakeGitHub, s: Scenario): NodeJS.ProcessEnv {
    const repository = { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } };
    const payload = {
      action: 'synchronize',
      number: PULL,
      pull_request: {
        number: PULL,
        labels: [],
        base: { ref: 'main', sha: s.base, repo: repository },
        head: { ref: 'feature', sha: s.head, repo: repository },
      },
      repository,
    };
    return this.env({ name: 'pull_request', payload, apiUrl: gh.url, repository: `${OWNER}/${REPO}`, sha: s.head, ref: `refs/pull/${PULL}/merge` });
  }

}

function routeName(request: RecordedRequest): string {
  const prefix = `/repos/${OWNER}/${REPO}`;
  const p = request.path.startsWith(prefix) ? request.path.slice(prefix.length) || '/' : request.path;
  return `${request.method} ${p.replace(/\/[0-9a-f]{40}$/, '/:sha').replace(/^(\/contents|\/git\/matching-refs|\/compare)\/.*/, '$1/…')}`;
}

function byRoute(requests: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(routeName(r), (counts.get(routeName(r)) ?? 0) + 1);
  return [...counts].map(([route, n]) => `${n} x ${route}`).join(', ');
}

// ---- scenarios 1 and 2: the action ------------------------------------------------------------

interface ActionFigures {
  scenario: string;
  files: number;
  treeEntries: number;
  lsTreeMb: number;
  bump: string;
  nextVersion: string;
  msMedian: number;
  msSamples: number[];
  cpuMsMedian: number;
  /** Max over the runs, bytes. */
  peakRss: number;
  peakRssSamples: number[];
  timePeakRss: number | null;
  heapPeak: number;
  externalPeak: number;
  requests: number;
  requestsByRoute: string;
  ok: boolean;
}

/**
 * V8's JSON.parse source access (on by default in Node 22 and 24, which action.yml's node24 uses;
 * off in Node 20). @octokit/request parses every JSON body with json-with-bigint, which without it
 * falls back to a regex rewrite of the whole body plus a reviver: a diagnostic re-run with the flag.
 */
const JSON_SOURCE_FLAG = '--harmony-json-parse-with-source';

interface Extras {
  core: CoreFigures | null;
  /** The same action runs with V8's JSON.parse source access, when the running node lacks it by default. */
  jsonSource: ActionFigures | null;
  /** What the fake spends serving one recursive tree (in this process, serially), and its size. */
  fakeTree: { ms: number; bytes: number } | null;
}

/** Runs the action REPS times with `nodeArgs`, checking every run. */
async function actionRuns(gh: FakeGitHub, s: Scenario, scratch: Scratch, nodeArgs: readonly string[]): Promise<ActionFigures> {
  const env = scratch.actionEnv(gh, s);
  const runs: Measured[] = [];
  let outputs: Record<string, string> = {};
  let requests: RecordedRequest[] = [];
  for (let i = 0; i < REPS; i++) {
    scratch.reset();
    const before = gh.requests.length;
    const result = await scratch.run([...nodeArgs, ACTION], env);
    if (result.code !== 0) throw childFailure(`${s.name}: the action failed`, result);
    outputs = scratch.outputs();
    checkOutputs(s, outputs);
    requests = gh.requests.slice(before);
    runs.push(result);
  }
  const peaks = runs.map((r) => r.peakRss);
  const timePeaks = runs.map((r) => r.timePeakRss).filter((v): v is number => v !== null);
  const figures: ActionFigures = {
    scenario: s.name,
    files: s.expected.size,
    treeEntries: s.treeEntries,
    lsTreeMb: s.lsTreeBytes / 2 ** 20,
    bump: outputs.bump ?? '',
    nextVersion: outputs['next-version'] ?? '',
    msMedian: median(runs.map((r) => r.ms)),
    msSamples: runs.map((r) => r.ms),
    cpuMsMedian: median(runs.map((r) => r.cpuMs)),
    peakRss: Math.max(...peaks),
    peakRssSamples: peaks,
    timePeakRss: timePeaks.length > 0 ? Math.max(...timePeaks) : null,
    heapPeak: Math.max(...runs.map((r) => r.heapPeak)),
    externalPeak: Math.max(...runs.map((r) => r.externalPeak)),
    requests: requests.length,
    requestsByRoute: byRoute(requests),
    ok: Math.max(...peaks) < TARGET_MB * 2 ** 20,
  };
  const flags = nodeArgs.length > 0 ? ` (node ${nodeArgs.join(' ')})` : '';
  console.log(
    `   verified ${REPS} runs${flags}: exit 0, file-count ${outputs['file-count']}, truncated ${outputs.truncated}, current ${outputs['current-version']}, ` +
      `bump ${outputs.bump}, next ${outputs['next-version']}, ${Math.min(1000, s.expected.size)} file reasons as expected; ` +
      `peak RSS ${peaks.map(fmtMb).join(' ')}, wall ${runs.map((r) => r.ms.toFixed(0)).join(' ')} ms`,
  );
  return figures;
}

/** Whether this node's JSON.parse passes the source text to revivers (what json-with-bigint checks). */
function jsonSourceByDefault(): boolean {
  let seen = false;
  JSON.parse('1', (_k, v, ...rest: unknown[]) => {
    seen = (rest[0] as { source?: string } | undefined)?.source === '1';
    return v as unknown;
  });
  return seen;
}

async function fakeTreeCost(gh: FakeGitHub, s: Scenario): Promise<{ ms: number; bytes: number }> {
  const samples: number[] = [];
  let bytes = 0;
  for (const sha of [s.base, s.head]) {
    const start = performance.now();
    const response = await fetch(`${gh.url}/repos/${OWNER}/${REPO}/git/trees/${sha}?recursive=1`);
    bytes = (await response.arrayBuffer()).byteLength;
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), bytes };
}

async function benchAction(
  label: string,
  build: (repo: FakeRepo) => Scenario,
  scratch: Scratch,
  options: { core?: boolean; jsonSource?: boolean } = {},
): Promise<{ action: ActionFigures } & Extras> {
  const gh = await startFakeGitHub({ latencyMs: 0 });
  try {
    const setup = performance.now();
    const repo = gh.repo(OWNER, REPO);
    const s = build(repo);
    truth(repo, s);
    console.log(
      `${label}: ${s.expected.size.toLocaleString('en-US')} changed files, trees of ${s.treeEntries.toLocaleString('en-US')} entries ` +
        `(ls-tree ${(s.lsTreeBytes / 2 ** 20).toFixed(1)} MiB), ${(TAGS.stable + TAGS.prerelease + TAGS.junk + TAGS.otherPrefix).toLocaleString('en-US')} tags; ` +
        `set up in ${fmtMs(performance.now() - setup)}`,
    );
    const action = await actionRuns(gh, s, scratch, []);
    console.log(`   requests of one run: ${action.requests} (${action.requestsByRoute})`);
    const jsonSource = options.jsonSource && !jsonSourceByDefault() ? await actionRuns(gh, s, scratch, [JSON_SOURCE_FLAG]) : null;
    const core = options.core ? await benchCore(gh, s, repo, scratch) : null;
    const fakeTree = options.core ? await fakeTreeCost(gh, s) : null;
    if (fakeTree) {
      console.log(`   the fake API spends ${fmtMs(fakeTree.ms)} serving one recursive tree of ${(fakeTree.bytes / 2 ** 20).toFixed(1)} MiB JSON (in this process, part of the wall times)`);
    }
    return { action, core, jsonSource, fakeTree };
  } finally {
    await gh.close();
  }
}

// ---- scenario 3: sources + core only, in a child ------------------------------------------------

interface CoreFigures {
  ms: number;
  cpuMs: number;
  peakRss: number;
  rssAfterImports: number;
  heapPeak: number;
  bump: string;
  withPatchesBump: string;
  files: number;
  requests: number;
  ok: boolean;
}

interface ChildArgs {
  url: string;
  base: string;
  head: string;
  out: string;
}

interface ChildResult {
  ms: number;
  rssAfterImports: number;
  bump: string;
  currentVersion: string | null;
  nextVersion: string | null;
  truncated: boolean;
  files: FileReason[];
}

/** The child's side: what the action does for the tree diff, without the bundle and @actions/core. */
async function coreChild(args: ChildArgs): Promise<void> {
  const rssAfterImports = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();
  const client = createClient({ token: 'bench-token', baseUrl: args.url });
  const source = new GitHubSource(client, { owner: OWNER, repo: REPO });
  const [text, tags, listed] = await Promise.all([
    source.readConfig(CONFIG_PATH, args.base),
    source.tagRefs(['v']),
    new TreeLister(source).list(args.base, args.head),
  ]);
  if (text === null || listed === null) throw new Error('core child: no config or no tree list');
  const decision = decide({
    config: parseConfig(text, CONFIG_PATH),
    files: listed.files,
    truncated: false,
    tags: tags.map((t) => t.name),
    base: args.base,
    head: args.head,
    headSha: args.head,
    branch: 'main',
    labels: [],
    warnings: [],
  });
  const result: ChildResult = {
    ms: performance.now() - start,
    rssAfterImports,
    bump: decision.bump,
    currentVersion: decision.currentVersion,
    nextVersion: decision.nextVersion,
    truncated: decision.truncated,
    files: decision.files.map((f) => ({ path: f.path, status: f.status, bump: f.bump, rule: f.rule })),
  };
  writeFileSync(args.out, JSON.stringify(result));
}

async function benchCore(
  gh: FakeGitHub,
  s: Scenario & { expectedWithPatches?: Map<string, Expected>; expectedFromTrees?: Map<string, Expected> },
  repo: FakeRepo,
  scratch: Scratch,
): Promise<CoreFigures> {
  const out = path.join(scratch.dir, 'core.json');
  const args: ChildArgs = { url: gh.url, base: s.base, head: s.head, out };
  const before = gh.requests.length;
  const result = await scratch.run(['--import', 'tsx', SELF, '--core-child'], cleanEnv({ BENCH_SCALE_CHILD: JSON.stringify(args) }));
  if (result.code !== 0) throw childFailure('core child', result);
  const requests = gh.requests.length - before;
  const child = JSON.parse(readFileSync(out, 'utf8')) as ChildResult;
  if (child.files.length !== s.expected.size) throw new Error(`core: ${child.files.length} files, expected ${s.expected.size}`);
  // The trees alone (no API list, so no patches at all).
  checkReasons('core (trees)', child.files, s.expectedFromTrees ?? s.expected);
  if (child.bump !== s.bump || child.truncated || child.currentVersion !== HIGHEST_STABLE || child.nextVersion !== s.nextVersion) {
    throw new Error(`core: bump ${child.bump}, truncated ${child.truncated}, current ${child.currentVersion}, next ${child.nextVersion}`);
  }
  // The same change with every patch (as a local checkout would give): what the trees cost.
  const withPatches = decide({
    config: parseConfig(CONFIG_YAML, CONFIG_PATH),
    files: repo.diff(s.base, s.head).map((f) => toChangedFile(f)).filter((f): f is ChangedFile => f !== null),
    truncated: false,
    tags: [...repo.refs.keys()].filter((r) => r.startsWith('refs/tags/')).map((r) => r.slice('refs/tags/'.length)),
    base: s.base,
    head: s.head,
    headSha: s.head,
    branch: 'main',
  });
  if (s.expectedWithPatches) {
    checkReasons('core (with patches)', withPatches.files.map((f) => ({ path: f.path, status: f.status, bump: f.bump, rule: f.rule })), s.expectedWithPatches);
  }
  const figures: CoreFigures = {
    ms: child.ms,
    cpuMs: result.cpuMs,
    peakRss: result.peakRss,
    rssAfterImports: child.rssAfterImports,
    heapPeak: result.heapPeak,
    bump: child.bump,
    withPatchesBump: withPatches.bump,
    files: child.files.length,
    requests,
    ok: result.peakRss < TARGET_MB * 2 ** 20,
  };
  console.log(
    `3. core only (GitHubSource + TreeLister + decide, tsx child) on the tree diff: bump ${child.bump}, ${child.files.length} files as expected, ` +
      `${requests} requests; with every patch the bump would be ${withPatches.bump}`,
  );
  return figures;
}

// ---- entry points -------------------------------------------------------------------------------

export async function run(): Promise<Record<string, unknown>> {
  console.log(`bench/scale: node dist/index.js (${process.version}) on the fake GitHub API (0 ms latency), ${REPS} runs per scenario`);
  if (!existsSync(ACTION)) throw new Error(`${ACTION} is missing; run npm run build`);
  const scratch = new Scratch();
  try {
    const tree = await benchAction('1. PR of 3,500 files listed from two git trees', buildTreeScenario, scratch, { core: true, jsonSource: true });
    console.log('');
    const listed = await benchAction('2. PR of 3,000 files with patches, listed by the API', buildListedScenario, scratch);
    const benchPeak = process.resourceUsage().maxRSS * 1024;
    const core = tree.core!;

    console.log('');
    const rss = (a: ActionFigures) => `${fmtMb(a.peakRss)}${a.timePeakRss !== null ? ` (time -v ${fmtMb(a.timePeakRss)})` : ''}`;
    const row = (name: string, a: ActionFigures) => [
      name,
      `${a.bump} -> ${a.nextVersion}`,
      fmtMs(a.msMedian),
      fmtMs(a.cpuMsMedian),
      rss(a),
      fmtMb(a.heapPeak),
      String(a.requests),
      a.ok ? 'OK' : 'MISSED',
    ];
    printTable(
      [
        ['scenario', 'decision', `wall (median of ${REPS})`, 'child CPU', `peak RSS (max of ${REPS})`, 'heap peak', 'requests', `target < ${TARGET_MB} MB`],
        row(`1. action: ${tree.action.files} files via 2 trees of ${tree.action.treeEntries} entries`, tree.action),
        ...(tree.jsonSource ? [row(`1b. same, node ${JSON_SOURCE_FLAG} (V8 default in Node 22/24)`, tree.jsonSource)] : []),
        row(`2. action: ${listed.action.files} files with patches, listed`, listed.action),
        [
          '3. core only (tsx child), the tree diff of 1',
          core.bump,
          fmtMs(core.ms),
          fmtMs(core.cpuMs),
          `${fmtMb(core.peakRss)} (${fmtMb(core.rssAfterImports)} after imports)`,
          fmtMb(core.heapPeak),
          String(core.requests),
          core.ok ? 'OK' : 'MISSED',
        ],
        ['bench process (fake API + state, both scenarios)', '', '', '', fmtMb(benchPeak), '', '', ''],
      ],
      '   ',
    );
    if (tree.fakeTree) {
      console.log(
        `   the wall times include the fake API, in this process: ${fmtMs(tree.fakeTree.ms)} per recursive tree of ` +
          `${(tree.fakeTree.bytes / 2 ** 20).toFixed(1)} MiB JSON (serial; the action asks for both trees at once)`,
      );
    }
    console.log(
      `   ls-tree size of the 1. trees: ${tree.action.lsTreeMb.toFixed(1)} MiB; GitHub returns at most 100,000 entries and 7 MB of them ` +
        '(the fake models only the entry count)',
    );
    return { tree: tree.action, treeJsonSource: tree.jsonSource, listed: listed.action, core, fakeTree: tree.fakeTree, benchPeakRss: benchPeak };
  } finally {
    scratch.dispose();
  }
}

export function toFigures(result: Record<string, unknown>): Figure[] {
  const tree = result.tree as ActionFigures;
  const treeJsonSource = result.treeJsonSource as ActionFigures | null;
  const listed = result.listed as ActionFigures;
  const core = result.core as CoreFigures;
  const bench = 'scale';
  const target = `< ${TARGET_MB} MB`;
  return [
    { bench, metric: `action, ${tree.files} files via 100k-entry trees: peak RSS`, value: fmtMb(tree.peakRss), target, ok: tree.ok },
    ...(treeJsonSource
      ? [{ bench, metric: `same, ${JSON_SOURCE_FLAG}: peak RSS`, value: fmtMb(treeJsonSource.peakRss), target, ok: treeJsonSource.ok }]
      : []),
    { bench, metric: `action, ${tree.files} files via trees: wall`, value: fmtMs(tree.msMedian), target: '', ok: null },
    { bench, metric: `action, ${listed.files} files with patches: peak RSS`, value: fmtMb(listed.peakRss), target, ok: listed.ok },
    { bench, metric: `action, ${listed.files} files with patches: wall`, value: fmtMs(listed.msMedian), target: '', ok: null },
    { bench, metric: 'core only, tree diff: peak RSS', value: fmtMb(core.peakRss), target, ok: core.ok },
  ];
}

if (process.argv.includes('--core-child')) {
  await coreChild(JSON.parse(process.env.BENCH_SCALE_CHILD ?? '{}') as ChildArgs);
} else if (isMain(import.meta.url)) {
  const started = Date.now();
  const result = await run();
  console.log(`   total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  reportFigures(toFigures(result));
}
