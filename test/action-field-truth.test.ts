/**
 * The action on the situations real repositories create (issue "right version in the field"),
 * against the fake GitHub API: the same current-release rule as the CLI, monorepo components
 * measured from their own tags with one comparison per distinct base, `changed` meaning
 * "something would be released", and a next tag that already exists failing the step unwritten.
 */
import { describe, expect, it } from 'vitest';
import type { RunActionOptions } from './support/action-runner.js';
import { CONFIG_PATH, json, log, messages, newRepoIn, pushPayload, runIn, type Run } from './support/action-scenarios.js';
import type { FakeRepo } from './support/fake-github/index.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const gh = useFakeGitHub();

const run = (name: string, options: Omit<RunActionOptions, 'gh' | 'repo'>): Promise<Run> => runIn(gh(), name, options);
const CONFIG = 'version: 1\nrules: [{name: source, paths: "src/**", bump: minor}, {name: docs, paths: "docs/**", bump: none}]\n';

function expectSuccess(r: Run): void {
  expect(r.code, log(r)).toBe(0);
  expect(messages(r, 'error'), log(r)).toEqual([]);
}

const compares = (r: Run): string[] => r.requests.filter((q) => q.path.includes('/compare/')).map((q) => q.path.replace(/^.*\/compare\//, ''));

describe('which tag is the current release, as the CLI reads it', () => {
  it('a release commit off the branch counts; a floating tag never does', async () => {
    const repo = newRepoIn(gh(), 'off-branch');
    const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': '1' }, branch: 'main' });
    const release = repo.commit({ parents: [root], message: 'Version Packages', files: { 'CHANGELOG.md': '2.1.1' } });
    repo.refs.set('refs/tags/v2.1.1', release);
    repo.refs.set('refs/tags/v2', release);
    const after = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    const r = await run('off-branch', { event: 'push', payload: pushPayload(repo, { before: root, after }) });
    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '2.1.1', 'next-version': '2.2.0', bump: 'minor', changed: 'true' });
    expect(json<{ path: string }[]>(r.outputs.files).map((f) => f.path)).toEqual(['src/b.ts']);
    expect(compares(r)).toEqual([`${release}...${after}`]);
    expect(messages(r, 'warning')).toEqual([]);
  });

  it('a maintenance branch releases within its range', async () => {
    const repo = newRepoIn(gh(), 'maintenance');
    const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': '1' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.0.0', root);
    repo.refs.set('refs/tags/v2.0.0', repo.commit({ parents: [root], files: { 'src/two.ts': '1' }, branch: 'main' }));
    const fix = repo.commit({ parents: [root], files: { 'src/a.ts': '2' }, branch: '1.x' });
    const r = await run('maintenance', {
      event: 'push',
      payload: pushPayload(repo, { ref: 'refs/heads/1.x', before: root, after: fix }),
      inputs: { tag: 'true' },
    });
    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', 'next-version': '1.1.0', 'tag-created': 'v1.1.0' });
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(fix);
  });

  it('a next tag that already exists at another commit fails the step, naming it, and writes nothing', async () => {
    const repo = newRepoIn(gh(), 'existing-tag');
    const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': '1' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.0.0', root);
    const middle = repo.commit({ parents: [root], files: { 'src/b.ts': '1' }, branch: 'main' });
    const later = repo.commit({ parents: [middle], files: { 'src/c.ts': '1' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.1.0', later);
    const r = await run('existing-tag', {
      event: 'workflow_dispatch',
      payload: { inputs: {} },
      sha: later,
      ref: 'refs/heads/main',
      inputs: { head: middle, tag: 'true' },
    });
    expect(r.code, log(r)).not.toBe(0);
    expect(messages(r, 'error').join()).toContain(`the next tag v1.1.0 was already released at ${later.slice(0, 7)}, a later commit than head`);
    expect(r.writes).toEqual([]);
    expect(r.outputs['next-tag']).toBeUndefined();
  });
});

describe('a `base` input says where the change starts, not which releases exist (as in the CLI)', () => {
  function history(name: string, second: Record<string, string>, third: Record<string, string>) {
    const repo = newRepoIn(gh(), name);
    const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': '1' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.0.0', root);
    const older = repo.commit({ parents: [root], files: second, branch: 'main' });
    const later = repo.commit({ parents: [older], files: third, branch: 'main' });
    repo.refs.set('refs/tags/v1.1.0', later);
    return { repo, root, older, later };
  }

  it('a release after head is set aside with a warning, never taken as the current one', async () => {
    const { later, older } = history('base-later-release', { 'docs/x.md': 'x' }, { 'src/b.ts': '1' });
    const r = await run('base-later-release', {
      event: 'workflow_dispatch',
      payload: { inputs: {} },
      sha: later,
      ref: 'refs/heads/main',
      inputs: { base: 'v1.0.0', head: older, 'dry-run': 'true' },
    });
    expectSuccess(r);
    expect(r.outputs).toMatchObject({ 'current-version': '1.0.0', bump: 'none' });
    expect(json<string[]>(r.outputs.warnings).join()).toContain('tag v1.1.0 is a later release');
  });

  it('a next tag released at a later commit fails the step and writes nothing (it used to tag v1.2.0 on the older commit)', async () => {
    const { repo, later, older } = history('base-existing-next', { 'src/b.ts': '1' }, { 'docs/x.md': '1' });
    const r = await run('base-existing-next', {
      event: 'workflow_dispatch',
      payload: { inputs: {} },
      sha: later,
      ref: 'refs/heads/main',
      inputs: { base: 'v1.0.0', head: older, tag: 'true' },
    });
    expect(r.code).not.toBe(0);
    expect(messages(r, 'error').join()).toContain(`the next tag v1.1.0 was already released at ${later.slice(0, 7)}, a later commit than head`);
    expect(r.writes).toEqual([]);
    expect(repo.refs.has('refs/tags/v1.2.0')).toBe(false);
  });
});

describe('monorepo components measured from their own latest tag', () => {
  const MONO = 'version: 1\ncomponents:\n  - {name: api, paths: "services/api/**"}\n  - {name: web, paths: "web/**"}\n  - {name: cli, paths: "cli/**"}\n';

  function monorepo(name: string): { repo: FakeRepo; root: string; apiRelease: string } {
    const repo = newRepoIn(gh(), name);
    const root = repo.commit({
      parents: [],
      files: { [CONFIG_PATH]: MONO, 'services/api/a.ts': '1', 'web/w.ts': '1', 'cli/c.ts': '1', 'README.md': 'r' },
      branch: 'main',
    });
    for (const tag of ['api@1.0.0', 'web@1.0.0', 'cli@1.0.0']) repo.refs.set(`refs/tags/${tag}`, root);
    const apiRelease = repo.commit({ parents: [root], files: { 'services/api/b.ts': '1' }, branch: 'main' });
    repo.refs.set('refs/tags/api@1.1.0', apiRelease);
    return { repo, root, apiRelease };
  }

  it('after api@1.1.0, a web change releases web only; bases shared by components share one comparison', async () => {
    const { repo, root, apiRelease } = monorepo('mono-push');
    const after = repo.commit({ parents: [apiRelease], files: { 'web/x.ts': '1' }, branch: 'main' });
    const r = await run('mono-push', { event: 'push', payload: pushPayload(repo, { before: apiRelease, after }), inputs: { tag: 'true' } });
    expectSuccess(r);
    const components = json<{ name: string; currentVersion: string; nextTag: string; baseRef: string }[]>(r.outputs.components);
    expect(components).toEqual([expect.objectContaining({ name: 'web', currentVersion: '1.0.0', nextTag: 'web@1.1.0', baseRef: 'web@1.0.0' })]);
    expect(r.outputs).toMatchObject({ changed: 'true', 'current-version': '', 'next-version': '', 'tag-created': 'web@1.1.0' });
    // api from its own tag; web and cli share root's.
    expect(compares(r).sort()).toEqual([`${apiRelease}...${after}`, `${root}...${after}`].sort());
    expect(r.writes).toEqual(['POST /git/refs']);
  });

  it('30 components tagged at 30 commits: one comparison per distinct base, none per file or commit', async () => {
    const repo = newRepoIn(gh(), 'mono-thirty');
    const names = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const config = `version: 1\ncomponents:\n${names.map((n) => `  - {name: ${n}, paths: "${n}/**"}`).join('\n')}\n`;
    let sha = repo.commit({ parents: [], files: { [CONFIG_PATH]: config, ...Object.fromEntries(names.map((n) => [`${n}/a.ts`, '1'])) }, branch: 'main' });
    for (const n of names) {
      repo.refs.set(`refs/tags/${n}@1.0.0`, sha);
      sha = repo.commit({ parents: [sha], files: { [`${n}/a.ts`]: '2' }, branch: 'main' });
    }
    const r = await run('mono-thirty', { event: 'push', payload: pushPayload(repo, { before: sha, after: sha }) });
    expectSuccess(r);
    expect(compares(r)).toHaveLength(30);
    expect(new Set(compares(r)).size).toBe(30);
    // Every component changed since its own tag (each later commit touched it).
    expect(json<unknown[]>(r.outputs.components)).toHaveLength(30);
  });

  it('a push that changes no component: changed is false and the matrix list is empty', async () => {
    const { repo, apiRelease } = monorepo('mono-nothing');
    const after = repo.commit({ parents: [apiRelease], files: { 'README.md': 'more' }, branch: 'main' });
    const r = await run('mono-nothing', { event: 'push', payload: pushPayload(repo, { before: apiRelease, after }), inputs: { tag: 'true' } });
    expectSuccess(r);
    expect(r.outputs).toMatchObject({ changed: 'false', components: '[]', bump: 'none', 'tag-created': '' });
    expect(r.writes).toEqual([]);
  });
});
