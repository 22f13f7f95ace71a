/**
 * Shared bench helpers: a seeded PRNG, timing, medians, table printing, and the small protocol
 * through which bench/run.ts collects each bench's headline figures.
 *
 * Timings are never asserted anywhere: the machine is shared and noisy, so every bench reports
 * a ratio against a baseline measured in the same process and run, next to a printed target.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOutputFile } from '../test/support/action-runner.js';
import { fileURLToPath } from 'node:url';

/** mulberry32: tiny, fast, good enough for test data, and identical on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded random source with the few draws the data generators need. */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  float(): number {
    return this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks a key by weight; weights need not sum to 1. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Wall time of one synchronous call, in milliseconds. */
export function timeMs(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median of `reps` timed calls after `warmup` untimed ones (JIT, caches, lazy compilation). */
export function measure(fn: () => unknown, reps: number, warmup: number): { median: number; samples: number[] } {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push(timeMs(fn));
  return { median: median(samples), samples };
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}x` : 'n/a';
}

export function fmtMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

/** Prints rows as an aligned plain-text table (first row is the header). */
export function printTable(rows: readonly (readonly string[])[], indent = '  '): void {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  rows.forEach((row, r) => {
    console.log(indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
    if (r === 0) console.log(indent + widths.map((w) => '-'.repeat(w)).join('  '));
  });
}

/** One headline figure of a bench, for the summary table of bench/run.ts. */
export interface Figure {
  bench: string;
  metric: string;
  value: string;
  /** The target as text ("<= 1.5x"), or "" when the figure is informational. */
  target: string;
  /** Whether the target is met; null when there is no target. */
  ok: boolean | null;
}

/**
 * When bench/run.ts starts a bench, it names a file in BENCH_SUMMARY_FILE; the bench writes its
 * figures there. Run alone, a bench just prints.
 */
export function reportFigures(figures: readonly Figure[]): void {
  const file = process.env.BENCH_SUMMARY_FILE;
  if (file) writeFileSync(file, JSON.stringify(figures));
}

/** Whether the module with this import.meta.url is the script node was started with. */
export function isMain(metaUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && path.resolve(script) === fileURLToPath(metaUrl);
}

/** The repository root (bench/..), so benches work from any working directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Only what node needs: no inherited GITHUB_*, RUNNER_*, NODE_OPTIONS or INPUT_* from the caller. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SYSTEMROOT']) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  return { ...env, ...extra };
}

/** A child's failure, with the tail of what it printed. */
export function childFailure(what: string, result: { code: number | null; signal?: string | null; stdout: string; stderr: string }): Error {
  const tail = (result.stdout + result.stderr).trim().split('\n').slice(-15).join('\n');
  return new Error(`${what}: exit ${result.code ?? result.signal ?? 'signal'}\n${tail}`);
}

/**
 * Scratch files for running the action bundle as a runner would: an event file, output and
 * summary files, an empty workspace; the environment for one run of a dry-run decision.
 */
export class ActionScratch {
  readonly dir: string;
  readonly outputFile: string;
  readonly summaryFile: string;
  readonly workspace: string;

  constructor(name: string) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), `bump-classifier-bench-${name}-`));
    this.outputFile = path.join(this.dir, 'output');
    this.summaryFile = path.join(this.dir, 'summary');
    this.workspace = path.join(this.dir, 'workspace');
    mkdirSync(this.workspace);
  }

  env(event: { name: string; payload: unknown; apiUrl: string; repository: string; sha: string; ref: string }): NodeJS.ProcessEnv {
    const eventFile = path.join(this.dir, `${event.name}.json`);
    writeFileSync(eventFile, JSON.stringify(event.payload));
    return cleanEnv({
      INPUT_TOKEN: 'bench-token',
      INPUT_LABEL: 'false',
      'INPUT_DRY-RUN': 'true',
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_OUTPUT: this.outputFile,
      GITHUB_STEP_SUMMARY: this.summaryFile,
      GITHUB_API_URL: event.apiUrl,
      GITHUB_REPOSITORY: event.repository,
      GITHUB_SHA: event.sha,
      GITHUB_REF: event.ref,
      GITHUB_WORKSPACE: this.workspace,
    });
  }

  /** Empties the output and summary files (the action appends to them). */
  reset(): void {
    writeFileSync(this.outputFile, '');
    writeFileSync(this.summaryFile, '');
  }

  outputs(): Record<string, string> {
    return parseOutputFile(readFileSync(this.outputFile, 'utf8'));
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What a child process did: its wall time, exit and output. */
export interface Captured {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command asynchronously (a fake API in this process must keep answering while the child
 * runs), captures its output, and kills it after `timeoutMs`.
 */
export function spawnCaptured(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, args, { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        ms: performance.now() - start,
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
