/**
 * Smoke tests of the committed action bundle (dist/index.cjs): one run per kind of event, each a
 * child process with the environment a GitHub runner gives it, against the fake GitHub API.
 * They prove the bundle loads (its entry and the decision chunk), reads the runner's files and
 * speaks its protocol: GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, workflow commands on stdout, the
 * process's exit code. What the action decides and writes is judged against src, in process,
 * by test/action-e2e.test.ts and the other end-to-end suites; after an edit to src, `npm run
 * bundle` brings dist/ up to date (CI rebuilds and diffs it).
 */
import { describe, expect, it } from 'vitest';
import { runBundle } from './support/action-runner.js';
import { CONFIG_PATH, log, messages, newRepoIn, pullPayload, pushPayload, runIn, type Run } from './support/action-scenarios.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const ZERO = '0'.repeat(40);
const CONFIG = `version: 1
rules:
  - { name: migration, paths: "db/**", status: added, bump: major }
  - { name: source, paths: "src/**", bump: minor }
labels:
  bump: { major: "semver:major", minor: "semver:minor" }
policy:
  max-bump: minor
`;

const gh = useFakeGitHub();

const runDist = (name: string, options: Parameters<typeof runIn>[2]): Promise<Run> => runIn(gh(), name, options, runBundle);

/** A bundle run that went well: exit 0, the token masked first, nothing on stderr. */
function expectClean(r: Run): void {
  expect(r.code, log(r)).toBe(0);
  expect(r.stdout.startsWith('::add-mask::test-token'), log(r)).toBe(true);
  expect(messages(r, 'error'), log(r)).toEqual([]);
  expect(r.stderr).toBe('');
}

/** main at `root` (the config, one source file, tag v1.0.0) and `head` on `branch` with `files`. */
function repoWith(name: string, files: Record<string, string>, branch = 'main') {
  const repo = newRepoIn(gh(), name);
  const root = repo.commit({ parents: [], files: { [CONFIG_PATH]: CONFIG, 'src/a.ts': 'a\n' }, branch: 'main' });
  repo.refs.set('refs/tags/v1.0.0', root);
  const head = repo.commit({ parents: [root], files, branch });
  return { repo, root, head };
}

describe('dist/index.cjs', () => {
  it('pull_request: outputs, the summary and the labels; a policy failure exits 1', async () => {
    const ok = repoWith('smoke-pr', { 'src/b.ts': 'b\n' }, 'feature');
    const r = await runDist('smoke-pr', { event: 'pull_request', payload: pullPayload(ok.repo, ok.repo.openPull({ number: 1, base: 'main', head: 'feature' })) });
    expectClean(r);
    expect(r.outputs).toMatchObject({ bump: 'minor', changed: 'true', 'next-version': '1.1.0', labels: '["semver:minor"]' });
    expect(r.summary).toMatch(/^### Bump \*\*minor\*\*/);
    expect(r.stdout).toMatch(/^bump minor/m);
    expect(ok.repo.pulls.get(1)!.labels).toEqual(['semver:minor']);

    const bad = repoWith('smoke-pr-policy', { 'db/V2.sql': 'x\n' }, 'feature');
    const pull = bad.repo.openPull({ number: 1, base: 'main', head: 'feature' });
    const failed = await runDist('smoke-pr-policy', { event: 'pull_request', payload: pullPayload(bad.repo, pull), inputs: { label: 'false' } });
    expect(failed.code, log(failed)).toBe(1);
    expect(messages(failed, 'error')).toEqual([expect.stringMatching(/^policy: bump major is above policy\.max-bump minor/)]);
    expect(failed.outputs.bump).toBe('major'); // outputs and summary come before the failure
  });

  it('push: tags the pushed commit and publishes its release', async () => {
    const { repo, root, head } = repoWith('smoke-push', { 'src/b.ts': 'b\n' });
    const r = await runDist('smoke-push', { event: 'push', payload: pushPayload(repo, { before: root, after: head }), inputs: { release: 'true' } });
    expectClean(r);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'next-tag': 'v1.1.0', 'tag-created': 'v1.1.0' });
    expect(r.outputs['release-url']).toMatch(/v1\.1\.0$/);
    expect(repo.refs.get('refs/tags/v1.1.0')).toBe(head);
    expect(r.writes).toEqual(['POST /git/refs', 'POST /releases']);
  });

  it('workflow_dispatch: the latest release tag against GITHUB_SHA, nothing written', async () => {
    const { repo, head } = repoWith('smoke-dispatch', { 'src/b.ts': 'b\n' });
    const r = await runDist('smoke-dispatch', { event: 'workflow_dispatch', payload: { inputs: {}, ref: 'refs/heads/main' }, sha: head, ref: 'refs/heads/main' });
    expectClean(r);
    expect(r.outputs).toMatchObject({ bump: 'minor', 'current-version': '1.0.0', 'next-version': '1.1.0', 'file-count': '1' });
    expect(r.writes).toEqual([]);
    expect(repo.refs.has('refs/tags/v1.1.0')).toBe(false);
  });

  it('a tag push: nothing to decide, no API request, every output set', async () => {
    const { repo, head } = repoWith('smoke-tag', { 'src/b.ts': 'b\n' });
    const from = gh().requests.length;
    const r = await runDist('smoke-tag', { event: 'push', payload: pushPayload(repo, { ref: 'refs/tags/v1.1.0', before: ZERO, after: head }) });
    expectClean(r);
    expect(r.outputs).toMatchObject({ bump: 'none', changed: 'false', 'next-version': '', 'tag-created': '', 'release-url': '' });
    expect(r.summary).toMatch(/^### No release decision/);
    expect(gh().requests.slice(from)).toEqual([]);
  });
});
