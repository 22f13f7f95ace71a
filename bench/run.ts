/**
 * Runs the benches, each in its own node process (one bench's heap, JIT state and garbage do not
 * slow the next), then prints one summary table: `npm run bench`, or `npm run bench -- cli action`.
 * Details stream through; headline figures come back through BENCH_SUMMARY_FILE. A missed target
 * is reported, never fatal; a failed check (e.g. core and a baseline disagreeing) fails the run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, ROOT, type Figure } from './lib.js';

const BENCHES = ['classify', 'cli', 'monorepo', 'action', 'scale'];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHES.includes(w));
if (unknown.length > 0) {
  console.error(`unknown bench ${unknown.join(', ')}; choose from ${BENCHES.join(', ')}`);
  process.exit(2);
}
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bump-classifier-bench-run-'));
const figures: Figure[] = [];
const failed: string[] = [];
const started = Date.now();
for (const bench of wanted.length > 0 ? BENCHES.filter((b) => wanted.includes(b)) : BENCHES) {
  const summary = path.join(tmp, `${bench}.json`);
  const env = { ...process.env, BENCH_SUMMARY_FILE: summary };
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', `${bench}.ts`)], { cwd: ROOT, stdio: 'inherit', env });
  if (child.status === 0 && existsSync(summary)) figures.push(...(JSON.parse(readFileSync(summary, 'utf8')) as Figure[]));
  else failed.push(`${bench} (exit ${child.status ?? child.signal})`);
  console.log('');
}
rmSync(tmp, { recursive: true, force: true });

const git = spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? 'git: not found';
const cpus = os.cpus();
console.log('Summary (medians; ratios are against a baseline measured in the same run)');
console.log(`  node ${process.version}, ${git}, ${os.type()} ${os.release()} ${os.arch()}`);
console.log(`  CPU: ${cpus[0]?.model ?? 'unknown'} x ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load avg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
printTable([['bench', 'figure', 'value', 'target', ''], ...figures.map((f) => [f.bench, f.metric, f.value, f.target, f.ok === null ? '' : f.ok ? 'OK' : 'MISSED'])]);
console.log(`  total ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (failed.length > 0) {
  console.error(`FAILED: ${failed.join(', ')}`);
  process.exitCode = 1;
}
