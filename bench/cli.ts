/**
 * End-to-end CLI cost: `node dist/cli.js --repo DIR` on a generated repository whose release
 * tag and head differ by 10,000 files, against the one git command the answer needs
 * (`git diff --name-status -z -M v1.0.0...HEAD`) and against bare node startup.
 *
 *   npx tsx bench/cli.ts
 *
 * The repository is written by one `git fast-import` process into a temp dir and removed at the
 * end. The commands run alternately (rotating order, after a warm-up) so drift on a noisy
 * machine hits all of them alike; medians are reported.
 */
import { spawnSync, type SpawnSyncOptions, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateConfigYaml, generatePaths } from './data.js';
import { fmtMs, fmtRatio, isMain, median, printTable, reportFigures, Rng, ROOT, type Figure } from './lib.js';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const TARGET_RATIO = 1.5;
const WARMUP = 2;
const REPS = 9;

/** The change between the v1.0.0 tag and HEAD. */
const SHAPE = { base: 20_000, added: 6_000, modified: 3_000, removed: 800, renamed: 200 };
const EXPECTED_FILES = SHAPE.added + SHAPE.modified + SHAPE.removed + SHAPE.renamed;

const BIG = 256 * 1024 * 1024;

function sh(cmd: string, args: readonly string[], options: SpawnSyncOptions = {}): SpawnSyncReturns<Buffer> {
  const result = spawnSync(cmd, args, { maxBuffer: BIG, ...options }) as SpawnSyncReturns<Buffer>;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 2000)}`);
  }
  return result;
}

/** Deterministic shuffle (Fisher-Yates) of 0..n-1. */
function shuffled(n: number, rng: Rng): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function unique(paths: string[], what: string): string[] {
  if (new Set(paths).size !== paths.length) throw new Error(`generated ${what} paths are not unique`);
  return paths;
}

/** A few lines per file: small, distinct blobs (distinct, so exact rename detection only pairs real renames). */
function content(p: string, version: string): string {
  return `// ${p}\n// ${version}\nexport const id = ${JSON.stringify(p)};\n`;
}

/** A git repo with tag v1.0.0 on the base commit and a head commit that changes SHAPE. */
function createRepo(): { dir: string; expected: Record<string, number> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bump-classifier-bench-'));
  const rng = new Rng(0xbe4c);
  const base = unique(generatePaths(SHAPE.base, 11, 0), 'base');
  const added = unique(generatePaths(SHAPE.added, 12, 1_000_000), 'added');
  const renamedTo = unique(generatePaths(SHAPE.renamed, 13, 2_000_000), 'renamed');
  const order = shuffled(base.length, rng);
  const removed = order.slice(0, SHAPE.removed).map((i) => base[i]!);
  const modified = order.slice(SHAPE.removed, SHAPE.removed + SHAPE.modified).map((i) => base[i]!);
  const renamedFrom = order.slice(SHAPE.removed + SHAPE.modified, SHAPE.removed + SHAPE.modified + SHAPE.renamed).map((i) => base[i]!);

  // One fast-import stream for both commits: far faster than thousands of git commands.
  const out: string[] = [];
  const file = (p: string, version: string): void => {
    const data = content(p, version);
    out.push(`M 100644 inline ${p}\ndata ${Buffer.byteLength(data)}\n${data}\n`);
  };
  const commit = (message: string, time: number): void => {
    out.push(`commit refs/heads/main\nmark :${time}\ncommitter Bench <bench@example.invalid> ${time} +0000\ndata ${message.length}\n${message}\n`);
  };
  commit('base', 1_700_000_000);
  for (const p of base) file(p, 'base');
  out.push('\nreset refs/tags/v1.0.0\nfrom :1700000000\n\n');
  commit('head', 1_700_000_100);
  out.push('from :1700000000\n');
  for (const p of removed) out.push(`D ${p}\n`);
  for (let i = 0; i < renamedFrom.length; i++) out.push(`R ${renamedFrom[i]} ${renamedTo[i]}\n`);
  for (const p of modified) file(p, 'head');
  for (const p of added) file(p, 'new');
  out.push('\n');

  sh('git', ['init', '-q', '-b', 'main', dir]);
  sh('git', ['fast-import', '--quiet'], { cwd: dir, input: out.join('') });
  // The CLI reads its config from the work tree; the tree is never checked out (git diff of two
  // commits does not need it), so the config is written there directly.
  mkdirSync(path.join(dir, '.github'));
  writeFileSync(path.join(dir, '.github', 'bump-classifier.yml'), generateConfigYaml(50));
  return {
    dir,
    expected: { added: SHAPE.added, modified: SHAPE.modified, removed: SHAPE.removed, renamed: SHAPE.renamed },
  };
}

interface Command {
  name: string;
  cmd: string;
  args: string[];
  cwd: string;
}

/** Wall time of one command (spawn to exit, stdout fully read), in ms. */
function timed(c: Command): { ms: number; result: SpawnSyncReturns<Buffer> } {
  const start = process.hrtime.bigint();
  const result = sh(c.cmd, c.args, { cwd: c.cwd });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Checks the CLI saw exactly the generated change. Throws when it did not. */
function verifyJson(stdout: Buffer, expected: Record<string, number>): { bump: string; warnings: string[] } {
  const doc = JSON.parse(stdout.toString('utf8')) as {
    bump: string;
    baseRef: string;
    currentTag: string | null;
    files: { status: string }[];
    warnings: string[];
  };
  const problems: string[] = [];
  if (doc.files.length !== EXPECTED_FILES) problems.push(`${doc.files.length} files, expected ${EXPECTED_FILES}`);
  const counts: Record<string, number> = {};
  for (const f of doc.files) counts[f.status] = (counts[f.status] ?? 0) + 1;
  for (const [status, n] of Object.entries(expected)) {
    if (counts[status] !== n) problems.push(`${counts[status] ?? 0} ${status}, expected ${n}`);
  }
  if (doc.baseRef !== 'v1.0.0') problems.push(`base ${doc.baseRef}, expected the tag v1.0.0`);
  if (problems.length > 0) throw new Error(`CLI JSON does not describe the generated change: ${problems.join('; ')}`);
  return { bump: doc.bump, warnings: doc.warnings };
}

interface GitProcess {
  argv: string;
  startMs: number;
  elapsedMs: number;
}

/**
 * The git processes one CLI run starts, from GIT_TRACE2_EVENT (start time and elapsed of each)
 * and GIT_TRACE (the `trace: built-in: git ...` line per command).
 */
function traceGit(cli: Command, dir: string): { builtins: string[]; processes: GitProcess[] } {
  const traceFile = path.join(dir, '.git', 'bench-trace.txt');
  const eventFile = path.join(dir, '.git', 'bench-trace2.json');
  sh(cli.cmd, cli.args, { cwd: cli.cwd, env: { ...process.env, GIT_TRACE: traceFile, GIT_TRACE2_EVENT: eventFile } });
  const builtins = readFileSync(traceFile, 'utf8')
    .split('\n')
    .map((line) => /trace: built-in: (git .*)$/.exec(line)?.[1])
    .filter((x): x is string => x !== undefined);
  const starts = new Map<string, { argv: string; time: number }>();
  const processes: GitProcess[] = [];
  for (const line of readFileSync(eventFile, 'utf8').split('\n')) {
    if (line === '') continue;
    const e = JSON.parse(line) as { event: string; sid: string; time: string; argv?: string[]; t_abs?: number };
    // Nested sids ("a/b") are processes git itself started; count only the CLI's own.
    if (e.sid.includes('/')) continue;
    if (e.event === 'start') starts.set(e.sid, { argv: (e.argv ?? []).slice(1).join(' '), time: Date.parse(e.time) });
    if (e.event === 'exit' && starts.has(e.sid)) {
      const s = starts.get(e.sid)!;
      processes.push({ argv: s.argv, startMs: s.time, elapsedMs: (e.t_abs ?? 0) * 1000 });
    }
  }
  const first = Math.min(...processes.map((p) => p.startMs));
  for (const p of processes) p.startMs -= first;
  processes.sort((a, b) => a.startMs - b.startMs);
  return { builtins, processes };
}

/** Time during which at least one git process ran (the union of their intervals). */
function busyTime(processes: readonly GitProcess[]): number {
  let busy = 0;
  let end = -Infinity;
  for (const p of [...processes].sort((a, b) => a.startMs - b.startMs)) {
    const stop = p.startMs + p.elapsedMs;
    if (p.startMs >= end) busy += p.elapsedMs;
    else if (stop > end) busy += stop - end;
    end = Math.max(end, stop);
  }
  return busy;
}

export function run(): Figure[] {
  console.log('bench/cli: node dist/cli.js vs the bare git diff it needs (same run, alternating, medians)');
  if (!existsSync(CLI)) {
    console.log('  dist/cli.js is missing; building it with scripts/bundle.mjs');
    sh(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }
  const setupStart = Date.now();
  const { dir, expected } = createRepo();
  try {
    console.log(
      `  repo: ${SHAPE.base.toLocaleString('en-US')} files at v1.0.0; HEAD adds ${SHAPE.added}, modifies ${SHAPE.modified}, ` +
        `removes ${SHAPE.removed}, renames ${SHAPE.renamed} (built in ${Date.now() - setupStart} ms by git fast-import)`,
    );
    const commands: Command[] = [
      { name: 'git diff --name-status -z -M v1.0.0...HEAD', cmd: 'git', args: ['diff', '--name-status', '-z', '-M', 'v1.0.0...HEAD'], cwd: dir },
      { name: 'node dist/cli.js --repo DIR --format json', cmd: process.execPath, args: [CLI, '--repo', dir, '--format', 'json'], cwd: ROOT },
      { name: 'node dist/cli.js --repo DIR (text)', cmd: process.execPath, args: [CLI, '--repo', dir], cwd: ROOT },
      { name: "node -e ''", cmd: process.execPath, args: ['-e', ''], cwd: ROOT },
      { name: 'node dist/cli.js --version (load only)', cmd: process.execPath, args: [CLI, '--version'], cwd: ROOT },
    ];
    const [gitCmd, jsonCmd, textCmd, nodeCmd, versionCmd] = commands as [Command, Command, Command, Command, Command];

    // Check what is measured before measuring it.
    const gitOut = timed(gitCmd).result;
    const records = gitOut.stdout.toString('utf8').split('\0').filter((x) => x !== '');
    // Records are "status path" or, for renames and copies, "status old new".
    const twoPath = records.filter((r) => /^[RC]\d*$/.test(r)).length;
    const gitFiles = (records.length - twoPath * 3) / 2 + twoPath;
    const { bump, warnings } = verifyJson(timed(jsonCmd).result.stdout, expected);
    const gitStderr = gitOut.stderr.toString('utf8').trim();
    console.log(`  verified: git reports ${gitFiles} files and the CLI's JSON ${EXPECTED_FILES} (by status as generated); bump ${bump}`);
    if (gitStderr) console.log(`  git diff stderr: ${gitStderr.split('\n').join(' | ')}`);
    if (warnings.length > 0) console.log(`  CLI warnings: ${warnings.join(' | ')}`);

    const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
    for (let round = 0; round < WARMUP + REPS; round++) {
      for (let k = 0; k < commands.length; k++) {
        const c = commands[(round + k) % commands.length]!;
        const { ms } = timed(c);
        if (round >= WARMUP) samples.get(c.name)!.push(ms);
      }
    }
    const med = (c: Command): number => median(samples.get(c.name)!);
    const git = med(gitCmd);
    const json = med(jsonCmd);
    const text = med(textCmd);
    const node = med(nodeCmd);
    const load = med(versionCmd);

    const trace = traceGit(jsonCmd, dir);
    const gitSpan = Math.max(...trace.processes.map((p) => p.startMs + p.elapsedMs));
    const gitBusy = busyTime(trace.processes);

    const rows = [
      ['command', `median of ${REPS}`, 'ratio to bare git', 'target'],
      [gitCmd.name, fmtMs(git), '1x', ''],
      [jsonCmd.name, fmtMs(json), fmtRatio(json / git), `<= ${TARGET_RATIO}x ${json / git <= TARGET_RATIO ? 'OK' : 'MISSED'}`],
      [textCmd.name, fmtMs(text), fmtRatio(text / git), `<= ${TARGET_RATIO}x ${text / git <= TARGET_RATIO ? 'OK' : 'MISSED'}`],
      [nodeCmd.name, fmtMs(node), fmtRatio(node / git), ''],
      [versionCmd.name, fmtMs(load), fmtRatio(load / git), ''],
    ];
    printTable(rows);
    console.log(`  CLI json / node startup: ${fmtRatio(json / node)}; CLI json / (node startup + bare git): ${fmtRatio(json / (node + git))}`);
    console.log(
      `  where the CLI's ${fmtMs(json)} go (approx.): node startup ${fmtMs(node)}, loading the bundle ${fmtMs(load - node)}, ` +
        `first to last git process ${fmtMs(gitSpan)} (git running ${fmtMs(gitBusy)}, waiting on JS ${fmtMs(gitSpan - gitBusy)}), ` +
        `after the last git process ~${fmtMs(json - load - gitSpan)} (patch check, classify, render, write)`,
    );
    console.log(`  git processes of one CLI run (GIT_TRACE: ${trace.builtins.length} x "trace: built-in: git"; times from GIT_TRACE2):`);
    printTable(
      [
        ['start', 'elapsed', 'command (without the CLI\'s "-c core.quotepath=false -c color.ui=false")'],
        ...trace.processes.map((p) => [
          fmtMs(p.startMs),
          fmtMs(p.elapsedMs),
          `git ${p.argv.replace(/^(-c \S+ )+/, '').replace(/\b([0-9a-f]{7})[0-9a-f]{33}\b/g, '$1')}`,
        ]),
      ],
      '    ',
    );

    return [
      { bench: 'cli', metric: 'bare git diff', value: fmtMs(git), target: '', ok: null },
      { bench: 'cli', metric: 'CLI --format json', value: fmtMs(json), target: '', ok: null },
      { bench: 'cli', metric: 'CLI json / bare git', value: fmtRatio(json / git), target: `<= ${TARGET_RATIO}x`, ok: json / git <= TARGET_RATIO },
      { bench: 'cli', metric: 'CLI text / bare git', value: fmtRatio(text / git), target: `<= ${TARGET_RATIO}x`, ok: text / git <= TARGET_RATIO },
      { bench: 'cli', metric: "CLI json / node -e ''", value: fmtRatio(json / node), target: '', ok: null },
      { bench: 'cli', metric: 'git processes per CLI run', value: String(trace.builtins.length), target: '', ok: null },
    ];
  } finally {
    // BENCH_KEEP_REPO=1 keeps the repository for profiling the CLI by hand.
    if (process.env.BENCH_KEEP_REPO) console.log(`  kept the repository at ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) reportFigures(run());
