/** `bump-classifier check`: the config validated, and what each rule decides on HEAD's tree. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './support/cli-runner.js';
import { parseConfig } from '../src/core/index.js';
import { ruleCoverage } from '../src/core/explain.js';
import { TestRepo } from './support/git-repo.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function repo(files: Record<string, string> = {}): TestRepo {
  const r = new TestRepo();
  cleanups.push(() => r.cleanup());
  if (Object.keys(files).length > 0) r.commit('init', files);
  return r;
}

const cli = runCli;

/** The example: a Flyway rule written for one module level, on migrations two levels deep. */
const FLYWAY = `version: 1
rules:
  - name: migration
    paths: "apps/*/src/main/resources/db/migration/V*.sql"
    status: added
    bump: major
  - name: source
    paths: "apps/**/src/main/**"
    bump: minor
  - name: docs
    paths: "**/*.md"
    bump: none
`;

const NESTED = {
  'apps/billing/core/src/main/resources/db/migration/V1__init.sql': 'create table a();',
  'apps/billing/core/src/main/resources/db/migration/V2__more.sql': 'create table b();',
  'apps/billing/core/src/main/java/Billing.java': 'class Billing {}',
  'README.md': 'x',
};
const FLAT = {
  'apps/billing/src/main/resources/db/migration/V1__init.sql': 'create table a();',
  'apps/billing/src/main/java/Billing.java': 'class Billing {}',
  'README.md': 'x',
};

describe('check: rules that decide no file', () => {
  // [layout, config, warnings as [kind, rule name]]
  const rows: [string, Record<string, string>, string, [string, string | null][]][] = [
    ['migrations two module levels deep', NESTED, FLYWAY, [['no-file', 'migration']]],
    ['migrations one module level deep', FLAT, FLYWAY, []],
    [
      'a rule shadowed by an earlier one',
      FLAT,
      `${FLYWAY}  - name: java\n    paths: "apps/**/*.java"\n    bump: patch\n`,
      [['shadowed', 'java']],
    ],
    ['a rule whose exclusions remove every file it matches', FLAT, `${FLYWAY}  - {name: other, paths: ["apps/**", "!apps/billing/**"], bump: patch}\n`, [['excluded', 'other']]],
    // A status-qualified rule counts under its own statuses: a rule for added files is not shadowed by one for modified files.
    [
      'rules for different statuses',
      FLAT,
      'version: 1\nrules:\n  - {name: edits, paths: "apps/**", status: modified, bump: patch}\n  - {name: new, paths: "apps/**", status: added, bump: minor}\n  - {name: rest, paths: "**", bump: none}\n',
      [],
    ],
    // A content rule decides only when the patch matches: the rules after it are not shadowed.
    [
      'a rule after a content rule',
      FLAT,
      'version: 1\nrules:\n  - {name: breaking, paths: "**", content: "BREAK", bump: major}\n  - {name: rest, paths: "**", bump: none}\n',
      [],
    ],
  ];

  it.each(rows)('%s', async (_, files, config, warnings) => {
    const r = repo({ ...files, '.github/bump-classifier.yml': config });
    const out = await cli(['check', '--format', 'json'], r.dir);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.json().warnings.map((w: Json) => [w.kind, w.rule?.name ?? null])).toEqual(warnings);
  });

  it('counts what each rule decides and says why one decides nothing, in text', async () => {
    const r = repo({ ...NESTED, '.github/bump-classifier.yml': `${FLYWAY}  - {name: java, paths: "apps/**/*.java", bump: patch}\n` });
    const out = await cli(['check'], r.dir);
    expect(out.code).toBe(0);
    const head = r.git('rev-parse', '--short=7', 'HEAD');
    expect(out.stdout).toBe(
      [
        `config ${path.join(r.dir, '.github/bump-classifier.yml')}: valid, 4 rules`,
        `head ${head} (HEAD): 5 files`,
        '',
        'RULE                  BUMP   DECIDES  MATCHES  CONDITION',
        'rules[0] "migration"  major        0        0  if added',
        'rules[1] "source"     minor        3        3',
        'rules[2] "docs"       none         1        1',
        'rules[3] "java"       patch        0        1',
        '(default-bump)        patch        1           no rule decides the file when modified',
        '',
        'warnings (2):',
        '  rules[0] "migration": decides no file: no file of the tree matches its paths ("apps/*/src/main/resources/db/migration/V*.sql")',
        '  rules[3] "java": decides no file: entirely shadowed by earlier rules, which take every file its paths match (1 file): rules[1] "source" (1 file)',
        '',
      ].join('\n'),
    );
  });

  it('names every earlier rule that takes a shadowed rule\'s files, in the JSON', async () => {
    const config = 'version: 1\nrules:\n  - {name: a, paths: "src/a/**", bump: minor}\n  - {name: b, paths: "src/b/**", status: [added, modified, renamed, copied, removed], bump: patch}\n  - {name: all src, paths: "src/**", bump: major}\n';
    const r = repo({ 'src/a/1.ts': '1', 'src/a/2.ts': '2', 'src/b/1.ts': '1', '.github/bump-classifier.yml': config });
    const d = (await cli(['check', '--format', 'json'], r.dir)).json();
    expect(d.warnings).toEqual([
      {
        kind: 'shadowed',
        component: null,
        rule: { index: 2, name: 'all src' },
        ruleList: 'rules',
        message: 'rules[2] "all src": decides no file: entirely shadowed by earlier rules, which take every file its paths match (3 files): rules[0] "a" (2 files), rules[1] "b" (1 file)',
        shadowedBy: [
          { index: 0, name: 'a', files: 2 },
          { index: 1, name: 'b', files: 1 },
        ],
      },
    ]);
  });
});

describe('check: exit codes', () => {
  it.each([
    ['warnings, not --strict', NESTED, [], 0],
    ['warnings, --strict', NESTED, ['--strict'], 1],
    ['a clean config, --strict', FLAT, ['--strict'], 0],
  ] as const)('%s: exit %i', async (_, files, args, code) => {
    const r = repo({ ...files, '.github/bump-classifier.yml': FLYWAY });
    const out = await cli(['check', ...args], r.dir);
    expect(out.code).toBe(code);
    expect(out.stderr).toBe(code === 1 ? 'bump-classifier: check: 1 warning (--strict)\n' : '');
    if (files === FLAT) expect(out.stdout).toMatch(/\nno warnings: every rule decides at least one file\n$/);
  });

  it.each([
    ['a bad config', (r: TestRepo) => (r.commit('init', { '.github/bump-classifier.yml': 'version: 1\nrules:\n  - {name: x, paths: "/abs/**", bump: minor}\n' }), [r.dir]), /^bump-classifier: .*bump-classifier\.yml:3:\d+: rules\[0\]\.paths: paths are repository-relative/],
    ['not a repository', () => [mkdtempSync(path.join(tmpdir(), 'bump-classifier-check-'))], /^bump-classifier: not a git repository: /],
    ['a repository with no commits', (r: TestRepo) => [r.dir], /^bump-classifier: (the repository has no commits yet|HEAD is on branch "main", which has no commits yet)/],
    ['a positional argument', (r: TestRepo) => (r.commit('init', { 'a.txt': '1' }), [r.dir, 'extra']), /^bump-classifier check: Unexpected argument 'extra'/],
  ] as const)('%s: exit 2, one line', async (_, setup, message) => {
    const r = repo();
    const [dir, ...extra] = setup(r);
    if (dir !== r.dir) cleanups.push(() => rmSync(dir!, { recursive: true, force: true }));
    const out = await cli(['check', ...extra], dir!);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n').filter((l) => !l.startsWith('Try '))).toHaveLength(2); // one line and the final newline
    expect(out.stderr).toMatch(message);
  });
});

describe('check: the JSON document', () => {
  it('has the config, head, per-rule counts, default-bump and warnings', async () => {
    const r = repo({ ...NESTED, '.github/bump-classifier.yml': FLYWAY });
    const other = path.join(r.dir, 'other.yml');
    r.write({ 'other.yml': FLYWAY });
    const d = (await cli(['check', '--repo', r.dir, '--config', other, '--format', 'json'], '/')).json();
    expect(Object.keys(d)).toEqual(['config', 'head', 'ruleList', 'builtIn', 'files', 'rules', 'defaultBump', 'components', 'warnings']);
    expect(d).toMatchObject({ config: other, head: r.git('rev-parse', 'HEAD'), ruleList: 'rules', builtIn: false, files: 5, components: null, defaultBump: { bump: 'patch', files: 1 } });
    expect(d.rules).toEqual([
      { index: 0, name: 'migration', bump: 'major', status: ['added'], content: null, matched: 0, decided: 0 },
      { index: 1, name: 'source', bump: 'minor', status: null, content: null, matched: 3, decided: 3 },
      { index: 2, name: 'docs', bump: 'none', status: null, content: null, matched: 1, decided: 1 },
    ]);
    expect(d.warnings).toEqual([
      {
        kind: 'no-file',
        component: null,
        rule: { index: 0, name: 'migration' },
        ruleList: 'rules',
        message: 'rules[0] "migration": decides no file: no file of the tree matches its paths ("apps/*/src/main/resources/db/migration/V*.sql")',
      },
    ]);
  });
});

describe('check with components', () => {
  const CONFIG = `version: 1
rules:
  - {name: source, paths: "**/src/**", bump: minor}
  - {name: docs, paths: "**/*.md", bump: none}
components:
  - name: api
    paths: "services/api/**"
    rules:
      - {name: api source, paths: "services/api/src/**", bump: major}
      - {name: api tests, paths: "services/api/test/**", bump: none}
  - name: web
    paths: "web/**"
  - name: mobile
    paths: "apps/mobile/**"
`;

  it('counts each component\'s files with its rules and warns about a component or rule that has none', async () => {
    const r = repo({ 'services/api/src/a.ts': '1', 'web/src/b.ts': '1', 'web/README.md': 'x', '.github/bump-classifier.yml': CONFIG });
    const d = (await cli(['check', '--format', 'json'], r.dir)).json();
    expect(d.components.map((c: Json) => [c.name, c.ownRules, c.ruleList, c.files, c.rules.map((x: Json) => [x.name, x.decided])])).toEqual([
      ['api', true, 'components[0].rules', 1, [['api source', 1], ['api tests', 0]]],
      ['web', false, 'rules', 2, [['source', 1], ['docs', 1]]],
      ['mobile', false, 'rules', 0, [['source', 0], ['docs', 0]]],
    ]);
    expect(d.warnings.map((w: Json) => w.message)).toEqual([
      'component "api": components[0].rules[1] "api tests": decides no file: no file of the tree matches its paths ("services/api/test/**")',
      'component "mobile": no file of the tree matches its paths ("apps/mobile/**")',
    ]);
    const text = await cli(['check', '--strict'], r.dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('\ncomponent "api": 1 file, its own rules\n  RULE ');
    expect(text.stdout).toContain('\ncomponent "mobile": 0 files, the top-level rules\n');
  });
});

describe('check with the built-in rules', () => {
  it('warns about no built-in rule that merely matches no file here', async () => {
    const r = repo({ 'README.md': 'x', 'src/a.ts': '1' });
    const out = await cli(['check', '--strict'], r.dir);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/using the built-in default rules/);
    expect(out.stdout).toMatch(/^config: none, the built-in default rules \(9\)\n/);
    expect(out.stdout).toMatch(/\nno warnings \(the built-in rules cover many layouts/);
  });
});

describe('ruleCoverage (core)', () => {
  it('counts a large tree exactly: 10,000 files, 20 rules, a fifth of the files left to default-bump', () => {
    const rules = Array.from({ length: 20 }, (_, i) => `  - {name: r${i}, paths: "pkg${i}/**/*.ts", bump: patch}`).join('\n');
    const config = parseConfig(`version: 1\nrules:\n${rules}\n`, 'c.yml');
    const files = Array.from({ length: 10_000 }, (_, i) => `pkg${i % 25}/src/dir${i % 100}/file${i}.ts`);
    const c = ruleCoverage(config, files);
    expect(c.rules.map((x) => x.decided)).toEqual(Array.from({ length: 20 }, () => 400));
    expect(c.defaultBump.files).toBe(2_000);
    expect(c.warnings).toEqual([]);
  });
});
