/**
 * Scale (`npx tsx bench/scale.ts`): the action bundle's peak RSS (target < 500 MB) and wall time on
 * a 3,500-file PR completed from two git trees of 99,804 entries with 5,000 tags, and on a
 * 3,000-file PR whose patches decide the bump. Every run's outputs are checked, down to each file's
 * reason; a wrong decision fails the bench. The fake API lives in this process, at 0 ms latency.
 */
import { startFakeGitHub, type FakeRepo } from '../test/support/fake-github/index.js';
import { ActionScratch, byRoute, figure, fmtMb, fmtMs, memoizeDiff, median, reportFigures, Rng, type Figure } from './lib.js';

const REPS = 3;
const TARGET_MB = 500;
const CONFIG_PATH = '.github/bump-classifier.yml';
const CONFIG = `version: 1
default-bump: patch
tag-format: "v{version}"
rules:
  - {name: api removal, paths: "packages/*/src/api/**", content: {removed: "^export function"}, bump: major}
  - {name: api addition, paths: "packages/*/src/api/**", content: {added: "^export "}, bump: minor}
  - {name: tests, paths: ["**/test/**", "**/*.test.ts"], bump: none}
  - {name: docs, paths: ["**/docs/**", "**/*.md"], bump: none}
  - {name: source, paths: "packages/*/src/**", bump: patch}
`;
const HIGHEST_STABLE = '7.24.14';

type Expected = { status: 'added' | 'modified' | 'removed'; bump: string; rule: string };
/** `expected`: what the action must decide for each path; `warnings`: substrings the warnings must contain. */
type Scenario = { name: string; base: string; head: string; expected: Map<string, Expected>; bump: string; next: string; warnings: string[] };

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const range = (n: number, fn: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => fn(i));

/** A package's 482 files in 17 directories: 499 tree entries. */
function packagePaths(p: number) {
  const root = `packages/pkg${pad(p, 3)}`;
  return {
    root,
    lib: range(300, (i) => `${root}/src/lib/mod${Math.floor(i / 30)}/file${pad(i % 30)}.ts`),
    api: range(40, (i) => `${root}/src/api/endpoint${pad(i)}.ts`),
    util: range(54, (i) => `${root}/src/util/util${pad(i)}.ts`),
    test: range(60, (i) => `${root}/test/case${pad(i)}.test.ts`),
    docs: range(28, (i) => `${root}/docs/page${pad(i)}.md`),
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

/** 5,000 tag names, shuffled (the highest stable must be found by precedence, not position). */
function tagNames(): string[] {
  const rng = new Rng(5000);
  const names = new Set<string>();
  for (let x = 0; x < 8; x++) for (let y = 0; y < 25; y++) for (let z = 0; z < 15; z++) names.add(`v${x}.${y}.${z}`);
  for (let n = 1; n <= 200; n++) names.add(`v8.0.0-rc.${n}`).add(`v7.25.0-beta.${n}`);
  while (names.size < 4000) names.add(`v${rng.int(8)}.${rng.int(25)}.${rng.int(15)}-alpha.${1 + rng.int(50)}`);
  // Junk (four parts is not a version, though "higher" than any stable) and other prefixes.
  for (let i = 0; i < 100; i++) names.add(`vnext-${i}`).add(`v9.${i}.0.1`).add(`vv9.${i}.0`).add(`version-${i}`).add(`vendor-9.${i}.0`);
  for (let i = 0; i < 250; i++) names.add(`api@20.${i}.0`).add(`web-v30.${i}.0`);
  if (names.size !== 5000) throw new Error(`generated ${names.size} tags`);
  return rng.shuffle([...names]);
}

/** The base commit of `packages` packages, tagged 5,000 times; `content` gives each file's text. */
function baseCommit(repo: FakeRepo, packages: number, content: (file: string, i: number) => string): string {
  const files: Record<string, string> = { [CONFIG_PATH]: CONFIG, 'README.md': '# scale\n' };
  const all = Array.from({ length: packages }, (_, p) => Object.values(packagePaths(p)).slice(1).flat()).flat();
  all.forEach((file, i) => (files[file] = content(file, i)));
  const base = repo.commitTree(undefined, files, { branch: 'main', message: 'base' });
  for (const name of tagNames()) repo.refs.set(`refs/tags/${name}`, base);
  return base;
}

function openPull(repo: FakeRepo, base: string, files: Record<string, string | null>): string {
  const head = repo.commit({ parents: [base], files, branch: 'feature', message: 'change' });
  repo.openPull({ number: 1, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } });
  return head;
}

/** 1: 3,500 changed files among ~100,000 tree entries; only the first 3,000 (listed by the API) have patches. */
function treeScenario(repo: FakeRepo): Scenario {
  const base = baseCommit(repo, 200, small);
  const head: Record<string, string | null> = {};
  const expected = new Map<string, Expected>();
  const withPatch = new Map<string, Expected>();
  const change = (file: string, content: string | null, e: Expected, patched = e) => {
    head[file] = content;
    expected.set(file, e);
    withPatch.set(file, patched);
  };
  for (let p = 0; p < 200; p++) {
    const paths = packagePaths(p);
    for (let i = 0; i < 9; i++) change(paths.lib[i * 31]!, small(paths.lib[i * 31]!, -1 - i), { status: 'modified', bump: 'patch', rule: 'source' });
    for (let i = 0; i < 3; i++) {
      const file = `${paths.root}/src/lib/mod${i}/added${i}.ts`;
      change(file, small(file, 1_000_000 + i), { status: 'added', bump: 'patch', rule: 'source' });
    }
    for (let i = 0; i < 3; i++) change(paths.docs[i * 7]!, null, { status: 'removed', bump: 'none', rule: 'docs' });
    for (let i = 0; i < 2; i++) {
      // Only a comment is added: with the patch, "source" (patch); without it, the first content
      // rule counts as matching ("api removal", major), as documented for the tree fallback.
      const file = paths.api[i * 13]!;
      const before = repo.mustCommit(base).tree.get(file)!.content!;
      change(file, before.replace('\n', '\n// reviewed\n'), { status: 'modified', bump: 'major', rule: 'api removal' }, { status: 'modified', bump: 'patch', rule: 'source' });
    }
    if (p % 2 === 0) change(paths.test[5]!, small(paths.test[5]!, -5), { status: 'modified', bump: 'none', rule: 'tests' });
  }
  const headSha = openPull(repo, base, head);
  repo.treeTruncateAt = 100_000; // GitHub's entry cap (its 7 MB cap is not modelled by the fake)
  // The API lists the first 3,000 files (by name) with patches, which the action keeps when the trees complete the list.
  for (const file of [...expected.keys()].sort().slice(0, 3000)) expected.set(file, withPatch.get(file)!);
  const warnings = ['the complete list came from the git trees', 'no patch available for'];
  return { name: 'action, files via two 100k-entry trees', base, head: headSha, expected, bump: 'major', next: '8.0.0', warnings };
}

/** 2: exactly 3,000 changed files, listed by the API with patches of ~2 x 54 lines. */
function listedScenario(repo: FakeRepo): Scenario {
  const expected = new Map<string, Expected>();
  for (let p = 0; p < 50; p++) {
    const { lib, api, docs } = packagePaths(p);
    for (let i = 0; i < 40; i++) expected.set(lib[i * 7]!, { status: 'modified', bump: 'patch', rule: 'source' });
    for (let i = 0; i < 18; i++) expected.set(api[i * 2]!, i < 12 ? { status: 'modified', bump: 'minor', rule: 'api addition' } : { status: 'modified', bump: 'patch', rule: 'source' });
    for (let i = 0; i < 2; i++) expected.set(docs[i * 11]!, { status: 'modified', bump: 'none', rule: 'docs' });
  }
  const variant = (file: string) => (file.includes('/api/') ? 'old' : file.includes('/docs/') ? 'doc' : 'lib');
  const base = baseCommit(repo, 50, (file, i) => (expected.has(file) ? longContent(file, 60, variant(file)) : small(file, i)));
  const head: Record<string, string> = {};
  [...expected].forEach(([file, e], n) => {
    const lines = longContent(file, 60, variant(file)).split('\n');
    // Lines 3..end-3 rewritten; the three exported functions stay. An "api addition" file exports one more symbol.
    for (let i = 3; i < lines.length - 4; i++) {
      lines[i] = e.rule === 'api addition' && i === 10 ? `export const added${n} = ${i}; // new public symbol` : `  const changed${i} = ${n}; // ${file.slice(-24)} new`;
    }
    head[file] = lines.join('\n');
  });
  return { name: 'action, files with patches, listed', base, head: openPull(repo, base, head), expected, bump: 'minor', next: '7.25.0', warnings: [] };
}

function check(s: Scenario, outputs: Record<string, string>): void {
  const problems: string[] = [];
  const expect = (what: string, got: string | undefined, want: string) => got !== want && problems.push(`${what} ${got}, expected ${want}`);
  expect('file-count', outputs['file-count'], String(s.expected.size));
  expect('truncated', outputs.truncated, 'false');
  expect('current version', outputs['current-version'], HIGHEST_STABLE);
  expect('bump', outputs.bump, s.bump);
  expect('next version', outputs['next-version'], s.next);
  const warnings = JSON.parse(outputs.warnings ?? '[]') as string[];
  for (const w of s.warnings) if (!warnings.some((x) => x.includes(w))) problems.push(`no warning with "${w}"`);
  const reasons = JSON.parse(outputs.files ?? '[]') as { path: string; status: string; bump: string; rule: string | null }[];
  expect('file reasons', String(reasons.length), String(Math.min(1000, s.expected.size)));
  for (const r of reasons) {
    const e = s.expected.get(r.path);
    if (e?.status !== r.status || e.bump !== r.bump || e.rule !== r.rule) problems.push(`${r.path}: ${r.status}/${r.bump}/${r.rule}, expected ${JSON.stringify(e)}`);
  }
  if (problems.length > 0) throw new Error(`${s.name}: ${problems.slice(0, 10).join('; ')}`);
}

/** Builds a scenario on a fresh fake API and runs the action REPS times on it, checking every run. */
async function scenario(build: (repo: FakeRepo) => Scenario, scratch: ActionScratch): Promise<Figure[]> {
  const gh = await startFakeGitHub({ latencyMs: 0 });
  try {
    const repo = gh.repo('octo', 'scale');
    memoizeDiff(repo);
    const s = build(repo);
    const changes = repo.diff(s.base, s.head);
    if (changes.length !== s.expected.size || changes.some((c) => s.expected.get(c.filename)?.status !== c.status)) {
      throw new Error(`${s.name}: the fake's diff (${changes.length} files) is not the bench's change (${s.expected.size})`);
    }
    const env = scratch.pullEnv('scale', gh.url, s.base, s.head);
    const runs = [];
    for (let i = 0; i < REPS; i++) {
      const before = gh.requests.length;
      runs.push(await scratch.run(env, s.name));
      check(s, runs[i]!.outputs);
      if (i === 0) console.log(`  ${s.name}: requests of one run: ${byRoute(gh.requests.slice(before))}`);
    }
    const name = `${s.name} (${s.expected.size} files, ${s.bump} -> ${s.next}, verified)`;
    const peak = Math.max(...runs.map((r) => r.peakRss));
    return [
      figure('scale', `${name}: peak RSS (${runs.map((r) => fmtMb(r.peakRss)).join(' ')})`, fmtMb(peak), `< ${TARGET_MB} MB`, peak < TARGET_MB * 2 ** 20),
      figure('scale', `${name}: wall, median of ${REPS}`, fmtMs(median(runs.map((r) => r.ms)))),
    ];
  } finally {
    await gh.close();
  }
}

console.log(`bench/scale: node dist/index.js (${process.version}) on the fake GitHub API (0 ms latency), 5,000 tags, ${REPS} runs per scenario`);
const scratch = new ActionScratch();
try {
  reportFigures([...(await scenario(treeScenario, scratch)), ...(await scenario(listedScenario, scratch))]);
} finally {
  scratch.dispose();
}
