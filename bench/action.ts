/**
 * The action bundle run as the runner runs it (`npx tsx bench/action.ts`), on the fake GitHub API:
 * 1. a 3,000-file PR at 100 ms per request against serial `octokit.paginate(pulls.listFiles)` in
 *    this process, with the fake as is (it recomputes the diff per request, on this process's
 *    thread) and with its diff memoized; plus the requests and latency rounds of one run;
 * 2. cold start: a tag push (nothing to decide) against bare `node -e ''`, and the code loaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { startFakeGitHub, type RecordedRequest } from '../test/support/fake-github/index.js';
import { ACTION, ActionScratch, alternate, byRoute, cleanEnv, figure, fmtVs, memoizeDiff, reportFigures, sh, type Figure } from './lib.js';

const PR = { files: 3000, modules: 30, latencyMs: 100, warmup: 1, reps: 3, targetRatio: 5 };
const COLD = { warmup: 5, reps: 31, targetRatio: 1.5 };
const MAX_REQUESTS = 35; // 1 PR + 30 file pages + <= 3 (compare, tags) + 1 config
const CONFIG = 'version: 1\nrules:\n  - {name: public api, paths: "src/mod0/**", bump: minor}\n  - {name: source, paths: "src/**", bump: patch}\n';

/** Latency rounds: a gap of more than half the latency between two arrivals starts a new one. */
const rounds = (arrivals: readonly number[]): number => 1 + arrivals.filter((at, i) => i > 0 && at - arrivals[i - 1]! > PR.latencyMs / 2).length;

async function pullRequest(memoized: boolean, scratch: ActionScratch): Promise<Figure[]> {
  const gh = await startFakeGitHub({ latencyMs: PR.latencyMs });
  const arrivals: number[] = []; // when each request arrived, to count latency rounds
  const push = gh.requests.push.bind(gh.requests);
  gh.requests.push = (...items: RecordedRequest[]): number => {
    arrivals.push(...items.map(() => performance.now()));
    return push(...items);
  };
  try {
    // PR #1 of octo/big changes 3,000 files, from a base tagged v1.0.0.
    const repo = gh.repo('octo', 'big');
    if (memoized) memoizeDiff(repo);
    const baseFiles: Record<string, string> = { '.github/bump-classifier.yml': CONFIG, 'README.md': '# big\n' };
    const headFiles: Record<string, string> = {};
    for (let i = 0; i < PR.files; i++) {
      const [m, j] = [Math.floor(i / (PR.files / PR.modules)), i % (PR.files / PR.modules)];
      baseFiles[`src/mod${m}/file${j}.ts`] = `export const v${j} = 0;\n`;
      headFiles[`src/mod${m}/file${j}.ts`] = `export const v${j} = ${i + 1};\n`;
    }
    const base = repo.commit({ parents: [], files: baseFiles, branch: 'main', message: 'base' });
    repo.refs.set('refs/tags/v1.0.0', base);
    const head = repo.commit({ parents: [base], files: headFiles, branch: 'feature', message: 'change 3000 files' });
    repo.openPull({ number: 1, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } });
    const env = scratch.pullEnv('big', gh.url, base, head, PR.files);
    const octokit = new Octokit({ baseUrl: gh.url, auth: 'bench-token' });
    let last = { requests: [] as RecordedRequest[], arrivals: [] as number[] };
    const medians = await alternate({
      action: async () => {
        const from = gh.requests.length;
        const { outputs } = await scratch.run(env, 'the action on the PR');
        last = { requests: gh.requests.slice(from), arrivals: arrivals.slice(from) };
        if (outputs['file-count'] !== String(PR.files) || outputs.truncated !== 'false') {
          throw new Error(`the action decided on ${outputs['file-count']} files (truncated ${outputs.truncated}); expected ${PR.files}`);
        }
      },
      paginate: async () => {
        const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: 'octo', repo: 'big', pull_number: 1, per_page: 100 });
        if (files.length !== PR.files) throw new Error(`serial pagination listed ${files.length} files; expected ${PR.files}`);
      },
    }, PR.warmup, PR.reps);
    const name = `PR ${PR.files} files @${PR.latencyMs} ms${memoized ? ', fake diff memoized' : ''}`;
    const ok = medians.paginate / medians.action >= PR.targetRatio;
    const figures = [figure('action', `${name}: serial paginate / action`, fmtVs(medians.paginate, medians.action), `>= ${PR.targetRatio}x`, ok)];
    if (memoized) return figures;
    const n = last.requests.length;
    figures.push(figure('action', 'PR: requests of one run', `${n}: ${byRoute(last.requests)}`, `<= ${MAX_REQUESTS}`, n <= MAX_REQUESTS));
    return [...figures, figure('action', 'PR: latency rounds of one run', String(rounds(last.arrivals)))];
  } finally {
    await gh.close();
  }
}

/** Bytes of a bundle loaded at start (the file and its static imports) and on demand (import()). */
function bundleSizes(file: string, dynamic = false, sizes = { startup: 0, onDemand: 0 }, seen = new Set<string>()): { startup: number; onDemand: number } {
  if (seen.has(file)) return sizes;
  const text = readFileSync(file, 'utf8');
  seen.add(file);
  sizes[dynamic ? 'onDemand' : 'startup'] += text.length;
  for (const m of text.matchAll(/(import\(|from\s*|import\s*)"(\.{1,2}\/[^"]+\.js)"/g)) bundleSizes(path.resolve(path.dirname(file), m[2]!), dynamic || m[1] === 'import(', sizes, seen);
  return sizes;
}

async function coldStart(scratch: ActionScratch): Promise<Figure[]> {
  const sha = 'a'.repeat(40);
  const repository = { full_name: 'octo/big', name: 'big', owner: { login: 'octo' } };
  const payload = { ref: 'refs/tags/v1.0.0', before: '0'.repeat(40), after: sha, created: true, deleted: false, repository };
  const gh = await startFakeGitHub();
  try {
    const { outputs } = await scratch.run(scratch.env('push', payload, gh.url, sha, 'refs/tags/v1.0.0'), 'the action on a tag push');
    if (outputs.bump !== 'none' || gh.requests.length !== 0) throw new Error(`tag push: bump ${outputs.bump}, ${gh.requests.length} API requests; expected none, 0`);
  } finally {
    await gh.close();
  }
  // Timed runs: a closed port, so a stray request would fail fast instead of hanging.
  const env = scratch.env('push', payload, 'http://127.0.0.1:9', sha, 'refs/tags/v1.0.0');
  const medians = await alternate({ action: () => sh(process.execPath, [ACTION], { env }), node: () => sh(process.execPath, ['-e', ''], { env: cleanEnv() }) }, COLD.warmup, COLD.reps);
  const { startup, onDemand } = bundleSizes(ACTION);
  return [
    figure('action', "cold start (tag push) / node -e ''", fmtVs(medians.action, medians.node), `<= ${COLD.targetRatio}x`, medians.action / medians.node <= COLD.targetRatio),
    figure('action', 'code loaded at start / decision chunk', `${(startup / 1024).toFixed(0)} KB / ${(onDemand / 1024).toFixed(0)} KB`),
  ];
}

console.log(`bench/action: node dist/index.cjs (${process.version}) against baselines in the same run (alternating, medians)`);
const scratch = new ActionScratch();
try {
  reportFigures([...(await pullRequest(false, scratch)), ...(await pullRequest(true, scratch)), ...(await coldStart(scratch))]);
} finally {
  scratch.dispose();
}
