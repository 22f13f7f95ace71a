/**
 * The built-in rules (tests first, so a migration under a test tree is no major change): what bump-classifier does when a repository has no config file (and what a
 * config without `rules` uses). Documented in the README's config reference; keep both in step.
 */
import type { RawConfig, RawRule } from './schema.js';

const CODE_EXTENSIONS =
  'ts,tsx,mts,cts,js,jsx,mjs,cjs,py,go,rs,java,kt,kts,scala,groovy,rb,php,cs,fs,vb,swift,m,mm,c,h,cc,cpp,cxx,hpp,hh,' +
  'ex,exs,erl,hrl,clj,cljs,dart,lua,pl,pm,r,jl,zig,nim,hs,ml,elm,vue,svelte,astro,sql,proto,graphql,gql';

export const DEFAULT_RULES: RawRule[] = [
  {
    name: 'tests',
    paths: [
      'test/**',
      'tests/**',
      'spec/**',
      '__tests__/**',
      'bench/**',
      'benchmarks/**',
      '**/__tests__/**',
      '**/__mocks__/**',
      '**/src/test/**',
      '**/testdata/**',
      '**/*.test.*',
      '**/*.spec.*',
      '**/*_test.go',
      '**/test_*.py',
      '**/*_test.py',
      '**/*_spec.rb',
    ],
    bump: 'none',
  },
  {
    name: 'database migration',
    status: 'added',
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
