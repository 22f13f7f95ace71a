/**
 * Routing and handlers for the fake GitHub REST API. Handlers are pure
 * functions of (request, repository state) → (status, JSON body, headers);
 * the HTTP plumbing, latency and faults live in index.ts.
 *
 * Response shapes and limits follow docs.github.com (REST API 2022-11-28):
 * only the fields adapters realistically read are filled in, but every
 * documented *limit* (3000 PR files, 300 compare files, 250 PR commits,
 * per_page ≤ 100, Link headers) is enforced because that is where adapters break.
 */
import {
  blobSize,
  sha1,
  treeDirectories,
  type FakeBlob,
  type FakeComment,
  type FakeCommit,
  type FakeLabel,
  type FakePull,
  type FakeRelease,
  type FakeRepo,
  type FakeTagObject,
  type FileChange,
} from './state.js';

export interface RequestContext {
  method: string;
  /** Raw (still percent-encoded) pathname. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** The server's own origin, e.g. http://127.0.0.1:54321, for absolute URLs in bodies and Link headers. */
  baseUrl: string;
  /**
   * Who the request's token is (index.ts resolves it from the Authorization header). Absent:
   * GITHUB_TOKEN, an installation token that writes as github-actions[bot].
   */
  identity?: TokenIdentity;
}

/** A token's account: a user (personal token) or an app's bot (installation token, e.g. `my-app[bot]`). */
export interface TokenIdentity {
  login: string;
  kind: 'user' | 'installation';
}

/** The identity GITHUB_TOKEN has. */
export const ACTIONS_IDENTITY: TokenIdentity = { login: 'github-actions[bot]', kind: 'installation' };

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by handlers to produce a GitHub-shaped error response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

export type RepoLookup = (owner: string, name: string) => FakeRepo | undefined;

// ---- GitHub's documented limits ---------------------------------------------
/** "Responses include a maximum of 3000 files" (List pull request files). */
export const MAX_PULL_FILES = 3000;
/** "Lists a maximum of 250 commits for a pull request" (List commits on a pull request). */
export const MAX_PULL_COMMITS = 250;
/** Compare: "up to 300 changed files for the entire comparison". */
export const MAX_COMPARE_FILES = 300;
/** Compare without pagination parameters returns at most 250 commits. */
export const MAX_COMPARE_COMMITS = 250;
/** Get a commit: files are limited to 300 per page. */
export const MAX_COMMIT_FILES = 300;
/** Contents API: files above 1 MB come back with `encoding: "none"` and empty content. */
export const MAX_CONTENTS_BYTES = 1024 * 1024;

const DOCS = 'https://docs.github.com/rest';
const HTML = 'https://github.com';

// ---- errors -------------------------------------------------------------------

export function notFound(message = 'Not Found'): HttpError {
  return new HttpError(404, { message, documentation_url: DOCS, status: '404' });
}

function unprocessable(message: string, errors?: unknown[]): HttpError {
  const body: Record<string, unknown> = { message, documentation_url: DOCS, status: '422' };
  if (errors) body.errors = errors;
  return new HttpError(422, body);
}

function validationFailed(resource: string, code: string, field: string): HttpError {
  return unprocessable('Validation Failed', [{ resource, code, field }]);
}

// ---- router -------------------------------------------------------------------

interface RepoRouteContext extends RequestContext {
  repo: FakeRepo;
  params: Record<string, string>;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: (ctx: RepoRouteContext) => HandlerResult;
}

/**
 * Compiles a template below `/repos/:owner/:repo`: `:name` matches one path
 * segment, `*name` the rest of the path (refs, file paths and branch names
 * contain slashes).
 */
function repoRoute(method: string, template: string, handler: Route['handler']): Route {
  const keys: string[] = [];
  const source = `/repos/:owner/:repo${template}`
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        keys.push(segment.slice(1));
        return '([^/]+)';
      }
      if (segment.startsWith('*')) {
        keys.push(segment.slice(1));
        return '(.*)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), keys, handler };
}

export function createRouter(lookupRepo: RepoLookup): (ctx: RequestContext) => HandlerResult {
  const routes = repoRoutes();
  return (ctx) => {
    if (ctx.method === 'GET' && ctx.path === '/rate_limit') return { status: 200, body: rateLimitJson() };
    const identity = ctx.identity ?? ACTIONS_IDENTITY;
    // GET /user answers personal tokens; installation tokens get 403, as on github.com.
    if (ctx.method === 'GET' && ctx.path === '/user') {
      if (identity.kind !== 'user') throw new HttpError(403, { message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403' });
      return { status: 200, body: userJson(identity.login) };
    }
    // GraphQL: only `viewer { login }`, which answers every kind of token.
    if (ctx.method === 'POST' && ctx.path === '/graphql') {
      const query = field(ctx.body, 'query');
      if (typeof query === 'string' && /\bviewer\s*\{\s*login\s*\}/.test(query)) return { status: 200, body: { data: { viewer: { login: identity.login } } } };
      return { status: 200, body: { errors: [{ message: 'fake-github: only `viewer { login }` is supported' }] } };
    }
    for (const route of routes) {
      if (route.method !== ctx.method) continue;
      const match = route.pattern.exec(ctx.path);
      if (!match) continue;
      const params: Record<string, string> = {};
      try {
        route.keys.forEach((key, i) => (params[key] = decodeURIComponent(match[i + 1] ?? '')));
      } catch {
        throw notFound(); // malformed percent-encoding
      }
      const repo = lookupRepo(params.owner!, params.repo!);
      if (!repo) throw notFound();
      return route.handler({ ...ctx, repo, params });
    }
    throw notFound();
  };
}

function repoRoutes(): Route[] {
  return [
    repoRoute('GET', '', ({ repo, baseUrl }) => ok(repoJson(repo, baseUrl))),

    // Pulls
    repoRoute('GET', '/pulls/:number', (ctx) => ok(pullJson(ctx, mustPull(ctx)))),
    repoRoute('GET', '/pulls/:number/files', getPullFiles),
    repoRoute('GET', '/pulls/:number/commits', getPullCommits),

    // Commits and comparisons
    repoRoute('GET', '/compare/*basehead', compare),
    repoRoute('GET', '/commits/:sha/pulls', (ctx) => {
      const sha = mustCommitish(ctx, ctx.params.sha!);
      const pulls = [...ctx.repo.pulls.values()].filter((p) => p.merge_commit_sha === sha || p.head.sha === sha);
      return paginated(ctx, pulls.map((p) => pullJson(ctx, p)));
    }),
    repoRoute('GET', '/commits', (ctx) => {
      // Newest first from `sha` (default branch by default), children before parents, as GitHub lists them.
      const head = mustCommitish(ctx, ctx.query.sha ?? ctx.repo.defaultBranch);
      const newestFirst = ctx.repo.commitsBetween(EMPTY_HISTORY, head).reverse();
      return paginated(ctx, newestFirst.map((c) => commitJson(ctx, c)));
    }),
    repoRoute('GET', '/commits/*ref', getCommit),

    // Git database
    repoRoute('GET', '/git/trees/*sha', getTree),
    repoRoute('GET', '/git/matching-refs/*ref', ({ repo, params, baseUrl }) => {
      // Plain prefix match, unpaginated, like GitHub: "tags/v1" also matches refs/tags/v10.0.0.
      const prefix = `refs/${params.ref}`;
      const names = [...repo.refs.keys()].filter((name) => name.startsWith(prefix)).sort();
      return ok(names.map((name) => refJson(repo, baseUrl, name, repo.refs.get(name)!)));
    }),
    repoRoute('GET', '/git/ref/*ref', ({ repo, params, baseUrl }) => {
      const name = `refs/${params.ref}`;
      const sha = repo.refs.get(name);
      if (sha === undefined) throw notFound();
      return ok(refJson(repo, baseUrl, name, sha));
    }),
    // An annotated tag object; a commit's sha (or any unknown one) is 404, as on GitHub.
    repoRoute('GET', '/git/tags/:sha', ({ repo, params, baseUrl }) => {
      const tag = repo.tagObjects.get(params.sha!);
      if (tag === undefined) throw notFound();
      return ok(tagObjectJson(repo, baseUrl, tag));
    }),
    repoRoute('POST', '/git/refs', createRef),
    repoRoute('PATCH', '/git/refs/*ref', updateRef),
    repoRoute('DELETE', '/git/refs/*ref', ({ repo, params }) => {
      if (!repo.refs.delete(`refs/${params.ref}`)) throw unprocessable('Reference does not exist');
      return { status: 204 };
    }),

    // Contents
    repoRoute('GET', '/contents/*path', getContents),

    // Labels
    repoRoute('GET', '/labels/:name', ({ repo, params, baseUrl }) => {
      const label = repo.findLabel(params.name!);
      if (!label) throw notFound();
      return ok(labelJson(repo, baseUrl, label));
    }),
    repoRoute('POST', '/labels', createLabel),
    repoRoute('GET', '/issues/:number/labels', (ctx) => paginated(ctx, issueLabelsJson(ctx, mustIssue(ctx)))),
    repoRoute('POST', '/issues/:number/labels', (ctx) => addIssueLabels(ctx, false)),
    repoRoute('PUT', '/issues/:number/labels', (ctx) => addIssueLabels(ctx, true)),
    repoRoute('DELETE', '/issues/:number/labels/:name', (ctx) => {
      const pull = mustIssue(ctx);
      const lower = ctx.params.name!.toLowerCase();
      const index = pull.labels.findIndex((l) => l.toLowerCase() === lower);
      if (index === -1) throw notFound('Label does not exist');
      pull.labels.splice(index, 1);
      return ok(issueLabelsJson(ctx, pull));
    }),

    // Comments
    repoRoute('GET', '/issues/:number/comments', (ctx) => {
      const pull = mustIssue(ctx);
      const comments = [...ctx.repo.comments.values()]
        .filter((c) => c.issue_number === pull.number)
        .sort((a, b) => a.id - b.id);
      return paginated(ctx, comments.map((c) => commentJson(ctx, c)));
    }),
    repoRoute('POST', '/issues/:number/comments', (ctx) => {
      const pull = mustIssue(ctx);
      const body = field(ctx.body, 'body');
      if (typeof body !== 'string') throw validationFailed('IssueComment', 'missing_field', 'body');
      return { status: 201, body: commentJson(ctx, ctx.repo.addComment(pull.number, body, ctx.identity?.login)) };
    }),
    repoRoute('PATCH', '/issues/comments/:id', (ctx) => {
      const comment = ctx.repo.comments.get(Number(ctx.params.id));
      if (!comment) throw notFound();
      const body = field(ctx.body, 'body');
      if (typeof body !== 'string') throw validationFailed('IssueComment', 'missing_field', 'body');
      comment.body = body;
      comment.updated_at = new Date().toISOString();
      return ok(commentJson(ctx, comment));
    }),

    // Releases. Drafts are listed (to a token with push access, as GITHUB_TOKEN with contents:
    // write has) and found by id, never by tag: "Get a release by tag name" sees published ones only.
    repoRoute('POST', '/releases', createRelease),
    repoRoute('POST', '/releases/generate-notes', generateNotes),
    repoRoute('GET', '/releases', (ctx) =>
      paginated(ctx, [...ctx.repo.releases.values()].reverse().map((r) => releaseJson(ctx, r))),
    ),
    repoRoute('GET', '/releases/tags/*tag', (ctx) => {
      const release = [...ctx.repo.releases.values()].find((r) => r.tag_name === ctx.params.tag && !r.draft);
      if (!release) throw notFound();
      return ok(releaseJson(ctx, release));
    }),
    repoRoute('GET', '/releases/:id', (ctx) => ok(releaseJson(ctx, mustRelease(ctx)))),
    repoRoute('PATCH', '/releases/:id', updateRelease),
  ];
}

// ---- handlers -----------------------------------------------------------------

function getPullFiles(ctx: RepoRouteContext): HandlerResult {
  const pull = mustPull(ctx);
  // Everything past the cap is simply unreachable through the API, even though changed_files says more.
  const files = pullDiff(ctx.repo, pull).slice(0, MAX_PULL_FILES);
  return paginated(ctx, files.map((f) => fileJson(ctx, f, pull.head.sha)));
}

function getPullCommits(ctx: RepoRouteContext): HandlerResult {
  const pull = mustPull(ctx);
  const commits = ctx.repo.commitsBetween(pull.base.sha, pull.head.sha).slice(0, MAX_PULL_COMMITS);
  return paginated(ctx, commits.map((c) => commitJson(ctx, c)));
}

function compare(ctx: RepoRouteContext): HandlerResult {
  const { repo, params, query } = ctx;
  const separator = params.basehead!.indexOf('...');
  if (separator === -1) throw notFound();
  const baseName = params.basehead!.slice(0, separator);
  const headName = params.basehead!.slice(separator + 3);
  const base = repo.resolve(baseName);
  const head = repo.resolve(headName);
  if (base === undefined || head === undefined) throw notFound();
  const mergeBase = repo.mergeBase(base, head);
  if (mergeBase === undefined) throw notFound(`No common ancestor between ${baseName} and ${headName}.`);

  const ahead = repo.commitsBetween(base, head);
  const behindBy = repo.commitsBetween(head, base).length;
  const status =
    ahead.length === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';

  // Commits are paginated only when the caller asks for it; files only ever appear on page 1.
  const wantsPages = query.per_page !== undefined || query.page !== undefined;
  const page = wantsPages
    ? paginate(ctx, ahead)
    : { items: ahead.slice(0, MAX_COMPARE_COMMITS), headers: {} as Record<string, string>, page: 1 };
  const files =
    page.page === 1
      ? repo.diff(mergeBase, head).slice(0, MAX_COMPARE_FILES).map((f) => fileJson(ctx, f, head))
      : [];

  return {
    status: 200,
    headers: page.headers,
    body: {
      url: `${apiRepoUrl(ctx)}/compare/${params.basehead}`,
      html_url: `${HTML}/${repo.fullName}/compare/${params.basehead}`,
      status,
      ahead_by: ahead.length,
      behind_by: behindBy,
      total_commits: ahead.length,
      base_commit: commitJson(ctx, repo.mustCommit(base)),
      merge_base_commit: commitJson(ctx, repo.mustCommit(mergeBase)),
      commits: page.items.map((c) => commitJson(ctx, c)),
      files,
    },
  };
}

/** A base no commit descends from: every commit is "between" it and a head. */
const EMPTY_HISTORY = '0000000000000000000000000000000000000000';

function getCommit(ctx: RepoRouteContext): HandlerResult {
  const commit = ctx.repo.mustCommit(mustCommitish(ctx, ctx.params.ref!));
  const changes = ctx.repo.diff(commit.parents[0], commit.sha);
  const additions = changes.reduce((sum, f) => sum + f.additions, 0);
  const deletions = changes.reduce((sum, f) => sum + f.deletions, 0);
  return ok({
    ...commitJson(ctx, commit),
    stats: { total: additions + deletions, additions, deletions },
    files: changes.slice(0, MAX_COMMIT_FILES).map((f) => fileJson(ctx, f, commit.sha)),
  });
}

function getTree(ctx: RepoRouteContext): HandlerResult {
  const { repo, params, query } = ctx;
  // GitHub treats any value of `recursive` (even "0" or "false") as "recurse".
  const recursive = query.recursive !== undefined;
  const located = locateTree(repo, params.sha!);
  if (!located) throw notFound();
  const { commit, dir, sha } = located;

  const prefix = dir === '' ? '' : `${dir}/`;
  const entries: Array<Record<string, unknown>> = [];
  for (const [path, treeSha] of treeDirectories(commit.tree)) {
    if (path === '' || !path.startsWith(prefix)) continue;
    const relative = path.slice(prefix.length);
    if (recursive || !relative.includes('/')) {
      entries.push({ path: relative, mode: '040000', type: 'tree', sha: treeSha, url: `${apiRepoUrl(ctx)}/git/trees/${treeSha}` });
    }
  }
  for (const [path, blob] of commit.tree) {
    if (!path.startsWith(prefix)) continue;
    const relative = path.slice(prefix.length);
    if (recursive || !relative.includes('/')) {
      entries.push({
        path: relative,
        mode: blob.mode ?? '100644',
        type: 'blob',
        sha: blob.sha,
        size: blobSize(blob),
        url: `${apiRepoUrl(ctx)}/git/blobs/${blob.sha}`,
      });
    }
  }
  entries.sort((a, b) => (String(a.path) < String(b.path) ? -1 : 1));

  const limit = repo.treeTruncateAt;
  const truncated = limit !== undefined && entries.length > limit;
  return ok({
    sha,
    url: `${apiRepoUrl(ctx)}/git/trees/${sha}`,
    tree: truncated ? entries.slice(0, limit) : entries,
    truncated,
  });
}

/** Finds the tree for a commit-ish, or for a (sub)tree sha by scanning all commits. */
function locateTree(repo: FakeRepo, id: string): { commit: FakeCommit; dir: string; sha: string } | undefined {
  const commitSha = repo.resolve(id);
  if (commitSha !== undefined) {
    const commit = repo.mustCommit(commitSha);
    return { commit, dir: '', sha: treeDirectories(commit.tree).get('')! };
  }
  for (const commit of repo.commits.values()) {
    for (const [dir, sha] of treeDirectories(commit.tree)) if (sha === id) return { commit, dir, sha };
  }
  return undefined;
}

// Same rules GitHub enforces (git check-ref-format plus "refs/<type>/<name>").
// eslint-disable-next-line no-control-regex -- ref names forbid control characters
const INVALID_REF_CHARS = /[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|\/\/|\/\.|\.lock(\/|$)|[/.]$/;

function createRef(ctx: RepoRouteContext): HandlerResult {
  const { repo, baseUrl } = ctx;
  const ref = field(ctx.body, 'ref');
  const sha = field(ctx.body, 'sha');
  if (typeof ref !== 'string' || typeof sha !== 'string') throw unprocessable('Invalid request.');
  if (!ref.startsWith('refs/') || ref.split('/').length < 3 || INVALID_REF_CHARS.test(ref)) {
    throw unprocessable('Reference name is invalid');
  }
  // A ref may point at a commit or a tag object (how an annotated tag is pushed through the API).
  if (!repo.hasObject(sha)) throw unprocessable('Object does not exist');
  if (repo.refs.has(ref)) throw unprocessable('Reference already exists');
  repo.refs.set(ref, sha);
  return { status: 201, body: refJson(repo, baseUrl, ref, sha) };
}

function updateRef(ctx: RepoRouteContext): HandlerResult {
  const { repo, params, baseUrl } = ctx;
  const name = `refs/${params.ref}`;
  const sha = field(ctx.body, 'sha');
  if (typeof sha !== 'string') throw unprocessable('Invalid request.');
  const current = repo.refs.get(name);
  if (current === undefined) throw unprocessable('Reference does not exist');
  if (!repo.hasObject(sha)) throw unprocessable('Object does not exist');
  // The ref then points at exactly the sha given (a commit, or a tag object), whatever it pointed
  // at before: moving a floating tag off an annotated tag makes it lightweight. The fast-forward
  // check compares the commits both stand for.
  if (field(ctx.body, 'force') !== true && !repo.ancestors(repo.peel(sha)).has(repo.peel(current))) {
    throw unprocessable('Update is not a fast forward');
  }
  repo.refs.set(name, sha);
  return ok(refJson(repo, baseUrl, name, sha));
}

function getContents(ctx: RepoRouteContext): HandlerResult {
  const { repo, query } = ctx;
  const refName = query.ref ?? repo.defaultBranch;
  const sha = repo.resolve(refName);
  if (sha === undefined) throw notFound(`No commit found for the ref ${refName}`);
  const commit = repo.mustCommit(sha);
  const path = ctx.params.path!.replace(/\/+$/, '');

  const blob = commit.tree.get(path);
  if (blob) return ok(contentJson(ctx, path, blob, sha, true));

  // A directory: GitHub returns its immediate children (without content).
  const prefix = path === '' ? '' : `${path}/`;
  const children = new Map<string, Record<string, unknown>>();
  for (const [filePath, fileBlob] of commit.tree) {
    if (!filePath.startsWith(prefix)) continue;
    const [first, ...rest] = filePath.slice(prefix.length).split('/');
    const childPath = `${prefix}${first}`;
    if (rest.length === 0) children.set(childPath, contentJson(ctx, childPath, fileBlob, sha, false));
    else if (!children.has(childPath)) children.set(childPath, { type: 'dir', name: first, path: childPath, size: 0 });
  }
  if (children.size === 0) throw notFound();
  return ok([...children.keys()].sort().map((key) => children.get(key)));
}

function createLabel(ctx: RepoRouteContext): HandlerResult {
  const { repo, baseUrl } = ctx;
  const name = field(ctx.body, 'name');
  if (typeof name !== 'string' || name === '') throw validationFailed('Label', 'missing_field', 'name');
  if (repo.findLabel(name)) throw validationFailed('Label', 'already_exists', 'name');
  const color = field(ctx.body, 'color');
  const description = field(ctx.body, 'description');
  const label = repo.ensureLabel(
    name,
    typeof color === 'string' ? color.replace(/^#/, '') : undefined,
    typeof description === 'string' ? description : null,
  );
  return { status: 201, body: labelJson(repo, baseUrl, label) };
}

/** POST adds to the issue's labels, PUT replaces them; unknown labels are created in the repo, as GitHub does. */
function addIssueLabels(ctx: RepoRouteContext, replace: boolean): HandlerResult {
  const pull = mustIssue(ctx);
  const raw = Array.isArray(ctx.body) ? ctx.body : field(ctx.body, 'labels');
  if (!Array.isArray(raw)) throw unprocessable('Invalid request.');
  const names = raw.map((entry: unknown) => (typeof entry === 'string' ? entry : field(entry, 'name')));
  if (names.some((n) => typeof n !== 'string')) throw unprocessable('Invalid request.');
  if (replace) pull.labels = [];
  for (const name of names as string[]) {
    const label = ctx.repo.ensureLabel(name);
    if (!pull.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) pull.labels.push(label.name);
  }
  return ok(issueLabelsJson(ctx, pull));
}

/** "body is too long (maximum is 125000 characters)": GitHub's limit on a release body. */
export const MAX_RELEASE_BODY = 125_000;

function checkReleaseBody(body: string | undefined): void {
  if (body !== undefined && body.length > MAX_RELEASE_BODY) {
    throw unprocessable('Validation Failed', [
      { resource: 'Release', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_RELEASE_BODY} characters)` },
    ]);
  }
}

/** A published release's tag is unique; drafts may share one (with each other, and with a published release). */
function checkTagFree(repo: FakeRepo, tag: string, except?: number): void {
  if ([...repo.releases.values()].some((r) => r.tag_name === tag && !r.draft && r.id !== except)) {
    throw validationFailed('Release', 'already_exists', 'tag_name');
  }
}

/** Publishing a release for a missing tag creates the tag at target_commitish (default: the default branch). */
function tagOnPublish(repo: FakeRepo, tag: string, target: string): void {
  if (repo.refs.has(`refs/tags/${tag}`)) return;
  const sha = repo.resolve(target);
  if (sha === undefined) throw validationFailed('Release', 'invalid', 'target_commitish');
  repo.refs.set(`refs/tags/${tag}`, sha);
}

function createRelease(ctx: RepoRouteContext): HandlerResult {
  const { repo } = ctx;
  const body = ctx.body;
  const tag = field(body, 'tag_name');
  if (typeof tag !== 'string' || tag === '') throw validationFailed('Release', 'missing_field', 'tag_name');
  const draft = field(body, 'draft') === true;
  if (!draft) checkTagFree(repo, tag);
  checkReleaseBody(stringField(body, 'body'));

  const target = stringField(body, 'target_commitish') ?? repo.defaultBranch;
  if (!draft) tagOnPublish(repo, tag, target);

  const now = new Date().toISOString();
  const makeLatest = field(body, 'make_latest');
  const generateNotes = field(body, 'generate_release_notes') === true;
  const release: FakeRelease = {
    id: repo.newReleaseId(),
    tag_name: tag,
    target_commitish: target,
    name: stringField(body, 'name') ?? null,
    body: stringField(body, 'body') ?? (generateNotes ? generatedNotes(ctx, tag, repo.resolve(tag) ?? repo.resolve(target)!, undefined).body : null),
    draft,
    prerelease: field(body, 'prerelease') === true,
    make_latest: typeof makeLatest === 'string' ? makeLatest : String(makeLatest ?? 'true'),
    created_at: now,
    published_at: draft ? null : now,
    author: { login: ctx.identity?.login ?? 'github-actions[bot]' },
  };
  repo.releases.set(release.id, release);
  return { status: 201, body: releaseJson(ctx, release) };
}

/** "Update a release": the fields given change; `draft: false` publishes (and creates a missing tag). */
function updateRelease(ctx: RepoRouteContext): HandlerResult {
  const { repo, body } = ctx;
  const release = mustRelease(ctx);
  const tag = stringField(body, 'tag_name') ?? release.tag_name;
  if (tag === '') throw validationFailed('Release', 'missing_field', 'tag_name');
  const draft = typeof field(body, 'draft') === 'boolean' ? (field(body, 'draft') as boolean) : release.draft;
  if (!draft) checkTagFree(repo, tag, release.id);
  const text = stringField(body, 'body');
  checkReleaseBody(text);
  const target = stringField(body, 'target_commitish') ?? release.target_commitish;
  if (!draft) tagOnPublish(repo, tag, target);

  release.tag_name = tag;
  release.target_commitish = target;
  const name = stringField(body, 'name');
  if (name !== undefined) release.name = name;
  if (text !== undefined) release.body = text;
  if (typeof field(body, 'prerelease') === 'boolean') release.prerelease = field(body, 'prerelease') as boolean;
  const makeLatest = field(body, 'make_latest');
  if (typeof makeLatest === 'string') release.make_latest = makeLatest;
  if (release.draft && !draft) release.published_at = new Date().toISOString();
  release.draft = draft;
  return ok(releaseJson(ctx, release));
}

/**
 * "Generate release notes content for a release": nothing is saved. The tag may be new (then
 * `target_commitish` says where it would be); the range starts at `previous_tag_name`, else at the
 * latest published release. The body is GitHub's default shape: the pull requests merged in the
 * range ("* title by @author in URL"), then the Full Changelog link.
 */
function generateNotes(ctx: RepoRouteContext): HandlerResult {
  const { repo, body } = ctx;
  const tag = stringField(body, 'tag_name');
  if (tag === undefined || tag === '') throw validationFailed('Release', 'missing_field', 'tag_name');
  const target = stringField(body, 'target_commitish');
  const head = repo.tagCommit(tag) ?? (target === undefined ? undefined : repo.resolve(target));
  if (head === undefined) throw validationFailed('Release', 'invalid', target === undefined ? 'tag_name' : 'target_commitish');
  const previous = stringField(body, 'previous_tag_name');
  if (previous !== undefined && !repo.refs.has(`refs/tags/${previous}`)) throw notFound();
  return ok(generatedNotes(ctx, tag, head, previous));
}

function generatedNotes(ctx: RepoRouteContext, tag: string, head: string, previousTag: string | undefined): { name: string; body: string } {
  const { repo } = ctx;
  const previous =
    previousTag ??
    [...repo.releases.values()].reverse().find((r) => !r.draft && r.tag_name !== tag && repo.refs.has(`refs/tags/${r.tag_name}`))?.tag_name;
  const from = previous === undefined ? EMPTY_HISTORY : repo.tagCommit(previous)!;
  const shas = new Set(repo.commitsBetween(from, head).map((c) => c.sha));
  const pulls = [...repo.pulls.values()].filter((p) => p.merged && p.merge_commit_sha !== null && shas.has(p.merge_commit_sha)).sort((a, b) => a.number - b.number);
  const lines: string[] = [];
  if (pulls.length > 0) {
    lines.push("## What's Changed");
    for (const p of pulls) lines.push(`* ${p.title} by @${p.user.login} in ${HTML}/${repo.fullName}/pull/${p.number}`);
    lines.push('');
  }
  const compare = previous === undefined ? `commits/${tag}` : `compare/${previous}...${tag}`;
  lines.push(`**Full Changelog**: ${HTML}/${repo.fullName}/${compare}`);
  return { name: tag, body: lines.join('\n') };
}

// ---- lookups ------------------------------------------------------------------

function mustRelease(ctx: RepoRouteContext): FakeRelease {
  const release = /^\d+$/.test(ctx.params.id!) ? ctx.repo.releases.get(Number(ctx.params.id)) : undefined;
  if (!release) throw notFound();
  return release;
}

function mustPull(ctx: RepoRouteContext): FakePull {
  const pull = /^\d+$/.test(ctx.params.number!) ? ctx.repo.pulls.get(Number(ctx.params.number)) : undefined;
  if (!pull) throw notFound();
  return pull;
}

/** In this fake, every issue is a pull request (that is all the action ever labels or comments on). */
const mustIssue = mustPull;

function mustCommitish(ctx: RepoRouteContext, ref: string): string {
  const sha = ctx.repo.resolve(ref);
  if (sha === undefined) throw unprocessable(`No commit found for SHA: ${ref}`);
  return sha;
}

/** GitHub's three-dot PR diff: merge base of base and head, to head. */
function pullDiff(repo: FakeRepo, pull: FakePull): FileChange[] {
  return repo.diff(repo.mergeBase(pull.base.sha, pull.head.sha), pull.head.sha);
}

function field(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
}

function stringField(body: unknown, key: string): string | undefined {
  const value = field(body, key);
  return typeof value === 'string' ? value : undefined;
}

// ---- pagination ------------------------------------------------------------------

function paginate<T>(ctx: RequestContext, items: T[]): { items: T[]; headers: Record<string, string>; page: number } {
  const requestedPerPage = Number.parseInt(ctx.query.per_page ?? '', 10);
  // GitHub silently clamps per_page to 100 and falls back to 30 for junk.
  const perPage = Number.isNaN(requestedPerPage) || requestedPerPage < 1 ? 30 : Math.min(requestedPerPage, 100);
  const requestedPage = Number.parseInt(ctx.query.page ?? '', 10);
  const page = Number.isNaN(requestedPage) || requestedPage < 1 ? 1 : requestedPage;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));

  const link = (n: number, rel: string): string => {
    const params = new URLSearchParams(ctx.query);
    params.set('per_page', String(perPage));
    params.set('page', String(n));
    return `<${ctx.baseUrl}${ctx.path}?${params.toString()}>; rel="${rel}"`;
  };
  // Same relation order as api.github.com: prev, next, last, first.
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));

  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
    page,
  };
}

function paginated(ctx: RequestContext, items: unknown[]): HandlerResult {
  const { items: pageItems, headers } = paginate(ctx, items);
  return { status: 200, body: pageItems, headers };
}

function ok(body: unknown): HandlerResult {
  return { status: 200, body };
}

// ---- JSON shapes ------------------------------------------------------------------

function apiRepoUrl(ctx: { baseUrl: string; repo: FakeRepo }): string {
  return `${ctx.baseUrl}/repos/${ctx.repo.fullName}`;
}

function userJson(login: string): Record<string, unknown> {
  return { login, id: 1, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
}

function repoJson(repo: FakeRepo, baseUrl: string, fullName = repo.fullName): Record<string, unknown> {
  const [owner, name] = fullName.split('/');
  return {
    id: 1,
    node_id: Buffer.from(`Repository:${fullName}`).toString('base64'),
    name,
    full_name: fullName,
    owner: userJson(owner ?? ''),
    private: false,
    fork: fullName !== repo.fullName,
    html_url: `${HTML}/${fullName}`,
    url: `${baseUrl}/repos/${fullName}`,
    default_branch: repo.defaultBranch,
  };
}

function labelJson(repo: FakeRepo, baseUrl: string, label: FakeLabel): Record<string, unknown> {
  return {
    id: label.id,
    node_id: Buffer.from(`Label:${label.id}`).toString('base64'),
    url: `${baseUrl}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

function issueLabelsJson(ctx: RepoRouteContext, pull: FakePull): Array<Record<string, unknown>> {
  return pull.labels.map((name) => labelJson(ctx.repo, ctx.baseUrl, ctx.repo.ensureLabel(name)));
}

function pullJson(ctx: RepoRouteContext, pull: FakePull): Record<string, unknown> {
  const { repo, baseUrl } = ctx;
  const files = pullDiff(repo, pull);
  const side = (s: FakePull['base']) => {
    const fullName = s.repo ?? repo.fullName;
    return {
      label: `${fullName.split('/')[0]}:${s.ref}`,
      ref: s.ref,
      sha: s.sha,
      user: userJson(fullName.split('/')[0] ?? ''),
      repo: repoJson(repo, baseUrl, fullName),
    };
  };
  return {
    url: `${apiRepoUrl(ctx)}/pulls/${pull.number}`,
    id: pull.number,
    node_id: Buffer.from(`PullRequest:${repo.fullName}#${pull.number}`).toString('base64'),
    html_url: `${HTML}/${repo.fullName}/pull/${pull.number}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userJson(pull.user.login),
    body: pull.body,
    labels: issueLabelsJson(ctx, pull),
    draft: pull.draft,
    merged: pull.merged,
    merged_at: pull.merged ? new Date(0).toISOString() : null,
    merge_commit_sha: pull.merge_commit_sha,
    base: side(pull.base),
    head: side(pull.head),
    // Counts are over the whole diff, not capped: this is how callers learn the files list was truncated.
    commits: repo.commitsBetween(pull.base.sha, pull.head.sha).length,
    additions: files.reduce((sum, f) => sum + f.additions, 0),
    deletions: files.reduce((sum, f) => sum + f.deletions, 0),
    changed_files: files.length,
  };
}

function commitJson(ctx: RepoRouteContext, commit: FakeCommit): Record<string, unknown> {
  const person = { name: 'Fake Author', email: 'fake@example.com', date: new Date(0).toISOString() };
  return {
    sha: commit.sha,
    node_id: Buffer.from(`Commit:${commit.sha}`).toString('base64'),
    url: `${apiRepoUrl(ctx)}/commits/${commit.sha}`,
    html_url: `${HTML}/${ctx.repo.fullName}/commit/${commit.sha}`,
    commit: {
      message: commit.message,
      author: person,
      committer: person,
      tree: { sha: treeDirectories(commit.tree).get('')! },
    },
    author: null,
    committer: null,
    parents: commit.parents.map((sha) => ({ sha, url: `${apiRepoUrl(ctx)}/commits/${sha}` })),
  };
}

function fileJson(ctx: RepoRouteContext, file: FileChange, ref: string): Record<string, unknown> {
  const encoded = file.filename.split('/').map(encodeURIComponent).join('/');
  const json: Record<string, unknown> = {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.changes,
    blob_url: `${HTML}/${ctx.repo.fullName}/blob/${ref}/${encoded}`,
    raw_url: `${HTML}/${ctx.repo.fullName}/raw/${ref}/${encoded}`,
    contents_url: `${apiRepoUrl(ctx)}/contents/${encoded}?ref=${ref}`,
  };
  if (file.patch !== undefined) json.patch = file.patch;
  if (file.previous_filename !== undefined) json.previous_filename = file.previous_filename;
  return json;
}

/** A ref: its object is a commit, or for an annotated tag the tag object (`type: "tag"`), never peeled. */
function refJson(repo: FakeRepo, baseUrl: string, name: string, sha: string): Record<string, unknown> {
  const type = repo.tagObjects.has(sha) ? 'tag' : 'commit';
  return {
    ref: name,
    node_id: Buffer.from(`Ref:${repo.fullName}:${name}`).toString('base64'),
    url: `${baseUrl}/repos/${repo.fullName}/git/${name}`,
    object: { sha, type, url: `${baseUrl}/repos/${repo.fullName}/git/${type === 'tag' ? 'tags' : 'commits'}/${sha}` },
  };
}

/** "Get a tag" (`git/tags/{sha}`): the tag object, pointing at a commit or at another tag object. */
function tagObjectJson(repo: FakeRepo, baseUrl: string, tag: FakeTagObject): Record<string, unknown> {
  const api = `${baseUrl}/repos/${repo.fullName}/git`;
  return {
    node_id: Buffer.from(`Tag:${repo.fullName}:${tag.sha}`).toString('base64'),
    sha: tag.sha,
    url: `${api}/tags/${tag.sha}`,
    tag: tag.tag,
    message: tag.message,
    tagger: tag.tagger,
    object: { type: tag.object.type, sha: tag.object.sha, url: `${api}/${tag.object.type === 'tag' ? 'tags' : 'commits'}/${tag.object.sha}` },
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** GitHub wraps base64 content at 60 characters per line (each line, including the last, ends in "\n"). */
function wrapBase64(base64: string): string {
  return base64.replace(/.{1,60}/g, '$&\n');
}

function contentJson(ctx: RepoRouteContext, path: string, blob: FakeBlob, ref: string, withContent: boolean): Record<string, unknown> {
  const size = blobSize(blob);
  const apiUrl = `${apiRepoUrl(ctx)}/contents/${path}?ref=${ref}`;
  const json: Record<string, unknown> = {
    type: 'file',
    name: path.split('/').pop(),
    path,
    sha: blob.sha,
    size,
    url: apiUrl,
    html_url: `${HTML}/${ctx.repo.fullName}/blob/${ref}/${path}`,
    git_url: `${apiRepoUrl(ctx)}/git/blobs/${blob.sha}`,
    // Like GitHub this points at raw.githubusercontent.com; the fake does not serve raw downloads.
    download_url: `https://raw.githubusercontent.com/${ctx.repo.fullName}/${ref}/${path}`,
  };
  if (withContent) {
    // Above 1 MB GitHub keeps the metadata but drops the content.
    const tooLarge = size > MAX_CONTENTS_BYTES;
    json.encoding = tooLarge ? 'none' : 'base64';
    json.content = tooLarge ? '' : wrapBase64(Buffer.from(blob.content ?? '').toString('base64'));
  }
  return json;
}

function commentJson(ctx: RepoRouteContext, comment: FakeComment): Record<string, unknown> {
  return {
    id: comment.id,
    node_id: Buffer.from(`IssueComment:${comment.id}`).toString('base64'),
    url: `${apiRepoUrl(ctx)}/issues/comments/${comment.id}`,
    html_url: `${HTML}/${ctx.repo.fullName}/pull/${comment.issue_number}#issuecomment-${comment.id}`,
    issue_url: `${apiRepoUrl(ctx)}/issues/${comment.issue_number}`,
    body: comment.body,
    user: userJson(comment.user.login),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
  };
}

function releaseJson(ctx: RepoRouteContext, release: FakeRelease): Record<string, unknown> {
  return {
    id: release.id,
    node_id: Buffer.from(`Release:${release.id}`).toString('base64'),
    url: `${apiRepoUrl(ctx)}/releases/${release.id}`,
    // A draft's page is not at its tag (the tag does not exist yet): GitHub names it "untagged-<hash>".
    html_url: release.draft
      ? `${HTML}/${ctx.repo.fullName}/releases/tag/untagged-${sha1(`draft:${release.id}`).slice(0, 20)}`
      : `${HTML}/${ctx.repo.fullName}/releases/tag/${encodeURIComponent(release.tag_name)}`,
    upload_url: `${apiRepoUrl(ctx)}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${apiRepoUrl(ctx)}/tarball/${release.tag_name}`,
    zipball_url: `${apiRepoUrl(ctx)}/zipball/${release.tag_name}`,
    tag_name: release.tag_name,
    target_commitish: release.target_commitish,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    // Echoed back for test assertions; GitHub itself does not return make_latest.
    make_latest: release.make_latest,
    created_at: release.created_at,
    published_at: release.published_at,
    author: userJson(release.author.login),
    assets: [],
  };
}

function rateLimitJson(): Record<string, unknown> {
  const reset = Math.floor(Date.now() / 1000) + 3600;
  const core = { limit: 5000, used: 0, remaining: 5000, reset };
  return { resources: { core, search: { ...core, limit: 30, remaining: 30 }, graphql: core }, rate: core };
}
