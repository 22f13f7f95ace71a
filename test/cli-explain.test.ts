/** `bump-classifier explain`: which rule decides a path, and why each earlier rule does not. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-runner.js';
import { FILE_STATUSES, parseConfig, RuleSet, type FileStatus } from '../src/core/index.js';
import { explainPath } from '../src/core/explain.js';
import { loadRegexEngine } from '../src/sources/local.js';
import { TestRepo } from './support/git-repo.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function repo(): TestRepo {
  const r = new TestRepo();
  cleanups.push(() => r.cleanup());
  return r;
}

/** A directory that is no git repository, holding the given files. */
function plainDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bump-classifier-explain-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const cli = runCli;

const CONFIG = `version: 1
default-bump: patch
rules:
  - name: migration
    paths: "db/migration/V*.sql"
    status: added
    bump: major
  - name: api version
    paths: "api/**"
    content: "api_version"
    bump: major
  - name: source
    paths: ["src/**", "!src/generated/**"]
    bump: minor
  - name: docs
    paths: ["docs/**", "**/*.md"]
    bump: none
  - name: app source
    paths: "src/app/**"
    bump: patch
`;

const COMPONENTS = `version: 1
rules:
  - {name: source, paths: "**/src/**", bump: minor}
components:
  - name: api
    paths: "services/api/**"
    rules:
      - {name: api docs, paths: "services/api/docs/**", bump: none}
      - {name: api source, paths: "services/api/src/**", bump: major}
  - name: web
    paths: ["web/**", "shared/**"]
  - name: shared
    paths: "shared/**"
    rules:
      - {name: shared any, paths: "**", status: [added, removed], bump: major}
`;

/** [path, status, deciding rule (null: default-bump), bump, [index, reason] of each skipped rule] */
type Row = [string, FileStatus, string | null, string, [number, string][]];

describe('explain: the deciding rule and why the earlier ones do not decide', () => {
  const rows: Row[] = [
    // "app source" is shadowed: "source" decides every src/app file first.
    ['src/app/main.ts', 'modified', 'source', 'minor', [[0, 'paths'], [1, 'paths']]],
    ['db/migration/V2__users.sql', 'added', 'migration', 'major', []],
    // A status-qualified rule: says it would match as added.
    ['db/migration/V2__users.sql', 'modified', null, 'patch', [[0, 'status'], [1, 'paths'], [2, 'paths'], [3, 'paths'], [4, 'paths']]],
    // A "!" exclusion.
    ['src/generated/client.ts', 'modified', null, 'patch', [[0, 'paths'], [1, 'paths'], [2, 'excluded'], [3, 'paths'], [4, 'paths']]],
    // A content rule: a condition, and the rules after it still decide.
    ['api/models.py', 'modified', null, 'patch', [[0, 'paths'], [1, 'content'], [2, 'paths'], [3, 'paths'], [4, 'paths']]],
    ['api/README.md', 'removed', 'docs', 'none', [[0, 'paths'], [1, 'content'], [2, 'paths']]],
    // default-bump: no rule matches.
    ['package.json', 'modified', null, 'patch', [[0, 'paths'], [1, 'paths'], [2, 'paths'], [3, 'paths'], [4, 'paths']]],
  ];

  it.each(rows)('%s (%s): %s, %s', async (file, status, rule, bump, skipped) => {
    const dir = plainDir({ 'cfg.yml': CONFIG });
    const out = await cli(['explain', '--config', 'cfg.yml', '--status', status, '--format', 'json', file], dir);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const [e] = out.json();
    expect(e).toMatchObject({ path: file, status, bump, ruleList: 'rules', components: null });
    expect(e.rule === null ? null : e.rule.name).toBe(rule);
    expect(e.skipped.map((s: Json) => [s.index, s.reason])).toEqual(skipped);
  });

  it('says why, in the JSON and in the text', async () => {
    const dir = plainDir({ 'cfg.yml': CONFIG });
    const files = ['db/migration/V2__users.sql', 'src/generated/client.ts', 'api/models.py'];
    const json = (await cli(['explain', '--config', 'cfg.yml', '--format', 'json', ...files], dir)).json();
    expect(json.map((e: Json) => e.path)).toEqual(files);
    expect(json[0].skipped[0]).toEqual({
      index: 0,
      name: 'migration',
      bump: 'major',
      reason: 'status',
      statuses: ['added'],
      message: 'matches only added files, not modified ones: it would decide the file if it were added',
    });
    expect(json[1].skipped[2]).toEqual({
      index: 2,
      name: 'source',
      bump: 'minor',
      reason: 'excluded',
      matchedBy: 'src/**',
      excludedBy: '!src/generated/**',
      message: 'excluded by "!src/generated/**" (its glob "src/**" matches)',
    });
    expect(json[2].skipped[1]).toMatchObject({ reason: 'content', content: { added: 'api_version', removed: 'api_version' } });
    expect(json[2].skipped[1].message).toMatch(/^matches if a changed line matches \/api_version\/: explain cannot know without the patch/);
    expect(json[2].skipped[0]).toMatchObject({ reason: 'paths', globs: ['db/migration/V*.sql'], message: 'its glob "db/migration/V*.sql" does not match' });

    const text = await cli(['explain', '--config', 'cfg.yml', 'src/app/main.ts', 'api/models.py'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(
      [
        'src/app/main.ts (modified): minor by rules[2] "source"',
        '  rules[0] "migration" (major): its glob "db/migration/V*.sql" does not match',
        '  rules[1] "api version" (major): its glob "api/**" does not match',
        'api/models.py (modified): patch by default-bump (no rule matches), unless the content condition below holds',
        '  rules[0] "migration" (major): its glob "db/migration/V*.sql" does not match',
        '  rules[1] "api version" (major): matches if a changed line matches /api_version/: explain cannot know without the patch (an unknown patch, a binary file or one over 1 MiB, counts as matching)',
        '  rules[2] "source" (minor): its glob "src/**" does not match',
        '  rules[3] "docs" (none): none of its globs matches ("docs/**", "**/*.md")',
        '  rules[4] "app source" (patch): its glob "src/app/**" does not match',
        '',
      ].join('\n'),
    );
  });

  it('content conditions on one side of the patch', async () => {
    const config = 'version: 1\nrules:\n  - {name: removed export, paths: "**", content: {removed: "^export "}, bump: major}\n  - {name: both, paths: "**", content: {added: "a", removed: "b"}, bump: minor}\n';
    const dir = plainDir({ 'cfg.yml': config });
    const [e] = (await cli(['explain', '--config', 'cfg.yml', '--format', 'json', 'x.ts'], dir)).json();
    expect(e.skipped.map((s: Json) => s.message.split(':')[0])).toEqual(['matches if a removed line matches /^export /', 'matches if an added line matches /a/ or a removed line matches /b/']);
  });

  it('agrees with the classifier: the first content rule skipped, else the deciding rule, is what RuleSet decides without a patch', async () => {
    await loadRegexEngine();
    const config = parseConfig(CONFIG, 'cfg.yml');
    const set = new RuleSet(config.rules, config.defaultBump);
    const paths = ['src/app/main.ts', 'src/generated/x.ts', 'db/migration/V1__a.sql', 'db/migration/x.sql', 'api/a.py', 'api/a.md', 'docs/x', 'README.md', 'x'];
    for (const p of paths) {
      for (const status of FILE_STATUSES) {
        const e = explainPath(config, p, status);
        const byContent = e.skipped.find((s) => s.reason === 'content');
        const expected = byContent ? byContent.name : (e.rule?.name ?? null);
        expect(set.decide({ path: p, status }).rule?.name ?? null, `${p} ${status}`).toBe(expected);
      }
    }
  });
});

describe('explain with components', () => {
  it.each([
    // [path, status, top-level rule, components: [name, own rules, rule, bump]]
    ['services/api/src/a.ts', 'modified', 'source', [['api', true, 'api source', 'major']]],
    ['services/api/docs/a.md', 'modified', null, [['api', true, 'api docs', 'none']]],
    ['web/src/a.ts', 'modified', 'source', [['web', false, 'source', 'minor']]],
    ['shared/src/a.ts', 'added', 'source', [['web', false, 'source', 'minor'], ['shared', true, 'shared any', 'major']]],
    ['shared/src/a.ts', 'modified', 'source', [['web', false, 'source', 'minor'], ['shared', true, null, 'patch']]],
    ['tools/x.sh', 'modified', null, []],
  ] as [string, FileStatus, string | null, [string, boolean, string | null, string][]][])(
    '%s (%s)',
    async (file, status, rule, components) => {
      const dir = plainDir({ 'cfg.yml': COMPONENTS });
      const [e] = (await cli(['explain', '--config', 'cfg.yml', '--status', status, '--format', 'json', file], dir)).json();
      expect(e.rule?.name ?? null).toBe(rule);
      expect(e.components.map((c: Json) => [c.name, c.ownRules, c.rule?.name ?? null, c.bump])).toEqual(components);
    },
  );

  it('names the list each index points into, and says which components a path is in', async () => {
    const dir = plainDir({ 'cfg.yml': COMPONENTS });
    const [e] = (await cli(['explain', '--config', 'cfg.yml', '--format', 'json', 'shared/src/a.ts'], dir)).json();
    expect(e.components[1]).toMatchObject({ name: 'shared', ownRules: true, ruleList: 'components[2].rules', rule: null });
    expect(e.components[1].skipped).toEqual([expect.objectContaining({ index: 0, name: 'shared any', reason: 'status', statuses: ['added', 'removed'] })]);
    const text = await cli(['explain', '--config', 'cfg.yml', 'shared/src/a.ts', 'tools/x.sh'], dir);
    expect(text.stdout).toBe(
      [
        'shared/src/a.ts (modified): minor by rules[0] "source"',
        '  component "web" (the top-level rules): minor by rules[0] "source"',
        '  component "shared" (its own rules): patch by default-bump (no rule matches)',
        '    components[2].rules[0] "shared any" (major): matches only added or removed files, not modified ones: it would decide the file if it were added or removed',
        'tools/x.sh (modified): patch by default-bump (no rule matches)',
        '  rules[0] "source" (minor): its glob "**/src/**" does not match',
        "  in no component: no component's paths match it",
        '',
      ].join('\n'),
    );
  });
});

describe('explain: where the config comes from, and bad input', () => {
  it('needs no git with --config: runs in a directory that is no repository', async () => {
    const dir = plainDir({ 'cfg.yml': CONFIG });
    const out = await cli(['explain', '--config', path.join(dir, 'cfg.yml'), 'README.md'], dir);
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout).toMatch(/^README\.md \(modified\): none by rules\[3\] "docs"\n/);
    // Without --config, the repository's config is needed: not a repository is bad input.
    const without = await cli(['explain', 'README.md'], dir);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/^bump-classifier: not a git repository: .*\n$/);
  });

  it("reads the repository's config without --config, from --repo or the current directory", async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG });
    for (const [args, cwd] of [[['--repo', r.dir], '/'], [[], r.dir]] as const) {
      const out = await cli(['explain', ...args, '--format', 'json', 'src/a.ts'], cwd);
      expect(out.code).toBe(0);
      expect(out.json()[0]).toMatchObject({ rule: { index: 2, name: 'source' }, bump: 'minor' });
    }
  });

  it('resolves "./" and "../" paths from the current directory, as git does, when run inside the repository', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG, 'src/a.ts': '1', 'docs/x.md': 'x' });
    const sub = path.join(r.dir, 'docs');
    const out = await cli(['explain', '--format', 'json', './x.md', '../src/a.ts', 'src/a.ts'], sub);
    expect(out.code, out.stderr).toBe(0);
    expect(out.json().map((e: Json) => e.path)).toEqual(['docs/x.md', 'src/a.ts', 'src/a.ts']);
    // With --repo from outside, "./" is the repository's top, as with git -C.
    const fromElsewhere = await cli(['explain', '--repo', r.dir, '--format', 'json', './src/a.ts'], '/');
    expect(fromElsewhere.json()[0]).toMatchObject({ path: 'src/a.ts' });
    const outside = await cli(['explain', '../../a.ts'], sub);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^bump-classifier: "\.\.\/\.\.\/a\.ts" is outside the repository/);
  });

  it('uses the built-in rules in a repository without a config, and says so', async () => {
    const r = repo();
    r.commit('init', { 'README.md': 'x' });
    const out = await cli(['explain', '--format', 'json', 'db/migrate/20240101_x.rb', 'test/a.ts'], r.dir);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/^bump-classifier: no config at .*bump-classifier\.yml; using the built-in default rules\n$/);
    expect(out.json().map((e: Json) => [e.rule?.name, e.bump])).toEqual([
      ['application source', 'minor'], // modified: the migration rule wants added
      ['tests', 'none'],
    ]);
    expect(out.json()[0].skipped.find((s: Json) => s.name === 'database migration')).toMatchObject({ reason: 'status', statuses: ['added', 'renamed', 'copied'] });
  });

  it.each([
    ['no PATH', ['explain', '--config', 'cfg.yml'], /^bump-classifier explain: name at least one PATH to explain\nTry 'bump-classifier explain --help'\.\n$/],
    ['a bad --status', ['explain', '--config', 'cfg.yml', '--status', 'changed', 'a'], /^bump-classifier: --status: expected one of added, modified, removed, renamed, copied, got "changed"\n$/],
    ['a bad --format', ['explain', '--config', 'cfg.yml', '--format', 'markdown', 'a'], /^bump-classifier: --format: expected text or json, got "markdown"\n$/],
    ['an unknown option', ['explain', '--base', 'x', 'a'], /^bump-classifier explain: Unknown option '--base'.*\nTry 'bump-classifier explain --help'\.\n$/],
    ['an absolute path', ['explain', '--config', 'cfg.yml', '/src/a.ts'], /^bump-classifier: paths are repository-relative, as the config's globs see them: "\/src\/a\.ts" is absolute\n$/],
    ['a ".." segment without a repository', ['explain', '--config', 'cfg.yml', '../src/a.ts'], /^bump-classifier: "\.\.\/src\/a\.ts" has an empty, "\." or "\.\." segment; /],
    ['a ".." segment inside a path', ['explain', '--config', 'cfg.yml', 'src/../a.ts'], /^bump-classifier: "src\/\.\.\/a\.ts" has an empty, "\." or "\.\." segment; /],
    ['a bad config', ['explain', '--config', 'bad.yml', 'a'], /^bump-classifier: .*bad\.yml:3:36: rules\[0\]\.bump: expected one of none, patch, minor, major, got "huge"\n$/],
    ['a missing config', ['explain', '--config', 'missing.yml', 'a'], /^bump-classifier: config .*missing\.yml does not exist; /],
  ])('%s: exit 2, one line', async (_, args, message) => {
    const dir = plainDir({ 'cfg.yml': CONFIG, 'bad.yml': 'version: 1\nrules:\n  - {name: x, paths: "a/**", bump: huge}\n' });
    const out = await cli(args, dir);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
  });

  it('accepts "./" in a path, and prints its own help', async () => {
    const dir = plainDir({ 'cfg.yml': CONFIG });
    const out = await cli(['explain', '--config', 'cfg.yml', '--format', 'json', './src/a.ts'], dir);
    expect(out.json()[0]).toMatchObject({ path: 'src/a.ts', bump: 'minor' });
    const help = await cli(['explain', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: bump-classifier explain /);
  });
});

describe('commands are the first positional argument', () => {
  it('an option value named like a command is a value: --branch check decides as before', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG, 'src/a.ts': '1' });
    const out = await cli(['--branch', 'check', '--format', 'json'], r.dir);
    expect(out.code).toBe(0);
    expect(out.json()).toMatchObject({ bump: 'minor' });
    const explain = await cli(['--repo', r.dir, '--branch', 'explain', '--format', 'json'], '/');
    expect(explain.code).toBe(0);
  });

  it('options may come before the command, as people type them', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONFIG, 'src/a.ts': '1' });
    const check = await cli(['--repo', r.dir, 'check'], '/');
    expect(check.code).toBe(0);
    const explain = await cli(['--repo', r.dir, '--format', 'json', 'explain', 'src/a.ts'], '/');
    expect(explain.code).toBe(0);
    expect(explain.json()).toMatchObject([{ path: 'src/a.ts', bump: 'minor' }]);
  });

  it('any other positional argument is an error naming it', async () => {
    const out = await cli(['--format', 'json', 'decide'], '/');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^bump-classifier: Unexpected argument 'decide'.*\nTry 'bump-classifier --help'\.\n$/);
  });
});
