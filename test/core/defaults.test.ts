/** The built-in rules (no config file): which rule decides each common path, and its bump. */
import { describe, expect, it } from 'vitest';
import { classify, defaultConfig, RuleSet, type Bump, type ChangedFile } from '../../src/core/index.js';

const config = defaultConfig();
const ruleSet = new RuleSet(config.rules, config.defaultBump);

function one(path: string, status: ChangedFile['status']) {
  const result = classify(ruleSet, [{ path, status }]);
  return { rule: result.files[0]!.rule, bump: result.files[0]!.bump, overall: result.bump };
}

describe('built-in rules', () => {
  it('are tried in this order', () => {
    expect(config.rules.map((r) => r.name)).toEqual([
      'tests',
      'generated output',
      'vendored code',
      'database migration',
      'CI and repository settings',
      'developer tooling',
      'tool configuration',
      'documentation',
      'application source',
    ]);
    expect(config.defaultBump).toBe('patch');
  });

  it.each<[string, ChangedFile['status'], string | null, Bump]>([
    // generated output
    ['dist/index.js', 'modified', 'generated output', 'none'],
    ['dist/licenses.txt', 'modified', 'generated output', 'none'],
    ['build/app.js', 'added', 'generated output', 'none'],
    ['build/db/migrations/V2.sql', 'added', 'generated output', 'none'],
    ['dist/migrations/0002_x.py', 'added', 'generated output', 'none'],
    ['src/build.ts', 'modified', 'application source', 'minor'],
    ['src/dist.ts', 'modified', 'application source', 'minor'],
    ['src/build/index.ts', 'modified', 'application source', 'minor'], // only the top-level build/
    ['distribution/x.go', 'modified', 'application source', 'minor'],
    // snapshots (tests)
    ['src/__snapshots__/a.test.ts.snap', 'modified', 'tests', 'none'],
    ['packages/ui/src/__snapshots__/Button.tsx.snap', 'added', 'tests', 'none'],
    ['__snapshots__/x.json', 'modified', 'tests', 'none'],
    ['src/components/Card.snap', 'modified', 'tests', 'none'],
    ['src/snapshot.ts', 'modified', 'application source', 'minor'],
    // vendored code
    ['vendor/github.com/pkg/errors/errors.go', 'modified', 'vendored code', 'patch'],
    ['vendor/modules.txt', 'modified', 'vendored code', 'patch'],
    ['vendor/autoload.php', 'modified', 'vendored code', 'patch'],
    ['vendor/x/migrations/1.sql', 'added', 'vendored code', 'patch'],
    ['vendor/x/README.md', 'modified', 'vendored code', 'patch'],
    ['third_party/zlib/inflate.c', 'modified', 'vendored code', 'patch'],
    ['src/third_party/fmt/format.h', 'added', 'vendored code', 'patch'],
    ['node_modules/minimatch/dist/index.js', 'modified', 'vendored code', 'patch'],
    ['packages/a/node_modules/x/index.js', 'added', 'vendored code', 'patch'],
    ['node_modules/knex/migrations/1.js', 'added', 'vendored code', 'patch'],
    ['src/vendor/vendor.service.ts', 'modified', 'application source', 'minor'], // a domain "vendor" module
    ['src/vendor.ts', 'modified', 'application source', 'minor'],
    // tool configuration
    ['vite.config.ts', 'modified', 'tool configuration', 'none'],
    ['eslint.config.js', 'modified', 'tool configuration', 'none'],
    ['eslint.config.mjs', 'added', 'tool configuration', 'none'],
    ['jest.config.cjs', 'modified', 'tool configuration', 'none'],
    ['vitest.config.mts', 'modified', 'tool configuration', 'none'],
    ['packages/x/jest.config.js', 'modified', 'tool configuration', 'none'],
    ['apps/web/tailwind.config.ts', 'modified', 'tool configuration', 'none'],
    ['src/app/app.config.ts', 'modified', 'application source', 'minor'], // Angular: runtime code
    ['packages/api/src/database.config.ts', 'modified', 'application source', 'minor'],
    ['lib/defaults.config.js', 'modified', 'application source', 'minor'],
    ['app/auth.config.ts', 'modified', 'application source', 'minor'],
    ['config.ts', 'modified', 'application source', 'minor'],
    ['vite.config.json', 'modified', null, 'patch'],
    // test layouts
    ['cypress/e2e/login.cy.ts', 'added', 'tests', 'none'],
    ['cypress/support/commands.js', 'modified', 'tests', 'none'],
    ['playwright/tests/home.ts', 'modified', 'tests', 'none'],
    ['playwright/fixtures.ts', 'modified', 'tests', 'none'],
    ['e2e/app.ts', 'modified', 'tests', 'none'],
    ['test/x.ts', 'modified', 'tests', 'none'],
    ['tests/test_a.py', 'modified', 'tests', 'none'],
    ['packages/a/test/x.ts', 'modified', 'tests', 'none'],
    ['pkg/foo/tests/helpers.py', 'added', 'tests', 'none'],
    ['src/test/java/AppTest.java', 'modified', 'tests', 'none'],
    ['src/test/resources/db/migration/V9__t.sql', 'added', 'tests', 'none'],
    ['packages/a/test/migrations/1.sql', 'added', 'tests', 'none'],
    ['src/testing.ts', 'modified', 'application source', 'minor'],
    ['src/e2e.ts', 'modified', 'application source', 'minor'],
    // developer tooling
    ['scripts/release.sh', 'modified', 'developer tooling', 'none'],
    ['scripts/bundle.mjs', 'modified', 'developer tooling', 'none'],
    ['scripts/README.md', 'modified', 'developer tooling', 'none'],
    ['tools/tools.go', 'modified', 'developer tooling', 'none'],
    ['tools/gen/src/main.ts', 'added', 'developer tooling', 'none'],
    ['src/scripts/main.js', 'modified', 'application source', 'minor'],
    ['src/tools.ts', 'modified', 'application source', 'minor'],
    // database migrations keep their place
    ['db/migrations/V2__x.sql', 'added', 'database migration', 'major'],
    ['db/migrations/V2__x.sql', 'modified', 'application source', 'minor'],
    ['db/migrations/V3__x.sql', 'renamed', 'database migration', 'major'], // a new version number (beneficiary-fhir-data)
    ['db/migrations/V4__x.sql', 'copied', 'database migration', 'major'],
    ['db/migrate/20240101_add_users.rb', 'added', 'database migration', 'major'],
    ['src/main/resources/db/migration/V3__y.sql', 'added', 'database migration', 'major'],
    // the rest stays as it was
    ['docs/x.md', 'modified', 'documentation', 'patch'],
    ['README.md', 'modified', 'documentation', 'patch'],
    ['.github/workflows/ci.yml', 'modified', 'CI and repository settings', 'none'],
    ['src/index.ts', 'modified', 'application source', 'minor'],
    ['lib/a.rb', 'modified', 'application source', 'minor'],
    ['package.json', 'modified', null, 'patch'],
    ['package-lock.json', 'modified', null, 'patch'],
  ])('%s (%s): %s, %s', (path, status, rule, bump) => {
    const { rule: got, bump: gotBump, overall } = one(path, status);
    expect({ rule: got, bump: gotBump }).toEqual({ rule, bump });
    expect(overall).toBe(bump);
  });

  it('a Dependabot bump with a rebuilt dist/index.js is a patch (actions/labeler, "Bump minimatch")', () => {
    const result = classify(ruleSet, [
      { path: 'package.json', status: 'modified' },
      { path: 'package-lock.json', status: 'modified' },
      { path: 'dist/index.js', status: 'modified' },
    ]);
    expect(result.bump).toBe('patch');
    expect(result.files.map((f) => [f.path, f.rule, f.bump])).toEqual([
      ['package.json', null, 'patch'],
      ['package-lock.json', null, 'patch'],
      ['dist/index.js', 'generated output', 'none'],
    ]);
  });

  it('a source change still decides when dist/ is rebuilt with it', () => {
    const result = classify(ruleSet, [
      { path: 'src/labeler.ts', status: 'modified' },
      { path: 'dist/index.js', status: 'modified' },
      { path: 'src/__snapshots__/labeler.test.ts.snap', status: 'modified' },
    ]);
    expect(result.bump).toBe('minor');
  });
});
