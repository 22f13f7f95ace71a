/**
 * Moving floating tags (`v1`, `v1.2`) to a stable release through the API: one small function per
 * call (list a line's tag refs, peel an annotated tag, create a ref, force-move a ref), and the
 * move built on them.
 *
 * Only forward: a floating tag is pointed at this release only when it is the highest exact
 * release the floating tag covers, so a re-run, or a late maintenance release (1.4.1 after 2.0.0:
 * `v1` moves, `v2` does not; 1.3.5 after 1.4.0: `v1` does not), never moves it backwards.
 * Races: another run may release a higher version at the same time. After moving, the line's tags
 * are read again; when a higher release that the floating tag covers now exists, the floating tag
 * is pointed at that release's commit. Each run re-reads after its own move, and every run creates
 * its release tag before moving, so the last run to re-read sees every release: the race ends with
 * the floating tag at the highest version.
 */
import { floatingTagsOf, highestCovered, type FloatingTag, type FloatingTagMode, type TagFormat } from '../core/index.js';
import { statusOf, type GitHubClient, type RepoRef } from './client.js';
import { checkShape, RefListSchema, TagObjectSchema } from './shapes.js';
import type { WriteLog } from './writes.js';

/** A tag ref as listed: its name and the object it points at (a commit, or an annotated tag). */
export interface TagRef {
  name: string;
  sha: string;
  type: string;
}

const route = (repo: RepoRef, path: string): string => `/repos/${repo.owner}/${repo.repo}${path}`;

// ---- API calls -------------------------------------------------------------------

/** The tags whose names start with `prefix` (`GET /git/matching-refs/tags/<prefix>`; not paginated). */
export async function listTagRefs(client: GitHubClient, repo: RepoRef, prefix: string): Promise<TagRef[]> {
  const { data } = await client.rest.git.listMatchingRefs({ ...repo, ref: `tags/${prefix}` });
  const refs = checkShape(RefListSchema, data, `GET ${route(repo, `/git/matching-refs/tags/${prefix}`)}`);
  return refs.map((r) => ({ name: r.ref.replace(/^refs\/tags\//, ''), sha: r.object.sha, type: r.object.type }));
}

/** The commit a tag ref points at: an annotated tag is peeled (tags of tags too, a few levels). */
export async function refCommit(client: GitHubClient, repo: RepoRef, ref: TagRef): Promise<string> {
  let object = { sha: ref.sha, type: ref.type };
  for (let depth = 0; object.type === 'tag' && depth < 5; depth++) {
    const { data } = await client.rest.git.getTag({ ...repo, tag_sha: object.sha });
    object = checkShape(TagObjectSchema, data, `GET ${route(repo, `/git/tags/${object.sha}`)}`).object;
  }
  return object.sha;
}

/** `POST /git/refs`: a new lightweight tag. */
export async function createTagRef(client: GitHubClient, repo: RepoRef, name: string, sha: string): Promise<void> {
  await client.rest.git.createRef({ ...repo, ref: `refs/tags/${name}`, sha });
}

/** `PATCH /git/refs/tags/<name>` with `force: true`: a floating tag moves to any commit, not only a descendant. */
export async function moveTagRef(client: GitHubClient, repo: RepoRef, name: string, sha: string): Promise<void> {
  await client.rest.git.updateRef({ ...repo, ref: `tags/${name}`, sha, force: true });
}

// ---- the move ---------------------------------------------------------------------

const short = (sha: string): string => sha.slice(0, 7);

/** Points a floating tag at a commit: creates it when missing (a racing run's 422 becomes a move). */
async function pointAt(client: GitHubClient, repo: RepoRef, name: string, sha: string, exists: boolean): Promise<void> {
  if (!exists) {
    try {
      await createTagRef(client, repo, name, sha);
      return;
    } catch (error) {
      // 422 "Reference already exists": another run created it since we listed; move it instead.
      if (statusOf(error) !== 422) throw error;
    }
  }
  await moveTagRef(client, repo, name, sha);
}

/**
 * Points the floating tags of a stable release (`tag`, version `version`, at commit `sha`) at it,
 * forward only, and settles a race with another run on the highest release. Returns the floating
 * tags created or moved (none on a re-run that finds them in place).
 */
export async function moveFloatingTags(
  client: GitHubClient,
  repo: RepoRef,
  args: { format: TagFormat; tag: string; version: string; sha: string; mode: FloatingTagMode; log: WriteLog },
): Promise<string[]> {
  const { format, tag, sha, log } = args;
  const floating = floatingTagsOf(format, args.version, args.mode);
  if (floating.length === 0) return [];
  const refs = await listTagRefs(client, repo, format.prefix);
  const names = [...refs.map((r) => r.name), tag];
  const moved: FloatingTag[] = [];
  for (const f of floating) {
    // Our own tag is among the names, so the highest is ours or above it.
    const highest = highestCovered(names, format, f)!;
    if (highest.version.version !== args.version) {
      log.info(`floating tag ${f.name} left as it is: ${highest.tag} is a higher release of its line than ${tag}`);
      continue;
    }
    const current = refs.find((r) => r.name === f.name);
    if (current !== undefined && (await refCommit(client, repo, current)) === sha) {
      log.info(`floating tag ${f.name} already points at ${tag} (${short(sha)})`);
      continue;
    }
    await pointAt(client, repo, f.name, sha, current !== undefined);
    log.info(`${current === undefined ? 'created' : 'moved'} floating tag ${f.name} to ${tag} (${short(sha)})`);
    moved.push(f);
  }
  if (moved.length > 0) await settleRace(client, repo, { format, tag, version: args.version, moved, log });
  return moved.map((f) => f.name);
}

/**
 * After moving: the line's tags read again; a floating tag that covers a higher release than
 * ours now (another run released it meanwhile) is pointed at that release's commit.
 */
async function settleRace(
  client: GitHubClient,
  repo: RepoRef,
  args: { format: TagFormat; tag: string; version: string; moved: readonly FloatingTag[]; log: WriteLog },
): Promise<void> {
  const refs = await listTagRefs(client, repo, args.format.prefix);
  const names = refs.map((r) => r.name);
  for (const f of args.moved) {
    const highest = highestCovered([...names, args.tag], args.format, f)!;
    if (highest.version.version === args.version) continue;
    const release = refs.find((r) => r.name === highest.tag)!;
    const target = await refCommit(client, repo, release);
    const current = refs.find((r) => r.name === f.name);
    if (current !== undefined && (await refCommit(client, repo, current)) === target) continue;
    await pointAt(client, repo, f.name, target, current !== undefined);
    args.log.info(`another run released ${highest.tag} meanwhile: floating tag ${f.name} now points at it (${short(target)})`);
  }
}
