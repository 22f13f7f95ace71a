/**
 * Scale (`npx tsx bench/scale.ts`): the action bundle's peak RSS (target < 500 MB) and wall time on
 * a 3,500-file PR completed from two git trees of 99,804 entries with 5,000 tags, and on a
 * 3,000-file PR whose patches decide the bump. Every run's outputs are checked, down to each file's
 * reason; a wrong decision fails the bench. The fake API lives in this process, at 0 ms latency.
 */
import { startFakeGitHub, type FakeRepo } from '../test/support/fake-github/index.js';
import { ActionScratch, byRoute, figure, fmtMb, fmtMs, memoizeDiff, median, reportFigures, Rng, type Figure } from './lib.js';

const [REPS, TARGET_MB] = [3, 500];
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

/** `expected`: "status bump rule" the action must decide for each path; `warnings`: substrings the warnings must contain. */
type Scenario = { name: string; base: string; head: string; expected: Map<string, string>; bump: string; next: string; warnings: string[] };

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

/** A base commit of `packages` packages (`content` gives each file's text) tagged 5,000 times, and PR #1 making `change(base)` on it. */
function openPull(repo: FakeRepo, packages: number, content: (file: string, i: number) => string, change: (base: string) => Record<string, string | null>) {
  const files: Record<string, string> = { '.github/bump-classifier.yml': CONFIG, 'README.md': '# scale\n' };
  Array.from({ length: packages }, (_, p) => Object.values(packagePaths(p)).slice(1).flat()).flat().forEach((f, i) => (files[f] = content(f, i)));
  const base = repo.commitTree(undefined, files, { branch: 'main', message: 'base' });
  for (const name of tagNames()) repo.refs.set(`refs/tags/${name}`, base);
  const head = repo.commit({ parents: [base], files: change(base), branch: 'feature', message: 'change' });
  repo.openPull({ number: 1, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } });
  return { base, head };
}

/** 1: 3,500 changed files among ~100,000 tree entries; only the first 3,000 (listed by the API) have patches. */
function treeScenario(repo: FakeRepo): Scenario {
  const [files, expected, withPatch] = [{} as Record<string, string | null>, new Map<string, string>(), new Map<string, string>()];
  const change = (file: string, content: string | null, e: string, patched = e) => {
    files[file] = content;
    expected.set(file, e);
    withPatch.set(file, patched);
  };
  const { base, head } = openPull(repo, 200, small, (base) => {
    for (let p = 0; p < 200; p++) {
      const { root, lib, api, test, docs } = packagePaths(p);
      for (let i = 0; i < 9; i++) change(lib[i * 31]!, small(lib[i * 31]!, -1 - i), 'modified patch source');
      range(3, (i) => `${root}/src/lib/mod${i}/added${i}.ts`).forEach((file, i) => change(file, small(file, 1_000_000 + i), 'added patch source'));
      for (let i = 0; i < 3; i++) change(docs[i * 7]!, null, 'removed none docs');
      // Only a comment is added: with the patch, "source" (patch); without it, the first content
      // rule counts as matching ("api removal", major), as documented for the tree fallback.
      for (const file of [api[0]!, api[13]!]) change(file, repo.mustCommit(base).tree.get(file)!.content!.replace('\n', '\n// reviewed\n'), 'modified major api removal', 'modified patch source');
      if (p % 2 === 0) change(test[5]!, small(test[5]!, -5), 'modified none tests');
    }
    return files;
  });
  repo.treeTruncateAt = 100_000; // GitHub's entry cap (its 7 MB cap is not modelled by the fake)
  // The API lists the first 3,000 files (by name) with patches, which the action keeps when the trees complete the list.
  for (const file of [...expected.keys()].sort().slice(0, 3000)) expected.set(file, withPatch.get(file)!);
  const warnings = ['the complete list came from the git trees', 'no patch available for'];
  return { name: 'action, files via two 100k-entry trees', base, head, expected, bump: 'major', next: '8.0.0', warnings };
}

/** 2: exactly 3,000 changed files, listed by the API with patches of ~2 x 54 lines. */
function listedScenario(repo: FakeRepo): Scenario {
  const expected = new Map<string, string>();
  for (let p = 0; p < 50; p++) {
    const { lib, api, docs } = packagePaths(p);
    for (let i = 0; i < 40; i++) expected.set(lib[i * 7]!, 'modified patch source');
    for (let i = 0; i < 18; i++) expected.set(api[i * 2]!, i < 12 ? 'modified minor api addition' : 'modified patch source');
    for (let i = 0; i < 2; i++) expected.set(docs[i * 11]!, 'modified none docs');
  }
  const variant = (file: string) => (file.includes('/api/') ? 'old' : file.includes('/docs/') ? 'doc' : 'lib');
  // Lines 3..end-3 rewritten; the three exported functions stay. An "api addition" file exports one more symbol.
  const rewrite = (file: string, n: number) => {
    const lines = longContent(file, 60, variant(file)).split('\n');
    for (let i = 3; i < lines.length - 4; i++) {
      lines[i] = expected.get(file)!.endsWith('api addition') && i === 10 ? `export const added${n} = ${i}; // new public symbol` : `  const changed${i} = ${n}; // ${file.slice(-24)} new`;
    }
    return lines.join('\n');
  };
  const content = (file: string, i: number) => (expected.has(file) ? longContent(file, 60, variant(file)) : small(file, i));
  const { base, head } = openPull(repo, 50, content, () => Object.fromEntries([...expected.keys()].map((file, n) => [file, rewrite(file, n)])));
  return { name: 'action, files with patches, listed', base, head, expected, bump: 'minor', next: '7.25.0', warnings: [] };
}

function check(s: Scenario, outputs: Record<string, string>): void {
  const problems: string[] = [];
  const want = { 'file-count': String(s.expected.size), truncated: 'false', 'current-version': HIGHEST_STABLE, bump: s.bump, 'next-version': s.next };
  for (const [key, value] of Object.entries(want)) if (outputs[key] !== value) problems.push(`${key} ${outputs[key]}, expected ${value}`);
  for (const w of s.warnings) if (!(JSON.parse(outputs.warnings ?? '[]') as string[]).some((x) => x.includes(w))) problems.push(`no warning with "${w}"`);
  const reasons = JSON.parse(outputs.files ?? '[]') as { path: string; status: string; bump: string; rule: string | null }[];
  if (reasons.length !== Math.min(1000, s.expected.size)) problems.push(`${reasons.length} file reasons`);
  for (const r of reasons) if (s.expected.get(r.path) !== `${r.status} ${r.bump} ${r.rule}`) problems.push(`${r.path}: ${r.status} ${r.bump} ${r.rule}, expected ${s.expected.get(r.path)}`);
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
    if (changes.length !== s.expected.size || changes.some((c) => !s.expected.get(c.filename)?.startsWith(`${c.status} `))) {
      throw new Error(`${s.name}: the fake's diff (${changes.length} files) is not the bench's change (${s.expected.size})`);
    }
    const env = scratch.pullEnv('scale', gh.url, s.base, s.head, changes.length);
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

console.log(`bench/scale: node dist/index.cjs (${process.version}) on the fake GitHub API (0 ms latency), 5,000 tags, ${REPS} runs per scenario`);
const scratch = new ActionScratch();
try {
  reportFigures([...(await scenario(treeScenario, scratch)), ...(await scenario(listedScenario, scratch))]);
} finally {
  scratch.dispose();
}
