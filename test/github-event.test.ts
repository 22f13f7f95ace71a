import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEvent } from '../src/action-io.js';
import { describe, expect, it, afterAll } from 'vitest';
import { planFor, SUPPORTED_EVENTS, type RunEvent } from '../src/github/event.js';
import { InputError } from '../src/core/errors.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const ZERO = '0'.repeat(40);

const pr = (extra: Record<string, unknown> = {}) => ({
  number: 7,
  pull_request: {
    number: 7,
    base: { sha: A, ref: 'main', repo: { full_name: 'octo/app' } },
    head: { sha: B, ref: 'feature', repo: { full_name: 'octo/app' } },
    labels: [{ name: 'semver:minor' }, { name: 'needs-review' }],
    ...extra,
  },
});

function event(eventName: string, payload: Record<string, unknown>, sha = C, ref = 'refs/heads/main'): RunEvent {
  return { eventName, payload, sha, ref };
}

describe('planFor: the SPEC event table', () => {
  it.each(['pull_request', 'pull_request_target'])('%s compares base.sha...head.sha from the payload and reads config at base.sha', (name) => {
    // GITHUB_SHA under PR events is a merge commit; it must never be used.
    expect(planFor(event(name, pr(), 'f'.repeat(40)))).toEqual({
      kind: 'pull',
      event: name,
      number: 7,
      baseSha: A,
      headSha: B,
      branch: 'main',
      configRef: A,
      labels: ['semver:minor', 'needs-review'],
      fork: false,
      changedFiles: null,
    });
  });

  it.each([
    [3000, 3000],
    [0, 0],
    [-1, null],
    [2.5, null],
    ['12', null],
  ])('changed_files %j in the payload is the stated count %j (the file pages are asked for with the PR read)', (stated, expected) => {
    expect(planFor(event('pull_request', pr({ changed_files: stated })))).toMatchObject({ changedFiles: expected });
  });

  it('marks fork PRs', () => {
    const payload = pr({ head: { sha: B, ref: 'x', repo: { full_name: 'someone/app' } } });
    expect(planFor(event('pull_request_target', payload))).toMatchObject({ fork: true, configRef: A });
  });

  it('push: latest release tag...after, else before, config at after, releases allowed', () => {
    expect(planFor(event('push', { ref: 'refs/heads/main', before: A, after: B }))).toEqual({
      kind: 'range',
      event: 'push',
      base: null,
      head: B,
      branch: 'main',
      configRef: B,
      releases: true,
    });
  });

  it('push of a new branch (before is zeros) falls back to the root commit', () => {
    expect(planFor(event('push', { ref: 'refs/heads/next', before: ZERO, after: B, created: true }))).toMatchObject({
      branch: 'next',
    });
  });

  it.each([
    ['a tag push', { ref: 'refs/tags/v1.0.0', before: ZERO, after: B }, /tag push/],
    ['a branch deletion', { ref: 'refs/heads/old', before: A, after: ZERO, deleted: true }, /branch deletion/],
  ])('%s has nothing to decide', (_, payload, reason) => {
    const plan = planFor(event('push', payload));
    expect(plan.kind).toBe('skip');
    expect(plan.kind === 'skip' && plan.reason).toMatch(reason);
  });

  it('merge_group: base_sha...head_sha, config at base_sha, no releases', () => {
    const payload = { merge_group: { base_sha: A, head_sha: B, base_ref: 'refs/heads/main', head_ref: 'refs/heads/gh-readonly-queue/main/pr-1' } };
    expect(planFor(event('merge_group', payload))).toEqual({
      kind: 'range',
      event: 'merge_group',
      base: A,
      head: B,
      branch: 'main',
      configRef: A,
      releases: false,
    });
  });

  it.each(['workflow_dispatch', 'schedule'])('%s: latest release tag...GITHUB_SHA, config at head', (name) => {
    expect(planFor(event(name, {}, C, 'refs/heads/main'))).toEqual({
      kind: 'range',
      event: name,
      base: null,
      head: C,
      branch: 'main',
      configRef: C,
      releases: true,
    });
  });

  it('base and head inputs override the event commits; a PR config still comes from its base', () => {
    expect(planFor(event('workflow_dispatch', {}), { base: 'v1.0.0', head: B })).toMatchObject({ base: 'v1.0.0', head: B, configRef: B });
    expect(planFor(event('pull_request', pr()), { head: C })).toMatchObject({ headSha: C, configRef: A });
  });

  it('an unsupported event is a clear error listing the supported ones', () => {
    expect(() => planFor(event('issues', {}))).toThrowError(InputError);
    expect(() => planFor(event('issues', {}))).toThrowError(
      `unsupported event "issues"; bump-classifier runs on ${SUPPORTED_EVENTS.join(', ')}`,
    );
  });

  it('a payload without the SHAs it needs is a clear error', () => {
    expect(() => planFor(event('pull_request', { number: 1, pull_request: { number: 1, base: {}, head: {} } }))).toThrowError(
      'the pull_request event payload has no pull_request.base.sha',
    );
    expect(() => planFor(event('merge_group', { merge_group: {} }))).toThrowError(/merge_group\.base_sha/);
  });
});

describe('readEvent: the runner\'s environment, read once', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bc-event-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = (payload: string | null, extra: Record<string, string> = {}) => {
    const file = path.join(dir, `event-${Math.random()}.json`);
    if (payload !== null) writeFileSync(file, payload);
    return { GITHUB_REPOSITORY: 'octo/app', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: file, GITHUB_SHA: 'a'.repeat(40), GITHUB_REF: 'refs/heads/main', ...extra };
  };

  it('reads the payload, name, SHA, ref and API URL as github.context does', () => {
    const context = readEvent(env('{"after": "b"}', { GITHUB_API_URL: 'https://ghe.example/api/v3', GITHUB_WORKSPACE: '/w' }));
    expect(context).toEqual({
      event: { eventName: 'push', payload: { after: 'b' }, sha: 'a'.repeat(40), ref: 'refs/heads/main' },
      repo: { owner: 'octo', repo: 'app' },
      apiUrl: 'https://ghe.example/api/v3',
      workspace: '/w',
    });
    expect(readEvent(env('{}')).apiUrl).toBe('https://api.github.com');
  });

  it.each([
    ['a missing payload file', null, /cannot read the event payload GITHUB_EVENT_PATH=.*ENOENT/],
    ['a payload that is not JSON', '{"after":', /cannot read the event payload GITHUB_EVENT_PATH=/],
    ['a payload that is not an object', '[1]', /is not a JSON object/],
  ])('%s is a clear failure', (_, payload, message) => {
    expect(() => readEvent(env(payload))).toThrowError(message);
  });
});
