/**
 * Runs every bench and prints one summary table: `npm run bench` (or `npm run bench -- cli` for
 * some of them).
 *
 * Each bench runs in its own node process, so one bench's heap, JIT state and garbage do not
 * slow the next. A bench's details stream through; its headline figures come back through a
 * temp file (BENCH_SUMMARY_FILE). Missed targets are reported, never fatal; a failed check
 * (e.g. core and baseline disagreeing on a file) fails the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, ROOT, type Figure } from './lib.js';

const BENCHES = ['classify', 'cli', 'action', 'scale', 'monorepo'] as const;

function environment(): string[] {
  const git = spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? 'git: not found';
  const cpus = os.cpus();
  return [
    `node ${process.version}, ${git}, ${os.type()} ${os.release()} ${os.arch()}`,
    `CPU: ${cpus[0]?.model ?? 'unknown'} x ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load avg ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ];
}

function main(): number {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(BENCHES as readonly string[]).includes(w));
  if (unknown.length > 0) {
    console.error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);
    return 2;
  }
  const selected = wanted.length > 0 ? BENCHES.filter((b) => wanted.includes(b)) : BENCHES;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bump-classifier-bench-run-'));
  const figures: Figure[] = [];
  const failed: string[] = [];
  const started = Date.now();
  try {
    for (const bench of selected) {
      const summary = path.join(tmp, `${bench}.json`);
      const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', `${bench}.ts`)], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, BENCH_SUMMARY_FILE: summary },
      });
      if (child.status !== 0 || !existsSync(summary)) {
        failed.push(`${bench} (exit ${child.status ?? child.signal})`);
        continue;
      }
      figures.push(...(JSON.parse(readFileSync(summary, 'utf8')) as Figure[]));
      console.log('');
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  console.log('Summary (medians; ratios are against a baseline measured in the same run)');
  for (const line of environment()) console.log(`  ${line}`);
  printTable([
    ['bench', 'figure', 'value', 'target', ''],
    ...figures.map((f) => [f.bench, f.metric, f.value, f.target, f.ok === null ? '' : f.ok ? 'OK' : 'MISSED']),
  ]);
  console.log(`  total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (failed.length > 0) {
    console.error(`FAILED: ${failed.join(', ')}`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
