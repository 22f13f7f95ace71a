/**
 * Shared bench helpers: seeded data, timing children, medians, the figures table, and the git and
 * action scaffolding of the end-to-end benches. Timings are never asserted: the machine is shared
 * and noisy, so every figure is a ratio against a baseline measured in the same run.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFile, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeRepo, FileChange, RecordedRequest } from '../test/support/fake-github/index.js';
import { parseOutputFile } from '../test/support/action-runner.js';

/** The repository root (bench/..), so benches work from any working directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const [CLI, ACTION] = [path.join(ROOT, 'dist', 'cli.js'), path.join(ROOT, 'dist', 'index.cjs')];

/** mulberry32 with the few draws the data generators need: tiny, and identical on every machine. */
export class Rng {
  constructor(private a: number) {}
  float(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(this.a ^ (this.a >>> 15), this.a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int = (n: number): number => Math.floor(this.float() * n);
  pick = <T>(items: readonly T[]): T => items[this.int(items.length)]!;
  /** A key by weight; weights need not sum to 1. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let r = this.float() * entries.reduce((sum, [, w]) => sum + w, 0);
    return (entries.find(([, w]) => (r -= w) < 0) ?? entries[entries.length - 1]!)[0];
  }
  /** Fisher-Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

export function median(values: readonly number[]): number {
  const [s, mid] = [[...values].sort((a, b) => a - b), values.length >> 1];
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Wall time of one synchronous call, in milliseconds. */
export const timeMs = (fn: () => unknown, start = performance.now()): number => (fn(), performance.now() - start);

/**
 * Median wall time of each named run after `warmup` rounds: the runs alternate, in an order that
 * rotates every round, so drift on a noisy machine hits them all alike.
 */
export async function alternate<K extends string>(runs: Record<K, () => unknown>, warmup: number, reps: number): Promise<Record<K, number>> {
  const keys = Object.keys(runs) as K[];
  const samples = new Map(keys.map((k) => [k, [] as number[]]));
  for (let round = 0; round < warmup + reps; round++) {
    for (let i = 0; i < keys.length; i++) {
      const [k, start] = [keys[(round + i) % keys.length]!, performance.now()];
      await runs[k]();
      if (round >= warmup) samples.get(k)!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, median(samples.get(k)!)])) as Record<K, number>;
}

export const fmtMs = (ms: number): string => `${ms.toFixed(ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`;
export const fmtRatio = (r: number): string => `${r.toFixed(r >= 10 ? 0 : 2)}x`;
/** "13x (417 ms vs 32.5 ms)": a ratio with the two medians it comes from. */
export const fmtVs = (ms: number, baseMs: number): string => `${fmtRatio(ms / baseMs)} (${fmtMs(ms)} vs ${fmtMs(baseMs)})`;
export const fmtMb = (bytes: number): string => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(0)} MB` : 'n/a');

/** Prints rows as an aligned plain-text table (the first row is the header). */
export function printTable(rows: readonly (readonly string[])[], indent = '  '): void {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  rows.forEach((row, r) => {
    console.log(indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    if (r === 0) console.log(indent + widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

/** One headline figure; `ok` is null when it has no target. */
export type Figure = { bench: string; metric: string; value: string; target: string; ok: boolean | null };
export const figure = (bench: string, metric: string, value: string, target = '', ok: boolean | null = null): Figure => ({ bench, metric, value, target, ok });

/** The figures as a table: each bench prints its own, and bench/run.ts all of them at the end. */
export function printFigures(figures: readonly Figure[]): void {
  printTable([['bench', 'figure', 'value', 'target', ''], ...figures.map((f) => [f.bench, f.metric, f.value, f.target, f.ok === null ? '' : f.ok ? 'OK' : 'MISSED'])]);
}

/** Prints a bench's figures and, run by bench/run.ts, hands them over through BENCH_SUMMARY_FILE. */
export function reportFigures(figures: readonly Figure[]): void {
  printFigures(figures);
  if (process.env.BENCH_SUMMARY_FILE) writeFileSync(process.env.BENCH_SUMMARY_FILE, JSON.stringify(figures));
}

/** Runs a command to completion; throws with its stderr unless it exits 0. */
export function sh(cmd: string, args: readonly string[], options: SpawnSyncOptions = {}): Buffer {
  const r = spawnSync(cmd, args, { maxBuffer: 256 * 2 ** 20, cwd: ROOT, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 2000)}`);
  return r.stdout as Buffer;
}

/** Only what node needs: no inherited GITHUB_*, RUNNER_*, NODE_OPTIONS or INPUT_* from the caller. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT'].filter((k) => process.env[k] !== undefined);
  return { ...Object.fromEntries(keep.map((k) => [k, process.env[k]])), ...extra };
}

/**
 * Runs node asynchronously (a fake API in this process must keep answering); fails, with its output's tail, unless it
 * exits 0 within `timeoutMs`. `peakRss`: the child's VmHWM (Linux's peak RSS) from /proc every 5 ms; NaN without /proc.
 */
export function runNode(what: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000) {
  return new Promise<{ ms: number; stdout: string; peakRss: number }>((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => out.push(chunk));
    let peakRss = 0; // a read after the child exits, or without /proc, finds no text
    const vmHwm = (_: unknown, text?: string) => (peakRss = Math.max(peakRss, Number(/VmHWM:\s+(\d+) kB/.exec(text ?? '')?.[1]) * 1024 || 0));
    const sampler = setInterval(() => readFile(`/proc/${child.pid}/status`, 'utf8', vmHwm), 5);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString();
      if (code === 0) resolve({ ms: performance.now() - start, stdout, peakRss: peakRss || NaN });
      else reject(new Error(`${what}: exit ${code ?? 'on a signal'}\n${stdout.trim().split('\n').slice(-15).join('\n')}`));
    });
  });
}

/** `git fast-import` commands: a commit (its file commands follow), and a file with inline content. */
export const fiCommit = (ref: string, mark: number, time: number, message: string): string =>
  `commit ${ref}\nmark :${mark}\ncommitter Bench <bench@example.invalid> ${time} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`;
export const fiFile = (p: string, data: string): string => `M 100644 inline ${p}\ndata ${Buffer.byteLength(data)}\n${data}\n`;

/** A fresh repository in a temp dir, written by one `git fast-import` stream; `files` are written untracked. */
export function fastImportRepo(name: string, stream: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `bump-classifier-bench-${name}-`));
  sh('git', ['init', '-q', '-b', 'main', dir]);
  sh('git', ['fast-import', '--quiet'], { cwd: dir, input: stream });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Removes a bench repository, unless BENCH_KEEP_REPO=1 asks to keep it for profiling. */
export function removeRepo(dir: string): void {
  if (process.env.BENCH_KEEP_REPO) console.log(`  kept the repository at ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/** The git processes `run` starts with the environment given, from GIT_TRACE2_EVENT: top-level sids (no "/"), ms after the first. */
export function gitProcesses(run: (env: NodeJS.ProcessEnv) => void): { argv: string[]; startMs: number; elapsedMs: number }[] {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bump-classifier-bench-trace-')), 'trace2.json');
  run({ ...process.env, GIT_TRACE2_EVENT: file });
  const starts = new Map<string, { argv: string[]; time: number }>();
  const processes: { argv: string[]; startMs: number; elapsedMs: number }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as { event: string; sid: string; time: string; argv?: string[]; t_abs?: number };
    if (e.sid.includes('/')) continue;
    if (e.event === 'start') starts.set(e.sid, { argv: (e.argv ?? []).slice(1), time: Date.parse(e.time) });
    const s = starts.get(e.sid);
    if (e.event === 'exit' && s) processes.push({ argv: s.argv, startMs: s.time, elapsedMs: (e.t_abs ?? 0) * 1000 });
  }
  rmSync(path.dirname(file), { recursive: true, force: true });
  const first = Math.min(...processes.map((p) => p.startMs));
  return processes.map((p) => ({ ...p, startMs: p.startMs - first })).sort((a, b) => a.startMs - b.startMs);
}

/** Prints gitProcesses' list: start, elapsed, the command (without "-c" options, SHAs cut to 7). */
export function printGitProcesses(processes: ReturnType<typeof gitProcesses>): void {
  const command = (argv: string[]) => `git ${argv.join(' ').replace(/^(-c \S+ )+/, '').replace(/\b([0-9a-f]{7})[0-9a-f]{33}\b/g, '$1')}`;
  printTable([['start', 'elapsed', 'command'], ...processes.map((p) => [fmtMs(p.startMs), fmtMs(p.elapsedMs), command(p.argv)])], '    ');
}

/** Scratch files to run the action bundle as a runner would: a dry-run decision (no labels) against the API at `apiUrl`. */
export class ActionScratch {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'bump-classifier-bench-action-'));
  private readonly output = path.join(this.dir, 'output');
  private readonly summary = path.join(this.dir, 'summary');

  env(event: 'pull_request' | 'push', payload: { repository: { full_name: string }; [key: string]: unknown }, apiUrl: string, sha: string, ref: string) {
    mkdirSync(path.join(this.dir, 'workspace'), { recursive: true });
    writeFileSync(path.join(this.dir, 'event.json'), JSON.stringify(payload));
    return cleanEnv({
      INPUT_TOKEN: 'bench-token', INPUT_LABEL: 'false', 'INPUT_DRY-RUN': 'true', GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: path.join(this.dir, 'event.json'),
      GITHUB_WORKSPACE: path.join(this.dir, 'workspace'), GITHUB_OUTPUT: this.output, GITHUB_STEP_SUMMARY: this.summary,
      GITHUB_API_URL: apiUrl, GITHUB_REPOSITORY: payload.repository.full_name, GITHUB_SHA: sha, GITHUB_REF: ref,
    });
  }

  /** The pull request #1 event of octo/<repo>, from `base` to `head`; GitHub's payload states `changed_files`. */
  pullEnv(repo: string, apiUrl: string, base: string, head: string, changedFiles: number): NodeJS.ProcessEnv {
    const repository = { full_name: `octo/${repo}`, name: repo, owner: { login: 'octo' } };
    const side = (ref: string, sha: string) => ({ ref, sha, repo: repository });
    const pull_request = { number: 1, labels: [], changed_files: changedFiles, base: side('main', base), head: side('feature', head) };
    return this.env('pull_request', { action: 'synchronize', number: 1, pull_request, repository }, apiUrl, head, 'refs/pull/1/merge');
  }

  /** Runs the action bundle once with fresh output files; returns the run and its outputs. */
  async run(env: NodeJS.ProcessEnv, what = 'the action') {
    writeFileSync(this.output, '');
    writeFileSync(this.summary, '');
    const result = await runNode(what, [ACTION], env);
    return { ...result, outputs: parseOutputFile(readFileSync(this.output, 'utf8')) };
  }

  dispose = (): void => rmSync(this.dir, { recursive: true, force: true });
}

/** The fake recomputes a PR's diff (patches too) per request on this thread; the state never changes in a bench: cache it. */
export function memoizeDiff(repo: FakeRepo): void {
  const [diff, cache] = [repo.diff.bind(repo), new Map<string, FileChange[]>()];
  repo.diff = (from, to, key = `${from ?? ''}..${to}`) => cache.get(key) ?? cache.set(key, diff(from, to)).get(key)!;
}

/** Requests by route ("30 x GET /pulls/1/files"), shas and paths in routes elided. */
export function byRoute(requests: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const route = `${r.method} ${r.path.replace(/^\/repos\/[^/]+\/[^/]+/, '')}`.replace(/[0-9a-f]{40}(\.\.\.[0-9a-f]{40})?/g, ':sha').replace(/(\/contents|\/matching-refs)\/.*/, '$1/…');
    counts.set(route, (counts.get(route) ?? 0) + 1);
  }
  return [...counts].map(([route, n]) => `${n} x ${route}`).join(', ');
}
