/**
 * The built-in rules: what bump-classifier does when a repository has no config file (and what a
 * config without `rules` uses). The first matching rule decides, so the order matters: tests
 * first, then generated output and vendored code, all before database migrations (a migration
 * under a test tree, copied into build/ or vendored is no major change). Documented in the
 * README's "Built-in rules" table; keep both in step.
 */
import type { RawConfig, RawRule } from './schema.js';

const CODE_EXTENSIONS =
  'ts,tsx,mts,cts,js,jsx,mjs,cjs,py,go,rs,java,kt,kts,scala,groovy,rb,php,cs,fs,vb,swift,m,mm,c,h,cc,cpp,cxx,hpp,hh,' +
  'ex,exs,erl,hrl,clj,cljs,dart,lua,pl,pm,r,jl,zig,nim,hs,ml,elm,vue,svelte,astro,sql,proto,graphql,gql';

export const DEFAULT_RULES: RawRule[] = [
  {
    name: 'tests',
    paths: [
      '**/test/**', // also test/ at the top
      '**/tests/**',
      'spec/**',
      '__tests__/**',
      'bench/**',
      'benchmarks/**',
      '**/__tests__/**',
      '**/__mocks__/**',
      '**/testdata/**',
      '**/__snapshots__/**',
      'cypress/**',
      'playwright/**',
      'e2e/**',
      '**/*.test.*',
      '**/*.spec.*',
      '**/*_test.go',
      '**/test_*.py',
      '**/*_test.py',
      '**/*_spec.rb',
      '**/*.snap',
    ],
    bump: 'none',
  },
  {
    // Built from the sources, whose own change decides (a GitHub Action's committed dist/index.js).
    name: 'generated output',
    paths: ['dist/**', 'build/**'],
    bump: 'none',
  },
  {
    // Third-party code: an update ships changed code, like a dependency bump. Only the top-level
    // vendor/ (Go, PHP, Ruby): a nested "vendor" directory may be the product's own code (a
    // marketplace's src/vendor/ module); third_party and node_modules are unambiguous anywhere.
    name: 'vendored code',
    paths: ['vendor/**', '**/third_party/**', '**/node_modules/**'],
    bump: 'patch',
  },
  {
    name: 'database migration',
    // Renamed or copied counts as added: Flyway and Rails read the version from the file name, so
    // V20250319__x.sql renamed from an already released V20241101__x.sql runs as a new migration.
    status: ['added', 'renamed', 'copied'],
    paths: [
      '**/db/migrate/**', // Rails
      '**/db/migration/**', // Flyway (src/main/resources/db/migration)
      '**/migrations/**', // Django, Alembic, Knex, Prisma, Diesel, golang-migrate
      '**/alembic/versions/**',
      '**/db/changelog/**', // Liquibase
      '!**/node_modules/**',
      '!**/*.md',
    ],
    bump: 'major',
  },
  {
    name: 'CI and repository settings',
    paths: [
      '.github/**',
      '.gitlab-ci.yml',
      '.gitlab/**',
      '.circleci/**',
      '.ci/**',
      '.devcontainer/**',
      '.vscode/**',
      '.idea/**',
      '.husky/**',
      '.editorconfig',
      '.gitignore',
      '.gitattributes',
      '.prettierrc*',
      '.eslintrc*',
      '**/.gitkeep',
      'CODEOWNERS',
    ],
    bump: 'none',
  },
  {
    name: 'developer tooling',
    paths: ['scripts/**', 'tools/**'],
    bump: 'none',
  },
  {
    // Build, lint and test tool configs (vite.config.ts, eslint.config.js, packages/x/jest.config.js),
    // but not in a source tree, where *.config.ts is code the application runs (Angular's
    // src/app/app.config.ts, a NestJS config module).
    name: 'tool configuration',
    paths: ['**/*.config.{js,cjs,mjs,ts,cts,mts}', '!**/src/**', '!app/**', '!lib/**'],
    bump: 'none',
  },
  {
    name: 'documentation',
    paths: ['docs/**', 'doc/**', 'examples/**', '**/*.md', '**/*.mdx', '**/*.rst', '**/*.adoc', 'LICENSE*', 'CHANGELOG*'],
    bump: 'patch',
  },
  {
    name: 'application source',
    paths: ['src/**', 'lib/**', 'app/**', `**/*.{${CODE_EXTENSIONS}}`],
    bump: 'minor',
  },
];

/** The whole built-in config, used when no config file exists. */
export const DEFAULT_CONFIG: RawConfig = {
  version: 1,
  'default-bump': 'patch',
  rules: DEFAULT_RULES,
  labels: {
    bump: { major: 'semver:major', minor: 'semver:minor', patch: 'semver:patch' },
  },
};
