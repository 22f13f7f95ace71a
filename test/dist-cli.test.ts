/** The committed bundle, run as users run it: `node dist/cli.js` in a child process. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo } from './support/git-repo.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dist/cli.js', () => {
  const repo = new TestRepo();
  afterAll(() => repo.cleanup());

  it('decides a change and exits 0', () => {
    repo.commit('init', { 'src/a.ts': '1' });
    repo.tag('v0.3.0');
    repo.commit('feat', { 'src/b.ts': '1' });
    const out = run(['--format', 'json'], repo.dir);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ bump: 'minor', currentVersion: '0.3.0', nextVersion: '0.4.0', nextTag: 'v0.4.0' });
  });

  it('exits 2 with one line and no stack trace on bad input', () => {
    const out = run(['--base', 'no-such-ref'], repo.dir);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('runs the README quick start on this repository with the built-in defaults', () => {
    const out = run([], ROOT);
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toMatch(/^bump (none|patch|minor|major): /);
  });
});
