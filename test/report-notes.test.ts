/**
 * The "why" release notes (src/report/notes.ts): a decision in, markdown out. Tables of
 * decisions, each with the lines it must (and must not) produce; one real decision from decide().
 */
import { describe, expect, it } from 'vitest';
import { decide, parseConfig, type CommitDecision, type ComponentDecision, type Decision, type FileDecision } from '../src/core/index.js';
import { whyNotes } from '../src/report/notes.js';

const SHA = (n: number): string => n.toString(16).padStart(7, '0').repeat(6).slice(0, 40);
const REPO = 'https://github.com/octo/app';

function file(path: string, bump: FileDecision['bump'], rule: string | null, extra: Partial<FileDecision> = {}): FileDecision {
  return { path, previousPath: null, status: 'modified', bump, rule, ...extra };
}

function commit(n: number, subject: string, bump: CommitDecision['bump'], reason = bump === 'minor' ? 'feat' : bump === 'patch' ? 'fix' : 'not a conventional commit'): CommitDecision {
  return { sha: SHA(n), subject, type: null, scope: null, bump, reason };
}

/** A decision of the root line 1.4.2 -> 1.5.0 (minor), with what `over` replaces. */
function decision(over: Partial<Decision> = {}): Decision {
  const d: Decision = {
    bump: 'minor',
    currentVersion: '1.4.2',
    currentTag: 'v1.4.2',
    nextVersion: '1.5.0',
    nextVersionFull: '1.5.0',
    nextTag: 'v1.5.0',
    prerelease: false,
    channel: null,
    base: SHA(1),
    baseRef: 'v1.4.2',
    head: SHA(2),
    headRef: 'main',
    files: [file('src/a.ts', 'minor', 'source')],
    commits: [],
    labels: [],
    managedLabels: [],
    components: [],
    override: null,
    policy: { maxBump: 'major', failed: false, allowed: false, message: null },
    truncated: false,
    warnings: [],
    releaseAs: null,
    notes: [],
    versionFrom: null,
    ...over,
  };
  if (over.components === undefined) {
    d.components = [{ name: 'root', ...pick(d), releaseAs: d.releaseAs ?? null, base: d.base, baseRef: d.baseRef, files: d.files, commits: d.commits }];
  }
  return d;
}

function pick(d: Decision): Omit<ComponentDecision, 'name' | 'releaseAs' | 'base' | 'baseRef' | 'files'> {
  const { bump, currentVersion, currentTag, nextVersion, nextVersionFull, nextTag, prerelease } = d;
  return { bump, currentVersion, currentTag, nextVersion, nextVersionFull, nextTag, prerelease };
}

describe('whyNotes: the headline and what decided the bump', () => {
  it.each<[string, Partial<Decision>, string[], string[]?]>([
    ['a minor from a rule', {}, ['## Why 1.5.0', 'Bump **minor**: 1.4.2 (`v1.4.2`) → **1.5.0** (`v1.5.0`).', 'Decided by the rule source (1 file) (**minor**).']],
    [
      'the first release',
      { currentVersion: null, currentTag: null, nextVersion: '0.1.0', nextTag: 'v0.1.0' },
      ['## Why 0.1.0', 'Bump **minor**: first release → **0.1.0** (`v0.1.0`).'],
    ],
    [
      'a prerelease on its channel',
      { nextVersion: '1.5.0-preview.1', nextTag: 'v1.5.0-preview.1', prerelease: true, channel: 'preview' },
      ['## Why 1.5.0-preview.1', 'Bump **minor**: 1.4.2 (`v1.4.2`) → **1.5.0-preview.1** (`v1.5.0-preview.1`), a prerelease on the `preview` channel.'],
    ],
    [
      'no release',
      { bump: 'none', nextVersion: null, nextVersionFull: null, nextTag: null, files: [file('docs/a.md', 'none', 'docs')] },
      ['## Why no release', 'Bump **none**: nothing in this change makes a release (current 1.4.2).'],
    ],
    [
      'the rules and commits at the top bump, the others not named',
      {
        files: [file('src/a.ts', 'minor', 'source'), file('src/b.ts', 'minor', 'source'), file('x.cfg', 'minor', null), file('docs/a.md', 'patch', 'docs')],
        commits: [commit(3, 'feat: a', 'minor'), commit(4, 'fix: b', 'patch'), commit(5, 'feat: c', 'minor')],
      },
      ['Decided by the rule source (2 files), `default-bump` (no rule matched) (1 file) and commits `0000003`, `0000005` (**minor**).'],
    ],
    [
      'an override label',
      { bump: 'major', nextVersion: '2.0.0', nextTag: 'v2.0.0', override: { label: 'release:major', bump: 'major' } },
      ['Decided by the override label `release:major`, which sets **major**.'],
      ['- Override: the label `release:major` sets the bump to **major**.'],
    ],
    [
      'a Release-As footer',
      {
        bump: 'major',
        nextVersion: '3.0.0',
        nextTag: 'v3.0.0',
        releaseAs: { sha: SHA(9), version: '3.0.0' },
        commits: [{ ...commit(9, 'chore: release 3', 'none'), reason: 'type "chore" releases nothing; Release-As: 3.0.0' }],
        notes: ['Release-As: 3.0.0 (commit 0000009) sets the next version (bump major from 1.4.2)'],
      },
      [
        'Decided by the `Release-As: 3.0.0` footer of commit `0000009`.',
        '- **none** · `0000009` chore: release 3 — type "chore" releases nothing; Release-As: 3.0.0',
      ],
      // Said once: no second line for the footer, nor its note.
      ['- Note: Release-As: 3.0.0 (commit 0000009) sets the next version (bump major from 1.4.2)'],
    ],
    [
      'version-from.major',
      { bump: 'major', nextVersion: '3.0.0', nextTag: 'v3.0.0', versionFrom: { value: '3', file: 'db/V3__init.sql' } },
      ['Decided by `version-from.major`: major 3 from `db/V3__init.sql`.'],
      ['- Version-from: major 3 from `db/V3__init.sql`.'],
    ],
    [
      'a possibly incomplete file list',
      { truncated: true },
      ['Decided by the rule source (1 file) (**minor**). The file list may be incomplete, so the bump is the highest the config can produce.'],
    ],
  ])('%s', (_, over, lines, absent = []) => {
    const text = whyNotes(decision(over), { repoUrl: REPO });
    for (const line of lines) expect(text.split('\n'), text).toContain(line);
    for (const line of absent) expect(text.split('\n'), text).not.toContain(line);
  });
});

describe('whyNotes: rules with their files, commits with their reasons, capped', () => {
  it('groups files by rule, the highest bump first, ten per rule and a count of the rest', () => {
    const tests = Array.from({ length: 13 }, (_, i) => file(`test/t${String(i).padStart(2, '0')}.ts`, 'none', 'tests'));
    const d = decision({
      files: [...tests, file('docs/a.md', 'patch', 'docs'), file('src/new.ts', 'minor', 'source', { previousPath: 'src/old.ts', status: 'renamed' }), file('Makefile', 'patch', null)],
    });
    const text = whyNotes(d);
    const rules = text.slice(text.indexOf('### Rules'));
    expect(rules.split('\n').slice(0, 10)).toEqual([
      '### Rules',
      '',
      '- **minor** · source · 1 file',
      '  - `src/old.ts` → `src/new.ts` (renamed)',
      '- **patch** · docs · 1 file',
      '  - `docs/a.md` (modified)',
      '- **patch** · no rule matched (`default-bump`) · 1 file',
      '  - `Makefile` (modified)',
      '- **none** · tests · 13 files',
      '  - `test/t00.ts` (modified)',
    ]);
    expect(rules).toContain('  - `test/t09.ts` (modified)\n  - and 3 more files\n');
    expect(rules).not.toContain('t10.ts');
    expect(whyNotes(d, { filesPerRule: 12 })).toContain('  - `test/t11.ts` (modified)\n  - and 1 more file\n');
  });

  it('lists commits highest bump first, capped with a count of the rest', () => {
    const commits = [commit(1, 'chore: a', 'none'), commit(2, 'fix: b', 'patch'), commit(3, 'feat: c', 'minor'), ...Array.from({ length: 25 }, (_, i) => commit(10 + i, `chore: ${i}`, 'none'))];
    const text = whyNotes(decision({ commits }));
    const lines = text.slice(text.indexOf('### Commits')).split('\n');
    expect(lines.slice(0, 5)).toEqual(['### Commits', '', '- **minor** · `0000003` feat: c — feat', '- **patch** · `0000002` fix: b — fix', '- **none** · `0000001` chore: a — not a conventional commit']);
    expect(lines.filter((l) => l.startsWith('- **'))).toHaveLength(20);
    expect(lines).toContain('- and 8 more commits');
    expect(whyNotes(decision({ commits }), { maxCommits: 30 })).not.toContain('more commit');
  });

  it('shows no commit section when the decision has no commits (conventional commits off)', () => {
    expect(whyNotes(decision())).not.toContain('### Commits');
  });
});

describe('whyNotes: pull request links and escaping', () => {
  it.each<[string, string, string | null | undefined, string]>([
    ['a squash merge', 'feat: search (#123)', REPO, 'feat: search ([#123](https://github.com/octo/app/pull/123))'],
    ['a merge commit', 'Merge pull request #45 from octo/feature', REPO, 'Merge pull request [#45](https://github.com/octo/app/pull/45) from octo/feature'],
    ['two references', 'fix: a (#1) (#2)', REPO, 'fix: a ([#1](https://github.com/octo/app/pull/1)) ([#2](https://github.com/octo/app/pull/2))'],
    ['a GitHub Enterprise Server', 'feat: x (#7)', 'https://ghe.example.com/octo/app/', 'feat: x ([#7](https://ghe.example.com/octo/app/pull/7))'],
    ['no repository address: shown, never linked', 'feat: search (#123)', undefined, 'feat: search (#\u200b123)'],
    ['an address that is not http(s)', 'feat: search (#123)', 'javascript:alert(1)', 'feat: search (#\u200b123)'],
    ['parentheses in the address cannot end the link', 'feat: x (#7)', 'https://example.com/a(b)', 'feat: x ([#7](https://example.com/a%28b%29/pull/7))'],
    ['a "#" that names no pull request', 'fix: issue #9 and C#', REPO, 'fix: issue #\u200b9 and C#\u200b'],
    [
      'markup in a subject is text: HTML, links, mentions, emphasis, tables',
      'feat: <img src=x onerror=y> [click](http://evil) @team *bold* | cell (#5)',
      REPO,
      'feat: \\<img src=x onerror=y\\> \\[click\\](http://evil) @\u200bteam \\*bold\\* \\| cell ([#5](https://github.com/octo/app/pull/5))',
    ],
    // Shown as the visible escape "\u202e", whose backslash markdown then keeps as text.
    ['control and bidi characters are shown as escapes', 'fix: a\u202eb\tc', REPO, 'fix: a\\\\u202eb\\\\tc'],
  ])('%s', (_, subject, repoUrl, shown) => {
    const text = whyNotes(decision({ commits: [commit(3, subject, 'minor')] }), { repoUrl });
    expect(text).toContain(`- **minor** · \`0000003\` ${shown} — feat\n`);
  });

  it('file and rule names are data: paths as code spans, rule names escaped', () => {
    const text = whyNotes(decision({ files: [file('src/`tick`|pipe <b>.ts', 'minor', 'rule *one* @team'), file('src/new\nline.ts', 'minor', 'rule *one* @team')] }));
    expect(text).toContain('- **minor** · rule \\*one\\* @\u200bteam · 2 files\n');
    expect(text).toContain('  - ``src/`tick`|pipe <b>.ts`` (modified)\n');
    expect(text).toContain('  - `src/new\\nline.ts` (modified)\n');
    expect(text).toContain('Decided by the rule rule \\*one\\* @\u200bteam (2 files) (**minor**).');
  });
});

describe('whyNotes: components', () => {
  const api: ComponentDecision = {
    name: 'api',
    bump: 'minor',
    currentVersion: '1.0.0',
    currentTag: 'api@1.0.0',
    nextVersion: '1.1.0',
    nextVersionFull: '1.1.0',
    nextTag: 'api@1.1.0',
    prerelease: false,
    releaseAs: null,
    base: SHA(1),
    baseRef: 'api@1.0.0',
    files: [file('api/a.ts', 'minor', 'source')],
    commits: [commit(3, 'feat(api): a', 'minor')],
  };
  const web: ComponentDecision = { ...api, name: 'web', bump: 'none', nextVersion: null, nextVersionFull: null, nextTag: null, currentTag: 'web@2.0.0', currentVersion: '2.0.0', files: [], commits: [] };
  const cli: ComponentDecision = { ...api, name: 'cli', bump: 'patch', currentTag: 'cli@0.3.1', currentVersion: '0.3.1', nextVersion: '0.3.2', nextTag: 'cli@0.3.2', files: [file('cli/x.ts', 'patch', null)], commits: [] };
  // A monorepo without a version of its own: no top-level version.
  const mono = decision({
    currentVersion: null,
    currentTag: null,
    nextVersion: null,
    nextVersionFull: null,
    nextTag: null,
    components: [api, web, cli],
    files: [...api.files, ...cli.files],
    commits: api.commits!,
    notes: ['api: bump patch raised to minor: tag-format "api@{major}.{minor}" writes only the major and minor', 'cli: something about cli'],
  });

  it('a component: its own versions, files, commits and notes', () => {
    const text = whyNotes(mono, { component: 'api', repoUrl: REPO });
    expect(text.split('\n').slice(0, 3)).toEqual(['## Why api 1.1.0', '', 'Bump **minor**: 1.0.0 (`api@1.0.0`) → **1.1.0** (`api@1.1.0`).']);
    expect(text).toContain('Note: bump patch raised to minor: tag-format "api@\u200b{major}.{minor}" writes only the major and minor');
    expect(text).not.toContain('cli');
    expect(text).toContain('- **minor** · `0000003` feat(api): a — feat');
  });

  it('without a component: one section per changed component (the top level has no version)', () => {
    const text = whyNotes(mono);
    expect(text.split('\n').filter((l) => l.startsWith('## '))).toEqual(['## Why api 1.1.0', '## Why cli 0.3.2']);
    expect(text).toContain('Note: something about cli');
  });

  it('an unknown component is an error', () => {
    expect(() => whyNotes(mono, { component: 'nope' })).toThrow('whyNotes: the decision has no component "nope"');
  });
});

describe('whyNotes on a real decision', () => {
  it('decide() with conventional commits, an override-free minor and a docs patch', () => {
    const config = parseConfig(
      'version: 1\nrules:\n  - name: source\n    paths: "src/**"\n    bump: minor\n  - name: docs\n    paths: "docs/**"\n    bump: patch\ncommits:\n  conventional: true\n',
      'cfg.yml',
    );
    const d = decide({
      config,
      files: [
        { path: 'src/search.ts', status: 'added' },
        { path: 'docs/search.md', status: 'added' },
      ],
      tags: ['v1.4.2'],
      base: SHA(1),
      baseRef: 'v1.4.2',
      head: SHA(2),
      branch: 'main',
      commits: [
        { sha: SHA(4), message: 'docs: explain search (#13)' },
        { sha: SHA(3), message: 'feat(api): add search (#12)\n\nBody text.' },
      ],
    });
    expect(whyNotes(d, { repoUrl: REPO })).toBe(
      [
        '## Why 1.5.0',
        '',
        'Bump **minor**: 1.4.2 (`v1.4.2`) → **1.5.0** (`v1.5.0`).',
        'Decided by the rule source (1 file) and commit `0000003` (**minor**).',
        '',
        '### Rules',
        '',
        '- **minor** · source · 1 file',
        '  - `src/search.ts` (added)',
        '- **patch** · docs · 1 file',
        '  - `docs/search.md` (added)',
        '',
        '### Commits',
        '',
        '- **minor** · `0000003` feat(api): add search ([#12](https://github.com/octo/app/pull/12)) — feat',
        '- **none** · `0000004` docs: explain search ([#13](https://github.com/octo/app/pull/13)) — type "docs" releases nothing',
        '',
      ].join('\n'),
    );
  });
});
