import { describe, expect, it } from 'vitest';
import { decide, defaultConfig, parseConfig, type ChangedFile } from '../src/core/index.js';
import { codeSpan, escapeMarkdown, visible } from '../src/report/escape.js';
import { renderMarkdown, renderText } from '../src/report/text.js';

const decision = (files: ChangedFile[]) =>
  decide({ config: defaultConfig(), files, tags: ['v1.0.0'], base: 'a'.repeat(40), baseRef: 'v1.0.0', headRef: 'HEAD', head: 'b'.repeat(40), branch: 'main' });

describe('file names are data, never markup', () => {
  it.each([
    ['a|b.ts', 'a\\|b.ts'],
    ['`code`.md', '\\`code\\`.md'],
    ['<script>alert(1)</script>.js', '\\<script\\>alert(1)\\</script\\>.js'],
    ['@someone.md', '@\u200bsomeone.md'],
    ['fixes #1 and octo/other#2', 'fixes #\u200b1 and octo/other#\u200b2'],
    ['line\nbreak.txt', 'line\\\\nbreak.txt'], // shown as the two characters \n (its backslash escaped)
    ['[x](http://evil).md', '\\[x\\](http://evil).md'],
    ['**bold**', '\\*\\*bold\\*\\*'],
    ['semver:major &amp; $x$ ~~s~~', 'semver:major \\&amp; \\$x\\$ \\~\\~s\\~\\~'],
  ])('escapeMarkdown(%j) -> %j', (name, escaped) => {
    expect(escapeMarkdown(name)).toBe(escaped);
  });

  it('control characters are shown, not sent to the terminal', () => {
    expect(visible('a\u001b[31mred\u0007')).toBe('a\\u001b[31mred\\u0007');
  });

  it('a markdown table row per file cannot be broken by a name', () => {
    const md = renderMarkdown(decision([{ path: 'src/a|b\n| injected | row |.ts', status: 'added' }]));
    const rows = md.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.split(/(?<!\\)\|/).length).toBe(6); // 4 cells between 5 pipes
  });
});

describe('paths are code spans', () => {
  it.each([
    ['db/migrations/V2__add_users.sql', '`db/migrations/V2__add_users.sql`'], // no entities inside a code span
    ['docs/see www.evil.com now.md', '`docs/see www.evil.com now.md`'], // no autolink inside one
    ['semver:major <b>@team #1', '`semver:major <b>@team #1`'], // nor HTML, mentions, references
    ['a`b``c', '```a`b``c```'], // the fence is longer than any backtick run inside
    ['`x`', '`` `x` ``'], // padded: CommonMark strips one space on each side
    [' both ', '`  both  `'],
    ['a|b\\|c', '`a\\|b\\\\|c`'], // every "|" escaped for the table; GitHub removes one backslash
    ['docs/invoice\u202efdp.exe.md', '`docs/invoice\\u202efdp.exe.md`'],
    ['line\nbreak', '`line\\nbreak`'],
  ])('codeSpan(%j) -> %j', (path, span) => {
    expect(codeSpan(path)).toBe(span);
  });

  it('outside a table a "|" is written as it is', () => {
    expect(codeSpan('a|b', { table: false })).toBe('`a|b`');
  });

  it('renderMarkdown writes paths and renames as code spans', () => {
    const md = renderMarkdown(decision([{ path: 'db/migrations/V2__add_users.sql', status: 'renamed', previousPath: 'old_name.sql' }]));
    expect(md).toContain('| `old_name.sql` → `db/migrations/V2__add_users.sql` | renamed |');
  });
});

describe('hidden characters are shown', () => {
  const HIDDEN = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];

  it.each(HIDDEN)('visible() shows %j as an escape', (c) => {
    expect(visible(`a${c}b`)).toBe(`a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b`);
  });

  it('"invoice<U+202E>fdp.exe.md" cannot pass for a PDF in the text report, the markdown or escaped prose', () => {
    const path = 'docs/invoice\u202efdp.exe.md';
    const d = decision([{ path, status: 'added' }]);
    for (const out of [renderText(d), renderMarkdown(d)]) {
      expect(out).toContain('invoice\\u202efdp.exe.md');
      expect(out).not.toContain('\u202e');
    }
    // In prose the escape's backslash is itself escaped: it renders as "\u202e".
    expect(escapeMarkdown(path)).toBe('docs/invoice\\\\u202efdp.exe.md');
  });

  it("escapeMarkdown's own zero-width space after @ and # stays; one in the input is shown", () => {
    expect(escapeMarkdown('a\u200b@b')).toBe('a\\\\u200b@\u200bb');
  });
});

describe('the Change line', () => {
  it("shows the commits' short SHAs", () => {
    expect(renderMarkdown(decision([]))).toContain('Change v1.0.0 (`aaaaaaa`)...HEAD (`bbbbbbb`)');
    expect(renderText(decision([]))).toContain('change: v1.0.0 (aaaaaaa)...HEAD (bbbbbbb)');
  });

  it('never cuts something that is not a SHA to seven characters (v9.24.19 is not v9.24.1)', () => {
    const d = { ...decision([]), base: 'v9.24.19', baseRef: 'v9.24.19' };
    expect(renderMarkdown(d)).toContain('Change v9.24.19 (`v9.24.19`)');
    // A first release names its base once: "empty tree (first release)", no SHA after it.
    expect(renderMarkdown({ ...d, base: null, baseRef: 'empty tree (first release)' })).toContain('Change empty tree (first release)...');
  });
});

describe('renderText', () => {
  it('handles very large changes (no argument-spread stack overflow)', () => {
    const files = Array.from({ length: 200_000 }, (_, i): ChangedFile => ({ path: `src/f${i}.ts`, status: 'added' }));
    const text = renderText(decision(files), { maxFiles: 200_000 });
    expect(text.split('\n').length).toBeGreaterThan(200_000);
  });
});

describe('a monorepo without a repository-wide version', () => {
  it('names the releasing components in the headline and the markdown title, never "no release"', () => {
    const config = parseConfig('version: 1\ncomponents:\n  - {name: api, paths: "api/**"}\n  - {name: web, paths: "web/**"}\n  - {name: cli, paths: "cli/**"}\n', 'cfg.yml');
    const d = decide({
      config,
      files: [{ path: 'api/a.ts', status: 'modified' }, { path: 'web/w.md', status: 'modified' }],
      tags: ['api@1.4.0', 'web@2.0.0', 'cli@0.3.0'],
      base: 'a'.repeat(40),
      baseRef: 'HEAD~1',
      headRef: 'HEAD',
      head: 'b'.repeat(40),
      branch: 'main',
    });
    expect(d).toMatchObject({ nextVersion: null, bump: 'minor' });
    expect(renderText(d).split('\n')[0]).toBe('bump minor: 2 components release: api 1.5.0, web 2.0.1');
    expect(renderMarkdown(d).split('\n')[0]).toBe('### Bump **minor**: 2 components release: api 1.5.0, web 2.0.1');
  });
});
