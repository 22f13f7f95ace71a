import { describe, expect, it } from 'vitest';
import { decide, defaultConfig, type ChangedFile } from '../src/core/index.js';
import { escapeMarkdown, visible } from '../src/report/escape.js';
import { renderMarkdown, renderText } from '../src/report/text.js';

const decision = (files: ChangedFile[]) =>
  decide({ config: defaultConfig(), files, tags: ['v1.0.0'], base: 'a'.repeat(40), baseRef: 'v1.0.0', headRef: 'HEAD', head: 'b'.repeat(40), headSha: 'b'.repeat(40), branch: 'main' });

describe('file names are data, never markup', () => {
  it.each([
    ['a|b.ts', 'a&#124;b.ts'],
    ['`code`.md', '&#96;code&#96;.md'],
    ['<script>alert(1)</script>.js', '&lt;script&gt;alert(1)&lt;/script&gt;.js'],
    ['@someone.md', '@\u200bsomeone.md'],
    ['fixes #1 and octo/other#2', 'fixes #\u200b1 and octo/other#\u200b2'],
    ['line\nbreak.txt', 'line&#92;nbreak.txt'], // shown as the two characters \n
    ['[x](http://evil).md', '&#91;x&#93;(http&#58;//evil).md'],
    ['**bold**', '&#42;&#42;bold&#42;&#42;'],
  ])('%j -> %j', (name, escaped) => {
    expect(escapeMarkdown(name)).toBe(escaped);
  });

  it('control characters are shown, not sent to the terminal', () => {
    expect(visible('a\u001b[31mred\u0007')).toBe('a\\u001b[31mred\\u0007');
  });

  it('a markdown table row per file cannot be broken by a name', () => {
    const md = renderMarkdown(decision([{ path: 'src/a|b\n| injected | row |.ts', status: 'added' }]));
    const rows = md.split('\n').filter((l) => l.startsWith('| src/'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.split(/(?<!\\)\|/).length).toBe(6); // 4 cells between 5 pipes
  });
});

describe('renderText', () => {
  it('handles very large changes (no argument-spread stack overflow)', () => {
    const files = Array.from({ length: 200_000 }, (_, i): ChangedFile => ({ path: `src/f${i}.ts`, status: 'added' }));
    const text = renderText(decision(files), { maxFiles: 200_000 });
    expect(text.split('\n').length).toBeGreaterThan(200_000);
  });
});
