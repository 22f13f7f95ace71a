/**
 * Hardening of what the action writes for people to read: the sticky comment's owner, the job
 * summary's size, and how paths show in summaries, comments, annotations and failures.
 *
 * Unit parts run the real client (Octokit with retry and throttling) against the fake GitHub API
 * over loopback; end-to-end parts run the action's run() in this process as a runner would.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type GitHubClient } from '../src/github/client.js';
import {
  ACTIONS_BOT,
  COMMENT_MARKER,
  MAX_SUMMARY_BYTES,
  summaryText,
  tokenLogin,
  upsertStickyComment,
  type WriteLog,
} from '../src/github/writes.js';
import { decide, defaultConfig, type ChangedFile } from '../src/core/index.js';
import { renderMarkdown } from '../src/report/text.js';
import { CONFIG_PATH, json, log, messages, newRepoIn, pullPayload, pushPayload, runIn, type Run } from './support/action-scenarios.js';
import { resourceNotAccessible, type FakeRepo, type FileSpec } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const gh = useFakeGitHub();


function client(token = 'test-token'): GitHubClient {
  return createClient({ token, baseUrl: gh().url, retryBaseMs: 1, requestTimeoutMs: 5000, writeIntervalMs: 0 });
}

function collectingLog(): WriteLog & { infos: string[]; warnings: string[] } {
  const infos: string[] = [];
  const warnings: string[] = [];
  return { infos, warnings, info: (m) => infos.push(m), warning: (m) => warnings.push(m) };
}

/** A repository with PR #1 open. */
function prRepo(name: string): FakeRepo {
  const repo = gh().repo('octo', name);
  const base = repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
  repo.commit({ parents: [base], files: { 'a.txt': 'b\n' }, branch: 'feature' });
  repo.openPull({ number: 1, base: { ref: 'main' }, head: { ref: 'feature' } });
  return repo;
}

/** The writes a test made to `name` (GraphQL queries are reads). */
function writesTo(name: string, from: number): string[] {
  return gh().requests
    .slice(from)
    .filter((r) => r.method !== 'GET' && r.path.startsWith(`/repos/octo/${name}/`))
    .map((r) => `${r.method} ${r.path.slice(`/repos/octo/${name}`.length)} ${r.status}`);
}

// ---- 3. the sticky comment belongs to the token's identity -------------------------------------

describe('sticky comment: only our own comment is a candidate', () => {
  it("a fork author's comment carrying the marker is never PATCHed: a new comment is created", async () => {
    const repo = prRepo('own-fork');
    const forged = repo.addComment(1, `${COMMENT_MARKER}\nBump **none**: nothing to see`, 'mallory');
    const from = gh().requests.length;
    const log = collectingLog();

    const result = await upsertStickyComment(client(), { owner: 'octo', repo: 'own-fork' }, 1, 'Bump: major', log);

    expect(result.action).toBe('created');
    expect(result.id).not.toBe(forged.id);
    expect(writesTo('own-fork', from)).toEqual(['POST /issues/1/comments 201']);
    expect(repo.comments.get(forged.id)!.body).toBe(`${COMMENT_MARKER}\nBump **none**: nothing to see`);
    expect(repo.comments.get(result.id!)).toMatchObject({ user: { login: ACTIONS_BOT }, body: `${COMMENT_MARKER}\nBump: major` });
    expect(log.warnings).toEqual([]);
  });

  it("our bot's comment is updated in place, even after a fork author's marker comment", async () => {
    const repo = prRepo('own-both');
    const forged = repo.addComment(1, `${COMMENT_MARKER}\nforged`, 'mallory');
    const ours = repo.addComment(1, `${COMMENT_MARKER}\nold`); // github-actions[bot]
    const from = gh().requests.length;

    const result = await upsertStickyComment(client(), { owner: 'octo', repo: 'own-both' }, 1, 'new', collectingLog());

    expect(result).toEqual({ id: ours.id, action: 'updated' });
    expect(writesTo('own-both', from)).toEqual([`PATCH /issues/comments/${ours.id} 200`]);
    expect(repo.comments.get(forged.id)!.body).toBe(`${COMMENT_MARKER}\nforged`);
    expect(repo.comments.get(ours.id)!.body).toBe(`${COMMENT_MARKER}\nnew`);
  });

  it("a 403 on a fork author's marker comment can no longer suppress the decision or blame a permission", async () => {
    const repo = prRepo('own-forged-403');
    const forged = repo.addComment(1, `${COMMENT_MARKER}\nforged`, 'mallory');
    gh().fault({ method: 'PATCH', path: `/repos/octo/own-forged-403/issues/comments/${forged.id}` }, resourceNotAccessible());
    const log = collectingLog();

    const result = await upsertStickyComment(client(), { owner: 'octo', repo: 'own-forged-403' }, 1, 'Bump: major', log);

    expect(result.action).toBe('created');
    expect(log.warnings).toEqual([]);
    expect([...repo.comments.values()].map((c) => [c.user.login, c.body])).toEqual([
      ['mallory', `${COMMENT_MARKER}\nforged`],
      [ACTIONS_BOT, `${COMMENT_MARKER}\nBump: major`],
    ]);
    gh().clearFaults();
  });

  it('a 403 on our own comment is still the permission warning', async () => {
    const repo = prRepo('own-403');
    const ours = repo.addComment(1, `${COMMENT_MARKER}\nold`);
    gh().fault({ method: 'PATCH', path: `/repos/octo/own-403/issues/comments/${ours.id}` }, resourceNotAccessible());
    const log = collectingLog();

    const result = await upsertStickyComment(client(), { owner: 'octo', repo: 'own-403' }, 1, 'new', log);

    expect(result).toEqual({ id: ours.id, action: 'denied' });
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toContain('pull-requests: write');
    expect(repo.comments.get(ours.id)!.body).toBe(`${COMMENT_MARKER}\nold`);
    gh().clearFaults();
  });

  it("a personal token's identity comes from GET /user: the bot's marker comment is not its own", async () => {
    gh().identity('pat-alice', { login: 'alice', kind: 'user' });
    const repo = prRepo('own-pat');
    const bots = repo.addComment(1, `${COMMENT_MARKER}\nby the bot`);
    const alices = repo.addComment(1, `${COMMENT_MARKER}\nold`, 'Alice'); // logins compare case-insensitively
    const from = gh().requests.length;

    const result = await upsertStickyComment(client('pat-alice'), { owner: 'octo', repo: 'own-pat' }, 1, 'new', collectingLog());

    expect(result).toEqual({ id: alices.id, action: 'updated' });
    expect(repo.comments.get(bots.id)!.body).toBe(`${COMMENT_MARKER}\nby the bot`);
    expect(gh().requests.slice(from).filter((r) => r.path === '/user').map((r) => r.status)).toEqual([200]);
    expect(gh().requests.slice(from).some((r) => r.path === '/graphql')).toBe(false);
  });

  it("a GitHub App's installation token: GET /user is 403, its <app-slug>[bot] login comes from GraphQL viewer", async () => {
    gh().identity('ghs-app', { login: 'release-app[bot]', kind: 'installation' });
    const repo = prRepo('own-app');
    const bots = repo.addComment(1, `${COMMENT_MARKER}\nby github-actions`);
    const apps = repo.addComment(1, `${COMMENT_MARKER}\nold`, 'release-app[bot]');

    expect(await tokenLogin(client('ghs-app'))).toBe('release-app[bot]');
    const result = await upsertStickyComment(client('ghs-app'), { owner: 'octo', repo: 'own-app' }, 1, 'new', collectingLog());

    expect(result).toEqual({ id: apps.id, action: 'updated' });
    expect(repo.comments.get(bots.id)!.body).toBe(`${COMMENT_MARKER}\nby github-actions`);
  });

  it('GITHUB_TOKEN is github-actions[bot]; when neither GET /user nor GraphQL answers, that is the assumption', async () => {
    expect(await tokenLogin(client())).toBe(ACTIONS_BOT);
    gh().fault({ method: 'POST', path: '/graphql' }, resourceNotAccessible());
    expect(await tokenLogin(client())).toBe(ACTIONS_BOT);
    gh().clearFaults();
    gh().fault({ method: 'POST', path: '/graphql' }, { status: 200, body: { errors: [{ message: 'Something went wrong' }] } });
    expect(await tokenLogin(client())).toBe(ACTIONS_BOT);
    // An outage is not an answer: it is not taken for GITHUB_TOKEN.
    gh().fault({ method: 'POST', path: '/graphql' }, { status: 503, times: 4 });
    await expect(tokenLogin(client())).rejects.toThrow(/503/);
    gh().clearFaults();
  });

  it("asks who it is only when a marked comment exists (a PR's first comment costs no extra request)", async () => {
    const repo = prRepo('own-first');
    repo.addComment(1, 'LGTM', 'bob');
    const from = gh().requests.length;

    await upsertStickyComment(client(), { owner: 'octo', repo: 'own-first' }, 1, 'Bump: minor', collectingLog());

    expect(gh().requests.slice(from).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/octo/own-first/issues/1/comments',
      'POST /repos/octo/own-first/issues/1/comments',
    ]);
  });
});

// ---- 5. the job summary stays under 1 MiB --------------------------------------------------------

/** 500 files whose names are long, and multi-byte: characters and bytes differ. */
function longNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `db/migrations/V${i}__${'é_'.repeat(700)}.sql`);
}

describe('job summary size', () => {
  const fileDecision = (files: ChangedFile[]) =>
    decide({ config: defaultConfig(), files, tags: ['v1.0.0'], base: 'a'.repeat(40), baseRef: 'v1.0.0', headRef: 'HEAD', head: 'b'.repeat(40), branch: 'main' });

  it('summaryText cuts at a line under 1 MiB in UTF-8 bytes and says how much was left out', () => {
    const md = renderMarkdown(fileDecision(longNames(500).map((path) => ({ path, status: 'added' }))), { maxFiles: 500 });
    expect(Buffer.byteLength(md)).toBeGreaterThan(MAX_SUMMARY_BYTES);
    expect(md.length).toBeLessThan(MAX_SUMMARY_BYTES); // the limit is in bytes, not characters

    const { text, truncated } = summaryText(md);

    expect(truncated).toBe(true);
    expect(Buffer.byteLength(`${text}\n`)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    const [kept, note] = text.split('\n\n_This job summary was cut');
    expect(md.startsWith(`${kept}\n`)).toBe(true);
    const left = md.slice(kept!.length);
    expect(note).toBe(
      ` to fit GitHub's 1 MiB limit: ${left.split('\n').filter(Boolean).length.toLocaleString('en-US')} line(s), ` +
        `${Buffer.byteLength(left).toLocaleString('en-US')} bytes, left out._\n`,
    );
  });

  it('a small summary is written as it is', () => {
    expect(summaryText('### hi\n')).toEqual({ text: '### hi\n', truncated: false });
  });
});

// ---- end to end: the action --------------------------------------------------------------------

const CONFIG = `version: 1
rules:
  - name: migration
    paths: "db/migrations/**"
    bump: major
  - name: api
    paths: "api/**"
    content: "BREAKING"
    bump: patch
  - name: docs
    paths: "docs/**"
    bump: none
labels:
  bump:
    major: "semver:major"
    minor: "semver:minor"
    patch: "semver:patch"
policy:
  max-bump: minor
`;

const BIDI = 'docs/invoice\u202efdp.exe.md';
const BIDI_API = 'api/\u2066x\u2069\u200b\ufeff.bin';
const LINKY = 'docs/see www.evil.com now.md';
const MIGRATION = 'db/migrations/V2__add_users.sql';
const TICKS = 'docs/a `b`` c|d.md';

function pullRepo(name: string, files: Record<string, FileSpec>): { repo: FakeRepo; base: string; payload: object } {
  const repo = newRepoIn(gh(), name);
  const base = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': 'a\n' }, branch: 'main' });
  repo.refs.set('refs/tags/v1.2.0', base);
  const head = repo.commit({ parents: [base], files, branch: 'feature' });
  const pull = repo.openPull({ number: 1, base: { ref: 'main', sha: base }, head: { ref: 'feature', sha: head, repo: 'mallory/app' } });
  return { repo, base, payload: pullPayload(repo, pull) };
}

/** Every raw bidi or zero-width character. */
const INVISIBLE = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2060\ufeff]|\u200c|\u200d/;

describe('the action end to end', () => {
  let forged: { repo: FakeRepo; forgedId: number; oursId: number; run: Run };
  let big: { run: Run };
  let names: { repo: FakeRepo; base: string; run: Run };
  let push: { root: string; run: Run };

  beforeAll(async () => {
    const forgedSetup = pullRepo('hw-forged', { 'docs/a.md': 'a\n' });
    const f = forgedSetup.repo.addComment(1, `${COMMENT_MARKER}\n### No release: bump **none**`, 'mallory');
    const o = forgedSetup.repo.addComment(1, `${COMMENT_MARKER}\nstale`);
    const bigFiles: Record<string, FileSpec> = {};
    for (const path of longNames(600)) bigFiles[path] = 'x\n';
    const bigSetup = pullRepo('hw-big', bigFiles);
    const namesSetup = pullRepo('hw-names', { [BIDI]: 'a\n', [BIDI_API]: 'BREAKING\n', [LINKY]: 'a\n', [MIGRATION]: 'CREATE TABLE users;\n', [TICKS]: 'a\n' });
    namesSetup.repo.patchOverride(BIDI_API, null);

    const repo = newRepoIn(gh(), 'hw-push');
    const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG.replace(/policy:[\s\S]*/, '') }, branch: 'main' });
    repo.refs.set('refs/tags/v9.24.19', root);
    const after = repo.commit({ parents: [root], files: { 'docs/x.md': 'x\n' }, branch: 'main' });

    const [r1, r2, r3, r4] = await Promise.all([
      runIn(gh(), 'hw-forged', { event: 'pull_request', payload: forgedSetup.payload, inputs: { comment: 'true', label: 'false' } }),
      runIn(gh(), 'hw-big', { event: 'pull_request', payload: bigSetup.payload, inputs: { label: 'false' } }),
      runIn(gh(), 'hw-names', { event: 'pull_request', payload: namesSetup.payload, inputs: { comment: 'true', label: 'false' } }),
      runIn(gh(), 'hw-push', { event: 'push', payload: pushPayload(repo, { before: root, after }) }),
    ]);
    forged = { repo: forgedSetup.repo, forgedId: f.id, oursId: o.id, run: r1 };
    big = { run: r2 };
    names = { repo: namesSetup.repo, base: namesSetup.base, run: r3 };
    push = { root, run: r4 };
  }, 120_000);

  it("3. a fork author's marker comment is never PATCHed; our bot's comment is updated in place", () => {
    const r = forged.run;
    expect(r.code, log(r)).toBe(0);
    expect(r.writes).toEqual([`PATCH /issues/comments/${forged.oursId}`]);
    expect(forged.repo.comments.get(forged.forgedId)!.body).toBe(`${COMMENT_MARKER}\n### No release: bump **none**`);
    expect(forged.repo.comments.get(forged.oursId)!.body).toContain('bump **none**');
    expect(messages(r, 'warning')).toEqual([]);
  });

  it('5. 500 long multi-byte names: the summary is cut under 1 MiB (bytes) with a note, not dropped', () => {
    const r = big.run;
    expect(r.code, log(r)).toBe(1); // major above the policy: the summary is still written
    expect(Buffer.byteLength(r.summary)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(r.summary.startsWith('### Bump **major**')).toBe(true);
    expect(r.summary).toMatch(/_This job summary was cut to fit GitHub's 1 MiB limit: [\d,]+ line\(s\), [\d,]+ bytes, left out\._\n+$/);
    expect(r.summary).toContain(`| \`${longNames(1)[0]}\` | added | migration | major |`);
    expect(messages(r, 'warning')).toContain("the job summary was cut to fit GitHub's 1 MiB limit (1048576 bytes)");
  });

  it('6. paths are code spans, written as they are: no entities, no autolink, `|` escaped, fences longer than any backtick run', () => {
    const r = names.run;
    expect(r.code, log(r)).toBe(1);
    const comment = [...names.repo.comments.values()][0]!.body;
    for (const md of [r.summary, comment]) {
      expect(md).toContain(`| \`${MIGRATION}\` | added | migration | major |`);
      expect(md).toContain(`| \`${LINKY}\` | added | docs | none |`);
      expect(md).toContain('| ```docs/a `b`` c\\|d.md``` | added | docs | none |');
      expect(md).toContain('Labels: semver:major');
      expect(md).not.toContain('&#');
    }
  });

  it('6. bidi and zero-width characters are shown as escapes in the summary, comment, annotations and failure', () => {
    const r = names.run;
    const comment = [...names.repo.comments.values()][0]!.body;
    for (const md of [r.summary, comment]) {
      expect(md).toContain('| `docs/invoice\\u202efdp.exe.md` | added | docs | none |');
      expect(md).toContain('`api/\\u2066x\\u2069\\u200b\\ufeff.bin`');
      // Only our own zero-width spaces (after "@" and "#") may be raw.
      expect(md.replace(/[@#]\u200b/g, '')).not.toMatch(/[\u200b]/);
      expect(md).not.toMatch(INVISIBLE);
    }
    const warnings = messages(r, 'warning');
    expect(warnings.some((w) => w.includes('api/\\u2066x\\u2069\\u200b\\ufeff.bin')), log(r)).toBe(true);
    const errors = messages(r, 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('db/migrations/V2__add_users.sql');
    for (const a of r.annotations) {
      expect(a.message).not.toMatch(INVISIBLE);
      expect(a.message).not.toContain('\u200b');
    }
    expect(r.stdout).not.toMatch(INVISIBLE);
    expect(json<Array<{ path: string }>>(r.outputs.files).map((f) => f.path)).toContain(BIDI); // data stays exact
  });

  it("6. the Change line shows the commits' short SHAs, not a tag name cut to seven characters", () => {
    expect(names.run.summary).toContain(`Change main (\`${names.base.slice(0, 7)}\`)...`);
    const r = push.run;
    expect(r.code, log(r)).toBe(0);
    expect(r.summary).toMatch(new RegExp(`^Change v9\\.24\\.19 \\(\`${push.root.slice(0, 7)}\`\\)\\.\\.\\.`, 'm'));
  });
});
