/**
 * Classification throughput, designs side by side: core `classify()` (a RuleSet with its segment
 * index and literal prefix/suffix prefilter) against the naive loop path-labelling actions use,
 * every file tested with `minimatch(path, glob, { dot: true })` against every glob of every rule.
 *
 *   npx tsx bench/classify.ts
 *
 * Two more baselines separate where the gain comes from: the same loop with each glob compiled
 * once (so only the index and prefilter differ), and with a Minimatch compiled per test (what
 * minimatch() costs without the cache of compiled patterns the installed minimatch 11.0.9 keeps
 * behind it; run on a subset). Every baseline must decide every file it ran on as core does, or
 * the bench fails. Peak RSS comes from a child process that runs only core, once, as the CLI would.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Minimatch, minimatch } from 'minimatch';
import { classify, parseConfig, RuleSet, type ChangedFile, type Config, type Rule } from '../src/core/index.js';
import { generateChangedFiles, generateConfigYaml } from './data.js';
import { figure, fmtMb, fmtMs, fmtRatio, measure, median, printTable, reportFigures, timeMs, verdict } from './lib.js';

interface Scenario {
  id: 'A' | 'B';
  files: number;
  rules: number;
  seed: number;
  /** Core's warm-up and repetitions (the baselines, slow at 100k files, run BASELINE_REPS times). */
  warmup: number;
  reps: number;
  /** The per-test-compiled baseline runs on every Nth file, scaled by N; 0 skips it (at 500 rules minimatch()'s cache thrashes anyway). */
  uncachedStride: number;
}

const SCENARIOS: Scenario[] = [
  { id: 'A', files: 100_000, rules: 50, seed: 1, warmup: 2, reps: 7, uncachedStride: 20 },
  { id: 'B', files: 3_000, rules: 500, seed: 2, warmup: 5, reps: 15, uncachedStride: 0 },
];
/** Scenario A's targets, printed next to its figures (never asserted). */
const TARGET = { coreMs: 300, ratio: 20, peakMb: 300 };
const BASELINE_REPS = 2;

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

/** Where decisions come from: most files reach rules late in the list, or the default. */
function spread(config: Config, files: readonly ChangedFile[]): string {
  const third = [0, 0, 0, 0];
  const position = new Map(config.rules.map((r) => [r.name, r.position]));
  for (const d of runCore(config, files).files) {
    third[d.rule === null ? 3 : Math.min(2, Math.floor(((position.get(d.rule)! - 1) / config.rules.length) * 3))]!++;
  }
  const [first, middle, last, none] = third.map((k) => `${((k / files.length) * 100).toFixed(0)}%`);
  return `decided by rules in the first/middle/last third: ${first} / ${middle} / ${last}, no rule (default-bump): ${none}`;
}

/** The child's side (`--memory-child A`): core only, once; prints its RSS at start and its peak, in bytes. */
function memoryChild(s: Scenario): void {
  const start = process.memoryUsage().rss;
  const { config, files } = load(s);
  if (runCore(config, files).files.length !== files.length) throw new Error('lost files');
  // maxRSS is the kernel's high-water mark (KiB): no sampling gaps during a synchronous run.
  process.stdout.write(`\n${JSON.stringify({ start, peak: process.resourceUsage().maxRSS * 1024 })}\n`);
}

function memory(s: Scenario): { start: number; peak: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', s.id], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`memory child for ${s.id} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { start: number; peak: number };
}

/** One scenario's times (ms; the baselines' verified against core) and core's memory. */
function runScenario(s: Scenario) {
  const { yaml, config, files } = load(s);
  console.log(`  ${s.id}: ${s.files.toLocaleString('en-US')} files x ${s.rules} rules; ${spread(config, files)}`);
  const rules = naiveRules(config);
  const baseline = (matcher: Matcher, what: string, stride = 1): number => {
    if (stride === 0) return NaN;
    const subset = files.filter((_, i) => i % stride === 0);
    runNaive(rules, subset.slice(0, 500), matcher); // warms minimatch and the loop
    let decided: (Rule | null)[] = [];
    const ms = median(Array.from({ length: BASELINE_REPS }, () => timeMs(() => (decided = runNaive(rules, subset, matcher)))));
    verify(s, config, subset, decided, what);
    return ms * stride;
  };
  return {
    s,
    parse: measure(() => parseConfig(yaml, 'bench.yml'), 1, 5),
    core: measure(() => runCore(config, files), s.warmup, s.reps),
    naive: baseline(viaMinimatch, 'naive minimatch()'),
    precompiled: baseline(viaPrecompiled(rules), 'precompiled Minimatch'),
    uncached: baseline(viaUncached, 'uncached Minimatch', s.uncachedStride),
    memory: memory(s),
  };
}

function main(): void {
  console.log('bench/classify: core classify() vs a naive minimatch() loop (same process, medians)');
  const [a, b] = SCENARIOS.map(runScenario) as [ReturnType<typeof runScenario>, ReturnType<typeof runScenario>];
  const cells = (ms: (r: typeof a) => number) => [a, b].flatMap((r) => [fmtMs(ms(r)), fmtRatio(ms(r) / r.core)]);
  printTable([
    ['design', `A: ${a.s.files.toLocaleString('en-US')} x ${a.s.rules}`, 'ratio / core', `B: ${b.s.files.toLocaleString('en-US')} x ${b.s.rules}`, 'ratio / core'],
    [`core RuleSet + classify (median of ${a.s.reps} / ${b.s.reps})`, ...cells((r) => r.core)],
    [`naive minimatch() loop (median of ${BASELINE_REPS})`, ...cells((r) => r.naive)],
    ['same loop, each glob compiled once', ...cells((r) => r.precompiled)],
    [`same loop, new Minimatch per test (every ${a.s.uncachedStride}th file, x${a.s.uncachedStride})`, ...cells((r) => r.uncached)],
    ['parseConfig (not in core time)', fmtMs(a.parse), '', fmtMs(b.parse), ''],
    ['peak RSS, core-only child (node + tsx at start)', `${fmtMb(a.memory.peak)} (${fmtMb(a.memory.start)})`, '', `${fmtMb(b.memory.peak)} (${fmtMb(b.memory.start)})`, ''],
  ]);
  const ok = { core: a.core < TARGET.coreMs, ratio: a.naive / a.core >= TARGET.ratio, rss: a.memory.peak < TARGET.peakMb * 2 ** 20 };
  console.log(`  targets (A): core < ${TARGET.coreMs} ms ${verdict(ok.core)}; naive / core >= ${TARGET.ratio}x ${verdict(ok.ratio)}; peak RSS < ${TARGET.peakMb} MB ${verdict(ok.rss)}`);
  console.log('  verified: every baseline decides every file it ran on exactly as core does (rule and bump)');
  reportFigures([
    figure('classify A', 'core classify', fmtMs(a.core), `< ${TARGET.coreMs} ms`, ok.core),
    figure('classify A', 'naive minimatch() / core', fmtRatio(a.naive / a.core), `>= ${TARGET.ratio}x`, ok.ratio),
    figure('classify A', 'precompiled Minimatch / core', fmtRatio(a.precompiled / a.core)),
    figure('classify A', `uncached Minimatch / core (1/${a.s.uncachedStride} subset)`, fmtRatio(a.uncached / a.core)),
    figure('classify A', 'peak RSS (core only)', fmtMb(a.memory.peak), `< ${TARGET.peakMb} MB`, ok.rss),
    figure('classify B', 'core classify', fmtMs(b.core)),
    figure('classify B', 'naive minimatch() / core', fmtRatio(b.naive / b.core)),
    figure('classify B', 'precompiled Minimatch / core', fmtRatio(b.precompiled / b.core)),
  ]);
}

const child = process.argv.indexOf('--memory-child');
if (child !== -1) memoryChild(SCENARIOS.find((s) => s.id === process.argv[child + 1])!);
else main();
