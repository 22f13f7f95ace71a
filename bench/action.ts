/**
 * End-to-end cost of the GitHub Action (the committed bundle, dist/index.js, run as the runner
 * runs it: a child `node` process configured through the environment).
 *
 *   npx tsx bench/action.ts
 *
 * 1. A pull request changing 3,000 files, against the fake GitHub API (in this process) with
 *    100 ms latency per request: the action (dry run, no labels) against the serial pagination
 *    path-labelling actions do (`octokit.paginate(pulls.listFiles)`, following Link headers one
 *    page after another), timed in-process. Also: the action's requests by route, and when each
 *    arrived, so the critical path (latency rounds) is visible.
 * 2. Cold start: the action on a tag push (nothing to decide, no request) against bare
 *    `node -e ''`, alternating, medians.
 *
 * Timings are never asserted: ratios against a baseline measured in the same run are printed
 * next to their targets.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Octokit } from '@octokit/rest';
import { startFakeGitHub, type FakeGitHub, type FileChange, type RecordedRequest } from '../test/support/fake-github/index.js';
import { ActionScratch, childFailure, spawnCaptured, cleanEnv, fmtMs, fmtRatio, isMain, median, printTable, reportFigures, ROOT, type Figure } from './lib.js';

const ACTION = path.join(ROOT, 'dist', 'index.js');
const OWNER = 'octo';
const REPO = 'big';
const PULL = 1;
const CONFIG_PATH = '.github/bump-classifier.yml';

const PR = { files: 3000, modules: 30, latencyMs: 100, warmup: 1, reps: 3, targetRatio: 5 };
const COLD = { warmup: 5, reps: 31, targetRatio: 1.5 };
/** The requests the brief expects of the action on this PR. */
const EXPECTED_REQUESTS = '1 PR + 30 file pages + <= 2 tags + 1 config';

const CONFIG_YAML = `version: 1
rules:
  - name: public api
    paths: "src/mod0/**"
    bump: minor
  - name: source
    paths: "src/**"
    bump: patch
labels:
  bump:
    minor: "semver:minor"
    patch: "semver:patch"
`;

interface ChildResult {
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The action bundle (or node itself) as a child process. */
function runNode(args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ChildResult> {
  return spawnCaptured(process.execPath, args, env, timeoutMs);
}

function timedSync(args: readonly string[], env: NodeJS.ProcessEnv): ChildResult {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { env, cwd: ROOT, timeout: 15_000, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.error) throw result.error;
  return { ms, code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** The action bench's runs: a dry-run decision of octo/big. */
class Runner extends ActionScratch {
  constructor() {
    super('action');
  }

  runEnv(name: string, payload: unknown, apiUrl: string, sha: string, ref: string): NodeJS.ProcessEnv {
    return this.env({ name, payload, apiUrl, repository: `${OWNER}/${REPO}`, sha, ref });
  }
}

/**
 * Base (tagged v1.0.0, with the config) and a head commit modifying 3,000 files; PR #1.
 * `memoizeDiff`: the fake recomputes the 3,000-file diff (with patches) on every PR and file-page
 * request, on its one thread, so 10 concurrent pages queue behind each other's diff; memoized,
 * the server's work per request is near zero and only the configured latency remains (the state
 * does not change during the bench, so the cached diff is the diff).
 */
function buildRepo(gh: FakeGitHub, memoizeDiff: boolean): { base: string; head: string } {
  const repo = gh.repo(OWNER, REPO);
  if (memoizeDiff) {
    const diff = repo.diff.bind(repo);
    const cache = new Map<string, FileChange[]>();
    repo.diff = (from: string | undefined, to: string): FileChange[] => {
      const key = `${from ?? ''}..${to}`;
      let changes = cache.get(key);
      if (changes === undefined) cache.set(key, (changes = diff(from, to)));
      return changes;
    };
  }
  const perModule = PR.files / PR.modules;
  const baseFiles: Record<string, string> = { [CONFIG_PATH]: CONFIG_YAML, 'README.md': '# big\n' };
  const headFiles: Record<string, string> = {};
  for (let i = 0; i < PR.modules; i++) {
    for (let j = 0; j < perModule; j++) {
      const file = `src/mod${i}/file${j}.ts`;
      baseFiles[file] = `export const v${j} = 0;\n`;
      headFiles[file] = `export const v${j} = ${i * perModule + j + 1};\n`;
    }
  }
  const base = repo.commit({ parents: [], files: baseFiles, branch: 'main', message: 'base' });
  repo.refs.set('refs/tags/v1.0.0', base);
  const head = repo.commit({ parents: [base], files: headFiles, branch: 'feature', message: 'change 3000 files' });
  repo.openPull({ number: PULL, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } });
  return { base, head };
}

function pullPayload(base: string, head: string): Record<string, unknown> {
  const repository = { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } };
  return {
    action: 'synchronize',
    number: PULL,
    pull_request: {
      number: PULL,
      labels: [],
      base: { ref: 'main', sha: base, repo: repository },
      head: { ref: 'feature', sha: head, repo: repository },
    },
    repository,
  };
}

/** A short name for a request's route, without the repository prefix and the query. */
function routeName(request: RecordedRequest): string {
  const prefix = `/repos/${OWNER}/${REPO}`;
  const p = request.path.startsWith(prefix) ? request.path.slice(prefix.length) || '/' : request.path;
  return `${request.method} ${p}`;
}

interface RouteCount {
  route: string;
  count: number;
  query: string;
}

function byRoute(requests: readonly RecordedRequest[]): RouteCount[] {
  const groups = new Map<string, RecordedRequest[]>();
  for (const r of requests) groups.set(routeName(r), [...(groups.get(routeName(r)) ?? []), r]);
  return [...groups].map(([route, list]) => {
    const pages = list.map((r) => r.query.page).filter((p): p is string => p !== undefined);
    const perPage = [...new Set(list.map((r) => r.query.per_page).filter((p) => p !== undefined))];
    const distinctPages = new Set(pages);
    const query =
      pages.length > 0
        ? `pages ${Math.min(...pages.map(Number))}..${Math.max(...pages.map(Number))}` +
          (distinctPages.size !== pages.length ? ` (${pages.length - distinctPages.size} duplicate)` : '') +
          (perPage.length > 0 ? `, per_page=${perPage.join('/')}` : '')
        : list
            .map((r) => new URLSearchParams(r.query).toString())
            .filter((q) => q !== '')
            .slice(0, 2)
            .join('; ');
    return { route, count: list.length, query };
  });
}

interface Wave {
  atMs: number;
  /** Last arrival of the round minus its first. */
  spreadMs: number;
  routes: string;
  count: number;
}

/** Groups arrival times into latency rounds: a gap of more than half the latency starts a new one. */
function waves(requests: readonly RecordedRequest[], arrivals: readonly number[], t0: number, gapMs: number): Wave[] {
  const items = requests.map((r, i) => ({ at: arrivals[i]! - t0, route: routeName(r) })).sort((a, b) => a.at - b.at);
  const out: { atMs: number; lastMs: number; routes: string[] }[] = [];
  let last = -Infinity;
  for (const item of items) {
    if (item.at - last > gapMs || out.length === 0) out.push({ atMs: item.at, lastMs: item.at, routes: [] });
    out[out.length - 1]!.routes.push(item.route.replace(/^GET /, ''));
    out[out.length - 1]!.lastMs = item.at;
    last = item.at;
  }
  return out.map((w) => {
    const counts = new Map<string, number>();
    for (const r of w.routes) counts.set(r, (counts.get(r) ?? 0) + 1);
    return {
      atMs: w.atMs,
      spreadMs: w.lastMs - w.atMs,
      count: w.routes.length,
      routes: [...counts].map(([r, n]) => (n > 1 ? `${n} x ${r}` : r)).join(', '),
    };
  });
}

async function serialPagination(gh: FakeGitHub): Promise<{ ms: number; files: number; requests: number }> {
  const octokit = new Octokit({ baseUrl: gh.url, auth: 'bench-token' });
  const before = gh.requests.length;
  const start = performance.now();
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: OWNER, repo: REPO, pull_number: PULL, per_page: 100 });
  const ms = performance.now() - start;
  return { ms, files: files.length, requests: gh.requests.length - before };
}

/** What the fake server spends per file page with no latency (the diff of 3,000 files it recomputes per request). */
async function serverCostPerPage(gh: FakeGitHub): Promise<number> {
  const octokit = new Octokit({ baseUrl: gh.url, auth: 'bench-token' });
  gh.setLatency(0);
  try {
    const samples: number[] = [];
    for (let i = 0; i < 9; i++) {
      const start = performance.now();
      await octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: PULL, per_page: 100, page: 1 + (i % 30) });
      samples.push(performance.now() - start);
    }
    return median(samples.slice(2));
  } finally {
    gh.setLatency(PR.latencyMs);
  }
}

interface PrFigures {
  fakeServer: string;
  files: number;
  latencyMs: number;
  actionMedianMs: number;
  actionSamplesMs: number[];
  baselineMedianMs: number;
  baselineSamplesMs: number[];
  ratio: number;
  targetRatio: number;
  ok: boolean;
  requestsPerRun: number[];
  requestsByRoute: Record<string, number>;
  latencyRounds: number;
  serverMsPerPageAtZeroLatency: number;
  bump: string;
  /** Last request arrival, ms after spawn. */
  lastArrivalMs: number;
  /** The action against the same fake with 0 ms latency: its cost besides the network. */
  actionZeroLatencyMedianMs: number;
}

async function benchPullRequest(memoizeDiff: boolean): Promise<PrFigures> {
  const fakeServer = memoizeDiff ? 'fake API, diff memoized (server CPU ~0)' : 'fake API as is (diff recomputed per request)';
  console.log(
    `1${memoizeDiff ? 'b' : 'a'}. PR with ${PR.files.toLocaleString('en-US')} changed files, ${PR.latencyMs} ms per request, ${fakeServer} ` +
      `(warm-up ${PR.warmup}, median of ${PR.reps}, alternating)`,
  );
  const gh = await startFakeGitHub({ latencyMs: PR.latencyMs });
  const runner = new Runner();
  // Arrival time of every request, to show the action's latency rounds.
  const arrivals: number[] = [];
  const push = gh.requests.push.bind(gh.requests);
  gh.requests.push = (...items: RecordedRequest[]): number => {
    const now = performance.now();
    for (let i = 0; i < items.length; i++) arrivals.push(now);
    return push(...items);
  };
  try {
    const { base, head } = buildRepo(gh, memoizeDiff);
    const env = runner.runEnv('pull_request', pullPayload(base, head), gh.url, head, `refs/pull/${PULL}/merge`);
    const args = [ACTION];

    const actionSamples: number[] = [];
    const baselineSamples: number[] = [];
    const requestCounts: number[] = [];
    let lastRun: { requests: RecordedRequest[]; arrivals: number[]; t0: number } | null = null;
    let outputs: Record<string, string> = {};

    const runAction = async (): Promise<number> => {
      runner.reset();
      const before = gh.requests.length;
      const t0 = performance.now();
      const result = await runNode(args, env);
      if (result.code !== 0) throw childFailure('the action failed on the PR', result);
      outputs = runner.outputs();
      if (outputs['file-count'] !== String(PR.files) || outputs.truncated !== 'false') {
        throw new Error(`the action decided on ${outputs['file-count']} files (truncated ${outputs.truncated}); expected ${PR.files}`);
      }
      lastRun = { requests: gh.requests.slice(before), arrivals: arrivals.slice(before), t0 };
      requestCounts.push(gh.requests.length - before);
      return result.ms;
    };
    const runBaseline = async (): Promise<number> => {
      const result = await serialPagination(gh);
      if (result.files !== PR.files) throw new Error(`serial pagination listed ${result.files} files; expected ${PR.files}`);
      return result.ms;
    };

    for (let round = 0; round < PR.warmup + PR.reps; round++) {
      const order = round % 2 === 0 ? [runAction, runBaseline] : [runBaseline, runAction];
      for (const fn of order) {
        const ms = await fn();
        if (round >= PR.warmup) (fn === runAction ? actionSamples : baselineSamples).push(ms);
      }
    }
    const serverMs = await serverCostPerPage(gh);
    const run = lastRun as { requests: RecordedRequest[]; arrivals: number[]; t0: number } | null;
    if (run === null) throw new Error('no action run recorded');

    // The action with no latency at all: what it costs besides waiting for the network.
    const zeroLatencySamples: number[] = [];
    gh.setLatency(0);
    try {
      for (let i = 0; i < 1 + PR.reps; i++) {
        const ms = await runAction();
        if (i > 0) zeroLatencySamples.push(ms);
      }
    } finally {
      gh.setLatency(PR.latencyMs);
    }
    const zeroLatency = median(zeroLatencySamples);

    const action = median(actionSamples);
    const baseline = median(baselineSamples);
    const ratio = baseline / action;
    const ok = ratio >= PR.targetRatio;
    const routes = byRoute(run.requests);
    const rounds = waves(run.requests, run.arrivals, run.t0, PR.latencyMs / 2);

    console.log(`   decision: bump ${outputs.bump}, ${outputs['file-count']} files, truncated ${outputs.truncated}, next ${outputs['next-version']}`);
    printTable(
      [
        ['', `median of ${PR.reps}`, 'samples', 'ratio baseline/action', 'target'],
        [
          'serial octokit.paginate(pulls.listFiles) (in-process)',
          fmtMs(baseline),
          baselineSamples.map((s) => s.toFixed(0)).join(' '),
          '',
          '',
        ],
        [
          'node dist/index.js (pull_request, dry-run, label=false)',
          fmtMs(action),
          actionSamples.map((s) => s.toFixed(0)).join(' '),
          fmtRatio(ratio),
          `>= ${PR.targetRatio}x ${ok ? 'OK' : 'MISSED'}`,
        ],
        [
          'node dist/index.js, same, API latency 0 ms (diagnostic)',
          fmtMs(zeroLatency),
          zeroLatencySamples.map((s) => s.toFixed(0)).join(' '),
          '',
          '',
        ],
      ],
      '   ',
    );
    const total = run.requests.length;
    console.log(`   requests of one action run: ${total} (expected ${EXPECTED_REQUESTS}); per run: ${requestCounts.join(', ')}`);
    printTable([['route (repos/octo/big)', 'count', 'query'], ...routes.map((r) => [r.route, String(r.count), r.query])], '     ');
    console.log(`   latency rounds of that run (request arrival, ms after spawn; a new round after a gap > ${PR.latencyMs / 2} ms):`);
    printTable(
      [
        ['round', 'first arrives', 'spread', 'requests'],
        ...rounds.map((w, i) => [String(i + 1), `+${w.atMs.toFixed(0)} ms`, `${w.spreadMs.toFixed(0)} ms`, w.routes]),
      ],
      '     ',
    );
    const lastArrival = Math.max(...run.arrivals) - run.t0;
    console.log(
      `   ${rounds.length} latency rounds x ${PR.latencyMs} ms = ${rounds.length * PR.latencyMs} ms of the action's ${fmtMs(action)}; ` +
        `last request arrives +${lastArrival.toFixed(0)} ms after spawn; ` +
        `the fake server spends ~${fmtMs(serverMs)} per file page at 0 ms latency (both sides pay it; the action's 10 concurrent pages queue for it)`,
    );

    return {
      fakeServer,
      files: PR.files,
      latencyMs: PR.latencyMs,
      actionMedianMs: action,
      actionSamplesMs: actionSamples,
      baselineMedianMs: baseline,
      baselineSamplesMs: baselineSamples,
      ratio,
      targetRatio: PR.targetRatio,
      ok,
      requestsPerRun: requestCounts,
      requestsByRoute: Object.fromEntries(routes.map((r) => [r.route, r.count])),
      latencyRounds: rounds.length,
      serverMsPerPageAtZeroLatency: serverMs,
      bump: outputs.bump ?? '',
      lastArrivalMs: lastArrival,
      actionZeroLatencyMedianMs: zeroLatency,
    };
  } finally {
    runner.dispose();
    await gh.close();
  }
}

interface ColdFigures {
  actionMedianMs: number;
  nodeMedianMs: number;
  ratio: number;
  targetRatio: number;
  ok: boolean;
  reps: number;
  bundleKb: number;
}

async function benchColdStart(): Promise<ColdFigures> {
  // The action is split: a tag push loads dist/index.js and the chunks it imports statically;
  // the decision chunk (loaded with import()) is reported apart.
  const { startup, decision } = bundleSizes(ACTION);
  const bundleKb = startup / 1024;
  const decisionKb = decision / 1024;
  console.log(`2. Cold start: tag push (nothing to decide) vs bare node, spawnSync, alternating, ${COLD.warmup} warm-ups, median of ${COLD.reps}`);
  const runner = new Runner();
  const sha = 'a'.repeat(40);
  const repository = { full_name: `${OWNER}/${REPO}`, name: REPO, owner: { login: OWNER } };
  const payload = { ref: 'refs/tags/v1.0.0', before: '0'.repeat(40), after: sha, created: true, deleted: false, repository };
  try {
    // Check first (async, against a live fake API) that the tag push makes no request and succeeds.
    const gh = await startFakeGitHub();
    let requestsMade: number;
    try {
      runner.reset();
      const check = await runNode([ACTION], runner.runEnv('push', payload, gh.url, sha, 'refs/tags/v1.0.0'));
      if (check.code !== 0) throw childFailure('the action failed on a tag push', check);
      const outputs = runner.outputs();
      if (outputs.bump !== 'none') throw new Error(`tag push: expected bump none, got ${outputs.bump}`);
      requestsMade = gh.requests.length;
      if (requestsMade !== 0) throw new Error(`tag push made ${requestsMade} API requests: ${gh.requests.map(routeName).join(', ')}`);
    } finally {
      await gh.close();
    }
    console.log(`   verified: exit 0, bump none, ${requestsMade} API requests`);

    // Timed runs: a closed port, so a stray request would fail fast instead of hanging spawnSync.
    const env = runner.runEnv('push', payload, 'http://127.0.0.1:9', sha, 'refs/tags/v1.0.0');
    const nodeEnv = cleanEnv({});
    const actionSamples: number[] = [];
    const nodeSamples: number[] = [];
    for (let round = 0; round < COLD.warmup + COLD.reps; round++) {
      const pair = round % 2 === 0 ? (['action', 'node'] as const) : (['node', 'action'] as const);
      for (const which of pair) {
        let result: ChildResult;
        if (which === 'action') {
          runner.reset();
          result = timedSync([ACTION], env);
        } else {
          result = timedSync(['-e', ''], nodeEnv);
        }
        if (result.code !== 0) throw childFailure(`cold start (${which})`, result);
        if (round >= COLD.warmup) (which === 'action' ? actionSamples : nodeSamples).push(result.ms);
      }
    }
    const action = median(actionSamples);
    const node = median(nodeSamples);
    const ratio = action / node;
    const ok = ratio <= COLD.targetRatio;
    printTable(
      [
        ['', `median of ${COLD.reps}`, 'min..max', 'ratio to node', 'target'],
        ["node -e ''", fmtMs(node), `${Math.min(...nodeSamples).toFixed(0)}..${Math.max(...nodeSamples).toFixed(0)}`, '1x', ''],
        [
          'node dist/index.js (tag push)',
          fmtMs(action),
          `${Math.min(...actionSamples).toFixed(0)}..${Math.max(...actionSamples).toFixed(0)}`,
          fmtRatio(ratio),
          `<= ${COLD.targetRatio}x ${ok ? 'OK' : 'MISSED'}`,
        ],
      ],
      '   ',
    );
    console.log(`   loaded at start (dist/index.js + static chunks): ${bundleKb.toFixed(0)} KB; decision chunk (on demand): ${decisionKb.toFixed(0)} KB`);
    return { actionMedianMs: action, nodeMedianMs: node, ratio, targetRatio: COLD.targetRatio, ok, reps: COLD.reps, bundleKb };
  } finally {
    runner.dispose();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  console.log(`bench/action: node dist/index.js (${process.version}) against baselines measured in the same run (medians)`);
  const pullRequest = await benchPullRequest(false);
  console.log('');
  const pullRequestMemoized = await benchPullRequest(true);
  console.log('');
  const coldStart = await benchColdStart();
  return { pullRequest, pullRequestMemoized, coldStart };
}

/** The headline figures in bench/run.ts's summary format. */
export function toFigures(result: Record<string, unknown>): Figure[] {
  const pr = result.pullRequest as PrFigures;
  const memo = result.pullRequestMemoized as PrFigures;
  const cold = result.coldStart as ColdFigures;
  const bench = 'action';
  return [
    { bench, metric: `PR ${pr.files} files @${pr.latencyMs} ms: action`, value: fmtMs(pr.actionMedianMs), target: '', ok: null },
    { bench, metric: 'PR: serial paginate / action', value: fmtRatio(pr.ratio), target: `>= ${pr.targetRatio}x`, ok: pr.ok },
    { bench, metric: 'PR (fake diff memoized): paginate / action', value: fmtRatio(memo.ratio), target: `>= ${memo.targetRatio}x`, ok: memo.ok },
    {
      bench,
      metric: 'PR: action requests',
      value: String(pr.requestsPerRun[pr.requestsPerRun.length - 1] ?? ''),
      target: EXPECTED_REQUESTS,
      ok: null,
    },
    { bench, metric: 'cold start (tag push) / node', value: fmtRatio(cold.ratio), target: `<= ${cold.targetRatio}x`, ok: cold.ok },
    { bench, metric: 'bundle loaded at start', value: `${cold.bundleKb.toFixed(0)} KB`, target: '', ok: null },
  ];
}

if (isMain(import.meta.url)) {
  const started = Date.now();
  const result = await run();
  console.log(`   total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  reportFigures(toFigures(result));
}

/** Bytes of an ESM bundle loaded at start (the file and its static imports) and on demand. */
function bundleSizes(entry: string): { startup: number; decision: number } {
  const seen = new Set<string>();
  const walk = (file: string, dynamic: boolean, into: { startup: number; decision: number }): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    if (dynamic) into.decision += text.length;
    else into.startup += text.length;
    for (const m of text.matchAll(/(import\(|from\s*|import\s*)"(\.{1,2}\/[^"]+\.js)"/g)) {
      walk(path.resolve(path.dirname(file), m[2]!), dynamic || m[1] === 'import(', into);
    }
  };
  const sizes = { startup: 0, decision: 0 };
  walk(entry, false, sizes);
  return sizes;
}
