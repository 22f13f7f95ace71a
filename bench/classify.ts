/**
 * Classification designs side by side on the same files and rules (`npx tsx bench/classify.ts`): core
 * `classify(new RuleSet(...), files)` (rules in order; each glob's literal prefix/suffix check rejects most paths
 * before minimatch runs) against the naive first-match loop path-labelling actions use, `minimatch(path, glob,
 * { dot: true })` on every glob of every rule, with globs reaching minimatch three ways: minimatch() itself (11.0.9
 * caches compiled patterns: with few globs nearly "compiled once", with many the cache thrashes), each glob compiled
 * once, and a Minimatch per test (no cache; every 20th file, scaled up). Each must decide every file as core does.
 */
import { fileURLToPath } from 'node:url';
import { Minimatch, minimatch } from 'minimatch';
import { classify, parseConfig, RuleSet, type ChangedFile, type Config, type Rule } from '../src/core/index.js';
import { generateChangedFiles, generateConfigYaml } from './data.js';
import { figure, fmtMb, fmtMs, fmtRatio, median, reportFigures, runNode, timeMs, type Figure } from './lib.js';

/** Targets from the issues: a whole monorepo (A), a big PR with many rules (B), with few (C). `reps`: core's timed
 * runs after 3 warm-ups (baselines: BASELINE_REPS); `uncachedStride`: Minimatch per test on every Nth file, x N. */
const SCENARIOS = [
  { id: 'A', files: 100_000, rules: 50, seed: 1, reps: 7, targetMs: 1000, uncachedStride: 20 },
  { id: 'B', files: 3_000, rules: 500, seed: 2, reps: 15, targetMs: 150 },
  { id: 'C', files: 3_000, rules: 50, seed: 3, reps: 15, targetMs: 20 },
];
type Scenario = (typeof SCENARIOS)[number];
const [TARGET_PEAK_MB, BASELINE_REPS] = [300, 2];

function load(s: Scenario): { config: Config; files: ChangedFile[] } {
  const config = parseConfig(generateConfigYaml(s.rules), `bench-${s.id}.yml`);
  if (config.rules.length !== s.rules) throw new Error(`expected ${s.rules} rules, got ${config.rules.length}`);
  return { config, files: generateChangedFiles(s.files, s.seed) };
}

/** What the product does: compile the rule set, classify every file. */
const runCore = (config: Config, files: readonly ChangedFile[]) => classify(new RuleSet(config.rules, config.defaultBump), files);

type Matcher = (path: string, glob: string) => boolean;
const viaMinimatch: Matcher = (path, glob) => minimatch(path, glob, { dot: true });
const viaUncached: Matcher = (path, glob) => new Minimatch(glob, { dot: true }).match(path);
/** Every glob compiled once, up front: separates "compile once" from core's prefilter. */
function viaPrecompiled(config: Config): Matcher {
  const compiled = new Map(config.rules.flatMap((r) => [...r.paths.positive, ...r.paths.negative]).map((g) => [g.source, new Minimatch(g.source, { dot: true })]));
  return (path, glob) => compiled.get(glob)!.match(path);
}

/** The product's semantics without its prefilter: the first rule whose status fits and whose globs match either path. */
function runNaive(config: Config, files: readonly ChangedFile[], match: Matcher): (Rule | null)[] {
  const matches = (rule: Rule, path: string) => rule.paths.positive.some((g) => match(path, g.source)) && !rule.paths.negative.some((g) => match(path, g.source));
  const fits = (rule: Rule, file: ChangedFile) => rule.status === null || rule.status.has(file.status);
  const either = (rule: Rule, file: ChangedFile) => matches(rule, file.path) || (file.previousPath !== undefined && matches(rule, file.previousPath));
  return files.map((file) => config.rules.find((rule) => fits(rule, file) && either(rule, file)) ?? null);
}

/** Median ms of a baseline on every `stride`th file (scaled back up), after a short warm-up; fails when it decides any file (rule or bump) unlike core. */
function baseline(config: Config, files: readonly ChangedFile[], match: Matcher, what: string, stride = 1): number {
  const subset = files.filter((_, i) => i % stride === 0);
  runNaive(config, subset.slice(0, 500), match);
  let decided: (Rule | null)[] = [];
  const ms = median(Array.from({ length: BASELINE_REPS }, () => timeMs(() => (decided = runNaive(config, subset, match)))));
  const core = runCore(config, subset).files;
  const wrong = subset.filter((_, i) => core[i]!.rule !== (decided[i]?.name ?? null) || core[i]!.bump !== (decided[i]?.bump ?? config.defaultBump));
  if (wrong.length > 0) throw new Error(`core and ${what} disagree on ${wrong.length} of ${subset.length} files, e.g. ${wrong.slice(0, 5).map((f) => f.path).join(', ')}`);
  return ms * stride;
}

async function runScenario(s: Scenario): Promise<Figure[]> {
  const { config, files } = load(s);
  const name = `classify ${s.id}: ${s.files.toLocaleString('en-US')} x ${s.rules}`;
  for (let i = 0; i < 3; i++) runCore(config, files);
  const core = median(Array.from({ length: s.reps }, () => timeMs(() => runCore(config, files))));
  const ratio = (what: string, ms: number) => figure(name, `${what} / core`, `${fmtRatio(ms / core)} (${fmtMs(ms)})`);
  const figures = [
    figure(name, `core classify (median of ${s.reps})`, fmtMs(core), `<= ${s.targetMs} ms`, core <= s.targetMs),
    ratio(`naive minimatch() loop (median of ${BASELINE_REPS})`, baseline(config, files, viaMinimatch, 'naive minimatch()')),
    ratio('same loop, each glob compiled once', baseline(config, files, viaPrecompiled(config), 'precompiled Minimatch')),
  ];
  if (s.uncachedStride) {
    figures.push(ratio(`same loop, new Minimatch per test (every ${s.uncachedStride}th file, x${s.uncachedStride})`, baseline(config, files, viaUncached, 'uncached Minimatch', s.uncachedStride)));
    // Core's peak RSS: a child (`--memory-child A`) runs only core, once, as the CLI would, and prints maxRSS (no sampling gaps).
    const { stdout } = await runNode('the memory child', ['--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', s.id], process.env);
    const peak = Number(stdout.trim().split('\n').pop());
    figures.push(figure(name, 'peak RSS, core-only child (incl. node + tsx)', fmtMb(peak), `< ${TARGET_PEAK_MB} MB`, peak < TARGET_PEAK_MB * 2 ** 20));
  }
  return figures;
}

const child = process.argv.indexOf('--memory-child');
if (child !== -1) {
  const { config, files } = load(SCENARIOS.find((s) => s.id === process.argv[child + 1])!);
  runCore(config, files);
  console.log(process.resourceUsage().maxRSS * 1024);
} else {
  console.log('bench/classify: core classify() vs naive minimatch() loops (same process, medians; every baseline verified against core)');
  const figures: Figure[] = [];
  for (const s of SCENARIOS) figures.push(...(await runScenario(s)));
  reportFigures(figures);
}
