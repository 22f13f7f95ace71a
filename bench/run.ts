/**
 * `npm run bench [-- names]`: each bench in its own node process (one bench's heap and JIT state
 * do not slow the next), then one summary of the figures they hand back through BENCH_SUMMARY_FILE.
 * A missed target is reported, never fatal; a failed check fails the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printFigures, ROOT, type Figure } from './lib.js';

const BENCHES = ['classify', 'cli', 'monorepo', 'action', 'scale'];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHES.includes(w));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);
  process.exit(2);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bump-classifier-bench-run-'));
const [figures, failed]: [Figure[], string[]] = [[], []];
for (const bench of BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b))) {
  const summary = path.join(tmp, `${bench}.json`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', `${bench}.ts`)], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, BENCH_SUMMARY_FILE: summary } });
  if (child.status === 0 && existsSync(summary)) figures.push(...(JSON.parse(readFileSync(summary, 'utf8')) as Figure[]));
  else failed.push(`${bench} (exit ${child.status ?? child.signal})`);
  console.log('');
}
rmSync(tmp, { recursive: true, force: true });

const git = spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? 'git: not found';
console.log(`Summary (medians; ratios against a baseline in the same run): node ${process.version}, ${git}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)}`);
printFigures(figures);
if (failed.length > 0) {
  console.error(`FAILED: ${failed.join(', ')}`);
  process.exitCode = 1;
}
