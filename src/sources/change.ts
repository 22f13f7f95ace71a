/**
 * From a request to a decision, through the change-source port: the one way the CLI (local git
 * or --github) and the action gather what decide() needs.
 *
 * 1. List the release tags of every line (the top level and each component).
 * 2. Choose each line's current release by the core's rule; a candidate at head or after it (the
 *    source says where it stands) is set aside and the next one tried.
 * 3. Measure each line from its own current release (or every line from an explicit base): one
 *    read per distinct base, all in one `read` call so a source can batch them.
 * 4. Decide; when a next tag already exists and the listing did not say where, ask, and decide
 *    again: a next tag at another commit is an error, never the answer.
 */
import {
  decide,
  filesNeedingPatch,
  latestReleaseTag,
  maintenanceRangeOf,
  needsHeadTree,
  releaseLines,
  type CommitInput,
  type Config,
  type Decision,
  type DecideInput,
  type LineChange,
  type TagPlace,
} from '../core/index.js';
import { mapPool } from './pool.js';
import type { ChangeSource, Range, RangeChange, SourceTag } from './port.js';

export interface ChangeRequest {
  config: Config;
  /** The head commit (SHA) and how it was named. */
  head: string;
  headRef: string;
  /** The branch: the prerelease channel and the maintenance range. */
  branch: string | null;
  /** An explicit base (a SHA and its name) for every line; null: each line from its current release. */
  base: { sha: string; ref: string } | null;
  labels?: readonly string[];
  /** Commits that belong to the change besides the range's (a PR's title, newest first). */
  extraCommits?: readonly CommitInput[];
  /**
   * Whether to ask where a current-release candidate stands (at head, after it). Cheap in git;
   * through the API it costs a comparison, which a pull request does not need (its head is new).
   */
  checkPlaces?: boolean;
  /** Warnings and notices gathered before (config, event). */
  warnings?: readonly string[];
  /** The one component asked about (--component): other components that cannot be decided only warn. */
  only?: string;
  /** Code the decision needs that is still loading (the commit parser): awaited once the change is read. */
  loading?: Promise<unknown>;
}

export interface GatheredChange {
  input: DecideInput;
  /** Tags by name, as listed. */
  tags: Map<string, SourceTag>;
}

/** The tag-format prefixes to list tags under. */
function prefixesOf(config: Config): string[] {
  return [config.tagFormat.prefix, ...(config.components ?? []).map((c) => c.tagFormat.prefix)];
}

export async function gatherChange(source: ChangeSource, request: ChangeRequest): Promise<GatheredChange> {
  const { config, head, branch } = request;
  const listed = await source.tags(prefixesOf(config));
  const tags = new Map(listed.map((t) => [t.name, t]));
  const names = [...tags.keys()];
  const lines = releaseLines(config);

  // Current releases: the highest on the line, setting aside tags at or after head.
  // Lines are looked at together (a place through the API is a comparison, which the read of
  // that range then reuses); where a tag stands is a fact about the tag, so they share `notBefore`.
  const notBefore = new Map<string, TagPlace>();
  // Tags the listing shows at head are the change's own, whatever their version: a hotfix branch
  // tagged v1.0.1 while v2.0.0 is the highest is at its release, not before a v2.1.0.
  for (const t of listed) if (t.commit === head) notBefore.set(t.name, 'at-head');
  const current = new Map<string, string | null>();
  await mapPool(lines, 8, async (line) => {
    const name = line.component === null ? null : line.name;
    for (;;) {
      const tag = latestReleaseTag(config, names, branch, name, notBefore);
      const place = tag !== null && request.checkPlaces !== false ? await source.placeOf(tags.get(tag)!, head) : null;
      if (place === null) {
        current.set(line.name, tag);
        return;
      }
      notBefore.set(tag!, place);
    }
  });

  // One range per distinct base.
  const baseOf = (line: string): string | null => (request.base !== null ? request.base.sha : (current.get(line) ?? null));
  const ranges: Range[] = [];
  const index = new Map<string | null, number>();
  // A component needs only the directories its paths name; the top level needs everything.
  const dirsOf = (line: (typeof lines)[number]): string[] => (line.component === null ? [''] : line.component.paths.directories());
  const wanted = request.base !== null ? [{ base: request.base.sha, dirs: [''] }] : lines.map((l) => ({ base: baseOf(l.name), dirs: dirsOf(l) }));
  const dirsByBase = new Map<string | null, Set<string>>();
  for (const { base, dirs } of wanted) {
    if (!index.has(base)) {
      index.set(base, ranges.length);
      ranges.push({ base, head });
      dirsByBase.set(base, new Set());
    }
    for (const d of dirs) dirsByBase.get(base)!.add(d);
  }
  for (const range of ranges) {
    const dirs = dirsByBase.get(range.base)!;
    if (!dirs.has('')) range.paths = [...dirs];
  }
  const read = await source.read(ranges, {
    // A Release-As footer counts in any commit, whatever commits.conventional says; before the
    // first release (the whole history, page by page through the API) only with it on.
    commits: config.conventionalCommits || ranges.every((r) => r.base !== null),
    patches: (files) => filesNeedingPatch(config, files),
  });
  const extra = request.extraCommits ?? [];
  const asLine = (change: RangeChange, base: string | null): LineChange => ({
    base: change.mergeBase,
    baseRef: request.base?.ref ?? base ?? 'empty tree (first release)',
    files: change.files,
    truncated: change.truncated,
    commits: change.commits === null ? null : [...extra, ...change.commits],
    warnings: change.warnings,
  });
  const byBase = new Map<string | null, LineChange>([...index].map(([base, i]) => [base, asLine(read[i]!, base)]));

  let top: LineChange;
  const perLine = new Map<string, LineChange>();
  if (request.base !== null) {
    top = byBase.get(request.base.sha)!;
  } else {
    for (const line of lines) perLine.set(line.name, byBase.get(baseOf(line.name))!);
    // decide() measures the top level from `lines`: the root line's change, or without a
    // top-level version the union of what the components release; it also reports their warnings.
    top = perLine.get(lines[0]!.name)!;
  }

  const tagCommits = new Map<string, string>();
  for (const t of listed) if (t.commit !== null) tagCommits.set(t.name, t.commit);
  const inHistory = (base: string): boolean | undefined => read[index.get(base)!]?.baseInHistory;
  const warnings = [...(request.warnings ?? []), ...(perLine.size > 0 ? [] : top.warnings), ...behindItsLine(request, current, byBase, tagCommits, inHistory)];
  const input: DecideInput = {
    config,
    files: top.files,
    truncated: top.truncated,
    tags: names,
    base: top.base,
    baseRef: top.baseRef,
    head,
    headRef: request.headRef,
    branch,
    headTree: needsHeadTree(config) ? await source.headTree(head) : null,
    labels: request.labels ?? [],
    warnings,
    commits: top.commits,
    notBefore,
    tagCommits,
    lines: perLine.size > 0 ? perLine : undefined,
    only: request.only,
  };
  return { input, tags };
}

/**
 * A maintenance branch whose current release is not in its history (cut from an older release,
 * or released from elsewhere): its next version would follow that release without what it
 * shipped. Said, since the version alone would look right. A source that knows neither the
 * tag's commit nor the comparison's status says nothing.
 */
function behindItsLine(
  request: ChangeRequest,
  current: ReadonlyMap<string, string | null>,
  byBase: ReadonlyMap<string | null, LineChange>,
  tagCommits: ReadonlyMap<string, string>,
  inHistory: (base: string) => boolean | undefined,
): string[] {
  const range = maintenanceRangeOf(request.config, request.branch);
  if (range === null || request.base !== null) return [];
  const warnings = new Set<string>();
  for (const tag of new Set(current.values())) {
    const mergeBase = byBase.get(tag)?.base;
    if (tag === null || mergeBase === undefined || mergeBase === null) continue;
    // The tag's commit when the listing gives it (git; lightweight tags through the API), else
    // what the comparison says (an annotated tag through the API).
    const commit = tagCommits.get(tag);
    const behind = commit !== undefined ? mergeBase !== commit : inHistory(tag) === false;
    if (!behind) continue;
    warnings.add(
      `the current release ${tag} of the ${range.range} range is not in the history of branch ${range.branch} (they part at ${mergeBase.slice(0, 7)}), ` +
        `so its next release would lack what ${tag} shipped; merge ${tag} into ${range.branch}`,
    );
  }
  return [...warnings];
}

/**
 * Decides a gathered change. A next tag that exists with a commit the listing did not give (an
 * annotated tag through the API) is looked up, and the decision made again with it known.
 */
export async function decideGathered(source: ChangeSource, { input, tags }: GatheredChange): Promise<Decision> {
  let decision = decide(input);
  const unknown = [decision.nextTag, ...decision.components.map((c) => c.nextTag)].filter(
    (t): t is string => t !== null && tags.has(t) && !input.tagCommits?.has(t),
  );
  if (unknown.length === 0) return decision;
  const commits = new Map(input.tagCommits);
  for (const name of new Set(unknown)) commits.set(name, await source.tagCommit(tags.get(name)!));
  decision = decide({ ...input, tagCommits: commits });
  return decision;
}

export async function decideChange(source: ChangeSource, request: ChangeRequest): Promise<Decision> {
  const gathered = await gatherChange(source, request);
  await request.loading;
  return decideGathered(source, gathered);
}
