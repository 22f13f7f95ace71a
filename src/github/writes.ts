/**
 * Every write the action makes to GitHub: PR labels, the sticky decision comment, tags and
 * releases. Each function is idempotent (a re-run of the same workflow changes nothing) and
 * race-safe (two runs writing the same thing both succeed), because workflows are re-run and
 * concurrent runs on the same commit are normal.
 *
 * Errors: a permission denial on PR writes (fork pull requests get a read-only token) is an
 * expected situation, reported as a warning and a `denied` result; anything else propagates
 * (as the client's ApiError).
 *
 * The client rethrows failures as ApiError, which keeps the status and the first line of
 * GitHub's message but not the response body (`errors[].code`). So "already exists" races
 * are recognised by what they mean rather than by parsing the body: on a 422 we look the
 * object up again, and if it is there now, another run made it.
 */
import { isNotFound, statusOf, type GitHubClient, type Logger, type RepoRef } from './client.js';
import { commentText, MAX_COMMENT_CHARS } from '../report/cut.js';

export { commentText, cutToFit, MAX_COMMENT_CHARS, MAX_SUMMARY_BYTES, summaryText } from '../report/cut.js';


/** What the writes report to (the action's log). */
export type WriteLog = Pick<Logger, 'info' | 'warning'>;

// ---- errors -------------------------------------------------------------------

/**
 * A 403 that means "this token may not do that" (GitHub says "Resource not accessible by
 * integration" to GITHUB_TOKEN, "... by personal access token" to PATs). A 403 for a rate limit
 * the client gave up waiting for is not a permission problem and must not be hidden as one.
 */
function isPermissionDenied(error: unknown): boolean {
  if (statusOf(error) !== 403) return false;
  const message = error instanceof Error ? error.message : String(error);
  return !/rate limit/i.test(message);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- labels -------------------------------------------------------------------

export const LABEL_DESCRIPTION = 'Managed by bump-classifier';

/** Colours for labels we create: one per bump so a PR list reads at a glance; others neutral. */
export const LABEL_COLORS = {
  major: 'b60205', // red: breaking
  minor: 'fbca04', // yellow: feature
  patch: '0e8a16', // green: fix
  none: 'cfd3d7', // grey: no release
  other: 'c5def5', // pale blue: anything else the config names
} as const;

/**
 * The colour for a label we create. Label names come from the config, so the bump is recognised
 * by a word in the name ("semver:major", "bump/minor", "release: patch", "semver-none").
 */
export function labelColor(name: string): string {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  for (const kind of ['major', 'minor', 'patch', 'none'] as const) {
    if (words.includes(kind)) return LABEL_COLORS[kind];
  }
  return LABEL_COLORS.other;
}

/** GitHub compares label names case-insensitively; so do we. */
const labelKey = (name: string): string => name.toLowerCase();

function uniqueLabels(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = labelKey(name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Creates the repository label if it does not exist, so it gets our colour and description
 * (adding an unknown label to an issue would create it grey and undescribed).
 */
async function ensureRepoLabel(client: GitHubClient, repo: RepoRef, name: string): Promise<boolean> {
  try {
    await client.rest.issues.getLabel({ ...repo, name });
    return false;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await client.rest.issues.createLabel({ ...repo, name, color: labelColor(name), description: LABEL_DESCRIPTION });
    return true;
  } catch (error) {
    // 422 "already_exists": another run created it between our GET and POST. Confirm rather
    // than trust the status, since a 422 also means an invalid name or colour.
    if (statusOf(error) !== 422) throw error;
    try {
      await client.rest.issues.getLabel({ ...repo, name });
      return false;
    } catch {
      throw error;
    }
  }
}

/**
 * Labels: add the wanted ones that are missing, remove managed ones that no longer apply;
 * never touch other labels (people and other bots own those).
 */
export async function syncLabels(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  args: {
    /** Labels on the PR now (as read from the PR). */
    current: string[];
    /** Labels the decision asks for. */
    wanted: string[];
    /** Every label the config names: the only ones we may remove. */
    managed: string[];
    log: WriteLog;
  },
): Promise<{ added: string[]; removed: string[]; denied: boolean }> {
  const { log } = args;
  const current = new Set(args.current.map(labelKey));
  const wanted = new Set(args.wanted.map(labelKey));
  const managed = new Set(args.managed.map(labelKey));
  const toAdd = uniqueLabels(args.wanted).filter((name) => !current.has(labelKey(name)));
  const toRemove = uniqueLabels(args.current).filter((name) => managed.has(labelKey(name)) && !wanted.has(labelKey(name)));

  const added: string[] = [];
  const removed: string[] = [];
  try {
    if (toAdd.length > 0) {
      for (const name of toAdd) {
        if (await ensureRepoLabel(client, repo, name)) log.info(`created repository label "${name}"`);
      }
      // One request for all of them: fewer writes, and the PR never shows half the set.
      await client.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels: toAdd });
      added.push(...toAdd);
      log.info(`added label${toAdd.length === 1 ? '' : 's'} ${toAdd.map((n) => `"${n}"`).join(', ')} to #${issueNumber}`);
    }
    for (const name of toRemove) {
      try {
        // Octokit percent-encodes the name in the path (spaces, slashes, colons...).
        await client.rest.issues.removeLabel({ ...repo, issue_number: issueNumber, name });
      } catch (error) {
        // 404: someone (or a concurrent run) removed it already; the outcome is what we wanted.
        if (!isNotFound(error)) throw error;
      }
      removed.push(name);
      log.info(`removed label "${name}" from #${issueNumber}`);
    }
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    log.warning(
      `cannot write labels: the token lacks the pull-requests: write permission (fork pull requests get a read-only token); ` +
        `labels on #${issueNumber} were left as they are. Grant it with "permissions: pull-requests: write" in the workflow. ` +
        `(${messageOf(error)})`,
    );
    return { added, removed, denied: true };
  }
  return { added, removed, denied: false };
}

// ---- sticky comment -------------------------------------------------------------

export const COMMENT_MARKER = '<!-- bump-classifier:decision -->';

/** Line endings may come back as CRLF from the web editor; they do not make the body different. */
const sameText = (a: string, b: string): boolean => a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');

/** The account GITHUB_TOKEN writes as. */
export const ACTIONS_BOT = 'github-actions[bot]';

/**
 * The login the token writes comments as. A personal token: `GET /user`. An installation
 * token (GITHUB_TOKEN, a GitHub App's) gets 403 there, and `GET /app` needs the app's JWT; the
 * GraphQL `viewer` answers for installation tokens too (`github-actions[bot]`, `<app-slug>[bot]`).
 * When neither answers (GraphQL disabled or refused), GITHUB_TOKEN is assumed: `github-actions[bot]`.
 * A rate limit or an outage is not an answer: it propagates.
 */
export async function tokenLogin(client: GitHubClient): Promise<string> {
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    if (!isPermissionDenied(error) && !isNotFound(error)) throw error;
  }
  try {
    const { viewer } = await client.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
    if (typeof viewer?.login === 'string' && viewer.login !== '') return viewer.login;
  } catch (error) {
    // Refused, absent, or a GraphQL-level error (200 with `errors`): no answer. Anything else propagates.
    const graphqlErrors = (error as { errors?: unknown } | null)?.errors !== undefined;
    if (!graphqlErrors && !isPermissionDenied(error) && !isNotFound(error)) throw error;
  }
  return ACTIONS_BOT;
}

/**
 * One sticky comment, found by its hidden marker and edited in place, so a PR that is pushed
 * to twenty times still has one decision comment (and nobody is notified for an unchanged one).
 * Anyone can paste the marker into a comment of their own: only a comment written by the
 * identity this token writes as is ours; another author's is never edited (a new one is made).
 */
export async function upsertStickyComment(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  body: string,
  log: WriteLog,
  marker = COMMENT_MARKER,
): Promise<{ id: number | null; action: 'created' | 'updated' | 'unchanged' | 'denied' }> {
  const { text, truncated } = commentText(marker, body);
  if (truncated) log.warning(`the decision comment was cut to fit GitHub's ${MAX_COMMENT_CHARS}-character limit`);

  let existingId: number | null = null;
  try {
    // All pages: on a busy PR our comment can be far down the list.
    const comments = await client.paginate(client.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
    const marked = comments.filter((c) => typeof c.body === 'string' && c.body.includes(marker));
    // Who we are is asked only when there is a marked comment to judge (not on a PR's first run).
    const me = marked.length > 0 ? (await tokenLogin(client)).toLowerCase() : '';
    const ours = marked.filter((c) => c.user?.login.toLowerCase() === me);
    const existing = ours[0];
    const foreign = marked.length - ours.length;
    if (foreign > 0) log.info(`ignored ${foreign} comment(s) on #${issueNumber} that carry the decision marker but were not written by ${me}`);
    if (existing) {
      existingId = existing.id;
      if (sameText(existing.body ?? '', text)) {
        log.info(`decision comment ${existing.id} on #${issueNumber} is up to date`);
        return { id: existing.id, action: 'unchanged' };
      }
      await client.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: text });
      log.info(`updated decision comment ${existing.id} on #${issueNumber}`);
      return { id: existing.id, action: 'updated' };
    }
    const { data } = await client.rest.issues.createComment({ ...repo, issue_number: issueNumber, body: text });
    log.info(`created decision comment ${data.id} on #${issueNumber}`);
    return { id: data.id, action: 'created' };
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    log.warning(
      `cannot write the decision comment: the token lacks the pull-requests: write permission (or issues: write; ` +
        `fork pull requests get a read-only token). Grant it with "permissions: pull-requests: write" in the workflow. ` +
        `(${messageOf(error)})`,
    );
    return { id: existingId, action: 'denied' };
  }
}

// ---- tags -------------------------------------------------------------------------

const short = (sha: string): string => sha.slice(0, 7);
const sameSha = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The commit a tag points at, or null when the tag does not exist. An annotated tag's ref
 * points at a tag object, not a commit: peel it (tags of tags included) to compare commits.
 */
async function tagCommit(client: GitHubClient, repo: RepoRef, tag: string): Promise<string | null> {
  let object: { sha: string; type: string };
  try {
    object = (await client.rest.git.getRef({ ...repo, ref: `tags/${tag}` })).data.object;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  // git allows tags of tags; a handful of levels is plenty and bounds a malformed chain.
  for (let depth = 0; object.type === 'tag' && depth < 5; depth++) {
    object = (await client.rest.git.getTag({ ...repo, tag_sha: object.sha })).data.object;
  }
  return object.sha;
}

/**
 * A lightweight tag through the API; idempotent and race-safe. An existing tag at the same
 * commit is success (a re-run, or a concurrent run, made it); at another commit it is an error
 * and the tag is never moved: a published tag must not change under its users.
 */
export async function createTag(client: GitHubClient, repo: RepoRef, tag: string, sha: string): Promise<{ tag: string; created: boolean }> {
  try {
    await client.rest.git.createRef({ ...repo, ref: `refs/tags/${tag}`, sha });
    return { tag, created: true };
  } catch (error) {
    // 422 "Reference already exists" (also "Object does not exist", "Reference name is invalid"):
    // only the first is a race we can resolve, and only if the tag is really there now.
    if (statusOf(error) !== 422) throw error;
    const existing = await tagCommit(client, repo, tag);
    if (existing === null) throw error;
    if (sameSha(existing, sha)) return { tag, created: false };
    throw new Error(
      `tag ${tag} already exists at ${short(existing)}, not at ${short(sha)}; the tag was NOT moved. ` +
        `Delete the tag if it is wrong, or fix the version so this commit gets a new one.`,
    );
  }
}

// ---- releases ----------------------------------------------------------------------

/** The published release for a tag, or null (GitHub's by-tag lookup does not see drafts). */
async function releaseByTag(client: GitHubClient, repo: RepoRef, tag: string): Promise<{ html_url: string; id: number } | null> {
  try {
    return (await client.rest.repos.getReleaseByTag({ ...repo, tag })).data;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * A GitHub release for a tag; an existing release for the tag is success (re-runs, racing runs).
 * The body may be given lazily: it is made only when the release is (the notes cost requests).
 */
export async function createRelease(
  client: GitHubClient,
  repo: RepoRef,
  args: {
    tag: string;
    name: string;
    sha: string;
    prerelease: boolean;
    makeLatest: 'true' | 'false' | 'legacy';
    /** Release notes, or how to make them; omitted (or made undefined): GitHub generates them from the merged PRs. */
    body?: string | (() => Promise<string | undefined>);
  },
): Promise<{ url: string; id: number; created: boolean }> {
  const existing = await releaseByTag(client, repo, args.tag);
  if (existing) return { url: existing.html_url, id: existing.id, created: false };

  const body = typeof args.body === 'function' ? await args.body() : args.body;
  try {
    const { data } = await client.rest.repos.createRelease({
      ...repo,
      tag_name: args.tag,
      target_commitish: args.sha,
      name: args.name,
      prerelease: args.prerelease,
      // A prerelease must never become "Latest": consumers and tools resolve "latest" to it.
      make_latest: args.prerelease ? 'false' : args.makeLatest,
      generate_release_notes: body === undefined,
      ...(body === undefined ? {} : { body }),
    });
    return { url: data.html_url, id: data.id, created: true };
  } catch (error) {
    // 422 already_exists: a racing run published it between our GET and POST.
    if (statusOf(error) !== 422) throw error;
    const raced = await releaseByTag(client, repo, args.tag);
    if (raced === null) throw error;
    return { url: raced.html_url, id: raced.id, created: false };
  }
}
