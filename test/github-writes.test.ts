/**
 * The action's writes (labels, sticky comment, tags, releases) against the fake GitHub API over
 * loopback, through the real client (retry + throttling). What was written is proved from the
 * fake's request log and its state, not from return values alone.
 *
 * plugin-throttling spaces writes by 1 s (3 s for comment and release POSTs), process-wide, so
 * every test here keeps its writes to the few the scenario needs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createClient, type GitHubClient } from '../src/github/client.js';
import {
  COMMENT_MARKER,
  LABEL_COLORS,
  LABEL_DESCRIPTION,
  MAX_COMMENT_CHARS,
  commentText,
  createRelease,
  createTag,
  labelColor,
  syncLabels,
  upsertStickyComment,
  type WriteLog,
} from '../src/github/writes.js';
import { rateLimited, type FakeRepo, type RecordedRequest } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const OWNER = 'octo';
const MANAGED = ['semver:major', 'semver:minor', 'semver:patch', 'semver:none', 'release notes'];

const gh = useFakeGitHub();
/** Each test's own repository (`app1`, `app2`, ...) on the file's one fake API, and its API path. */
let NAME: string;
let REPO: { owner: string; repo: string };
let API: string;
let tests = 0;
/** Where this test's requests start in the fake's log. */
let from: number;
/** The requests this test made. */
const requests = (): RecordedRequest[] => gh().requests.slice(from);
let repo: FakeRepo;
let client: GitHubClient;
let base: string;
let head: string;

function newClient(): GitHubClient {
  return createClient({ token: 't', baseUrl: gh().url, retryBaseMs: 1, requestTimeoutMs: 5000, writeIntervalMs: 0 });
}

beforeEach(() => {
  NAME = `app${++tests}`;
  REPO = { owner: OWNER, repo: NAME };
  API = `/repos/${OWNER}/${NAME}`;
  repo = gh().repo(OWNER, NAME);
  from = gh().requests.length;
  base = repo.commit({ parents: [], files: { 'a.txt': 'a\n' }, branch: 'main' });
  head = repo.commit({ parents: [base], files: { 'a.txt': 'b\n' }, branch: 'feature' });
  client = newClient();
});

afterEach(() => {
  gh().clearFaults();
});

/** A silent logger that keeps what it was told. */
function collectingLog(): WriteLog & { infos: string[]; warnings: string[] } {
  const infos: string[] = [];
  const warnings: string[] = [];
  return { infos, warnings, info: (m) => infos.push(m), warning: (m) => warnings.push(m) };
}

/** Every non-GET request of this test from index `start` on, in the shape tests assert on (a GraphQL query is a read). */
function writesSince(start = 0): Array<Pick<RecordedRequest, 'method' | 'path' | 'body' | 'status'>> {
  return requests()
    .slice(start)
    .filter((r) => r.method !== 'GET' && r.path !== '/graphql')
    .map(({ method, path, body, status }) => ({ method, path, body, status }));
}

function openPull(labels: string[] = []): void {
  repo.openPull({ number: 1, base: { ref: 'main' }, head: { ref: 'feature' }, labels });
}

function sortedLabels(): string[] {
  return [...(repo.pulls.get(1)?.labels ?? [])].sort();
}

describe('labelColor', () => {
  it('gives each bump its own colour and everything else a neutral one', () => {
    expect(labelColor('semver:major')).toBe(LABEL_COLORS.major);
    expect(labelColor('Bump/Minor')).toBe(LABEL_COLORS.minor);
    expect(labelColor('release: patch')).toBe(LABEL_COLORS.patch);
    expect(labelColor('semver-none')).toBe(LABEL_COLORS.none);
    expect(labelColor('release notes')).toBe(LABEL_COLORS.other);
    expect(labelColor('majority')).toBe(LABEL_COLORS.other);
    expect(new Set(Object.values(LABEL_COLORS)).size).toBe(5);
  });
});

describe('syncLabels', () => {
  it('creates missing repo labels, adds all missing wanted labels in one POST, removes only stale managed ones', async () => {
    openPull(['Semver:Major', 'bug']);
    repo.ensureLabel('release notes', '123456', 'made by a person');
    const log = collectingLog();

    const result = await syncLabels(client, REPO, 1, {
      current: ['Semver:Major', 'bug'],
      wanted: ['semver:minor', 'release notes'],
      managed: MANAGED,
      log,
    });

    expect(result).toEqual({ added: ['semver:minor', 'release notes'], removed: ['Semver:Major'], denied: false });
    expect(sortedLabels()).toEqual(['bug', 'release notes', 'semver:minor']);
    expect(repo.findLabel('semver:minor')).toMatchObject({ color: LABEL_COLORS.minor, description: LABEL_DESCRIPTION });
    expect(repo.findLabel('release notes')).toMatchObject({ color: '123456', description: 'made by a person' });
    // Both were looked up (an existing repo label is not re-created); the name is percent-encoded in the path.
    expect(requests().filter((r) => r.method === 'GET').map((r) => r.path)).toEqual([`${API}/labels/semver:minor`, `${API}/labels/release notes`]);
    expect(requests().some((r) => r.method === 'GET' && r.rawPath === `${API}/labels/release%20notes`)).toBe(true);
    expect(writesSince()).toEqual([
      { method: 'POST', path: `${API}/labels`, body: { name: 'semver:minor', color: LABEL_COLORS.minor, description: LABEL_DESCRIPTION }, status: 201 },
      { method: 'POST', path: `${API}/issues/1/labels`, body: { labels: ['semver:minor', 'release notes'] }, status: 200 },
      { method: 'DELETE', path: `${API}/issues/1/labels/Semver:Major`, body: undefined, status: 200 },
    ]);
    expect(log.warnings).toEqual([]);
  });

  it('compares case-insensitively and makes no request at all when already in sync', async () => {
    openPull(['Semver:Minor', 'bug', 'wip']);

    const result = await syncLabels(client, REPO, 1, {
      current: ['Semver:Minor', 'bug', 'wip'],
      wanted: ['semver:minor'],
      managed: MANAGED,
      log: collectingLog(),
    });

    expect(result).toEqual({ added: [], removed: [], denied: false });
    expect(requests()).toEqual([]);
    expect(sortedLabels()).toEqual(['Semver:Minor', 'bug', 'wip']);
  });

  it('accepts a label created by a racing run (422) and a label already removed (404)', async () => {
    openPull([]);
    // Another run created the label after our GET: the GET says 404, the POST then says already_exists.
    repo.ensureLabel('semver:patch', 'abcdef', 'theirs');
    gh().fault({ method: 'GET', path: `${API}/labels/semver:patch` }, { status: 404, body: { message: 'Not Found' } });

    const result = await syncLabels(client, REPO, 1, {
      current: ['semver:major'], // a stale read: someone removed it since
      wanted: ['semver:patch'],
      managed: MANAGED,
      log: collectingLog(),
    });

    expect(result).toEqual({ added: ['semver:patch'], removed: ['semver:major'], denied: false });
    expect(sortedLabels()).toEqual(['semver:patch']);
    expect(repo.findLabel('semver:patch')).toMatchObject({ color: 'abcdef', description: 'theirs' });
    expect(writesSince().map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([
      `POST ${API}/labels 422`,
      `POST ${API}/issues/1/labels 200`,
      `DELETE ${API}/issues/1/labels/semver:major 404`,
    ]);
  });

  it('on 403 "Resource not accessible by integration" stops, warns naming the permission and does not throw', async () => {
    openPull(['semver:major']);
    repo.ensureLabel('semver:minor');
    gh().denyWrites();
    const log = collectingLog();

    const result = await syncLabels(client, REPO, 1, {
      current: ['semver:major'],
      wanted: ['semver:minor'],
      managed: MANAGED,
      log,
    });

    expect(result).toEqual({ added: [], removed: [], denied: true });
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toContain('cannot write labels');
    expect(log.warnings[0]).toContain('pull-requests: write');
    // Label work stopped at the first denial: no DELETE was attempted.
    expect(writesSince().map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual([`POST ${API}/issues/1/labels 403`]);
    expect(sortedLabels()).toEqual(['semver:major']);
  });

  it('lets other errors propagate: a 403 for a rate limit is not mistaken for a permission denial', async () => {
    openPull([]);
    gh().fault({ method: 'GET', path: `${API}/labels/semver:minor` }, rateLimited({ secondary: true, retryAfter: 1, times: Infinity }));
    const log = collectingLog();

    const run = syncLabels(client, REPO, 1, { current: [], wanted: ['semver:minor'], managed: MANAGED, log });

    await expect(run).rejects.toBeInstanceOf(ApiError);
    await expect(run).rejects.toThrow(/secondary rate limit/);
    expect(log.warnings).toEqual([]);
    expect(writesSince()).toEqual([]);
  });
});

describe('upsertStickyComment', () => {
  const ours = () => [...repo.comments.values()].filter((c) => c.body.includes(COMMENT_MARKER));

  it('creates once, then updates the same comment, then leaves an identical one alone', async () => {
    openPull();
    const theirs = repo.addComment(1, 'LGTM', 'alice');
    const log = collectingLog();

    const first = await upsertStickyComment(client, REPO, 1, 'Bump: minor', log);
    expect(first.action).toBe('created');
    expect(first.id).not.toBeNull();
    expect(repo.comments.get(first.id!)?.body).toBe(`${COMMENT_MARKER}\nBump: minor`);

    const second = await upsertStickyComment(client, REPO, 1, 'Bump: major', log);
    expect(second).toEqual({ id: first.id, action: 'updated' });
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.body).toBe(`${COMMENT_MARKER}\nBump: major`);

    const before = requests().length;
    const third = await upsertStickyComment(client, REPO, 1, 'Bump: major', log);
    expect(third).toEqual({ id: first.id, action: 'unchanged' });
    expect(writesSince(before)).toEqual([]);

    // Someone else's comment is untouched, and only our two writes happened.
    expect(repo.comments.get(theirs.id)?.body).toBe('LGTM');
    expect(repo.comments.size).toBe(2);
    expect(writesSince()).toEqual([
      { method: 'POST', path: `${API}/issues/1/comments`, body: { body: `${COMMENT_MARKER}\nBump: minor` }, status: 201 },
      { method: 'PATCH', path: `${API}/issues/comments/${first.id}`, body: { body: `${COMMENT_MARKER}\nBump: major` }, status: 200 },
    ]);
  });

  it('finds its comment beyond the first page (120 comments)', async () => {
    openPull();
    let markerId = 0;
    for (let i = 0; i < 120; i++) {
      const comment = i === 110 ? repo.addComment(1, `${COMMENT_MARKER}\nold`) : repo.addComment(1, `comment ${i}`, 'bob');
      if (i === 110) markerId = comment.id;
    }

    const result = await upsertStickyComment(client, REPO, 1, 'new', collectingLog());

    expect(result).toEqual({ id: markerId, action: 'updated' });
    expect(repo.comments.size).toBe(120);
    expect(repo.comments.get(markerId)?.body).toBe(`${COMMENT_MARKER}\nnew`);
    const pages = requests().filter((r) => r.method === 'GET' && r.path === `${API}/issues/1/comments`);
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
    expect(writesSince()).toEqual([
      { method: 'PATCH', path: `${API}/issues/comments/${markerId}`, body: { body: `${COMMENT_MARKER}\nnew` }, status: 200 },
    ]);
  });

  it('on 403 returns denied with a warning naming the permission, without throwing', async () => {
    openPull();
    gh().denyWrites();
    const log = collectingLog();

    const result = await upsertStickyComment(client, REPO, 1, 'Bump: minor', log);

    expect(result).toEqual({ id: null, action: 'denied' });
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toContain('pull-requests: write');
    expect(repo.comments.size).toBe(0);
  });

  it('cuts a body over 65,536 characters at a line boundary and keeps blocks closed', async () => {
    openPull();
    const existing = repo.addComment(1, `${COMMENT_MARKER}\nold`);
    const rows = Array.from({ length: 4000 }, (_, i) => `src/file-${String(i).padStart(5, '0')}.ts  major`);
    const body = ['## Decision', '<details><summary>Files</summary>', '', '```', ...rows, '```', '</details>', ''].join('\n');
    expect(body.length).toBeGreaterThan(MAX_COMMENT_CHARS);
    const log = collectingLog();

    const result = await upsertStickyComment(client, REPO, 1, body, log);

    expect(result).toEqual({ id: existing.id, action: 'updated' });
    const written = repo.comments.get(existing.id)!.body;
    expect(written.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(written.startsWith(`${COMMENT_MARKER}\n## Decision\n`)).toBe(true);
    // Everything up to the cut is an intact prefix of the report, ending at a whole line.
    const cut = written.indexOf('\n```\n</details>\n\n_This comment was cut');
    expect(cut).toBeGreaterThan(0);
    const kept = written.slice(COMMENT_MARKER.length + 1, cut);
    expect(body.startsWith(`${kept}\n`)).toBe(true);
    expect(written).toMatch(/65,536-character limit: [\d,]+ line\(s\), [\d,]+ characters, left out\._\n$/);
    expect(written.split('\n').filter((l) => l.startsWith('```')).length % 2).toBe(0);
    expect(log.warnings.join('\n')).toContain('cut');
  });
});

describe('commentText', () => {
  it('leaves a body within the limit as marker + body', () => {
    expect(commentText('<!-- m -->', 'hello')).toEqual({ text: '<!-- m -->\nhello', truncated: false });
  });

  it('cuts a single overlong line without splitting a surrogate pair', () => {
    const body = '😀'.repeat(40_000); // 80,000 UTF-16 code units, no newline
    const { text, truncated } = commentText(COMMENT_MARKER, body);
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    // No lone surrogate anywhere (a split pair would be one).
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(text).toContain('😀'.repeat(100));
  });
});

describe('createTag', () => {
  it('creates refs/tags/<tag> at the sha, and a second call is a no-op success', async () => {
    expect(await createTag(client, REPO, 'v1.2.0', head)).toEqual({ tag: 'v1.2.0', created: true });
    expect(repo.refs.get('refs/tags/v1.2.0')).toBe(head);

    const before = requests().length;
    expect(await createTag(client, REPO, 'v1.2.0', head)).toEqual({ tag: 'v1.2.0', created: false });
    expect(requests().slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST ${API}/git/refs 422`,
      `GET ${API}/git/ref/tags/v1.2.0 200`,
    ]);
    expect(writesSince()).toEqual([
      { method: 'POST', path: `${API}/git/refs`, body: { ref: 'refs/tags/v1.2.0', sha: head }, status: 201 },
      { method: 'POST', path: `${API}/git/refs`, body: { ref: 'refs/tags/v1.2.0', sha: head }, status: 422 },
    ]);
  });

  it('refuses to move a tag that exists at another commit', async () => {
    repo.refs.set('refs/tags/v1.2.0', base);

    const run = createTag(client, REPO, 'v1.2.0', head);

    await expect(run).rejects.toThrow(/v1\.2\.0/);
    await expect(run).rejects.toThrow(base.slice(0, 7));
    await expect(run).rejects.toThrow(head.slice(0, 7));
    await expect(run).rejects.toThrow(/NOT moved/);
    expect(repo.refs.get('refs/tags/v1.2.0')).toBe(base);
    expect(writesSince().map((w) => w.method)).toEqual(['POST']);
  });

  it('two concurrent runs creating the same tag both succeed, and exactly one creates it', async () => {
    const other = newClient();

    const results = await Promise.all([createTag(client, REPO, 'v1.2.0', head), createTag(other, REPO, 'v1.2.0', head)]);

    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect([...repo.refs.keys()].filter((ref) => ref.startsWith('refs/tags/'))).toEqual(['refs/tags/v1.2.0']);
    expect(repo.refs.get('refs/tags/v1.2.0')).toBe(head);
  });

  it('succeeds when another run creates the tag between our POST and its 422', async () => {
    gh().fault(
      { method: 'POST', path: `${API}/git/refs` },
      { status: 422, body: { message: 'Reference already exists', documentation_url: 'https://docs.github.com/rest' } },
    );
    repo.refs.set('refs/tags/v1.2.0', head); // what the other run wrote

    expect(await createTag(client, REPO, 'v1.2.0', head)).toEqual({ tag: 'v1.2.0', created: false });
    expect(gh().pendingFaults()).toBe(0);
  });

  it('peels an annotated tag to its commit before comparing', async () => {
    repo.refs.set('refs/tags/v1.2.0', head);
    // The fake only has lightweight tags: serve an annotated one's ref and tag object through faults.
    const tagObject = 'a'.repeat(40);
    gh().fault(
      { method: 'GET', path: `${API}/git/ref/tags/v1.2.0` },
      { status: 200, body: { ref: 'refs/tags/v1.2.0', object: { sha: tagObject, type: 'tag', url: '' } } },
    );
    gh().fault(
      { method: 'GET', path: `${API}/git/tags/${tagObject}` },
      { status: 200, body: { sha: tagObject, tag: 'v1.2.0', message: 'v1.2.0', object: { sha: head, type: 'commit', url: '' } } },
    );

    expect(await createTag(client, REPO, 'v1.2.0', head)).toEqual({ tag: 'v1.2.0', created: false });
    expect(gh().pendingFaults()).toBe(0);
  });

  it('rethrows a 422 that is not a race (unknown commit)', async () => {
    const run = createTag(client, REPO, 'v9.9.9', 'f'.repeat(40));

    await expect(run).rejects.toBeInstanceOf(ApiError);
    await expect(run).rejects.toThrow('failed with 422: Object does not exist');
    expect(repo.refs.has('refs/tags/v9.9.9')).toBe(false);
  });
});

describe('createRelease', () => {
  const releaseUrl = (): string => `https://github.com/${OWNER}/${NAME}/releases/tag/v1.2.0`;

  function seedRelease(tag: string): void {
    const now = new Date().toISOString();
    const id = repo.newReleaseId();
    repo.releases.set(id, {
      id,
      tag_name: tag,
      target_commitish: head,
      name: tag,
      body: 'theirs',
      draft: false,
      prerelease: false,
      make_latest: 'true',
      created_at: now,
      published_at: now,
      author: { login: 'other-run[bot]' },
    });
  }

  // Each release POST costs 3 s of throttling (it can notify), so the two POSTs here cover both
  // sides: a prerelease with generated notes, and (in the race test) a release with a given body.
  it('creates a prerelease with generated notes, forcing make_latest "false" whatever the caller asks', async () => {
    const result = await createRelease(client, REPO, { tag: 'v2.0.0-rc.1', name: 'v2.0.0-rc.1', sha: head, prerelease: true, makeLatest: 'true' });

    expect(result).toEqual({ url: `https://github.com/${OWNER}/${NAME}/releases/tag/v2.0.0-rc.1`, id: [...repo.releases.keys()][0], created: true });
    expect(requests()[0]).toMatchObject({ method: 'GET', path: `${API}/releases/tags/v2.0.0-rc.1`, status: 404 });
    expect(writesSince()).toEqual([
      {
        method: 'POST',
        path: `${API}/releases`,
        body: {
          tag_name: 'v2.0.0-rc.1',
          target_commitish: head,
          name: 'v2.0.0-rc.1',
          prerelease: true,
          make_latest: 'false',
          generate_release_notes: true,
        },
        status: 201,
      },
    ]);
    expect([...repo.releases.values()][0]).toMatchObject({ tag_name: 'v2.0.0-rc.1', prerelease: true, make_latest: 'false' });
  });

  it('returns an existing release for the tag without writing', async () => {
    seedRelease('v1.2.0');
    // A body made lazily is not made for a release that exists (it may cost requests).
    let made = 0;
    const body = async (): Promise<string> => `notes ${++made}`;

    const result = await createRelease(client, REPO, { tag: 'v1.2.0', name: 'v1.2.0', sha: head, prerelease: false, makeLatest: 'true', body });

    expect(result).toEqual({ url: releaseUrl(), id: [...repo.releases.keys()][0], created: false });
    expect(made).toBe(0);
    expect(writesSince()).toEqual([]);
  });

  it('returns the release a racing run published (422 already_exists)', async () => {
    seedRelease('v1.2.0');
    // Our first look happened before the other run published.
    gh().fault({ method: 'GET', path: `${API}/releases/tags/v1.2.0` }, { status: 404, body: { message: 'Not Found' } });

    const result = await createRelease(client, REPO, {
      tag: 'v1.2.0',
      name: 'Version 1.2.0',
      sha: head,
      prerelease: false,
      makeLatest: 'legacy',
      body: 'Our notes',
    });

    expect(result).toEqual({ url: releaseUrl(), id: [...repo.releases.keys()][0], created: false });
    // What we asked for: a stable release keeps the caller's make_latest; a given body replaces generated notes.
    expect(writesSince()).toEqual([
      {
        method: 'POST',
        path: `${API}/releases`,
        body: {
          tag_name: 'v1.2.0',
          target_commitish: head,
          name: 'Version 1.2.0',
          prerelease: false,
          make_latest: 'legacy',
          generate_release_notes: false,
          body: 'Our notes',
        },
        status: 422,
      },
    ]);
    expect(requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET ${API}/releases/tags/v1.2.0 404`,
      `POST ${API}/releases 422`,
      `GET ${API}/releases/tags/v1.2.0 200`,
    ]);
    expect(repo.releases.size).toBe(1);
    expect([...repo.releases.values()][0]?.body).toBe('theirs');
  });
});
