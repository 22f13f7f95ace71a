/**
 * Classification throughput, designs side by side on the same files and rules: core
 * `classify(new RuleSet(...), files)` (rules tried in order; each glob's literal prefix/suffix
 * check rejects most paths before minimatch runs) against the naive first-match loop
 * path-labelling actions use, `minimatch(path, glob, { dot: true })` on every glob of every rule.
 *
 *   npx tsx bench/classify.ts
 *
 * One loop serves every baseline; only the way a glob reaches minimatch differs: minimatch()
 * itself (the installed 11.0.9 caches compiled patterns behind it, so with few globs it is nearly
 * "compiled once", and with many the cache thrashes), each glob compiled once, and a Minimatch
 * compiled per test (no cache at all; every 20th file, scaled up). Every baseline must decide each
 * file as core does, or the bench fails.
 */
import { fileURLToPath } from 'node:url';
import { Minimatch, minimatch } from 'minimatch';
import { classify, parseConfig, RuleSet, type ChangedFile, type Config, type Rule } from '../src/core/index.js';
import { generateChangedFiles, generateConfigYaml } from './data.js';
import { figure, fmtMb, fmtMs, fmtRatio, median, reportFigures, runNode, timeMs, type Figure } from './lib.js';

interface Scenario {
  id: string;
  files: number;
  rules: number;
  seed: number;
  /** Core's timed repetitions (after 3 warm-ups); the slow baselines run BASELINE_REPS times. */
  reps: number;
  targetMs: number;
  /** The per-test-compiled baseline runs on every Nth file, scaled by N (only where it finishes). */
  uncachedStride?: number;
}

/** Targets from the issues: a whole monorepo (A), a big PR with many rules (B) and with few (C). */
const SCENARIOS: Scenario[] = [
  { id: 'A', files: 100_000, rules: 50, seed: 1, reps: 7, targetMs: 1000, uncachedStride: 20 },
  { id: 'B', files: 3_000, rules: 500, seed: 2, reps: 15, targetMs: 150 },
  { id: 'C', files: 3_000, rules: 50, seed: 3, reps: 15, targetMs: 20 },
];
const TARGET_PEAK_MB = 300;
const BASELINE_REPS = 2;

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
  const globs = config.rules.flatMap((r) => [...r.paths.positive, ...r.paths.negative]);
  const compiled = new Map(globs.map((g) => [g.source, new Minimatch(g.source, { dot: true })]));
  return (path, glob) => compiled.get(glob)!.match(path);
}

/** The product's semantics without its prefilter: the first rule whose status fits and whose globs match either path. */
function runNaive(config: Config, files: readonly ChangedFile[], match: Matcher): (Rule | null)[] {
  const matches = (rule: Rule, path: string) =>
    rule.paths.positive.some((g) => match(path, g.source)) && !rule.paths.negative.some((g) => match(path, g.source));
  return files.map((file) => {
    for (const rule of config.rules) {
      if (rule.status !== null && !rule.status.has(file.status)) continue;
      if (matches(rule, file.path) || (file.previousPath !== undefined && matches(rule, file.previousPath))) return rule;
    }
    return null;
  });
}

/** Fails loudly when a baseline decides any file differently from core (rule or bump). */
function verify(config: Config, files: readonly ChangedFile[], naive: readonly (Rule | null)[], what: string): void {
  const core = runCore(config, files).files;
  const wrong = files.filter((_, i) => core[i]!.rule !== (naive[i]?.name ?? null) || core[i]!.bump !== (naive[i]?.bump ?? config.defaultBump));
  if (wrong.length > 0) throw new Error(`core and ${what} disagree on ${wrong.length} of ${files.length} files, e.g. ${wrong.slice(0, 5).map((f) => f.path).join(', ')}`);
}

/** Median ms of a baseline on every `stride`th file (scaled back up), after a short warm-up; verified. */
function baseline(config: Config, files: readonly ChangedFile[], match: Matcher, what: string, stride = 1): number {
  const subset = files.filter((_, i) => i % stride === 0);
  runNaive(config, subset.slice(0, 500), match);
  let decided: (Rule | null)[] = [];
  const ms = median(Array.from({ length: BASELINE_REPS }, () => timeMs(() => (decided = runNaive(config, subset, match)))));
  verify(config, subset, decided, what);
  return ms * stride;
}

/** Core's peak RSS: a child (`--memory-child A`) runs only core, once, as the CLI would, and prints maxRSS (no sampling gaps). */
async function peakRss(s: Scenario): Promise<number> {
  const { stdout } = await runNode('the memory child', ['--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', s.id], process.env);
  return Number(stdout.trim().split('\n').pop());
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
    const ms = baseline(config, files, viaUncached, 'uncached Minimatch', s.uncachedStride);
    const peak = await peakRss(s);
    figures.push(ratio(`same loop, new Minimatch per test (every ${s.uncachedStride}th file, x${s.uncachedStride})`, ms));
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
