/** The CLI's remote preview (--github) against the fake GitHub API: same decision, no writes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-runner.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const gh = useFakeGitHub();
beforeAll(() => {
  const repo = gh().repo('octo', 'app');
  const config = 'version: 1\nrules:\n  - {name: source, paths: "src/**", bump: minor}\n  - {name: docs, paths: "docs/**", bump: none}\ncommits:\n  conventional: true\n';
  const base = repo.commit({ parents: [], files: { '.github/bump-classifier.yml': config, 'src/a.ts': '1' }, branch: 'main' });
  repo.refs.set('refs/tags/v1.4.0', base);
  repo.commit({ parents: [base], message: 'docs: guide', files: { 'docs/guide.md': 'x' }, branch: 'feature' });
  repo.openPull({ number: 12, base: 'main', head: 'feature', title: 'fix: correct the guide', labels: ['needs-review'] });
  repo.commit({ parents: [base], message: 'feat: new flag', files: { 'src/b.ts': '2' }, branch: 'main' });
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, '/', { GITHUB_API_URL: gh().url, GITHUB_TOKEN: 'preview-token', ...env });

describe('bump-classifier --github', () => {
  it('--pr N decides a pull request through the API, read-only', async () => {
    const from = gh().requests.length;
    const out = await cli(['--github', 'octo/app', '--pr', '12', '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const d = JSON.parse(out.stdout);
    expect(d).toMatchObject({ bump: 'patch', currentVersion: '1.4.0', nextVersion: '1.4.1', nextTag: 'v1.4.1' });
    expect(d.files).toEqual([{ path: 'docs/guide.md', previousPath: null, status: 'added', bump: 'none', rule: 'docs' }]);
    expect(d.commits.map((c: { sha: string; bump: string }) => [c.sha.slice(0, 6), c.bump])).toEqual([
      ['PR #12', 'patch'],
      [expect.any(String), 'none'],
    ]);
    const requests = gh().requests.slice(from);
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(requests.every((r) => r.headers.authorization === 'token preview-token')).toBe(true);
  });

  it('--base/--head decides a comparison; head defaults to the default branch', async () => {
    const out = await cli(['--github', 'octo/app', '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ bump: 'minor', baseRef: 'v1.4.0', nextVersion: '1.5.0' });
    const explicit = await cli(['--github', 'octo/app', '--base', 'v1.4.0', '--head', 'main', '--format', 'json']);
    expect(JSON.parse(explicit.stdout)).toMatchObject({ bump: 'minor', nextVersion: '1.5.0' });
  });

  it.each([
    [['--github', 'octo'], /^bump-classifier: --github: expected OWNER\/REPO, got "octo"\n$/],
    [['--pr', '1'], /^bump-classifier: --pr needs --github OWNER\/REPO\n$/],
    [['--github', 'octo/app', '--pr', 'x'], /--pr: expected a pull request number, got "x"/],
    [['--github', 'octo/app', '--pr', '1', '--base', 'a'], /--pr decides a pull request; leave out --base and --head/],
    [['--github', 'octo/nope', '--pr', '1'], /^bump-classifier: GET \/repos\/octo\/nope\/pulls\/1 failed with 404: Not Found\n$/],
  ])('%j is bad input: exit 2, one line', async (args, message) => {
    const out = await cli(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
  });
});
