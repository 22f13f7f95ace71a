/**
 * What an event asks for (SPEC section 4, "Events"): which commits to compare, where the config
 * is read, and which writes are allowed. Pure: the event name and payload in, a Plan out.
 */
import { InputError } from '../core/errors.js';

export const SUPPORTED_EVENTS = [
  'pull_request',
  'pull_request_target',
  'push',
  'merge_group',
  'workflow_dispatch',
  'schedule',
] as const;

const ZERO_SHA = /^0+$/;

/** The event as the runner describes it; read once at the edge. */
export interface RunEvent {
  eventName: string;
  payload: Record<string, unknown>;
  /** GITHUB_SHA and GITHUB_REF: used only for events without their own SHAs. */
  sha: string;
  ref: string;
}

export type Plan = SkipPlan | PullPlan | RangePlan;

/** Nothing to decide (tag push, branch deletion): bump none, no writes. */
export interface SkipPlan {
  kind: 'skip';
  reason: string;
}

/** A pull request: base.sha...head.sha from the payload, config at base.sha. */
export interface PullPlan {
  kind: 'pull';
  /** pull_request or pull_request_target. */
  event: string;
  number: number;
  baseSha: string;
  headSha: string;
  /** The branch the PR targets: it selects the prerelease channel. */
  branch: string;
  configRef: string;
  labels: string[];
  fork: boolean;
  /** The payload's `changed_files`: the file pages can be asked for before the PR is read. */
  changedFiles: number | null;
}

/** A range: push, merge_group, workflow_dispatch, schedule. */
export interface RangePlan {
  kind: 'range';
  event: string;
  /** Explicit base, or null: each line from its current release (before the first: the whole history). */
  base: string | null;
  head: string;
  branch: string | null;
  configRef: string;
  /** Tags and releases may be written (push and dispatch/schedule, never merge_group). */
  releases: boolean;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function required(value: unknown, what: string, event: string): string {
  const found = text(value);
  if (found === null) throw new InputError(`the ${event} event payload has no ${what}`);
  return found;
}

function branchOf(ref: string | null): string | null {
  return ref !== null && ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
}

/** The plan for an event; `base`/`head` inputs override the event's own commits. */
export function planFor(event: RunEvent, inputs: { base?: string; head?: string } = {}): Plan {
  const { eventName, payload } = event;
  const name = eventName;
  switch (name) {
    case 'pull_request':
    case 'pull_request_target': {
      const pr = record(payload.pull_request);
      const base = record(pr.base);
      const head = record(pr.head);
      const number = typeof pr.number === 'number' ? pr.number : Number(payload.number);
      if (!Number.isInteger(number) || number <= 0) throw new InputError(`the ${name} event payload has no pull request number`);
      const baseSha = required(base.sha, 'pull_request.base.sha', name);
      const headRepo = text(record(head.repo).full_name);
      const baseRepo = text(record(base.repo).full_name);
      return {
        kind: 'pull',
        event: name,
        number,
        baseSha: inputs.base ?? baseSha,
        headSha: inputs.head ?? required(head.sha, 'pull_request.head.sha', name),
        branch: text(base.ref) ?? '',
        // Never the PR head: a PR must not be judged by the config it brings.
        configRef: baseSha,
        labels: Array.isArray(pr.labels) ? pr.labels.map((l) => text(record(l).name)).filter((l): l is string => l !== null) : [],
        fork: headRepo !== null && baseRepo !== null && headRepo !== baseRepo,
        changedFiles: Number.isSafeInteger(pr.changed_files) && (pr.changed_files as number) >= 0 ? (pr.changed_files as number) : null,
      };
    }
    case 'push': {
      const ref = text(payload.ref) ?? event.ref;
      if (ref.startsWith('refs/tags/')) return { kind: 'skip', reason: `a tag push (${ref}) has nothing to decide` };
      if (payload.deleted === true || ZERO_SHA.test(text(payload.after) ?? '')) {
        return { kind: 'skip', reason: `a branch deletion (${ref}) has nothing to decide` };
      }
      const after = required(payload.after, 'after', name);
      const head = inputs.head ?? after;
      return {
        kind: 'range',
        event: name,
        base: inputs.base ?? null,
        head,
        branch: branchOf(ref),
        configRef: head,
        releases: true,
      };
    }
    case 'merge_group': {
      const group = record(payload.merge_group);
      const baseSha = required(group.base_sha, 'merge_group.base_sha', name);
      return {
        kind: 'range',
        event: name,
        base: inputs.base ?? baseSha,
        head: inputs.head ?? required(group.head_sha, 'merge_group.head_sha', name),
        branch: branchOf(text(group.base_ref)),
        configRef: baseSha,
        releases: false,
      };
    }
    case 'workflow_dispatch':
    case 'schedule': {
      if (event.ref.startsWith('refs/tags/') && inputs.base === undefined && inputs.head === undefined) {
        return { kind: 'skip', reason: `${name} on a tag (${event.ref}) has nothing to decide` };
      }
      const head = inputs.head ?? required(event.sha, 'GITHUB_SHA', name);
      return {
        kind: 'range',
        event: name,
        base: inputs.base ?? null,
        head,
        branch: branchOf(event.ref),
        configRef: head,
        releases: true,
      };
    }
    default:
      throw new InputError(`unsupported event "${name}"; bump-classifier runs on ${SUPPORTED_EVENTS.join(', ')}`);
  }
}
