/**
 * `commits.preset` and `commits.release-rules`: agreement with @semantic-release/commit-analyzer
 * itself, given the same `{preset, releaseRules}`. The commits are real git commits, and the
 * analyzer receives them as semantic-release builds them (the hash, the trimmed message, git's
 * subject); bump-classifier receives the SHA and the message. Every expected bump is what the
 * analyzer returns here, not copied by hand.
 */
import { execFileSync } from 'node:child_process';
import { analyzeCommits } from '@semantic-release/commit-analyzer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyCommits, type CommitCache } from '../../src/core/commits.js';
import { ConfigError, decide, parseConfig } from '../../src/core/index.js';
import type { CommitOptions, CommitPreset, ReleaseRule } from '../../src/core/types.js';
import { TestRepo } from '../support/git-repo.js';

const silent = { log: () => {}, error: () => {} };
const ORDER = ['none', 'patch', 'minor', 'major'];
const highest = (bumps: string[]): string => bumps.reduce((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), 'none');

/** A commit as semantic-release reads it from git (git-log-parser: %H, %s, %B trimmed). */
interface GitCommit {
  hash: string;
  message: string;
  subject: string;
}

async function analyzer(commits: readonly GitCommit[], preset: CommitPreset, releaseRules: readonly ReleaseRule[]): Promise<string> {
  const options = releaseRules.length > 0 ? { preset, releaseRules } : { preset };
  const release = await analyzeCommits(options, { commits: commits.map((c) => ({ ...c })), logger: silent, cwd: process.cwd() });
  return release ?? 'none';
}

function ours(commits: readonly GitCommit[], preset: CommitPreset, releaseRules: readonly ReleaseRule[]): string {
  return highest(classifyCommits(commits.map((c) => ({ sha: c.hash, message: c.message })), new Map(), { preset, releaseRules }).map((d) => d.bump));
}

// renovatebot/github-action's .releaserc rules.
const RENOVATE: ReleaseRule[] = [
  { type: 'docs', scope: 'readme.md', release: 'patch' },
  { type: 'build', release: 'patch' },
  { type: 'skip', release: false },
];

// Shapes real repositories write: Renovate's and Dependabot's commits, renovatebot/github-action's
// own history, Angular, semantic-release, GitHub merge and revert commits.
const MESSAGES: string[] = [
  'build(deps): update dependency typescript to v5.3.3',
  'build(deps): lock file maintenance',
  'build!: drop node 16',
  'build(deps)!: update node to v20\n\nBREAKING CHANGE: requires node 20',
  'docs(readme.md): update references to renovatebot/github-action to v40.1.0',
  'docs(README.md): capitalised scope',
  'docs: update README.md',
  'docs(.github): a dot scope',
  'chore(deps): update renovate docker tag to v37.140.0',
  'fix(deps): update dependency @actions/core to v1.10.1',
  'ci(deps): update actions/checkout action to v4.1.1',
  'skip: do not release this',
  'skip(ci): nor this',
  'chore(release): 40.1.0 [skip ci]',
  'fix(api): handle empty pages [skip release]',
  'feat(compiler): add support for the new control flow',
  'feat(api)!: remove the deprecated `foo` option',
  'feat!: drop the old API',
  'feat: new flag\n\nBREAKING CHANGE: the `--bar` flag is removed',
  'fix: typo\n\nBREAKING-CHANGE: config key renamed',
  'perf(core): avoid extra change detection',
  'refactor(packages/core): scope with a slash',
  'fix(api/v2): handle nulls\n\nRefs: #42',
  'fix: patch a security hole\n\nThe parser trusted its input; it no longer does, a security fix.',
  'Feat: upper-case type',
  'FEAT: shouting type',
  'Update README.md',
  'Update dependency x\nsecond line of the subject\n\nbody',
  "Merge branch 'main' into next",
  'Merge pull request #4215 from user/feature-branch\n\nfeat: add thing',
  'Revert "feat: add thing"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.',
  'revert: build(deps): update dependency x\n\nThis reverts commit abcdef0123456789abcdef0123456789abcdef01.',
  'feat: CRLF line endings\r\n\r\nBREAKING CHANGE: windows',
  '   feat: leading whitespace and trailing   \n\n',
  '',
];

const RULE_SETS: [string, ReleaseRule[]][] = [
  ['no custom rules', []],
  ["renovatebot's rules", RENOVATE],
  ["renovatebot's rules and breaking → major", [...RENOVATE, { breaking: true, release: 'major' }]],
  ['breaking → minor replaces the default major', [{ breaking: true, release: 'minor' }]],
  ['release: false silences a type, defaults not tried', [{ type: 'feat', release: false }]],
  ['a later false cancels an earlier release', [{ type: 'fix', release: 'patch' }, { scope: 'deps', release: false }]],
  ['a later release raises an earlier false', [{ scope: 'deps', release: false }, { type: 'fix', release: 'patch' }]],
  ['major is final', [{ breaking: true, release: 'major' }, { type: 'feat', release: false }]],
  ['any scope ("*")', [{ scope: '*', release: 'minor' }]],
  ['brace and extglob scopes', [{ scope: '{api,core}', release: 'major' }, { type: 'docs', scope: '!(readme.md)', release: 'patch' }]],
  ['type globs, case-sensitive', [{ type: '[Ff]eat', release: 'minor' }, { type: 'ch*', release: 'patch' }]],
  ['revert → minor', [{ revert: true, release: 'minor' }]],
  ['reverts release nothing', [{ revert: true, release: false }]],
  ['subject and header', [{ subject: '*\\[skip release\\]*', release: false }, { header: 'Update *', release: 'patch' }]],
  ['git subject of an unparsed header', [{ subject: 'Update dependency x second*', release: 'minor' }]],
  [
    'body, footer, message, hash',
    [
      { body: '*security*', release: 'patch' },
      { footer: 'Refs: #*', release: 'minor' },
      { message: '*BREAKING-CHANGE*', release: 'major' },
      { hash: '[0-7]*', release: 'patch' },
    ],
  ],
  ['a rule with only a release matches every commit', [{ release: 'patch' }]],
  ['breaking: false and revert: false ask nothing', [{ breaking: false, revert: false, type: 'docs', release: 'minor' }]],
];

/** Real commits, one after another, read back as semantic-release reads them. */
function gitCommits(messages: readonly string[]): GitCommit[] {
  const repo = new TestRepo();
  try {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
      GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
    };
    const tree = repo.git('hash-object', '-t', 'tree', '/dev/null');
    let parent: string | null = null;
    const hashes = messages.map((message) => {
      const args = ['commit-tree', tree, ...(parent === null ? [] : ['-p', parent]), '-F', '-'];
      parent = execFileSync('git', args, { cwd: repo.dir, env, input: message, encoding: 'utf8' }).trim();
      return parent;
    });
    const log = repo.git('log', '--format=%H%x00%s%x00%B%x1e', hashes.at(-1)!);
    const read = new Map(
      log.split('\x1e').filter((r) => r.trim() !== '').map((record) => {
        const [hash, subject, body] = record.replace(/^\n/, '').split('\0') as [string, string, string];
        return [hash, { hash, subject, message: body.trim() }];
      }),
    );
    return hashes.map((h) => read.get(h)!);
  } finally {
    repo.cleanup();
  }
}

let COMMITS: GitCommit[] = [];
beforeAll(() => {
  COMMITS = gitCommits(MESSAGES);
});

describe('release rules: agreement with @semantic-release/commit-analyzer', () => {
  const cases = (['conventionalcommits', 'angular'] as const).flatMap((preset) =>
    RULE_SETS.map(([name, rules]) => [preset, name, rules] as const),
  );

  it.each(cases)('%s, %s: every message', async (preset, _name, rules) => {
    const theirs = await Promise.all(COMMITS.map(async (c) => ({ message: c.message, bump: await analyzer([c], preset, rules) })));
    expect(COMMITS.map((c) => ({ message: c.message, bump: ours([c], preset, rules) }))).toEqual(theirs);
  });

  // Ranges newest first, as semantic-release passes them: the revert filter and the fold over commits.
  const RANGES: number[][] = [
    [0, 8, 4],
    [11, 4, 9, 0],
    [2, 8],
    [30, 15, 16],
    [31, 0, 8],
    [11, 12, 6],
    [17, 18, 10, 29],
  ];
  it.each(cases)('%s, %s: ranges of commits', async (preset, _name, rules) => {
    for (const range of RANGES) {
      const commits = range.map((i) => COMMITS[i]!);
      expect([range, ours(commits, preset, rules)]).toEqual([range, await analyzer(commits, preset, rules)]);
    }
  });

  it("git's subject is what the analyzer matches for a header the preset does not parse", async () => {
    const c = COMMITS[MESSAGES.indexOf('Update dependency x\nsecond line of the subject\n\nbody')]!;
    expect(c.subject).toBe('Update dependency x second line of the subject');
    const rules: ReleaseRule[] = [{ subject: 'Update dependency x second*', release: 'minor' }];
    expect(await analyzer([c], 'conventionalcommits', rules)).toBe('minor');
    expect(ours([c], 'conventionalcommits', rules)).toBe('minor');
  });
});

/** The bump and reason of one message. */
function one(message: string, options: Partial<CommitOptions> = {}): [string, string] {
  const [d] = classifyCommits([{ sha: 'a'.repeat(40), message }], new Map(), { preset: 'conventionalcommits', releaseRules: [], ...options });
  return [d!.bump, d!.reason];
}

describe('what decides a commit', () => {
  it.each<[string, string, Partial<CommitOptions>, [string, string]]>([
    // The issue's example: renovatebot's three rules alone, then with a breaking rule.
    ['renovate rules alone: build! is a build', 'build!: x', { releaseRules: RENOVATE }, ['patch', 'release rule {type: build} → patch']],
    [
      'renovate rules and breaking → major',
      'build!: x',
      { releaseRules: [...RENOVATE, { breaking: true, release: 'major' }] },
      ['major', 'release rule {breaking: true} → major'],
    ],
    ['docs(readme.md)', 'docs(readme.md): refs', { releaseRules: RENOVATE }, ['patch', 'release rule {type: docs, scope: readme.md} → patch']],
    ['skip', 'skip: release', { releaseRules: RENOVATE }, ['none', 'release rule {type: skip} → no release']],
    ['no custom rule matches: the default rules', 'feat: x', { releaseRules: RENOVATE }, ['minor', 'feat']],
    ['default breaking', 'feat!: x', { releaseRules: RENOVATE }, ['major', 'BREAKING CHANGE']],
    ['default, nothing', 'chore: x', { releaseRules: RENOVATE }, ['none', 'type "chore" releases nothing']],
    ['a glob is quoted in the reason', 'docs(x): y', { releaseRules: [{ scope: '*', release: 'minor' }] }, ['minor', 'release rule {scope: "*"} → minor']],
    ['revert', 'Revert "x"\n\nThis reverts commit abcdef0.', { releaseRules: [{ revert: true, release: false }] }, ['none', 'release rule {revert: true} → no release']],
    // angular: "!" is not breaking, and the header does not parse at all.
    ['angular: feat! is not a commit it parses', 'feat!: x', { preset: 'angular' }, ['none', 'not a conventional commit (angular preset)']],
    ['angular: a BREAKING CHANGE footer is', 'feat: x\n\nBREAKING CHANGE: y', { preset: 'angular' }, ['major', 'BREAKING CHANGE']],
    ['angular: BREAKING-CHANGE is not its note keyword', 'fix: x\n\nBREAKING-CHANGE: y', { preset: 'angular' }, ['patch', 'fix']],
    ['conventionalcommits: it is', 'fix: x\n\nBREAKING-CHANGE: y', {}, ['major', 'BREAKING-CHANGE']],
  ])('%s', (_name, message, options, expected) => {
    expect(one(message, options)).toEqual(expected);
  });

  it('parses a commit once per preset: the cache key holds the preset', () => {
    const cache: CommitCache = new Map();
    const commits = [{ sha: 'b'.repeat(40), message: 'feat!: x' }];
    expect(classifyCommits(commits, cache, { preset: 'conventionalcommits', releaseRules: [] })[0]!.bump).toBe('major');
    expect(classifyCommits(commits, cache, { preset: 'angular', releaseRules: [] })[0]!.bump).toBe('none');
    expect(cache.size).toBe(2);
    const angular: CommitOptions = { preset: 'angular', releaseRules: [] };
    const first = classifyCommits(commits, cache, angular)[0];
    expect(classifyCommits(commits, cache, angular)[0]).toBe(first);
    // Other rules: decided again, not served from the cache.
    expect(classifyCommits(commits, cache, { preset: 'angular', releaseRules: [{ release: 'patch' }] })[0]!.bump).toBe('patch');
    expect(cache.size).toBe(2);
  });
});

const RENOVATE_CONFIG = `version: 1
default-bump: none
commits:
  conventional: true
  release-rules:
    - {type: docs, scope: readme.md, release: patch}
    - {type: build, release: patch}
    - {type: skip, release: false}
`;

describe('config: commits.preset and commits.release-rules', () => {
  it('reads the issue example', () => {
    const c = parseConfig(
      `version: 1
commits:
  conventional: true
  preset: angular
  release-rules:
    - {type: docs, scope: readme.md, release: patch}
    - {type: build, release: patch}
    - {type: skip, release: false}
    - {breaking: true, release: major}
`,
      'c.yml',
    );
    expect(c.commits).toEqual({ preset: 'angular', releaseRules: [...RENOVATE, { breaking: true, release: 'major' }] });
  });

  it('defaults to conventionalcommits and no rules', () => {
    expect(parseConfig('version: 1\n', 'c.yml').commits).toEqual({ preset: 'conventionalcommits', releaseRules: [] });
  });

  it('reaches the decision: a renovatebot-style range releases a patch, as semantic-release did', () => {
    const config = parseConfig(RENOVATE_CONFIG, 'c.yml');
    const d = decide({
      config,
      files: [{ path: 'README.md', status: 'modified' }],
      tags: ['v40.1.0'],
      base: 'b',
      head: 'f'.repeat(40),
      branch: 'main',
      commits: [
        { sha: '3'.repeat(40), message: 'docs(readme.md): update references to renovatebot/github-action to v40.1.0' },
        { sha: '2'.repeat(40), message: 'chore(deps): update renovate docker tag to v37.140.0' },
        { sha: '1'.repeat(40), message: 'skip: tidy' },
      ],
    });
    expect(d.nextVersion).toBe('40.1.1');
    expect(d.commits.map((c) => [c.bump, c.reason])).toEqual([
      ['patch', 'release rule {type: docs, scope: readme.md} → patch'],
      ['none', 'type "chore" releases nothing'],
      ['none', 'release rule {type: skip} → no release'],
    ]);
  });

  function error(text: string): string {
    try {
      parseConfig(text, '.github/bump-classifier.yml');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error('expected a config error');
  }

  const rules = (...lines: string[]): string => `version: 1\ncommits:\n  conventional: true\n  release-rules:\n${lines.map((l) => `    ${l}\n`).join('')}`;
  it.each([
    [rules('- {type: build, release: huge}'), '.github/bump-classifier.yml:5:30: commits.release-rules[0].release: expected one of major, minor, patch, false, got "huge"'],
    [rules('- {type: build, release: none}'), '.github/bump-classifier.yml:5:30: commits.release-rules[0].release: expected one of major, minor, patch, false, got "none"'],
    [rules('- {type: build, release: "false"}'), '.github/bump-classifier.yml:5:30: commits.release-rules[0].release: expected one of major, minor, patch, false, got "false"'],
    [rules('- {type: build, release: premajor}'), '.github/bump-classifier.yml:5:30: commits.release-rules[0].release: expected one of major, minor, patch, false, got "premajor"'],
    [rules('- type: build'), '.github/bump-classifier.yml:5:7: commits.release-rules[0].release: missing required key; expected "major" or "minor" or "patch" or false'],
    [rules('- {type: build, release: patch}', '- {type: docs, emoji: ":bug:", release: patch}'), '.github/bump-classifier.yml:6:20: commits.release-rules[1]: unknown key "emoji"'],
    [rules('- type: build', '  merge: "*"', '  release: patch'), '.github/bump-classifier.yml:6:7: commits.release-rules[0]: unknown key "merge"'],
    [rules('- {breaking: yes, release: major}'), '.github/bump-classifier.yml:5:18: commits.release-rules[0].breaking: expected true or false, got "yes"'],
    [rules('- {revert: 1, release: patch}'), '.github/bump-classifier.yml:5:16: commits.release-rules[0].revert: expected true or false, got 1'],
    [rules('- {type: "", release: patch}'), '.github/bump-classifier.yml:5:14: commits.release-rules[0].type: expected a non-empty string'],
    [rules('- {scope: 3, release: patch}'), '.github/bump-classifier.yml:5:15: commits.release-rules[0].scope: expected a string, got 3'],
    ['version: 1\ncommits:\n  release-rules: {type: build, release: patch}\n', '.github/bump-classifier.yml:3:18: commits.release-rules: expected a list, got a mapping'],
    ['version: 1\ncommits:\n  preset: atom\n', '.github/bump-classifier.yml:3:11: commits.preset: expected one of conventionalcommits, angular, got "atom"'],
    ['version: 1\ncommits:\n  preset: conventional-commits\n', '.github/bump-classifier.yml:3:11: commits.preset: expected one of conventionalcommits, angular, got "conventional-commits"'],
    ['version: 1\ncommits:\n  preset: angular\n', '.github/bump-classifier.yml:3:11: commits.preset: needs "commits.conventional: true": without it commit messages are not read, and the preset would be ignored (got "angular")'],
    ['version: 1\ncommits:\n  conventional: false\n  release-rules: [{type: build, release: patch}]\n', '.github/bump-classifier.yml:4:18: commits.release-rules: needs "commits.conventional: true": without it commit messages are not read, and the rules would be ignored'],
  ])('%j -> %s', (text, message) => {
    expect(error(text)).toBe(message);
  });

  it('a pattern micromatch refuses (over 65536 characters) is a config error too', () => {
    expect(error(rules(`- {subject: "${'a'.repeat(70_000)}", release: patch}`))).toBe(
      `.github/bump-classifier.yml:5:17: commits.release-rules[0].subject: expected at most 65536 characters, got "${'a'.repeat(56)}...`,
    );
  });
});

afterAll(() => {
  COMMITS = [];
});
