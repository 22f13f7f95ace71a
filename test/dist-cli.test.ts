/** The committed bundle, run as users run it: `node dist/cli.js` in a child process. */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
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

  it("runs the README quick start on this repository, with the project's own config", () => {
    const out = run([], ROOT);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(''); // the config is found: no "using the built-in rules" notice
    expect(out.stdout.split('\n')[0]).toMatch(/^bump (none|patch|minor|major): /);
    expect(out.stdout).toMatch(/^minor +\S+ +source +src\/core\/decide\.ts$/m);
    expect(out.stdout).toMatch(/^none +\S+ +bundle +dist\/cli\.js$/m);
  });
});

/** The bundle's files reached from `file` through static imports (import() excluded). */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s*|import\s*)"(\.{1,2}\/[^"]+\.js)"/g)) staticClosure(path.resolve(path.dirname(file), m[1]!), seen);
  return seen;
}

describe('dist/cli.js loads what a run needs', () => {
  const repo = new TestRepo();
  afterAll(() => repo.cleanup());
  repo.commit('init', { 'api/x.py': 'v = 1\n', 'db/V1__a.sql': 'x', 'src/a.ts': '1', 'README.md': 'r' });
  repo.tag('v1.0.0');
  repo.commit('feat(api): version two\n\nBREAKING CHANGE: the v1 API is gone', { 'api/x.py': 'api_version = 2\n', 'db/V20240522__b.sql': 'y', 'docs/a.md': 'd' });
  repo.commit('fix: a fix', { 'src/a.ts': '2' });

  /** The same run in-process from src (where every library is loaded up front) and through the bundle. */
  async function bothWays(config: string, args: string[] = []) {
    repo.write({ '.github/bump-classifier.yml': config });
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: repo.dir, env: { ...process.env, NO_COLOR: '1' } });
    return { src: { code, stdout, stderr }, dist: run(args, repo.dir) };
  }

  it.each([
    ['a content rule (re2js)', 'version: 1\nrules:\n  - {name: api, paths: "api/**", content: "api_version", bump: major}\n'],
    ['a content rule whose key only an escape spells (re2js, on demand)', 'version: 1\nrules:\n  - {name: api, paths: "api/**", "\\x63ontent": "api_version", bump: major}\n'],
    ['version-from (re2js)', 'version: 1\nversion-from:\n  major: {files: "db/V*.sql", pattern: "^V(\\\\d+)__"}\n'],
    ['conventional commits (the commit parser)', 'version: 1\ncommits: {conventional: true}\nrules:\n  - {name: files, paths: "**", bump: none}\n'],
    ['none of them', 'version: 1\nrules:\n  - {name: source, paths: "src/**", bump: minor}\n'],
  ])('decides with %s as the source does, byte for byte', async (_, config) => {
    for (const format of ['text', 'json', 'markdown']) {
      const { src, dist } = await bothWays(config, ['--format', format]);
      expect(src.code).toBe(0);
      expect(dist).toEqual(src);
    }
  });

  it('keeps re2js, the commit parser and the API client out of the code every decision loads', () => {
    const chunks = path.join(path.dirname(CLI), 'chunks');
    const decision = /import\("(\.\/chunks\/[^"]+\.js)"\)/.exec(readFileSync(CLI, 'utf8'))![1]!;
    const startup = [...staticClosure(path.resolve(path.dirname(CLI), decision))].map((f) => readFileSync(f, 'utf8')).join('\n');
    const all = readdirSync(chunks).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(chunks, f), 'utf8')).join('\n');
    // A message of each: re2js's parser, conventional-commits-parser, Octokit.
    for (const marker of ['invalid nested repetition operator', 'Expected a raw commit', 'octokit']) {
      expect(all).toContain(marker);
      expect(startup).not.toContain(marker);
    }
  });
});
