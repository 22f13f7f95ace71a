/**
 * Hardening of the config and tag lines (issue "hardening", items 8 and 9): a config path the
 * user named that is missing fails instead of silently dropping its policy; lines whose tags
 * cannot be told apart are config errors (see test/core/config.test.ts for the parser's table).
 */
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { CONFIG_PATH, log, messages, newRepoIn, pullPayload, runIn } from './support/action-scenarios.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const gh = useFakeGitHub();

const POLICY = 'version: 1\nrules: [{name: migration, paths: "db/**", status: added, bump: major}]\npolicy: {max-bump: minor}\n';

function policedPull(name: string) {
  const repo = newRepoIn(gh(), name);
  const base = repo.commit({ parents: [], files: { [CONFIG_PATH]: POLICY, '.github/release.yml': POLICY, 'src/a.ts': '1' }, branch: 'main' });
  repo.commit({ parents: [base], files: { 'db/V2__x.sql': 'x' }, branch: 'feature' });
  return { repo, pull: repo.openPull({ number: 1, base: 'main', head: 'feature' }) };
}

describe('an explicit config path that is missing', () => {
  it('fails the action step naming the path; only the default path falls back to the built-in rules', async () => {
    const explicit = policedPull('config-explicit');
    const r = await runIn(gh(), 'config-explicit', {
      event: 'pull_request',
      payload: pullPayload(explicit.repo, explicit.pull),
      inputs: { config: '.github/missing.yml' },
    });
    expect(r.code, log(r)).not.toBe(0);
    expect(messages(r, 'error').join()).toMatch(/config \.github\/missing\.yml does not exist at [0-9a-f]{7}/);
    expect(r.writes).toEqual([]);

    // The named file that exists is used, with its policy.
    const named = policedPull('config-named');
    const policed = await runIn(gh(), 'config-named', {
      event: 'pull_request',
      payload: pullPayload(named.repo, named.pull),
      inputs: { config: '.github/release.yml', label: 'false' },
    });
    expect(policed.code).not.toBe(0);
    expect(messages(policed, 'error').join()).toMatch(/policy: bump major is above policy\.max-bump minor/);
  });

  it('is exit 2 for --config with --github', async () => {
    const { pull } = policedPull('config-cli');
    let stderr = '';
    const code = await main(['--github', 'octo/config-cli', '--pr', String(pull.number), '--config', '.github/missing.yml'], {
      stdout: () => {},
      stderr: (t) => (stderr += t),
      cwd: '/',
      env: { GITHUB_API_URL: gh().url, GITHUB_TOKEN: 't' },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/config \.github\/missing\.yml does not exist/);
  });
});
