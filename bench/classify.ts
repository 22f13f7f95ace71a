/**
 * Classification throughput: core `classify()` (a RuleSet with its segment index and literal
 * prefix/suffix prefilter) against the naive loop path-labelling actions use, where every file is
 * tested with `minimatch(path, glob, { dot: true })` against every glob of every rule in order.
 *
 *   npx tsx bench/classify.ts
 *
 * Two more baselines separate where the gain comes from: the same loop with each glob compiled
 * once (so only the index and prefilter differ), and with a Minimatch compiled per test (what
 * minimatch() costs without the cache of compiled patterns that the installed minimatch 11.0.9
 * keeps behind it; run on a subset).
 *
 * Every baseline must make the same decision as core for every file it ran on; a difference is
 * a correctness bug and fails the bench. Peak memory is measured in a child process that runs
 * only the core scenario, so the baselines' garbage and the other scenario do not count.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Minimatch, minimatch } from 'minimatch';
import { classify, filesNeedingPatch, parseConfig, RuleSet, type ChangedFile, type Config, type Rule } from '../src/core/index.js';
import { generateChangedFiles, generateConfigYaml } from './data.js';
import {
  fmtMb,
  fmtMs,
  fmtRatio,
  isMain,
  measure,
  median,
  printTable,
  reportFigures,
  ROOT,
  timeMs,
  type Figure,
} from './lib.js';

interface Scenario {
  id: 'A' | 'B';
  files: number;
  rules: number;
  seed: number;
  coreReps: number;
  coreWarmup: number;
  /** Baseline repetitions: the baselines are slow at 100k files, so fewer. */
  baselineReps: number;
  /**
   * The uncached baseline (a Minimatch compiled per test) runs on every Nth file only, scaled
   * by N; 0 skips it (at 500 rules minimatch()'s own cache already thrashes, so it adds nothing).
   */
  uncachedStride: number;
  /** Targets printed next to the figures (never asserted). */
  targets: { ratio?: number; coreMs?: number; peakMb?: number };
}

const SCENARIOS: Scenario[] = [
  {
    id: 'A',
    files: 100_000,
    rules: 50,
    seed: 1,
    coreReps: 7,
    coreWarmup: 2,
    baselineReps: 2,
    uncachedStride: 20,
    targets: { ratio: 20, coreMs: 300, peakMb: 300 },
  },
  { id: 'B', files: 3_000, rules: 500, seed: 2, coreReps: 15, coreWarmup: 5, baselineReps: 2, uncachedStride: 0, targets: {} },
];

function label(s: Scenario): string {
  return `${s.id}: ${s.files.toLocaleString('en-US')} files x ${s.rules} rules`;
}

function load(s: Scenario): { yaml: string; config: Config; files: ChangedFile[] } {
  const yaml = generateConfigYaml(s.rules);
  const config = parseConfig(yaml, `bench-${s.id}.yml`);
  if (config.rules.length !== s.rules) throw new Error(`expected ${s.rules} rules, got ${config.rules.length}`);
  return { yaml, config, files: generateChangedFiles(s.files, s.seed) };
}

/** What the product does: compile the rule set, classify every file. */
function runCore(config: Config, files: readonly ChangedFile[]) {
  return classify(new RuleSet(config.rules, config.defaultBump), files);
}

// ---------------------------------------------------------------------------------------------
// The baselines: first-match over rules in order, every glob of a rule tested with minimatch,
// no index and no prefilter of our own; they differ only in how a glob reaches minimatch.

interface NaiveRule {
  rule: Rule;
  /** The globs as written, "!" kept: that is what a labeller loops over. */
  globs: string[];
}

function naiveRules(config: Config): NaiveRule[] {
  return config.rules.map((rule) => ({
    rule,
    globs: [...rule.paths.positive.map((g) => g.source), ...rule.paths.negative.map((g) => `!${g.source}`)],
  }));
}

type Matcher = (path: string, glob: string) => boolean;

/**
 * The baseline as specified. Note: the installed minimatch (11.0.9) keeps the last 256-512
 * compiled patterns behind minimatch(), so with few distinct globs (scenario A) this is close to
 * "compiled once", and with many (scenario B) the cache thrashes.
 */
const viaMinimatch: Matcher = (path, glob) => minimatch(path, glob, { dot: true });

/** minimatch() without its pattern cache: the glob is compiled on every test. */
const viaUncached: Matcher = (path, glob) => new Minimatch(glob, { dot: true }).match(path);

/** Same loop, but each glob compiled once: separates "compile once" from the index/prefilter. */
function viaPrecompiled(rules: readonly NaiveRule[]): Matcher {
  const compiled = new Map<string, Minimatch>();
  for (const r of rules) {
    for (const g of r.globs) {
      const body = g.startsWith('!') ? g.slice(1) : g;
      if (!compiled.has(body)) compiled.set(body, new Minimatch(body, { dot: true }));
    }
  }
  return (path, glob) => compiled.get(glob)!.match(path);
}

/** A positive glob matches and no "!" glob does. */
function naiveMatches(globs: readonly string[], path: string, match: Matcher): boolean {
  let hit = false;
  for (const g of globs) {
    if (g.startsWith('!')) continue;
    if (match(path, g)) {
      hit = true;
      break;
    }
  }
  if (!hit) return false;
  for (const g of globs) if (g.startsWith('!') && match(path, g.slice(1))) return false;
  return true;
}

/** The deciding rule of each file (null: default bump), with the product's semantics. */
function runNaive(rules: readonly NaiveRule[], files: readonly ChangedFile[], match: Matcher): (Rule | null)[] {
  return files.map((file) => {
    for (const { rule, globs } of rules) {
      if (rule.status !== null && !rule.status.has(file.status)) continue;
      if (naiveMatches(globs, file.path, match)) return rule;
      if (file.previousPath !== undefined && naiveMatches(globs, file.previousPath, match)) return rule;
    }
    return null;
  });
}

/** Fails loudly when core and baseline disagree on any file's rule or bump. */
function verify(s: Scenario, config: Config, files: readonly ChangedFile[], expected: readonly (Rule | null)[], what: string): void {
  const core = runCore(config, files).files;
  const mismatches: string[] = [];
  expected.forEach((rule, i) => {
    const got = core[i]!;
    const bump = rule ? rule.bump : config.defaultBump;
    if (got.bump !== bump || got.rule !== (rule ? rule.name : null)) {
      mismatches.push(
        `${files[i]!.status} ${files[i]!.previousPath ? `${files[i]!.previousPath} -> ` : ''}${files[i]!.path}: ` +
          `core ${got.bump} (${got.rule ?? 'default'}), ${what} ${bump} (${rule?.name ?? 'default'})`,
      );
    }
  });
  if (mismatches.length > 0) {
    throw new Error(
      `scenario ${s.id}: core classify() and the ${what} baseline disagree on ${mismatches.length} of ${files.length} files:\n  ` +
        mismatches.slice(0, 10).join('\n  '),
    );
  }
}

/** Where decisions come from: proves files reach rules late in the list, and the default. */
function spread(config: Config, files: readonly ChangedFile[]): string {
  const n = config.rules.length;
  const third = [0, 0, 0];
  let none = 0;
  const byName = new Map(config.rules.map((r) => [r.name, r.position]));
  for (const d of runCore(config, files).files) {
    if (d.rule === null) none++;
    else third[Math.min(2, Math.floor(((byName.get(d.rule)! - 1) / n) * 3))]!++;
  }
  const pct = (k: number): string => `${((k / files.length) * 100).toFixed(0)}%`;
  return `decided by rules in the first/middle/last third: ${third.map(pct).join(' / ')}, no rule (default-bump): ${pct(none)}`;
}

// ---------------------------------------------------------------------------------------------
// Peak memory, in a child process that runs only the core scenario once, as the CLI would.

interface MemoryResult {
  /** node + tsx, before any data exists. */
  rssStartMb: number;
  /** After generating the files and parsing the config (and a GC). */
  rssBeforeMb: number;
  peakRssMb: number;
  heapBeforeMb: number;
  /** With the classification result still referenced. */
  heapAfterMb: number;
}

function memoryChild(id: string): void {
  const mb = (bytes: number): number => bytes / 2 ** 20;
  const rssStart = process.memoryUsage().rss;
  const s = SCENARIOS.find((x) => x.id === id)!;
  const { config, files } = load(s);
  globalThis.gc?.();
  const before = process.memoryUsage();
  const result = runCore(config, files);
  // maxRSS is the kernel's high-water mark (KiB): no sampling gaps during a synchronous run.
  const peak = Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss);
  const heapAfter = process.memoryUsage().heapUsed;
  if (result.files.length !== files.length) throw new Error('lost files');
  const out: MemoryResult = {
    rssStartMb: mb(rssStart),
    rssBeforeMb: mb(before.rss),
    peakRssMb: mb(peak),
    heapBeforeMb: mb(before.heapUsed),
    heapAfterMb: mb(heapAfter),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function measureMemory(s: Scenario): MemoryResult {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', s.id],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`memory child for ${s.id} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as MemoryResult;
}

// ---------------------------------------------------------------------------------------------

function target(ok: boolean | undefined, text: string): string {
  return ok === undefined ? '' : `${text} ${ok ? 'OK' : 'MISSED'}`;
}

function runScenario(s: Scenario): Figure[] {
  const bench = `classify ${s.id}`;
  console.log(`\nScenario ${label(s)}`);
  const { yaml, config, files } = load(s);
  const parse = measure(() => parseConfig(yaml, 'bench.yml'), 5, 1).median;
  console.log(`  ${spread(config, files)}`);

  const core = measure(() => runCore(config, files), s.coreReps, s.coreWarmup);

  // The CLI also asks which files need a patch before classifying; with no content rules the
  // answer is "none", but it is computed by trying the rules on every file.
  const needsPatch = measure(() => filesNeedingPatch(config, files), 3, 1).median;

  const rules = naiveRules(config);
  const baseline = (matcher: Matcher, what: string, stride = 1): number => {
    const subset = stride === 1 ? files : files.filter((_, i) => i % stride === 0);
    // Warm minimatch and the loop on a small slice first.
    runNaive(rules, subset.slice(0, 500), matcher);
    let decided: (Rule | null)[] = [];
    const samples: number[] = [];
    for (let i = 0; i < s.baselineReps; i++) samples.push(timeMs(() => (decided = runNaive(rules, subset, matcher))));
    verify(s, config, subset, decided, what);
    return median(samples) * stride;
  };
  const naiveMs = baseline(viaMinimatch, 'naive minimatch()');
  const preMs = baseline(viaPrecompiled(rules), 'precompiled Minimatch');
  const uncachedMs = s.uncachedStride > 0 ? baseline(viaUncached, 'uncached Minimatch', s.uncachedStride) : NaN;

  const mem = measureMemory(s);
  const ratio = naiveMs / core.median;
  const t = s.targets;
  const rows = [
    ['measure', 'value', 'target'],
    ['parseConfig (not in core time)', fmtMs(parse), ''],
    [`core RuleSet+classify, median of ${s.coreReps}`, fmtMs(core.median), target(t.coreMs === undefined ? undefined : core.median < t.coreMs, `< ${t.coreMs} ms`)],
    [`baseline minimatch() loop, median of ${s.baselineReps}`, fmtMs(naiveMs), ''],
    ['ratio baseline / core', fmtRatio(ratio), target(t.ratio === undefined ? undefined : ratio >= t.ratio, `>= ${t.ratio}x`)],
    [`precompiled Minimatch loop, median of ${s.baselineReps}`, fmtMs(preMs), ''],
    ['ratio precompiled / core', fmtRatio(preMs / core.median), ''],
    ...(s.uncachedStride > 0
      ? [
          [`uncached new Minimatch per test, every ${s.uncachedStride}th file, x${s.uncachedStride}`, fmtMs(uncachedMs), ''],
          ['ratio uncached / core', fmtRatio(uncachedMs / core.median), ''],
        ]
      : []),
    ['filesNeedingPatch (CLI path, no content rules)', fmtMs(needsPatch), ''],
    ['peak RSS, core-only child process', `${mem.peakRssMb.toFixed(0)} MB`, target(t.peakMb === undefined ? undefined : mem.peakRssMb < t.peakMb, `< ${t.peakMb} MB`)],
    ['  RSS at child start (node + tsx)', `${mem.rssStartMb.toFixed(0)} MB`, ''],
    ['  RSS before classify (+ generated files, config)', `${mem.rssBeforeMb.toFixed(0)} MB`, ''],
    ['  heap used before -> after classify (result alive)', `${mem.heapBeforeMb.toFixed(0)} -> ${mem.heapAfterMb.toFixed(0)} MB`, ''],
  ];
  printTable(rows);
  console.log(
    `  verified: the baselines decide every file they ran on (all ${files.length.toLocaleString('en-US')}` +
      `${s.uncachedStride > 0 ? `; uncached: every ${s.uncachedStride}th` : ''}) exactly as core does (rule and bump)`,
  );
  console.log(`  core samples: ${core.samples.map((x) => x.toFixed(1)).join(', ')} ms`);

  const figures: Figure[] = [
    { bench, metric: 'core classify', value: fmtMs(core.median), target: t.coreMs ? `< ${t.coreMs} ms` : '', ok: t.coreMs ? core.median < t.coreMs : null },
    { bench, metric: 'naive minimatch() / core', value: fmtRatio(ratio), target: t.ratio ? `>= ${t.ratio}x` : '', ok: t.ratio ? ratio >= t.ratio : null },
    { bench, metric: 'precompiled Minimatch / core', value: fmtRatio(preMs / core.median), target: '', ok: null },
    ...(s.uncachedStride > 0
      ? [{ bench, metric: `uncached Minimatch / core (1/${s.uncachedStride} subset)`, value: fmtRatio(uncachedMs / core.median), target: '', ok: null }]
      : []),
    { bench, metric: 'peak RSS (core only)', value: fmtMb(mem.peakRssMb * 2 ** 20), target: t.peakMb ? `< ${t.peakMb} MB` : '', ok: t.peakMb ? mem.peakRssMb < t.peakMb : null },
    { bench, metric: 'filesNeedingPatch (no content rules)', value: fmtMs(needsPatch), target: '', ok: null },
    { bench, metric: 'parseConfig', value: fmtMs(parse), target: '', ok: null },
  ];
  return figures;
}

export function run(): Figure[] {
  console.log('bench/classify: core classify() vs a naive minimatch() loop (same process, medians)');
  return SCENARIOS.flatMap(runScenario);
}

if (isMain(import.meta.url)) {
  const child = process.argv.indexOf('--memory-child');
  if (child !== -1) {
    memoryChild(process.argv[child + 1]!);
  } else {
    reportFigures(run());
  }
}
