/**
 * The shapes of the GitHub responses the action reads, checked at the edge: a missing or mistyped
 * field is an ApiError naming the route and the field, never a TypeError later and never a
 * silently empty list. Only the fields we read are checked; extra fields pass through
 * (`looseObject`), because GitHub adds fields all the time.
 */
import * as z from 'zod';
import { ApiError, pageGuard, routeOf, type GitHubClient } from './client.js';

const sha = z.string().min(1);
const labels = z.array(z.looseObject({ name: z.string() }));

export const PullSchema = z.looseObject({
  number: z.number(),
  title: z.string(),
  draft: z.boolean().nullish(),
  changed_files: z.number().int().nonnegative(),
  commits: z.number().int().nonnegative(),
  labels,
  base: z.looseObject({ sha, ref: z.string() }),
  head: z.looseObject({ sha }),
});

export const FileSchema = z.looseObject({
  filename: z.string(),
  previous_filename: z.string().optional(),
  status: z.string(),
  patch: z.string().optional(),
});
export const FileListSchema = z.array(FileSchema);

export const CommitSchema = z.looseObject({ sha, commit: z.looseObject({ message: z.string() }) });
export const CommitListSchema = z.array(CommitSchema);

export const CompareSchema = z.looseObject({
  status: z.string(),
  ahead_by: z.number().int().nonnegative(),
  total_commits: z.number().int().nonnegative(),
  merge_base_commit: z.looseObject({ sha }),
  commits: CommitListSchema,
  files: FileListSchema.optional(),
});

/** A recursive tree; entries other than blobs (trees, submodules) need only a type. */
export const TreeSchema = z.looseObject({
  truncated: z.boolean().optional(),
  tree: z.array(
    z.looseObject({ path: z.string(), type: z.string(), mode: z.string().optional(), sha: z.string().optional() }),
  ),
});

/** A git ref (`git/ref`, `git/refs`, `git/matching-refs` items). */
export const RefSchema = z.looseObject({ ref: z.string(), object: z.looseObject({ sha, type: z.string() }) });
export const RefListSchema = z.array(RefSchema);

/** An annotated tag object (`git/tags/{sha}`). */
export const TagObjectSchema = z.looseObject({ object: z.looseObject({ sha, type: z.string() }) });

export const CommitRefSchema = z.looseObject({ sha });

export const AssociatedPullListSchema = z.array(
  z.looseObject({ number: z.number(), merge_commit_sha: z.string().nullable(), merged_at: z.string().nullable(), labels }),
);

/** An issue comment; `body` is absent when the comment was fetched without the body media type. */
export const CommentSchema = z.looseObject({ id: z.number(), body: z.string().nullish() });
export const CommentListSchema = z.array(CommentSchema);

export const ReleaseSchema = z.looseObject({ id: z.number(), html_url: z.string(), tag_name: z.string() });

/** A release as the list shows it (drafts included, for a token with push access). */
export const ListedReleaseSchema = z.looseObject({
  id: z.number(),
  html_url: z.string(),
  tag_name: z.string(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  name: z.string().nullish(),
  body: z.string().nullish(),
  target_commitish: z.string(),
});
export const ReleaseListSchema = z.array(ListedReleaseSchema);

/** "Generate release notes content for a release". */
export const GeneratedNotesSchema = z.looseObject({ name: z.string(), body: z.string() });

export const LabelSchema = z.looseObject({ name: z.string() });
export const LabelListSchema = z.array(LabelSchema);

/**
 * `data` as `schema` says, or an ApiError naming the route and the first wrong field
 * (`GET /repos/o/r/pulls/1: GitHub's response has no valid "base.sha" (... expected string ...)`).
 */
export function checkShape<S extends z.ZodType>(schema: S, data: unknown, route: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  const where = field === '' ? 'the body' : `"${field}"`;
  throw new ApiError(`${route}: GitHub's response has no valid ${where} (${issue.message})`, null, route);
}

type Paginatable = Parameters<GitHubClient['paginate']['iterator']>[0];
type PageResponse = Parameters<ReturnType<typeof pageGuard>>[0];
type Endpoint = { endpoint: (params: object) => { method: string; url: string } };

/**
 * Every item of a paginated list, each page checked against `schema` (an array schema), at most
 * `maxPages` pages (from the count GitHub stated), never a page twice: a loop or a list longer
 * than stated ends in an ApiError naming the route instead of running until memory runs out.
 * Use instead of `client.paginate` (e.g. `paginateChecked(client, client.rest.issues.listComments,
 * { ...repo, issue_number, per_page: 100 }, CommentListSchema, 30)`).
 */
export async function paginateChecked<S extends z.ZodType<unknown[]>>(
  client: GitHubClient,
  method: Paginatable & Endpoint,
  params: object,
  schema: S,
  maxPages: number,
): Promise<z.infer<S>> {
  const route = routeOf(method.endpoint(params));
  const items: unknown[] = [];
  const guard = pageGuard(maxPages);
  const iterator = client.paginate.iterator(method as Paginatable, params as never) as AsyncIterable<PageResponse>;
  for await (const response of iterator) {
    guard(response);
    items.push(...(checkShape(schema, response.data, route) as unknown[]));
  }
  return items as z.infer<S>;
}
