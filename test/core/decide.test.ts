import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { TagFormat } from '../../src/core/versions.js';
import { globProblem } from '../../src/core/globs.js';
import {
  classify,
  decide,
  defaultConfig,
  filesNeedingPatch,
  InputError,
  managedLabels,
  parseConfig,
  RuleSet,
  bumpRank,
  type ChangedFile,
  type Config,
  type DecideInput,
  type LineChange,
} from '../../src/core/index.js';

const SHA = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';

function config(yaml: string): Config {
  return parseConfig(yaml, 'test.yml');
}

function run(cfg: Config, files: ChangedFile[], extra: Partial<DecideInput> = {}) {
  return decide({ config: cfg, files, tags: ['v1.4.2'], base: 'b', head: SHA, branch: 'main', ...extra });
}

const add = (path: string, patch?: string): ChangedFile => ({ path, status: 'added', ...(patch !== undefined ? { patch } : {}) });
const mod = (path: string, patch?: string): ChangedFile => ({ path, status: 'modified', ...(patch !== undefined ? { patch } : {}) });

const SPEC_RULES = config(`
version: 1
rules:
  - name: database migration
    paths: "apps/*/src/main/resources/db/migration/V*.sql"
    status: added
    bump: major
  - name: api model version
    paths: "api/models.py"
    content: "api_version"
    bump: major
    labels: [api-change]
  - name: application source
    paths: ["src/**", "!**/*.test.ts"]
    bump: minor
  - name: docs
    paths: ["docs/**", "**/*.md"]
    bump: none
labels:
  bump: {major: "semver:major", minor: "semver:minor", patch: "semver:patch"}
  only:
    staging-skip: ["docs/**", "**/*.md", ".github/**"]
`);

const MIGRATION = 'apps/billing/src/main/resources/db/migration/V7__add_invoice.sql';

describe('classification: the first matching rule decides, the highest bump wins', () => {
  it.each([
    { name: 'added migration is major', files: [add(MIGRATION)], bump: 'major', rules: ['database migration'] },
    { name: 'a modified migration is not (status filter)', files: [mod(MIGRATION)], bump: 'patch', rules: [null] },
    { name: 'source is minor', files: [mod('src/a.ts')], bump: 'minor', rules: ['application source'] },
    { name: 'excluded test under src falls through to default-bump', files: [mod('src/a.test.ts')], bump: 'patch', rules: [null] },
    { name: 'docs are none', files: [mod('docs/x.md'), add('README.md')], bump: 'none', rules: ['docs', 'docs'] },
    { name: 'unmatched files get default-bump', files: [mod('package.json')], bump: 'patch', rules: [null] },
    { name: 'highest wins', files: [mod('docs/x.md'), mod('src/a.ts'), add(MIGRATION)], bump: 'major', rules: ['docs', 'application source', 'database migration'] },
    { name: 'content rule matches a changed line', files: [mod('api/models.py', '@@ -1 +1 @@\n-x = 1\n+api_version = 2\n')], bump: 'major', rules: ['api model version'] },
    { name: 'content rule ignores unchanged context', files: [mod('api/models.py', '@@ -1,2 +1,2 @@\n api_version = 2\n-x = 1\n+x = 2\n')], bump: 'patch', rules: [null] },
    { name: 'unknown patch counts as matching', files: [mod('api/models.py')], bump: 'major', rules: ['api model version'] },
    { name: 'no changes, no bump', files: [], bump: 'none', rules: [] },
  ] as const)('$name', ({ files, bump, rules }) => {
    const d = run(SPEC_RULES, [...files]);
    expect(d.bump).toBe(bump);
    expect(d.files.map((f) => f.rule)).toEqual(rules);
  });

  it('renames match on the new and the previous path; the first rule matching either decides', () => {
    const d = run(SPEC_RULES, [{ path: 'lib/a.ts', previousPath: 'src/a.ts', status: 'renamed' }]);
    expect(d.files[0]).toEqual({ path: 'lib/a.ts', previousPath: 'src/a.ts', status: 'renamed', bump: 'minor', rule: 'application source' });
    const moved = run(SPEC_RULES, [{ path: 'docs/old.md', previousPath: 'src/old.ts', status: 'renamed' }]);
    expect(moved.files[0]!.rule).toBe('application source');
  });

  it('content {added, removed} restricts the side', () => {
    const c = config(`
version: 1
rules:
  - {name: removed api, paths: "**", content: {removed: "^export "}, bump: major}
  - {name: anything, paths: "**", bump: patch}
`);
    expect(run(c, [mod('a.ts', '@@ -1 +1 @@\n+export const x = 1\n')]).bump).toBe('patch');
    expect(run(c, [mod('a.ts', '@@ -1 +1 @@\n-export const x = 1\n')]).bump).toBe('major');
    expect(run(c, [mod('a.ts', '@@ -1 +1 @@\r\n-export const x = 1\r\n')]).bump).toBe('major');
  });

  it('warns about files whose patch is unknown', () => {
    const d = run(SPEC_RULES, [mod('api/models.py')]);
    expect(d.warnings.join('\n')).toMatch(/no patch available for 1 file\(s\).*api\/models\.py \(api model version\)/);
  });

  it('asks sources for patches only where a content rule needs one', () => {
    const files = [mod('api/models.py'), mod('src/a.ts'), mod('docs/x.md'), mod('api/other.py')];
    expect(filesNeedingPatch(SPEC_RULES, files).map((f) => f.path)).toEqual(['api/models.py']);
  });
});

describe('labels', () => {
  it('rule labels, the bump label and only-labels', () => {
    const d = run(SPEC_RULES, [mod('api/models.py', '@@\n+api_version = 3\n'), mod('src/x.ts')]);
    expect(d.labels).toEqual(['api-change', 'semver:major']);
  });

  it('labels.only needs every file to match, and at least one file', () => {
    expect(run(SPEC_RULES, [mod('docs/a.md'), mod('.github/workflows/ci.yml')]).labels).toContain('staging-skip');
    expect(run(SPEC_RULES, [mod('docs/a.md'), mod('src/a.ts')]).labels).not.toContain('staging-skip');
    expect(run(SPEC_RULES, []).labels).not.toContain('staging-skip');
    // a file renamed out of src is not a docs-only change
    expect(run(SPEC_RULES, [{ path: 'docs/a.md', previousPath: 'src/a.ts', status: 'renamed' }]).labels).not.toContain('staging-skip');
  });

  it('never claims "every file" of a list that may be incomplete', () => {
    expect(run(SPEC_RULES, [mod('docs/a.md')], { truncated: true }).labels).not.toContain('staging-skip');
  });

  it('managed labels are every label the config names', () => {
    expect(managedLabels(SPEC_RULES).sort()).toEqual(['api-change', 'semver:major', 'semver:minor', 'semver:patch', 'staging-skip']);
  });
});

describe('truncation never under-reports', () => {
  it('takes the highest bump the config can produce and says so', () => {
    const d = run(SPEC_RULES, [mod('docs/a.md')], { truncated: true });
    expect(d.bump).toBe('major');
    expect(d.truncated).toBe(true);
    expect(d.warnings.join()).toMatch(/may be incomplete/);
  });
});

describe('versions in the decision', () => {
  it('current, next, tag and build metadata', () => {
    const c = config('version: 1\nbuild-metadata: "sha.{short-sha}"\nrules: [{paths: "src/**", bump: minor}]\n');
    const d = run(c, [mod('src/a.ts')]);
    expect(d).toMatchObject({ bump: 'minor', currentVersion: '1.4.2', currentTag: 'v1.4.2', nextVersion: '1.5.0', nextVersionFull: '1.5.0+sha.1a2b3c4', nextTag: 'v1.5.0' });
  });

  it('no release for bump none', () => {
    const d = run(SPEC_RULES, [mod('docs/a.md')]);
    expect(d).toMatchObject({ bump: 'none', currentVersion: '1.4.2', nextVersion: null, nextVersionFull: null, nextTag: null });
  });

  it('a prerelease branch gets its channel', () => {
    const c = config('version: 1\nprerelease: [{branches: ["next", "preview/*"], id: preview}]\nrules: [{paths: "**", bump: major}]\n');
    const d = run(c, [mod('x')], { branch: 'preview/big', tags: ['v1.0.0', 'v2.0.0-preview.2'] });
    expect(d).toMatchObject({ channel: 'preview', nextVersion: '2.0.0-preview.3', prerelease: true, currentVersion: '2.0.0-preview.2' });
    expect(run(c, [mod('x')], { branch: 'main', tags: ['v1.0.0'] })).toMatchObject({ channel: null, nextVersion: '2.0.0', prerelease: false });
  });

  it('version-from derives the major from the head tree', () => {
    const c = config(`
version: 1
rules: [{paths: "**", bump: patch}]
version-from:
  major:
    files: "db/migration/V*.sql"
    pattern: "^V(\\\\d+)__"
`);
    const tree = ['db/migration/V1__a.sql', 'db/migration/V2__b.sql', 'db/migration/V10__c.sql', 'db/migration/R__x.sql', 'src/V99__not.sql'];
    expect(run(c, [mod('src/a')], { tags: ['v9.3.1'], headTree: tree })).toMatchObject({ bump: 'major', nextVersion: '10.0.0' });
    expect(run(c, [mod('src/a')], { tags: ['v10.3.1'], headTree: tree })).toMatchObject({ bump: 'patch', nextVersion: '10.3.2' });
    const none = run(c, [mod('src/a')], { tags: ['v1.0.0'], headTree: ['src/a'] });
    expect(none.nextVersion).toBe('1.0.1');
    expect(none.warnings.join()).toMatch(/no file at head matches/);
    const timestamp = run(c, [mod('src/a')], { tags: ['v1.0.0'], headTree: ['db/migration/V20240522164906244__x.sql'] });
    expect(timestamp).toMatchObject({ bump: 'major', nextVersion: '20240522164906244.0.0', nextTag: 'v20240522164906244.0.0' });
  });
});

describe('overrides and policy', () => {
  const c = config(`
version: 1
rules: [{paths: "db/**", bump: major}, {paths: "**", bump: patch}]
overrides:
  labels: {"release:major": major, "release:none": none, "release:patch": patch}
policy: {max-bump: minor, allow-label: "breaking-ok"}
`);
  it('an override sets the bump exactly, even lower', () => {
    expect(run(c, [mod('db/x')], { labels: ['release:patch'] })).toMatchObject({ bump: 'patch', override: { label: 'release:patch', bump: 'patch' } });
    expect(run(c, [mod('a')], { labels: ['release:none'] })).toMatchObject({ bump: 'none', nextVersion: null });
  });
  it('two different override labels are an error naming both', () => {
    expect(() => run(c, [mod('a')], { labels: ['release:major', 'release:none'] })).toThrowError(InputError);
    expect(() => run(c, [mod('a')], { labels: ['release:major', 'release:none'] })).toThrowError(/"release:major" \(major\) and "release:none" \(none\)/);
  });
  it.each([
    { labels: [], files: ['db/x'], failed: true, allowed: false },
    { labels: ['breaking-ok'], files: ['db/x'], failed: false, allowed: true },
    { labels: [], files: ['a'], failed: false, allowed: false },
  ])('policy with labels $labels and files $files', ({ labels, files, failed, allowed }) => {
    const d = run(c, files.map((f) => mod(f)), { labels });
    expect(d.policy.failed).toBe(failed);
    expect(d.policy.allowed).toBe(allowed);
    if (failed) expect(d.policy.message).toBe('bump major is above policy.max-bump minor caused by db/x (rule 1: major); add the label "breaking-ok" to allow it');
  });
});

describe('components', () => {
  const c = config(`
version: 1
rules: [{paths: "**/*.md", bump: none}, {paths: "**", bump: minor, labels: ["{component}-changed"]}]
labels:
  bump: {minor: "{component}:minor", major: "semver:major"}
components:
  - {name: api, paths: ["services/api/**", "libs/shared/**"], tag-format: "api@{version}"}
  - name: web
    paths: "web/**"
    rules: [{paths: "**", bump: patch}]
  - {name: docs, paths: "docs/**"}
`);
  it('each component has its own change set, rules and tag line', () => {
    const d = run(c, [mod('services/api/a.py'), mod('libs/shared/u.py'), mod('web/index.html'), mod('tools/x')], {
      tags: ['api@1.4.0', 'web@2.0.0', 'v0.9.0', 'docs@0.1.0'],
    });
    const byName = Object.fromEntries(d.components.map((x) => [x.name, x]));
    expect(byName.api).toMatchObject({ bump: 'minor', currentVersion: '1.4.0', nextVersion: '1.5.0', nextTag: 'api@1.5.0' });
    expect(byName.api!.files.map((f) => f.path)).toEqual(['services/api/a.py', 'libs/shared/u.py']);
    expect(byName.web).toMatchObject({ bump: 'patch', nextTag: 'web@2.0.1' });
    expect(byName.docs).toMatchObject({ bump: 'none', nextTag: null, files: [] });
    // tools/x belongs to no component but counts at the top level
    expect(d.files.map((f) => f.path)).toContain('tools/x');
    // No top-level tag-format: the monorepo never asked for a repository-wide version.
    expect(d).toMatchObject({ bump: 'minor', currentVersion: null, nextVersion: null, nextTag: null });
    expect(d.labels.sort()).toEqual(['api-changed', 'api:minor']);
  });
  it('a top-level tag-format gives the monorepo a repository-wide version too', () => {
    const withRoot = config(`version: 1\ntag-format: "v{version}"\ncomponents:\n  - {name: api, paths: "services/api/**"}\n`);
    const d = run(withRoot, [mod('services/api/a.py'), mod('tools/x')], { tags: ['api@1.4.0', 'v0.9.0'] });
    expect(d).toMatchObject({ bump: 'minor', currentVersion: '0.9.0', nextVersion: '0.10.0', nextTag: 'v0.10.0' });
    expect(d.components.map((x) => x.name)).toEqual(['api']);
  });
  it('each component measured from its own release: the top level is their union, without a version', () => {
    const api = { base: 'a1', baseRef: 'api@1.4.0', files: [mod('services/api/a.py')], truncated: false, commits: null, warnings: [] };
    const web = { base: 'w1', baseRef: 'web@2.0.0', files: [], truncated: false, commits: null, warnings: [] };
    const docs = { base: null, baseRef: 'empty tree (first release)', files: [add('docs/a.md')], truncated: false, commits: null, warnings: [] };
    const d = run(c, [...api.files, ...docs.files], {
      tags: ['api@1.4.0', 'web@2.0.0'],
      lines: new Map<string, LineChange>([['api', api], ['web', web], ['docs', docs]]),
    });
    const byName = Object.fromEntries(d.components.map((x) => [x.name, x]));
    expect(byName.api).toMatchObject({ base: 'a1', baseRef: 'api@1.4.0', nextTag: 'api@1.5.0' });
    expect(byName.web).toMatchObject({ bump: 'none', nextTag: null, currentVersion: '2.0.0' });
    expect(byName.docs).toMatchObject({ base: null, bump: 'none', currentVersion: null });
    expect(d).toMatchObject({ bump: 'minor', nextVersion: null });
  });
  it('without components the repository is the one component "root"', () => {
    const d = run(SPEC_RULES, [mod('src/a.ts')]);
    expect(d.components).toHaveLength(1);
    expect(d.components[0]).toMatchObject({ name: 'root', bump: 'minor', nextTag: 'v1.5.0' });
  });
  it('managed labels expand component templates', () => {
    expect(managedLabels(c).sort()).toEqual(['api-changed', 'api:minor', 'docs-changed', 'docs:minor', 'semver:major', 'web-changed', 'web:minor']);
  });
});

describe('properties of classification', () => {
  const rules = defaultConfig();
  const segment = fc.constantFrom('src', 'docs', 'test', '.github', 'db', 'migrations', 'lib', 'a', 'README.md', 'x.ts', 'y.py', 'z.md', 'V1__a.sql', 'package.json');
  const file = fc.record({
    path: fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
    status: fc.constantFrom('added', 'modified', 'removed', 'renamed', 'copied') as fc.Arbitrary<ChangedFile['status']>,
  });
  const ruleSet = new RuleSet(rules.rules, rules.defaultBump);

  it('adding files never lowers the bump', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 20 }), fc.array(file, { maxLength: 5 }), (files, more) => {
        expect(bumpRank(classify(ruleSet, [...files, ...more]).bump)).toBeGreaterThanOrEqual(bumpRank(classify(ruleSet, files).bump));
      }),
      { numRuns: 1000 },
    );
  });

  it('file order never changes the decision', () => {
    fc.assert(
      fc.property(fc.array(file, { maxLength: 20 }), fc.nat(), (files, seed) => {
        const shuffled = [...files].sort((a, b) => ((a.path.length * 31 + seed) % 7) - ((b.path.length * 31 + seed) % 7));
        const a = run(rules, files);
        const b = run(rules, shuffled);
        expect(b.bump).toBe(a.bump);
        expect(b.nextVersion).toBe(a.nextVersion);
        expect(new Set(b.labels)).toEqual(new Set(a.labels));
        const key = (f: { path: string; status: string; rule: string | null }) => `${f.path}|${f.status}|${f.rule}`;
        expect(b.files.map(key).sort()).toEqual(a.files.map(key).sort());
      }),
      { numRuns: 500 },
    );
  });
});

describe('RuleSet.decide equals the naive first-match reading of the rules', () => {
  // The reference: every rule in order, every glob through minimatch, no index, no shortcuts.
  const segment = fc.constantFrom('src', 'docs', 'test', 'a', 'b', '.github', 'db', 'migration', 'x.ts', 'y.md', 'V1__a.sql', 'z.test.ts', 'Makefile', 'READ.ME', 'noext', '.env');
  const globPart = fc.constantFrom('src', 'docs', 'a', '*', '**', '*.md', '*.ts', 'V*.sql', '.github', '{a,b}', '?', '[ab]', 'db', '*.{md,ts}', 'x.*', '*test*', 'Makefile', '*.*', 'b');
  const glob = fc.array(globPart, { minLength: 1, maxLength: 4 }).map((p) => p.join('/')).filter((g) => globProblem(g) === null);
  const rule = fc.record({
    paths: fc.array(fc.oneof(glob, glob, glob.map((g) => `!${g}`)), { minLength: 1, maxLength: 3 }).map((l) => (l.every((g) => g.startsWith('!')) ? [...l, '**'] : l)),
    status: fc.option(fc.subarray(['added', 'modified', 'removed', 'renamed', 'copied'] as const, { minLength: 1 }), { nil: undefined }),
    bump: fc.constantFrom('none', 'patch', 'minor', 'major') as fc.Arbitrary<'none' | 'patch' | 'minor' | 'major'>,
  });
  const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
  const file = fc.record({
    path,
    previousPath: fc.option(path, { nil: undefined }),
    status: fc.constantFrom('added', 'modified', 'removed', 'renamed', 'copied') as fc.Arbitrary<ChangedFile['status']>,
  }).map((f): ChangedFile => (f.previousPath === undefined ? { path: f.path, status: f.status } : { path: f.path, previousPath: f.previousPath, status: f.status }));

  it('for any rules and files', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 8 }), fc.array(file, { minLength: 1, maxLength: 30 }), (raw, files) => {
        const cfg = parseConfig(JSON.stringify({ version: 1, rules: raw.map((r) => (r.status ? r : { paths: r.paths, bump: r.bump })) }), 'p.yml');
        const set = new RuleSet(cfg.rules, cfg.defaultBump);
        const mm = (p: string, globs: string[]) =>
          globs.some((g) => !g.startsWith('!') && minimatch(p, g, { dot: true })) && !globs.some((g) => g.startsWith('!') && minimatch(p, g.slice(1), { dot: true }));
        for (const f of files) {
          const expected = raw.findIndex(
            (r) => (!r.status || (r.status as readonly string[]).includes(f.status)) && (mm(f.path, r.paths) || (f.previousPath !== undefined && mm(f.previousPath, r.paths))),
          );
          expect(set.decide(f).rule?.position ?? 0).toBe(expected + 1);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('tag names are validated before any write', () => {
  it('a next tag git would refuse is an error in the decision itself', () => {
    // The config check samples the format; a format built outside the schema shows the guard.
    const c = parseConfig('version: 1\nrules: [{paths: "**", bump: minor}]\ncomponents:\n  - {name: app, paths: "**", tag-format: "app-{version}"}\n', 't.yml');
    expect(run(c, [mod('a')], { tags: ['app-1.0.0'] }).components[0]!.nextTag).toBe('app-1.1.0');
    const bad = { ...c, components: [{ ...c.components![0]!, tagFormat: new TagFormat('app/{version}.lock') }] };
    expect(() => run(bad, [mod('a')], { tags: [] })).toThrowError(/the next tag "app\/0\.1\.0\.lock" of app is not a valid git tag name: .*\.lock/);
  });
});

describe('version-from patterns run in linear time', () => {
  it('a nested-quantifier pattern on a hostile basename decides quickly', () => {
    const c = parseConfig('version: 1\nrules: [{paths: "**", bump: minor}]\nversion-from:\n  major:\n    files: "db/*"\n    pattern: "^(?:a+)+(\\\\d)$"\n', 't.yml');
    const started = Date.now();
    const d = run(c, [mod('src/a')], { tags: ['v2.0.0'], headTree: [`db/${'a'.repeat(200)}!`, 'db/aaa3'] });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(d.nextVersion).toBe('3.0.0');
  });
});
