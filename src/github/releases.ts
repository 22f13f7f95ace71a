/**
 * Release notes and draft releases through the API: one small function per call (generate the
 * notes, list the releases, create a draft, update a release), and the draft upsert built on
 * them. Published releases are made by `createRelease` (writes.ts), tags by `createTag`.
 *
 * Drafts are found only in the release list: "Get a release by tag name" does not see them, and
 * their tag does not exist until a person publishes them. One draft per release line and channel
 * is kept: a later push finds it by its tag (a version of the line, on the channel, above the
 * current release) and updates it in place, tag name included.
 */
import { readVersionText, type TagFormat } from '../core/versions.js';
import { inRange, type MaintenanceRange } from '../core/releases.js';
import { Version } from '../core/version-number.js';
import { MAX_PAGES, type GitHubClient, type RepoRef } from './client.js';
import { checkShape, GeneratedNotesSchema, ListedReleaseSchema, paginateChecked, ReleaseListSchema } from './shapes.js';
import type { WriteLog } from './writes.js';

/** A release as listed: what the draft upsert reads and compares. */
export interface ListedRelease {
  id: number;
  html_url: string;
  tag_name: string;
  draft: boolean;
  prerelease: boolean;
  name: string | null;
  body: string | null;
  target_commitish: string;
}

const route = (repo: RepoRef, path: string): string => `/repos/${repo.owner}/${repo.repo}${path}`;

function listed(data: unknown, at: string): ListedRelease {
  const r = checkShape(ListedReleaseSchema, data, at);
  return {
    id: r.id,
    html_url: r.html_url,
    tag_name: r.tag_name,
    draft: r.draft,
    prerelease: r.prerelease,
    name: r.name ?? null,
    body: r.body ?? null,
    target_commitish: r.target_commitish,
  };
}

// ---- API calls -------------------------------------------------------------------

/**
 * GitHub's generated notes for a release (`POST /releases/generate-notes`): its pull requests and
 * categories (`.github/release.yml`) since `previousTag`. Nothing is saved. The tag may not exist
 * yet: `sha` says where it will be.
 */
export async function generateReleaseNotes(
  client: GitHubClient,
  repo: RepoRef,
  args: { tag: string; sha: string; previousTag: string | null },
): Promise<{ name: string; body: string }> {
  const { data } = await client.rest.repos.generateReleaseNotes({
    ...repo,
    tag_name: args.tag,
    target_commitish: args.sha,
    ...(args.previousTag === null ? {} : { previous_tag_name: args.previousTag }),
  });
  const notes = checkShape(GeneratedNotesSchema, data, `POST ${route(repo, '/releases/generate-notes')}`);
  return { name: notes.name, body: notes.body };
}

/** Every release, drafts included (`GET /releases`, all pages). */
export async function listReleases(client: GitHubClient, repo: RepoRef): Promise<ListedRelease[]> {
  const items = await paginateChecked(client, client.rest.repos.listReleases, { ...repo, per_page: 100 }, ReleaseListSchema, MAX_PAGES);
  const at = `GET ${route(repo, '/releases')}`;
  return items.map((item) => listed(item, at));
}

/** The fields of a draft release we write. */
export interface DraftFields {
  tag: string;
  name: string;
  sha: string;
  body: string;
  prerelease: boolean;
}

/** A draft's fields as the release endpoints take them: always a draft. */
function draftParams(fields: DraftFields) {
  return { tag_name: fields.tag, target_commitish: fields.sha, name: fields.name, body: fields.body, draft: true, prerelease: fields.prerelease };
}

/** `POST /releases` with `draft: true`: no tag is created (GitHub creates it when the draft is published). */
export async function createDraftRelease(client: GitHubClient, repo: RepoRef, fields: DraftFields): Promise<ListedRelease> {
  const { data } = await client.rest.repos.createRelease({ ...repo, ...draftParams(fields) });
  return listed(data, `POST ${route(repo, '/releases')}`);
}

/** `PATCH /releases/{id}`: the draft's tag name, name, target, body and prerelease flag; it stays a draft. */
export async function updateDraftRelease(client: GitHubClient, repo: RepoRef, id: number, fields: DraftFields): Promise<ListedRelease> {
  const { data } = await client.rest.repos.updateRelease({ ...repo, release_id: id, ...draftParams(fields) });
  return listed(data, `PATCH ${route(repo, `/releases/${id}`)}`);
}

// ---- drafts ------------------------------------------------------------------------

/** The release line a draft belongs to: its tag format, channel, maintenance range and current release. */
export interface DraftLine {
  format: TagFormat;
  /** The prerelease channel's id, or null for the stable channel. */
  channel: string | null;
  /** A maintenance branch's range: its drafts are within it. */
  range: MaintenanceRange | null;
  /** The line's current release: a draft at or below it is an old one, never reused. */
  currentVersion: string | null;
}

/**
 * The drafts of a line and channel, newest first: a draft whose tag is exactly a version of the
 * line's format, on the channel (stable: no prerelease; a channel: its own id), in the branch's
 * maintenance range, above the current release. A draft of another line, channel or range is
 * never touched.
 */
export function draftsOfLine(releases: readonly ListedRelease[], line: DraftLine): ListedRelease[] {
  const current = line.currentVersion === null ? null : Version.parse(line.currentVersion);
  return releases
    .filter((r) => {
      if (!r.draft) return false;
      const text = line.format.versionText(r.tag_name);
      const read = text === null ? null : readVersionText(text, line.format.parts);
      if (read === null || !read.exact) return false;
      const v = read.version;
      const onChannel = line.channel === null ? v.prerelease.length === 0 : v.prerelease[0] === line.channel;
      if (!onChannel) return false;
      if (line.range !== null && !inRange(v, line.range)) return false;
      return current === null || v.compare(current) > 0;
    })
    .sort((a, b) => b.id - a.id);
}

/** Line endings may come back as CRLF from the web editor; they do not make the body different. */
const sameText = (a: string | null, b: string): boolean => (a ?? '').replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');

function unchanged(draft: ListedRelease, fields: DraftFields): boolean {
  return (
    draft.tag_name === fields.tag &&
    draft.name === fields.name &&
    draft.target_commitish === fields.sha &&
    draft.prerelease === fields.prerelease &&
    sameText(draft.body, fields.body)
  );
}

/**
 * The one draft release of a line: the existing draft updated in place (or left alone when it
 * already says all this), else a new draft. Other drafts of the same line (left by a race, or by
 * hand) are named in a warning and left as they are.
 */
export async function upsertDraftRelease(
  client: GitHubClient,
  repo: RepoRef,
  args: { releases: readonly ListedRelease[]; line: DraftLine; fields: DraftFields; log: WriteLog },
): Promise<{ release: ListedRelease; action: 'created' | 'updated' | 'unchanged' }> {
  const { fields, log } = args;
  const [existing, ...others] = draftsOfLine(args.releases, args.line);
  if (others.length > 0) {
    log.warning(
      `${others.length} other draft release(s) of this line were left as they are: ${others.map((r) => `${r.tag_name} (id ${r.id})`).join(', ')}; ` +
        `${fields.tag} is kept in draft ${existing!.id}. Delete the others, or use a concurrency group so that two runs never draft at once`,
    );
  }
  if (existing === undefined) return { release: await createDraftRelease(client, repo, fields), action: 'created' };
  if (unchanged(existing, fields)) return { release: existing, action: 'unchanged' };
  return { release: await updateDraftRelease(client, repo, existing.id, fields), action: 'updated' };
}
