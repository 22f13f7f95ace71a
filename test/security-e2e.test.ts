/**
 * Security end to end: the action's run() from src, in this process with the environment a runner
 * gives it (test/support/action-runner.ts), against the fake GitHub API, with hostile input.
 *
 * 1. File names are data: markup, mentions, references, workflow commands, control characters.
 * 2. On PR events the config comes from the base SHA, whatever the PR head says.
 * 3. pull_request_target: a hostile checkout in GITHUB_WORKSPACE is never executed or trusted.
 * 4. The token appears only in the Authorization header (and the ::add-mask:: line).
 * 5. Fork PRs (read-only token): warnings, outputs stand, the policy is still enforced.
 *
 * Every run of the file starts in beforeAll, concurrently (each on its own repository of the
 * one fake API); each test awaits the runs it judges. The slowest run (persistent 500s, retried
 * with 1 + 4 + 9 s of backoff) bounds the file's time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunActionOptions } from './support/action-runner.js';
import {
  COMMENT_MARKER,
  CONFIG_PATH,
  apiPrefix,
  isWrite,
  json,
  log,
  messages,
  newRepoIn,
  pullPayload,
  pushPayload,
  runIn,
  type Run,
} from './support/action-scenarios.js';
import { resourceNotAccessible, type FakeRepo, type FileSpec } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';
import {
  CONFIG,
  DEBUG_ENV,
  HOSTILE_API,
  HOSTILE_PATHS,
  HOSTILE_SRC,
  LENIENT_CONFIG,
  MENTION,
  OUTPUT_NAMES,
  POLICY_CONFIG,
  REFERENCE,
  SECRET,
  TERMINAL_CONTROL,
  decodedText,
  expectCleanLog,
  expectSafeMarkdown,
  hostileCheckout,
  hostileFiles,
  pullRepoIn,
  start,
  trapsFire,
  type PullRepoOptions,
  type Scenario,
} from './support/security-fixtures.js';

const gh = useFakeGitHub();
const scratch = mkdtempSync(join(tmpdir(), 'bc-security-'));

const run = (name: string, options: Omit<RunActionOptions, 'gh' | 'repo'>): Promise<Run> => runIn(gh(), name, options);
const newRepo = (name: string): FakeRepo => newRepoIn(gh(), name);
const pullRepo = (name: string, options: PullRepoOptions) => pullRepoIn(gh(), name, options);

// ---- the runs ------------------------------------------------------------------------------

const s = {} as {
  namesPr: Scenario<ReturnType<typeof pullRepo>>;
  namesPolicy: Scenario<ReturnType<typeof pullRepo>>;
  namesPush: Scenario<{ repo: FakeRepo }>;
  titlePolicy: Scenario<ReturnType<typeof pullRepo>>;
  configNone: Scenario<ReturnType<typeof pullRepo>>;
  configPolicy: Scenario<ReturnType<typeof pullRepo>>;
  targetSmall: Scenario<ReturnType<typeof pullRepo> & { ws: string; marker: string }>;
  targetCapped: Scenario<{ repo: FakeRepo; base: string; head: string; ws: string; marker: string }>;
  token: Scenario<ReturnType<typeof pullRepo>>;
  token500: Scenario<ReturnType<typeof pullRepo>>;
  token401: Scenario<ReturnType<typeof pullRepo>>;
  redos: Scenario<ReturnType<typeof pullRepo>>;
  fork: Scenario<ReturnType<typeof pullRepo>>;
  forkPolicy: Scenario<ReturnType<typeof pullRepo>>;
};

beforeAll(async () => {
  // 1. hostile names: a PR (labels + sticky comment), the same names as migrations over the
  //    policy, and a push.
  {
    const setup = pullRepo('sec-names-pr', { files: hostileFiles() });
    setup.repo.patchOverride(HOSTILE_API, null);
    s.namesPr = start(setup, () => run('sec-names-pr', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { comment: 'true' } }));
  }
  {
    const files: Record<string, FileSpec> = {};
    for (const path of HOSTILE_SRC.slice(4, 13)) files[path.replace(/^src\//, 'db/migrations/')] = 'DROP TABLE users;\n';
    const setup = pullRepo('sec-names-policy', { config: POLICY_CONFIG, files });
    s.namesPolicy = start(setup, () => run('sec-names-policy', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { label: 'false' } }));
  }
  {
    const repo = newRepo('sec-names-push');
    const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': '1\n', 'src/old.ts': 'moved unchanged\n' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.0.0', root);
    const after = repo.commit({ parents: [root], files: hostileFiles(), branch: 'main' });
    repo.patchOverride(HOSTILE_API, null);
    s.namesPush = start({ repo }, () => run('sec-names-push', { event: 'push', payload: pushPayload(repo, { before: root, after }) }));
  }
  {
    // The PR title is the newest "commit" under conventional commits, and a fork author writes it.
    const setup = pullRepo('sec-title-policy', {
      config: `${POLICY_CONFIG}commits:\n  conventional: true\n`,
      files: { 'docs/a.md': 'a\n' },
      title: 'feat!: \u001b[31mred\u001b[0m @someone \u0007 %0A::warning::x',
    });
    s.titlePolicy = start(setup, () => run('sec-title-policy', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { label: 'false' } }));
  }

  // 2. config from the base SHA.
  {
    const setup = pullRepo('sec-config-none', { files: { [CONFIG_PATH]: LENIENT_CONFIG, 'src/x.ts': 'x\n' } });
    s.configNone = start(setup, () => run('sec-config-none', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { label: 'false' } }));
  }
  {
    const weakened = POLICY_CONFIG.replace('max-bump: minor', 'max-bump: major');
    const setup = pullRepo('sec-config-policy', {
      config: POLICY_CONFIG,
      files: { [CONFIG_PATH]: weakened, 'db/migrations/002_drop.sql': 'DROP TABLE users;\n' },
    });
    s.configPolicy = start(setup, () => run('sec-config-policy', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { label: 'false' } }));
  }

  // 3. pull_request_target with a hostile checkout in GITHUB_WORKSPACE.
  {
    const setup = pullRepo('sec-target-small', { files: { [CONFIG_PATH]: LENIENT_CONFIG, 'src/x.ts': 'x\n' } });
    const ws = join(scratch, 'ws-small');
    const marker = join(scratch, 'marker-small');
    // The PR head as a checkout: its lenient config in the work tree.
    hostileCheckout(ws, marker, [{ [CONFIG_PATH]: LENIENT_CONFIG, 'src/a.ts': 'export const a = 1;\n', 'src/x.ts': 'x\n' }]);
    s.targetSmall = start({ ...setup, ws, marker }, () =>
      run('sec-target-small', { event: 'pull_request_target', payload: pullPayload(setup.repo, setup.pull), env: { GITHUB_WORKSPACE: ws } }),
    );
  }
  {
    // Over 3,000 files: GitHub cannot list them all, so the action looks for a complete list,
    // and the hostile checkout has both commits (same SHAs as the API's).
    const name = 'sec-target-capped';
    const ws = join(scratch, 'ws-capped');
    const marker = join(scratch, 'marker-capped');
    const baseFiles = { [CONFIG_PATH]: CONFIG, 'src/a.ts': 'export const a = 1;\n' };
    const headFiles: Record<string, string> = { ...baseFiles, [CONFIG_PATH]: LENIENT_CONFIG, 'api/x.ts': 'BREAKING change\n' };
    for (let i = 0; i < 3001; i++) headFiles[`docs/gen/f${String(i).padStart(5, '0')}.md`] = `${i}\n`;
    const [base, head] = hostileCheckout(ws, marker, [baseFiles, headFiles]) as [string, string];
    const repo = newRepo(name);
    repo.commitTree(base, baseFiles, { branch: 'main' });
    repo.refs.set('refs/tags/v1.2.0', base);
    repo.commitTree(head, headFiles, { parents: [base], branch: 'feature' });
    const pull = repo.openPull({ number: 1, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head } });
    s.targetCapped = start({ repo, base, head, ws, marker }, () =>
      run(name, { event: 'pull_request_target', payload: pullPayload(repo, pull), inputs: { label: 'false' }, env: { GITHUB_WORKSPACE: ws } }),
    );
  }

  // 4. token hygiene, with debug logging on.
  {
    const setup = pullRepo('sec-token', { files: { 'src/x.ts': 'x\n' } });
    s.token = start(setup, () =>
      run('sec-token', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { token: SECRET, comment: 'true' }, env: DEBUG_ENV }),
    );
  }
  {
    const setup = pullRepo('sec-token-500', { files: { 'src/x.ts': 'x\n' } });
    // Every attempt fails: the first and its 3 retries.
    gh().fault({ method: 'GET', path: `${apiPrefix('sec-token-500')}/pulls/1` }, { status: 500, times: 4, body: { message: 'Server Error' } });
    s.token500 = start(setup, () =>
      run('sec-token-500', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { token: SECRET }, env: DEBUG_ENV }),
    );
  }
  {
    const setup = pullRepo('sec-token-401', { files: { 'src/x.ts': 'x\n' } });
    gh().fault({ path: new RegExp(`^${apiPrefix('sec-token-401')}/`) }, { status: 401, times: Infinity, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } });
    s.token401 = start(setup, () =>
      run('sec-token-401', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { token: SECRET }, env: DEBUG_ENV }),
    );
  }

  // Content regexes: a nested quantifier in the base config, a changed line chosen by the PR.
  {
    const config = `version: 1\nrules:\n  - name: api-content\n    paths: "api/**"\n    content: "^(a+)+$"\n    bump: minor\n`;
    const setup = pullRepo('sec-redos', { config, files: { 'api/x.ts': `${'a'.repeat(40)}!\n` } });
    s.redos = start(setup, () =>
      run('sec-redos', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { label: 'false' }, timeoutMs: 8_000 }),
    );
  }

  // 5. fork PRs: every write is denied.
  {
    const setup = pullRepo('sec-fork', { files: { 'src/x.ts': 'x\n' }, headRepo: 'contributor/app', labels: ['semver:major'] });
    gh().fault({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], path: new RegExp(`^${apiPrefix('sec-fork')}/`) }, resourceNotAccessible());
    s.fork = start(setup, () => run('sec-fork', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { comment: 'true' } }));
  }
  {
    const setup = pullRepo('sec-fork-policy', {
      config: POLICY_CONFIG,
      files: { 'db/migrations/002_drop.sql': 'DROP TABLE users;\n' },
      headRepo: 'contributor/app',
    });
    gh().fault({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], path: new RegExp(`^${apiPrefix('sec-fork-policy')}/`) }, resourceNotAccessible());
    s.forkPolicy = start(setup, () =>
      run('sec-fork-policy', { event: 'pull_request', payload: pullPayload(setup.repo, setup.pull), inputs: { comment: 'true' } }),
    );
  }
});

afterAll(async () => {
  await Promise.allSettled(Object.values(s).map((x) => x.result));
  rmSync(scratch, { recursive: true, force: true });
});

// ---- 1. file names are data ----------------------------------------------------------------

describe('file names are data, never markup or commands', () => {
  it('PR: outputs per the rules, only the intended annotations, a clean log', async () => {
    const r = await s.namesPr.result;

    expect(r.code, log(r)).toBe(0);
    expect(r.outputs.bump).toBe('minor');
    expect(r.outputs['next-version']).toBe('1.3.0');
    const files = json<Array<{ path: string; previousPath: string | null; status: string }>>(r.outputs.files);
    // The names round-trip exactly through the JSON output.
    expect(files.map((f) => f.path).sort()).toEqual([...HOSTILE_PATHS].sort());
    expect(files.find((f) => f.status === 'renamed')).toMatchObject({ previousPath: 'src/old.ts' });
    expect(r.outputs['file-count']).toBe(String(HOSTILE_PATHS.length));
    // The one warning is the action's own (the binary file's content rule), its path escaped.
    expect(messages(r, 'error'), log(r)).toEqual([]);
    expect(messages(r, 'notice'), log(r)).toEqual([]);
    const warnings = messages(r, 'warning');
    expect(warnings, log(r)).toHaveLength(1);
    expect(warnings[0]).toContain('no patch available');
    expect(warnings[0]).toContain('api/\\n::error::from-a-warning.bin');
    expectCleanLog(r);
  });

  it('PR: the job summary and the sticky comment show every name escaped, one table row each', async () => {
    const r = await s.namesPr.result;
    const { repo } = s.namesPr.setup;

    expectSafeMarkdown(r.summary, HOSTILE_PATHS);
    const comments = [...repo.comments.values()];
    expect(comments, log(r)).toHaveLength(1);
    expect(comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
    expectSafeMarkdown(comments[0]!.body, HOSTILE_PATHS);
    // Shown as themselves in code spans ("|" escaped for the table); control characters as visible escapes.
    for (const md of [r.summary, comments[0]!.body]) {
      expect(md).toContain('| `src/<script>alert(1)</script>.ts` | added |');
      expect(md).toContain('| `src/a\\|b\\|c.ts` | added |');
      expect(md).toContain('| `src/x\\n::error::injected.ts` | added |');
      expect(md).toContain('| `src/\\u001b[31mred\\u001b[0m.ts` | added |');
      expect(md).toContain('| ``src/`rm -rf ~`.ts`` | added |');
      expect(md).toContain('| `src/old.ts` → `src/<img src=x onerror=alert(2)>.ts` | renamed |');
      expect(md).toContain('| `docs/ask @someone please.md` | added |');
      expect(md).not.toContain('&#');
    }
    // Labels: only the decision's.
    expect(repo.pulls.get(1)!.labels).toEqual(['semver:minor']);
  });

  it('PR: the sticky comment pings nobody and references no issue, as GitHub reads it', async () => {
    await s.namesPr.result;
    const body = [...s.namesPr.setup.repo.comments.values()][0]!.body;
    const text = decodedText(body);
    expect(text).not.toMatch(MENTION);
    expect(text).not.toMatch(REFERENCE);
  });

  it('policy failure naming hostile files: the error annotation shows them escaped', async () => {
    const r = await s.namesPolicy.result;
    expect(r.code, log(r)).toBe(1);
    expect(messages(r, 'error'), log(r)).toHaveLength(1);
    expectCleanLog(r);
  });

  it('policy failure naming hostile files: decision, outputs, summary still right', async () => {
    const r = await s.namesPolicy.result;
    expect(r.code, log(r)).toBe(1);
    expect(r.outputs.bump).toBe('major');
    // Read from the raw log: a raw U+2028 in the message defeats a line-based parser.
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error::'));
    expect(errors, log(r)).toHaveLength(1);
    expect(errors[0]).toMatch(/max-bump minor/);
    // Control characters are shown as escapes (\n), and @actions/core escapes "%": one command per line.
    expect(errors[0]).toContain('db/migrations/x\\n::error::injected.ts');
    expect(errors[0]).toContain('db/migrations/%250A::warning::x.ts');
    for (const line of r.stdout.split(/\r?\n/)) {
      if (line.startsWith('::')) expect(/^::(add-mask|debug|notice|warning|error)::/.test(line), line).toBe(true);
    }
    expect(r.summary).toContain('**Policy failed:**');
    expect(r.summary).not.toMatch(/^::/m);
    expect(r.summary).not.toMatch(TERMINAL_CONTROL);
    expect(Object.keys(r.outputs).sort()).toEqual(OUTPUT_NAMES);
  });

  it('policy failure caused by a hostile PR title: the error annotation shows it escaped', async () => {
    const r = await s.titlePolicy.result;
    expect(r.code, log(r)).toBe(1);
    expectCleanLog(r);
  });

  it('hostile PR title: the summary escapes it and the outputs are the decision', async () => {
    const r = await s.titlePolicy.result;
    expect(r.code, log(r)).toBe(1);
    expect(r.outputs.bump).toBe('major');
    expect(r.summary).not.toMatch(TERMINAL_CONTROL);
    expect(r.summary).not.toContain('@someone');
    expect(r.summary).toContain('@\u200bsomeone');
  });

  it('push: the same names, same guarantees', async () => {
    const r = await s.namesPush.result;

    expect(r.code, log(r)).toBe(0);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.1.0', 'tag-created': '' });
    expect(messages(r, 'error')).toEqual([]);
    expect(messages(r, 'warning'), log(r)).toHaveLength(1);
    expectCleanLog(r);
    expectSafeMarkdown(r.summary, HOSTILE_PATHS);
    expect(r.writes).toEqual([]);
  });
});

// ---- 2. config from the base SHA -----------------------------------------------------------

describe('config from the base SHA', () => {
  it('a PR that makes everything "none" in its own config is judged by the base config', async () => {
    const r = await s.configNone.result;
    const { base } = s.configNone.setup;

    expect(r.code, log(r)).toBe(0);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.3.0' });
    // The PR's own config change is one of its files, decided by the base's rules (default-bump).
    expect(json<Array<{ path: string; rule: string | null }>>(r.outputs.files)).toContainEqual(
      expect.objectContaining({ path: CONFIG_PATH, rule: null, bump: 'patch' }),
    );
    const reads = r.requests.filter((q) => q.path.endsWith(`/contents/${CONFIG_PATH}`));
    expect(reads.map((q) => q.query.ref)).toEqual([base]);
  });

  it('a PR that raises policy.max-bump in its own config still fails the base policy', async () => {
    const r = await s.configPolicy.result;
    const { base } = s.configPolicy.setup;

    expect(r.code, log(r)).toBe(1);
    expect(r.outputs.bump).toBe('major');
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/above policy\.max-bump minor/);
    expect(errors[0]).toContain('db/migrations/002_drop.sql');
    const reads = r.requests.filter((q) => q.path.endsWith(`/contents/${CONFIG_PATH}`));
    expect(reads.map((q) => q.query.ref)).toEqual([base]);
  });
});

// ---- 3. pull_request_target ------------------------------------------------------------------

describe('pull_request_target reads only through the API', () => {
  it('a hostile checkout in GITHUB_WORKSPACE: decided by the base config from the API, nothing executed, only API reads and label writes', async () => {
    const r = await s.targetSmall.result;
    const { base, ws, marker, repo } = s.targetSmall.setup;

    expect(r.code, log(r)).toBe(0);
    // The work tree's config says "none"; the base's says source is minor.
    expect(r.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.3.0' });
    expect(r.requests.filter((q) => q.path.endsWith(`/contents/${CONFIG_PATH}`)).map((q) => q.query.ref)).toEqual([base]);
    expect(existsSync(marker), readIf(marker)).toBe(false);
    // Every request any run of this file made went to its own base repository's API (never the
    // head repository); this run's were reads, and the label writes.
    expect(gh().requests.filter((q) => !q.path.startsWith(apiPrefix('sec-')))).toEqual([]);
    expect(r.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path.slice(apiPrefix('sec-target-small').length)}`)).toEqual([
      'POST /labels',
      'POST /issues/1/labels',
    ]);
    expect(repo.pulls.get(1)!.labels).toEqual(['semver:minor']);
    // The traps were live: plain git commands in that checkout set them off.
    expect(trapsFire(ws, marker, base, base)).toBe(true);
  });

  it('a capped PR (over 3,000 files): decided by the base config read from the API, nothing written', async () => {
    const r = await s.targetCapped.result;
    const { base } = s.targetCapped.setup;

    expect(r.code, log(r)).toBe(0);
    // The base config: the api file's content rule (patch) and the 3,001 docs decide, not the PR's "none".
    expect(r.outputs).toMatchObject({ bump: 'patch', 'file-count': '3003', truncated: 'false' });
    expect(r.requests.filter((q) => q.path.endsWith(`/contents/${CONFIG_PATH}`)).map((q) => q.query.ref)).toEqual([base]);
    expect(r.requests.filter(isWrite)).toEqual([]);
  });

  // Fixed in 96f72eb (src/action-decision.ts: no checkout under pull_request_target). Before it,
  // the capped list was completed from this checkout with `git diff`, and its textconv driver and
  // clean filter ran with INPUT_TOKEN in their environment.
  it('a capped PR with a hostile checkout that has both commits: nothing in the workspace is executed', async () => {
    const r = await s.targetCapped.result;
    const { base, head, ws, marker } = s.targetCapped.setup;
    expect(existsSync(marker), `${readIf(marker)}\n${log(r)}`).toBe(false);
    // The traps were live: plain git commands in that checkout set them off.
    expect(trapsFire(ws, marker, base, head)).toBe(true);
  });

  it('a capped PR under pull_request_target is completed from the API (git trees), not from the workspace checkout', async () => {
    const r = await s.targetCapped.result;
    const warnings = messages(r, 'warning');
    expect(warnings.some((w) => w.includes('local checkout')), log(r)).toBe(false);
    expect(warnings.some((w) => w.includes('git trees')), log(r)).toBe(true);
    expect(r.requests.filter((q) => q.path.includes('/git/trees/'))).toHaveLength(2);
  });
});

function readIf(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

// ---- content regexes ------------------------------------------------------------------------

describe('content regexes', () => {
  // Content regexes run on the linear-time engine (src/core/regex.ts): base config
  // `content: "^(a+)+$"` on api/**, a PR adding the line "aaaa...a!" (40 a's), which takes
  // ~2^40 steps on a backtracking RegExp. The decision comes at once (the rule does not match,
  // so default-bump patch). The run is in this process: a backtracking engine would block it,
  // and the file, instead of failing; test/core/patterns.test.ts holds the engine's own table.
  it('a nested-quantifier content regex and a hostile changed line: the decision comes in bounded time', async () => {
    const r = await s.redos.result;
    expect(r.code, log(r)).toBe(0);
    expect(r.outputs.bump).toBe('patch');
  });
});

// ---- 4. token hygiene ------------------------------------------------------------------------

/** Everything a run shows or sends, except the Authorization header. */
function everythingButAuth(r: Run, repo: FakeRepo): string {
  return [
    r.stdout.split('\n').filter((l) => l !== `::add-mask::${SECRET}`).join('\n'),
    r.stderr,
    r.summary,
    JSON.stringify(r.outputs),
    [...repo.comments.values()].map((c) => c.body).join('\n'),
    ...r.requests.map((q) => JSON.stringify({ path: q.rawPath, query: q.query, body: q.body, headers: { ...q.headers, authorization: undefined } })),
  ].join('\n');
}

describe('token hygiene (debug logging on)', () => {
  it('a successful run: the token is only in the Authorization header and the ::add-mask:: line', async () => {
    const r = await s.token.result;
    const { repo } = s.token.setup;

    expect(r.code, log(r)).toBe(0);
    expect(r.stdout).toContain('::debug::'); // debug output was on
    expect(r.stdout.split('\n').filter((l) => l.includes(SECRET))).toEqual([`::add-mask::${SECRET}`]);
    // The mask comes before anything else is printed.
    expect(r.stdout.startsWith(`::add-mask::${SECRET}`)).toBe(true);
    expect(r.requests.length).toBeGreaterThan(0);
    expect(r.requests.every((q) => q.headers.authorization === `token ${SECRET}`)).toBe(true);
    expect(repo.comments.size).toBe(1);
    expect(everythingButAuth(r, repo)).not.toContain(SECRET);
  });

  it('an API call that keeps failing with 500: the printed error names the route, not the token', async () => {
    const r = await s.token500.result;
    const { repo } = s.token500.setup;

    expect(r.code, log(r)).toBe(1);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/pulls\/1 failed with 500: Server Error \(after retries\)/);
    expect(r.requests.filter((q) => q.path === `${apiPrefix('sec-token-500')}/pulls/1`)).toHaveLength(4);
    expect(r.stdout.split('\n').filter((l) => l.includes(SECRET))).toEqual([`::add-mask::${SECRET}`]);
    expect(everythingButAuth(r, repo)).not.toContain(SECRET);
    expect(r.requests.filter(isWrite)).toEqual([]);
  });

  it('a rejected token (401 Bad credentials): the error does not print it', async () => {
    const r = await s.token401.result;
    const { repo } = s.token401.setup;

    expect(r.code, log(r)).toBe(1);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/failed with 401: Bad credentials/);
    expect(r.stdout.split('\n').filter((l) => l.includes(SECRET))).toEqual([`::add-mask::${SECRET}`]);
    expect(everythingButAuth(r, repo)).not.toContain(SECRET);
  });
});

// ---- 5. fork PRs -----------------------------------------------------------------------------

describe('fork pull request (read-only token)', () => {
  it('labels and comment denied: warnings naming pull-requests: write, exit 0, outputs set', async () => {
    const r = await s.fork.result;
    const { repo } = s.fork.setup;

    expect(r.code, log(r)).toBe(0);
    expect(messages(r, 'error')).toEqual([]);
    const warnings = messages(r, 'warning');
    expect(warnings.filter((w) => w.includes('labels') && w.includes('pull-requests: write')), log(r)).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('comment') && w.includes('pull-requests: write')), log(r)).toHaveLength(1);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'next-version': '1.3.0', 'next-tag': 'v1.3.0' });
    expect(json(r.outputs.labels)).toEqual(['semver:minor']);
    expect(r.summary.startsWith('### Bump **minor**')).toBe(true);
    // Every write was attempted and denied; nothing changed.
    expect(r.requests.filter(isWrite).every((q) => q.status === 403)).toBe(true);
    expect(repo.pulls.get(1)!.labels).toEqual(['semver:major']);
    expect(repo.comments.size).toBe(0);
  });

  it('labels and comment denied, bump above max-bump: warnings, then the policy still fails the step', async () => {
    const r = await s.forkPolicy.result;
    const { repo } = s.forkPolicy.setup;

    expect(r.code, log(r)).toBe(1);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/above policy\.max-bump minor/);
    expect(errors[0]).toContain('breaking-ok');
    const warnings = messages(r, 'warning');
    expect(warnings.filter((w) => w.includes('pull-requests: write')), log(r)).toHaveLength(2);
    expect(r.outputs).toMatchObject({ bump: 'major', 'next-version': '2.0.0' });
    expect(r.summary).toContain('**Policy failed:**');
    // The warnings come before the failure.
    expect(r.stdout.lastIndexOf('::warning::')).toBeLessThan(r.stdout.indexOf('::error::'));
    expect(repo.comments.size).toBe(0);
    expect(repo.pulls.get(1)!.labels).toEqual([]);
  });
});
