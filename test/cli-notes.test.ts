/** `--format notes`: the "why" release notes of the main command's decision (report/notes.ts). */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-runner.js';
import { TestRepo } from './support/git-repo.js';
import { useFakeGitHub } from './support/fake-github/use-fake-github.js';

const repos: TestRepo[] = [];
afterEach(() => {
  while (repos.length > 0) repos.pop()!.cleanup();
});

function repo(): TestRepo {
  const r = new TestRepo();
  repos.push(r);
  return r;
}

const cli = runCli;

const CONFIG = `version: 1
rules:
  - {name: source, paths: "src/**", bump: minor}
  - {name: docs, paths: "docs/**", bump: none}
commits:
  conventional: true
`;

describe('--format notes on a local repository', () => {
  it('prints the why notes; pull requests are named, not linked (the web address is unknown)', async () => {
    const r = repo();
    r.commit('chore: init', { '.github/bump-classifier.yml': CONFIG, 'src/a.ts': '1' });
    r.tag('v1.0.0');
    const feat = r.commit('feat: add search (#12)', { 'src/search.ts': 'x' });
    r.commit('docs: explain search', { 'docs/search.md': 'y' });
    const out = await cli(['--format', 'notes'], r.dir, { GITHUB_SERVER_URL: 'https://ghe.example' });
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const lines = out.stdout.split('\n');
    expect(lines.slice(0, 11)).toEqual([
      '## Why 1.1.0',
      '',
      'Bump **minor**: 1.0.0 (`v1.0.0`) → **1.1.0** (`v1.1.0`).',
      `Decided by the rule source (1 file) and commit \`${feat.slice(0, 7)}\` (**minor**).`,
      '',
      '### Rules',
      '',
      '- **minor** · source · 1 file',
      '  - `src/search.ts` (added)',
      '- **none** · docs · 1 file',
      '  - `docs/search.md` (added)',
    ]);
    expect(out.stdout).toContain(`- **minor** · \`${feat.slice(0, 7)}\` feat: add search (#\u200b12) — `);
    expect(out.stdout).not.toContain('](');
  });

  it('says why there is no release', async () => {
    const r = repo();
    r.commit('chore: init', { '.github/bump-classifier.yml': CONFIG });
    r.tag('v1.0.0');
    r.commit('docs: guide', { 'docs/guide.md': 'y' });
    const out = await cli(['--format', 'notes'], r.dir);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^## Why no release\n\nBump \*\*none\*\*: nothing in this change makes a release \(current 1\.0\.0\)\.\n/);
  });

  it('with --component, the notes of that component', async () => {
    const r = repo();
    const config = 'version: 1\nrules:\n  - {name: source, paths: "**/src/**", bump: minor}\ncomponents:\n  - {name: api, paths: "api/**"}\n  - {name: web, paths: "web/**"}\n';
    r.commit('init', { '.github/bump-classifier.yml': config, 'api/src/a.ts': '1', 'web/src/a.ts': '1' });
    r.tag('api@1.0.0').tag('web@2.0.0');
    r.commit('web', { 'web/src/b.ts': '1' });
    r.commit('api', { 'api/src/b.ts': '1' });
    const web = await cli(['--format', 'notes', '--component', 'web'], r.dir);
    expect(web.code).toBe(0);
    expect(web.stdout).toMatch(/^## Why web 2\.1\.0\n\nBump \*\*minor\*\*: 2\.0\.0 \(`web@2\.0\.0`\) → \*\*2\.1\.0\*\* \(`web@2\.1\.0`\)\./);
    expect(web.stdout).toContain('`web/src/b.ts` (added)');
    expect(web.stdout).not.toContain('api/');
    // Without --component: a section per changed component.
    const all = await cli(['--format', 'notes'], r.dir);
    expect(all.stdout.match(/^## .*$/gm)).toEqual(['## Why api 1.1.0', '## Why web 2.1.0']);
  });

  it('keeps the exit code of a policy failure', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': `${CONFIG}policy: {max-bump: patch}\n` });
    r.tag('v1.0.0');
    r.commit('x', { 'src/a.ts': '1' });
    const out = await cli(['--format', 'notes'], r.dir);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^## Why 1\.1\.0\n/);
    expect(out.stderr).toMatch(/^bump-classifier: policy: /);
  });

  it('is listed in --help, and a bad --format names it', async () => {
    expect((await cli(['--help'], '/')).stdout).toMatch(/--format FORMAT {5}text \(default\), json, markdown, or notes/);
    const bad = await cli(['--format', 'html'], '/');
    expect(bad).toMatchObject({ code: 2, stderr: 'bump-classifier: --format: expected text, json, markdown or notes, got "html"\n' });
  });
});

describe('--format notes with --github', () => {
  const gh = useFakeGitHub();
  beforeAll(() => {
    const repo = gh().repo('octo', 'app');
    const base = repo.commit({ parents: [], files: { '.github/bump-classifier.yml': CONFIG, 'src/a.ts': '1' }, branch: 'main' });
    repo.refs.set('refs/tags/v1.4.0', base);
    repo.commit({ parents: [base], message: 'feat: new flag (#7)', files: { 'src/b.ts': '2' }, branch: 'main' });
  });

  it.each([
    ['GITHUB_SERVER_URL', { GITHUB_SERVER_URL: 'https://ghe.example/' }, 'https://ghe.example/octo/app/pull/7'],
    ['the default server', {}, 'https://github.com/octo/app/pull/7'],
  ])('links pull requests to the repository on %s', async (_, env, link) => {
    const out = await cli(['--github', 'octo/app', '--format', 'notes'], '/', { GITHUB_API_URL: gh().url, GITHUB_TOKEN: 't', ...env });
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^## Why 1\.5\.0\n/);
    expect(out.stdout).toContain(`feat: new flag ([#7](${link}))`);
  });
});
