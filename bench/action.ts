/**
 * End-to-end cost of the GitHub Action: the committed bundle, dist/index.js, run as the runner
 * runs it (a child `node` configured through the environment), against the fake GitHub API.
 *
 *   npx tsx bench/action.ts
 *
 * 1. A pull request changing 3,000 files at 100 ms per request: the action (dry run, no labels)
 *    against the serial pagination path-labelling actions do (`octokit.paginate(pulls.listFiles)`,
 *    in this process), alternating; with the fake as is (it recomputes the diff per request, on
 *    this process's thread) and with its diff memoized. Also the action's requests by route and
 *    its latency rounds (when the requests arrive).
 * 2. Cold start: the action on a tag push (nothing to decide, no request) against bare
 *    `node -e ''`, alternating; and the code loaded at start against the decision chunk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { startFakeGitHub, type RecordedRequest } from '../test/support/fake-github/index.js';
import { ACTION, ActionScratch, alternate, byRoute, cleanEnv, figure, fmtMs, fmtRatio, memoizeDiff, printTable, reportFigures, sh, verdict, type Figure } from './lib.js';

const PR = { files: 3000, modules: 30, latencyMs: 100, warmup: 1, reps: 3, targetRatio: 5 };
const COLD = { warmup: 5, reps: 31, targetRatio: 1.5 };
const EXPECTED_REQUESTS = '1 PR + 30 file pages + <= 2 tags + 1 config';
const CONFIG = 'version: 1\nrules:\n  - {name: public api, paths: "src/mod0/**", bump: minor}\n  - {name: source, paths: "src/**", bump: patch}\n';

/** Groups request arrivals into latency rounds: a gap of more than half the latency starts a new one. */
function rounds(requests: readonly { at: number; request: RecordedRequest }[]): { at: number; requests: RecordedRequest[] }[] {
  const out: { at: number; last: number; requests: RecordedRequest[] }[] = [];
  for (const { at, request } of [...requests].sort((a, b) => a.at - b.at)) {
    if (out.length === 0 || at - out[out.length - 1]!.last > PR.latencyMs / 2) out.push({ at, last: at, requests: [] });
    out[out.length - 1]!.requests.push(request);
    out[out.length - 1]!.last = at;
  }
  return out;
}

async function pullRequest(memoized: boolean, scratch: ActionScratch): Promise<Figure[]> {
  const variant = memoized ? 'fake diff memoized (server CPU ~0)' : 'fake as is (diff recomputed per request)';
  console.log(`${memoized ? '\n' : ''}1${memoized ? 'b' : 'a'}. PR of ${PR.files} files, ${PR.latencyMs} ms per request, ${variant}; warm-up ${PR.warmup}, median of ${PR.reps}`);
  const gh = await startFakeGitHub({ latencyMs: PR.latencyMs });
  const arrivals: { at: number; request: RecordedRequest }[] = [];
  const push = gh.requests.push.bind(gh.requests);
  gh.requests.push = (...items: RecordedRequest[]): number => {
    for (const request of items) arrivals.push({ at: performance.now(), request });
    return push(...items);
  };
  try {
    const repo = gh.repo('octo', 'big');
    if (memoized) memoizeDiff(repo);
    const baseFiles: Record<string, string> = { '.github/bump-classifier.yml': CONFIG, 'README.md': '# big\n' };
    const headFiles: Record<string, string> = {};
    const perModule = PR.files / PR.modules;
    for (let i = 0; i < PR.files; i++) {
      const [m, j] = [Math.floor(i / perModule), i % perModule];
      baseFiles[`src/mod${m}/file${j}.ts`] = `export const v${j} = 0;\n`;
      headFiles[`src/mod${m}/file${j}.ts`] = `export const v${j} = ${i + 1};\n`;
    }
    const base = repo.commit({ parents: [], files: baseFiles, branch: 'main', message: 'base' });
    repo.refs.set('refs/tags/v1.0.0', base);
    const head = repo.commit({ parents: [base], files: headFiles, branch: 'feature', message: 'change 3000 files' });
    repo.openPull({ number: 1, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } });
    const env = scratch.pullEnv('big', gh.url, base, head);
    const octokit = new Octokit({ baseUrl: gh.url, auth: 'bench-token' });

    let last = { start: 0, outputs: {} as Record<string, string>, requests: arrivals };
    const { medians, samples } = await alternate(
      {
        action: async () => {
          const [start, from] = [performance.now(), arrivals.length];
          last = { start, outputs: (await scratch.run(env, 'the action on the PR')).outputs, requests: arrivals.slice(from) };
          if (last.outputs['file-count'] !== String(PR.files) || last.outputs.truncated !== 'false') {
            throw new Error(`the action decided on ${last.outputs['file-count']} files (truncated ${last.outputs.truncated}); expected ${PR.files}`);
          }
        },
        paginate: async () => {
          const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: 'octo', repo: 'big', pull_number: 1, per_page: 100 });
          if (files.length !== PR.files) throw new Error(`serial pagination listed ${files.length} files; expected ${PR.files}`);
        },
      },
      PR.warmup,
      PR.reps,
    );
    const ratio = medians.paginate / medians.action;
    const run = last.requests;
    console.log(`   decision: bump ${last.outputs.bump}, ${last.outputs['file-count']} files, next ${last.outputs['next-version']}`);
    printTable(
      [
        ['', `median of ${PR.reps}`, 'samples', 'paginate / action', 'target'],
        ['serial octokit.paginate(pulls.listFiles)', fmtMs(medians.paginate), samples.paginate.map((s) => s.toFixed(0)).join(' '), '', ''],
        ['node dist/index.js (dry-run, label=false)', fmtMs(medians.action), samples.action.map((s) => s.toFixed(0)).join(' '), fmtRatio(ratio), `>= ${PR.targetRatio}x ${verdict(ratio >= PR.targetRatio)}`],
      ],
      '   ',
    );
    console.log(`   requests of the last action run: ${run.length} (expected ${EXPECTED_REQUESTS}): ${byRoute(run.map((a) => a.request))}`);
    const waves = rounds(run);
    printTable([['latency round', 'first arrives', 'requests'], ...waves.map((w, i) => [String(i + 1), `+${(w.at - last.start).toFixed(0)} ms after spawn`, byRoute(w.requests)])], '   ');
    const tag = memoized ? 'PR (fake diff memoized)' : 'PR';
    return [
      ...(memoized ? [] : [figure('action', `PR ${PR.files} files @${PR.latencyMs} ms: action`, fmtMs(medians.action))]),
      figure('action', `${tag}: serial paginate / action`, fmtRatio(ratio), `>= ${PR.targetRatio}x`, ratio >= PR.targetRatio),
      ...(memoized ? [] : [figure('action', 'PR: action requests', String(run.length), EXPECTED_REQUESTS), figure('action', 'PR: latency rounds', String(waves.length))]),
    ];
  } finally {
    await gh.close();
  }
}

/** Bytes of an ESM bundle loaded at start (the file and its static imports) and on demand (import()). */
function bundleSizes(entry: string): { startup: number; onDemand: number } {
  const sizes = { startup: 0, onDemand: 0 };
  const seen = new Set<string>();
  const walk = (file: string, dynamic: boolean): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    sizes[dynamic ? 'onDemand' : 'startup'] += text.length;
    for (const m of text.matchAll(/(import\(|from\s*|import\s*)"(\.{1,2}\/[^"]+\.js)"/g)) walk(path.resolve(path.dirname(file), m[2]!), dynamic || m[1] === 'import(');
  };
  walk(entry, false);
  return sizes;
}

async function coldStart(scratch: ActionScratch): Promise<Figure[]> {
  console.log(`\n2. Cold start: tag push (nothing to decide) vs bare node, alternating, ${COLD.warmup} warm-ups, median of ${COLD.reps}`);
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
  const { medians } = await alternate({ action: () => sh(process.execPath, [ACTION], { env }), node: () => sh(process.execPath, ['-e', ''], { env: cleanEnv() }) }, COLD.warmup, COLD.reps);
  const ratio = medians.action / medians.node;
  const ok = ratio <= COLD.targetRatio;
  printTable(
    [
      ['', `median of ${COLD.reps}`, 'ratio to node', 'target'],
      ["node -e ''", fmtMs(medians.node), '1x', ''],
      ['node dist/index.js (tag push; verified: bump none, 0 requests)', fmtMs(medians.action), fmtRatio(ratio), `<= ${COLD.targetRatio}x ${verdict(ok)}`],
    ],
    '   ',
  );
  const { startup, onDemand } = bundleSizes(ACTION);
  console.log(`   loaded at start (dist/index.js + static chunks): ${(startup / 1024).toFixed(0)} KB; decision chunk (on demand): ${(onDemand / 1024).toFixed(0)} KB`);
  return [
    figure('action', 'cold start (tag push) / node', fmtRatio(ratio), `<= ${COLD.targetRatio}x`, ok),
    figure('action', 'loaded at start / decision chunk', `${(startup / 1024).toFixed(0)} KB / ${(onDemand / 1024).toFixed(0)} KB`),
  ];
}

console.log(`bench/action: node dist/index.js (${process.version}) against baselines measured in the same run (medians)`);
const scratch = new ActionScratch();
try {
  reportFigures([...(await pullRequest(false, scratch)), ...(await pullRequest(true, scratch)), ...(await coldStart(scratch))]);
} finally {
  scratch.dispose();
}
