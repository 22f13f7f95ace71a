/**
 * Agreement with semantic-release's own commit analyzer (@semantic-release/commit-analyzer with
 * preset "conventionalcommits"): the expected bump of every message is what the analyzer
 * itself returns, computed in this test, not copied by hand.
 */
import { analyzeCommits } from '@semantic-release/commit-analyzer';
import { describe, expect, it } from 'vitest';
import { classifyCommits } from '../../src/core/commits.js';
import type { CommitPreset } from '../../src/core/types.js';

const silent = { log: () => {}, error: () => {} };

/** The analyzer's release type for these commits, as bump-classifier's vocabulary. */
async function analyzer(commits: { hash: string; message: string }[], preset: CommitPreset = 'conventionalcommits'): Promise<string> {
  // semantic-release trims messages when it reads the git log; the analyzer receives them trimmed.
  const trimmed = commits.map((c) => ({ ...c, message: c.message.trim() }));
  const release = await analyzeCommits({ preset }, { commits: trimmed, logger: silent, cwd: process.cwd() });
  return release ?? 'none';
}

const ours = (commits: { hash: string; message: string }[], preset: CommitPreset = 'conventionalcommits'): string => {
  const order = ['none', 'patch', 'minor', 'major'];
  return classifyCommits(commits.map((c) => ({ sha: c.hash, message: c.message })), new Map(), { preset, releaseRules: [] })
    .map((d) => d.bump)
    .reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), 'none');
};

// Messages in the shapes real repositories write them (angular/angular, vitejs/vite,
// nodejs/node, semantic-release itself, Renovate and Dependabot bots, GitHub merge commits).
const MESSAGES: string[] = [
  'feat(compiler): add support for the new control flow',
  'fix(router): handle empty paths (#52349)',
  'perf(core): avoid extra change detection',
  'docs: update contributing guide',
  'chore(deps): update dependency typescript to v5.3.2',
  'build(deps-dev): bump vitest from 0.34.6 to 1.0.0',
  'refactor!: drop support for Node 16',
  'feat(api)!: remove the deprecated `foo` option',
  'feat: new flag\n\nBREAKING CHANGE: the `--bar` flag is removed',
  'fix: typo\n\nBREAKING-CHANGE: config key renamed',
  'fix(parser): multi-paragraph body\n\nFirst paragraph.\n\nSecond paragraph mentions BREAKING CHANGE in prose.',
  'feat(ssr): explain\n\nSome body\n\nCloses #123\nBREAKING CHANGE: ssr.noExternal is now an array',
  'Merge pull request #4215 from user/feature-branch\n\nfeat: add thing',
  "Merge branch 'main' into next",
  'Revert "feat: add thing"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.',
  'revert: fix(core): undo the change\n\nThis reverts commit abcdef0123456789abcdef0123456789abcdef01.',
  'feat(packages/core): scope with a slash',
  'fix(vite.config.ts): scope with dots',
  'Feat: upper-case type',
  'FEAT: shouting type',
  'FIX: shouting fix',
  'Fix: capitalised fix',
  'feat: CRLF line endings\r\n\r\nBREAKING CHANGE: windows',
  'fix: CRLF without breaking\r\n\r\nbody line',
  '   feat: leading whitespace and trailing   \n\n',
  'feat:missing space after colon',
  'feat (scope): space before scope',
  'style: format',
  'test: add tests',
  'ci: bump actions/checkout',
  'Update README.md',
  'Initial commit',
  'v1.2.3',
  'feat(deps)!: bump node\n\nBREAKING CHANGE: requires node 20',
  'fix!: breaking fix',
  'chore!: breaking chore',
  'feat: with footer\n\nReviewed-by: Someone\nRefs: #42',
  'fix(release): 🐛 emoji in subject',
  'feat(scope): subject with (parentheses) and: colons',
  '',
];

describe('conventional commits: agreement with semantic-release', () => {
  it.each(MESSAGES.map((m) => [m]))('%j', async (message) => {
    const commits = [{ hash: '1111111111111111111111111111111111111111', message }];
    expect(ours(commits)).toBe(await analyzer(commits));
  });

  it('a commit reverted within the same change releases nothing, like the analyzer (newest first)', async () => {
    const commits = [
      { hash: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', message: 'Revert "feat: add thing"\n\nThis reverts commit aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.' },
      { hash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', message: 'feat: add thing' },
      { hash: 'cccccccccccccccccccccccccccccccccccccccc', message: 'docs: note' },
    ];
    expect(ours(commits)).toBe(await analyzer(commits));
    expect(ours(commits)).toBe('none');
    expect(classifyCommits(commits.map((c) => ({ sha: c.hash, message: c.message }))).map((d) => d.reason)).toEqual([
      'reverted within this change',
      'reverted within this change',
      'type "docs" releases nothing',
    ]);
  });

  it('every pair of messages agrees too (highest wins)', async () => {
    const sample = MESSAGES.filter((_, i) => i % 3 === 0);
    for (let i = 0; i < sample.length; i++) {
      for (let j = i + 1; j < sample.length; j += 3) {
        const commits = [
          { hash: `${i}`.padStart(40, 'a'), message: sample[i]! },
          { hash: `${j}`.padStart(40, 'b'), message: sample[j]! },
        ];
        expect(ours(commits)).toBe(await analyzer(commits));
      }
    }
  });

  it.each(MESSAGES.map((m) => [m]))('angular preset (semantic-release\'s default): %j', async (message) => {
    const commits = [{ hash: '1111111111111111111111111111111111111111', message }];
    expect(ours(commits, 'angular')).toBe(await analyzer(commits, 'angular'));
  });

  it('explains each commit', () => {
    const [a, b, c, d] = classifyCommits([
      { sha: 'a1', message: 'feat(api)!: drop v1\n\nbody' },
      { sha: 'b2', message: 'fix: x' },
      { sha: 'c3', message: 'chore: y' },
      { sha: 'd4', message: 'Update README' },
    ]);
    expect(a).toEqual({ sha: 'a1', subject: 'feat(api)!: drop v1', type: 'feat', scope: 'api', bump: 'major', reason: 'BREAKING CHANGE' });
    expect(b).toMatchObject({ bump: 'patch', reason: 'fix' });
    expect(c).toMatchObject({ bump: 'none', reason: 'type "chore" releases nothing' });
    expect(d).toMatchObject({ bump: 'none', reason: 'not a conventional commit' });
  });
});
