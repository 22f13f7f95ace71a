import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classify, ConfigError, parseConfig, RuleSet, type ChangedFile, type Config } from '../../src/core/index.js';
import { compileContent, MAX_PATCH_BYTES, MAX_TOTAL_PATCH_BYTES, patchMatches } from '../../src/core/patterns.js';
import { MAX_PROGRAM_SIZE, patternWeight, regexProblem } from '../../src/core/regex.js';

const FILE = '.github/bump-classifier.yml';

function configError(text: string): string {
  try {
    parseConfig(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a config error');
}

/** What the content rule meant before the linear-time engine: JavaScript's RegExp on each line. */
function reference(patch: string, content: string | { added?: string; removed?: string }): boolean {
  const added = typeof content === 'string' ? content : content.added;
  const removed = typeof content === 'string' ? content : content.removed;
  return patch.split('\n').some((raw) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('+') && added !== undefined) return new RegExp(added).test(line.slice(1));
    if (line.startsWith('-') && removed !== undefined) return new RegExp(removed).test(line.slice(1));
    return false;
  });
}

const mod = (path: string, patch?: string): ChangedFile => ({ path, status: 'modified', ...(patch !== undefined ? { patch } : {}) });

function rules(content: string, bump = 'major'): Config {
  return parseConfig(
    `version: 1\nrules:\n  - {name: api, paths: "**/*.py", content: '${content}', bump: ${bump}}\n  - {name: other, paths: "**", bump: patch}\n`,
    FILE,
  );
}

describe('catastrophic backtracking patterns run in linear time', () => {
  // About 200 KB of lines each. JavaScript's RegExp needs exponential time on every one of these
  // lines (2^100 ways to split a run of 100 "a"s); it is deliberately not run here.
  const lines = (body: string, count = 2000) => Array.from({ length: count }, () => `+${body}`).join('\n');
  const cases: { pattern: string; patch: string; expected: boolean }[] = [
    { pattern: '(a+)+$', patch: lines(`${'a'.repeat(100)}!`), expected: false },
    { pattern: '(a+)+$', patch: `${lines(`${'a'.repeat(100)}!`)}\n+aaaa`, expected: true },
    { pattern: '(a|aa)+b', patch: lines('a'.repeat(100)), expected: false },
    { pattern: '(a|aa)+b', patch: `${lines('a'.repeat(100))}\n-aab\n+${'a'.repeat(100)}b`, expected: true },
    { pattern: '(x+x+)+y', patch: lines('x'.repeat(100)), expected: false },
    { pattern: '(x+x+)+y', patch: `+xxy\n${lines('x'.repeat(100))}`, expected: true },
    { pattern: '^(\\w+\\s?)*$', patch: lines(`${'word '.repeat(20)}!`), expected: false },
  ];

  it.each(cases)('$pattern on a 200 KB patch -> $expected', ({ pattern, patch, expected }) => {
    expect(patch.length).toBeGreaterThan(200_000);
    const start = performance.now();
    const matched = patchMatches(patch, compileContent(pattern));
    const elapsed = performance.now() - start;
    expect(matched).toBe(expected);
    expect(elapsed).toBeLessThan(2000);
  });

  it('through config and classify, in time and right', () => {
    const config = rules('(a|aa)+b');
    const ruleSet = new RuleSet(config.rules, config.defaultBump);
    const files = [mod('x.py', lines('a'.repeat(100))), mod('y.py', lines('a'.repeat(100))), mod('z.md', '+b')];
    const start = performance.now();
    const result = classify(ruleSet, files);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(result.files.map((f) => f.rule)).toEqual(['other', 'other', 'other']);
    expect(result.bump).toBe('patch');
    expect(result.warnings).toEqual([]);
  });
});

describe('what the linear-time engine cannot do is a config error', () => {
  const unsupported = 'not supported by the linear-time regex engine \\(backreferences and lookaround are not\\)';
  it.each([
    ['(a)\\1', 'backreference `\\\\1`'],
    ['(?<v>a)\\k<v>', 'backreference `\\\\k<v>`'],
    ['(?<=a)b', 'lookbehind `\\(\\?<=`'],
    ['(?<!a)b', 'lookbehind `\\(\\?<!`'],
    ['(?=x)', 'lookahead `\\(\\?=`'],
    ['a(?!x)', 'lookahead `\\(\\?!`'],
    ['a{1001}', 'repetition count above 1000 `\\{1001\\}`'],
    ['(?:a{1000}){2}', 'invalid repeat count'],
  ])('content %j', (pattern, cause) => {
    const message = configError(`version: 1\nrules:\n  - paths: src/**\n    content: '${pattern}'\n    bump: minor\n`);
    expect(message).toMatch(new RegExp(`^\\.github/bump-classifier\\.yml:4:14: rules\\[0\\]\\.content: ${unsupported}: ${cause}.* \\(got ".*"\\)$`));
    expect(message).not.toContain('\n');
  });

  it('on either side of {added, removed}, located at that side', () => {
    const message = configError(`version: 1\nrules:\n  - paths: src/**\n    content:\n      added: "ok"\n      removed: '(a)\\1'\n    bump: minor\n`);
    expect(message).toMatch(new RegExp(`^\\.github/bump-classifier\\.yml:6:16: rules\\[0\\]\\.content\\.removed: ${unsupported}: backreference`));
  });

  it('syntax errors keep their message', () => {
    expect(configError(`version: 1\nrules:\n  - paths: src/**\n    content: '(a'\n    bump: minor\n`)).toMatch(
      /^\.github\/bump-classifier\.yml:4:14: rules\[0\]\.content: not a valid regular expression \(\/\(a\/: Unterminated group\) \(got "\(a"\)$/,
    );
  });

  it('patterns too large to compile cheaply', () => {
    expect(regexProblem('a{1000}'.repeat(21))).toMatch(/^too large for the linear-time regex engine \(\d+ instructions, at most 20000\)$/);
    expect(MAX_PROGRAM_SIZE).toBe(20_000);
  });

  it('version-from patterns are held to the same syntax (they still run on RegExp)', () => {
    const message = configError(`version: 1\nversion-from:\n  major:\n    files: "**/V*.sql"\n    pattern: '^V(\\d+)(?=__)'\n`);
    expect(message).toMatch(new RegExp(`version-from\\.major\\.pattern: ${unsupported}: lookahead`));
  });

  it('what JavaScript and RE2 spell differently keeps its JavaScript meaning or is refused', () => {
    // Not Unicode mode: \A \z \Q \p are letters, \u{41} is 41 "u"s, \x{2} is two "x"s, \c is a backslash.
    const cases: [string, string, boolean][] = [
      ['^\\A\\z\\Q$', 'AzQ', true],
      ['^\\p{L}$', 'p{L}', true],
      ['^\\p{L}$', 'é', false],
      ['^\\u{2}$', 'uu', true],
      ['^\\x{2}$', 'xx', true],
      ['^\\c$', '\\c', true],
      ['[]', 'anything', false],
      ['^[^]$', 'x', true],
      ['^\\s$', '\u00a0', true],
      ['^\\s$', '\v', true],
      ['^.$', '\u2028', false],
      ['^[\\b]$', '\b', true],
      ['^\\0$', '\0', true],
      ['^\\101$', 'A', true],
      ['^[[:alpha:]]$', 'a', false],
      ['^[[:alpha:]]$', ':]', true],
      ['^a{,2}$', 'a{,2}', true],
      ['^\\uD83D\\uDE00$', '😀', true],
      ['^😀$', '😀', true],
      ['(?<year>\\d{4})-(?:\\d{2})', '2024-05', true],
    ];
    for (const [source, line, expected] of cases) {
      expect(regexProblem(source)).toBeNull();
      expect(new RegExp(source).test(line)).toBe(expected);
      expect(patchMatches(`+${line}`, compileContent(source)), source).toBe(expected);
    }
    expect(regexProblem('😀+')).toMatch(/a quantifier after a character outside the Basic Multilingual Plane \(write `\(\?:😀\)\+`\)/);
    expect(regexProblem('[😀]')).toMatch(/a character class holding half of a character beyond the Basic Multilingual Plane/);
    expect(regexProblem('\\uD83D')).toMatch(/a lone surrogate/);
  });
});

describe('ordinary patterns behave as before', () => {
  const rows: { pattern: string | { added?: string; removed?: string }; patch: string; expected: boolean }[] = [
    { pattern: 'api_version', patch: '@@ -1 +1 @@\n-x = 1\n+api_version = 2\n', expected: true },
    { pattern: 'api_version', patch: '@@ -1,2 +1,2 @@\n api_version = 2\n-x = 1\n+x = 2\n', expected: false },
    { pattern: 'api_version', patch: '', expected: false },
    { pattern: '^export ', patch: '@@\n+export const x = 1\n', expected: true },
    { pattern: '^export ', patch: '@@\n+ export const x = 1\n', expected: false },
    { pattern: '^export ', patch: '@@\n export const x = 1\n', expected: false },
    { pattern: { removed: '^export ' }, patch: '@@ -1 +1 @@\n+export const x = 1\n', expected: false },
    { pattern: { removed: '^export ' }, patch: '@@ -1 +1 @@\n-export const x = 1\n', expected: true },
    { pattern: { removed: '^export ' }, patch: '@@ -1 +1 @@\r\n-export const x = 1\r\n', expected: true },
    { pattern: { added: '^export ' }, patch: '@@ -1 +1 @@\n-export const x = 1\n', expected: false },
    { pattern: { added: 'a', removed: 'b' }, patch: '-a\n+b\n', expected: false },
    { pattern: { added: 'a', removed: 'b' }, patch: '-b\n+b\n', expected: true },
    { pattern: '\\bfoo\\b', patch: '+call(foo)\n', expected: true },
    { pattern: '\\bfoo\\b', patch: '+foobar\n+barfoo\n+foo_1\n', expected: false },
    { pattern: '\\bfoo\\b', patch: '+éfooé\n', expected: true },
    { pattern: '[A-Z]{3}', patch: '+abc\n+AbC\n', expected: false },
    { pattern: '[A-Z]{3}', patch: '+abc\n+xABCx\n', expected: true },
    { pattern: ';$', patch: '+a;\r\n+b\r\n', expected: true },
    { pattern: ';$', patch: '+a;b\n', expected: false },
    { pattern: '^$', patch: '+\n', expected: true },
    { pattern: '^$', patch: '+ \n', expected: false },
    { pattern: '^a\\sb$', patch: '+a\u3000b\n', expected: true },
    { pattern: 'ü', patch: '+Grüße\n', expected: true },
    { pattern: '[а-я]+', patch: '+привет\n', expected: true },
    { pattern: '[а-я]+', patch: '+ПРИВЕТ\n', expected: false },
    { pattern: '\\u00e9', patch: '+café\n', expected: true },
    { pattern: '日本', patch: '+日本語\n', expected: true },
    { pattern: '^.{3}$', patch: '+日本語\n', expected: true },
    { pattern: 'a.b', patch: '+a\rb\n', expected: false },
    { pattern: '^\\+', patch: '++x\n', expected: true },
    { pattern: '^-', patch: '--x\n', expected: true },
    { pattern: 'x', patch: ' x\n\\ No newline at end of file\n', expected: false },
    { pattern: 'a|', patch: '@@\n', expected: false },
    { pattern: 'a|', patch: '+\n', expected: true },
    { pattern: '(?:)', patch: '-\n', expected: true },
  ];

  it.each(rows)('$pattern on $patch -> $expected', ({ pattern, patch, expected }) => {
    expect(reference(patch, pattern)).toBe(expected);
    expect(patchMatches(patch, compileContent(pattern))).toBe(expected);
  });

  it('matches JavaScript RegExp for random patterns and patches', () => {
    // Patterns from an alphabet both engines support: literals, classes, escapes, anchors,
    // groups, alternation and quantifiers; lines with spaces of all kinds, CR, non-ASCII.
    const token = fc.constantFrom(
      'a', 'b', 'ab', '0', '_', '-', ' ', 'é', '.', '\\.', '\\s', '\\S', '\\d', '\\D', '\\w', '\\W', '\\b', '\\B',
      '^', '$', '*', '+', '?', '*?', '{2}', '{1,3}', '{2,}', '{,2}', '{', '}', '|', '(', ')', '(?:', '(?<n>',
      '[', ']', '[^', '[a-c]', '[^ab]', '[\\d_]', '[\\s\\S]', '\\x41', '\\u00e9', '\\t', '\\r', '\\cJ', '\\/', '\\-', '[]', '[^]',
    );
    const char = fc.constantFrom('a', 'b', 'c', 'A', '0', '9', '_', '-', '.', ' ', '\t', '\v', '\r', '\u00a0', '\u2028', '\ufeff', 'é', '{', '}', '/');
    const line = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));
    const patch = fc
      .array(fc.tuple(fc.constantFrom('+', '-', ' ', '@@ '), line), { maxLength: 8 })
      .chain((ls) => fc.boolean().map((crlf) => ls.map(([p, l]) => `${p}${l}`).join(crlf ? '\r\n' : '\n')));
    const side = fc.constantFrom('both', 'added', 'removed');
    let compared = 0;
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 10 }), patch, side, (tokens, text, which) => {
        const source = tokens.join('');
        try {
          new RegExp(source);
        } catch {
          return; // not a regular expression at all
        }
        expect(regexProblem(source)).toBeNull();
        const content = which === 'both' ? source : { [which]: source };
        expect(patchMatches(text, compileContent(content))).toBe(reference(text, content));
        compared++;
      }),
      { numRuns: 5000 },
    );
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('patch reading is bounded, and what is not read counts as matching', () => {
  const config = rules('api_version');
  const ruleSet = new RuleSet(config.rules, config.defaultBump);
  /** A patch of `lines` lines of 10 bytes each ("+abcdefgh\n"), `api_version` on the last if asked. */
  const patch = (lines: number, matchAtEnd = false) =>
    Array.from({ length: lines }, (_, i) => (matchAtEnd && i === lines - 1 ? '+api_version' : '+abcdefgh')).join('\n') + '\n';

  it('the defaults are 1 MiB per file and 50 MiB per classification', () => {
    expect(MAX_PATCH_BYTES).toBe(1024 * 1024);
    expect(MAX_TOTAL_PATCH_BYTES).toBe(50 * 1024 * 1024);
  });

  it('a patch within the per-file limit is read in full', () => {
    const exact = patch(10); // exactly 100 bytes
    expect(classify(ruleSet, [mod('a.py', exact)], { maxPatchBytes: 100 })).toMatchObject({ bump: 'patch', warnings: [] });
    expect(classify(ruleSet, [mod('a.py', patch(10, true))], { maxPatchBytes: 120 })).toMatchObject({ bump: 'major', warnings: [] });
  });

  it('a longer patch is cut: a match in what was read counts, no match counts as matching with a warning', () => {
    const early = `+api_version = 2\n${patch(50)}`;
    expect(classify(ruleSet, [mod('a.py', early)], { maxPatchBytes: 100 })).toMatchObject({ bump: 'major', warnings: [] });
    for (const late of [patch(50), patch(50, true)]) {
      const result = classify(ruleSet, [mod('a.py', late), mod('b.py', patch(2))], { maxPatchBytes: 100 });
      expect(result.bump).toBe('major');
      expect(result.files.map((f) => f.rule)).toEqual(['api', 'other']);
      expect(result.warnings).toEqual([
        'patch larger than 100 bytes for 1 file(s) (no match in the first 100 bytes read), so their content rules counted as matching: a.py (api)',
      ]);
    }
  });

  it('the default per-file limit: 1 MiB', () => {
    const big = patch(MAX_PATCH_BYTES / 10 + 1);
    const result = classify(ruleSet, [mod('a.py', big)]);
    expect(result.bump).toBe('major');
    expect(result.warnings).toEqual([
      'patch larger than 1 MiB for 1 file(s) (no match in the first 1 MiB read), so their content rules counted as matching: a.py (api)',
    ]);
  });

  it('bytes are UTF-8 bytes, newlines included', () => {
    const accents = '+' + 'é'.repeat(49) + '\n'; // 1 + 98 + 1 = 100 bytes
    expect(classify(ruleSet, [mod('a.py', accents)], { maxPatchBytes: 100 }).warnings).toEqual([]);
    expect(classify(ruleSet, [mod('a.py', accents)], { maxPatchBytes: 99 }).bump).toBe('major');
  });

  it('the total budget: files past it count as matching, with a warning', () => {
    const files = [mod('c.py', patch(10)), mod('a.py', patch(10)), mod('b.py', patch(10)), mod('d.md', patch(10))];
    const result = classify(ruleSet, files, { maxTotalPatchBytes: 250 });
    // Read in path order: a.py and b.py in full (200 bytes), c.py only in part.
    expect(result.files.map((f) => `${f.path}:${f.rule}`)).toEqual(['c.py:api', 'a.py:other', 'b.py:other', 'd.md:other']);
    expect(result.warnings).toEqual([
      'patch budget of 250 bytes for this change used up: 1 file(s) not read in full (no match in what was read), so their content rules counted as matching: c.py (api)',
    ]);
    // A match in what could still be read is a plain match.
    const matching = classify(ruleSet, [mod('a.py', patch(10)), mod('b.py', patch(10)), mod('c.py', `+api_version\n${patch(10)}`)], {
      maxTotalPatchBytes: 250,
    });
    expect(matching).toMatchObject({ bump: 'major', warnings: [] });
  });

  it('which file the budget runs out on never depends on input order', () => {
    const file = fc.record({
      path: fc.constantFrom('a.py', 'b.py', 'c.py', 'd/e.py', 'x.md'),
      lines: fc.integer({ min: 0, max: 12 }),
      match: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 8 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 200 }), fc.nat(), (raw, total, perFile, seed) => {
        const files = raw.map((f) => mod(f.path, patch(f.lines, f.match)));
        const shuffled = files.map((f, i) => ({ f, k: (i * 7919 + seed) % 13 })).sort((a, b) => a.k - b.k).map((x) => x.f);
        const options = { maxTotalPatchBytes: total, maxPatchBytes: perFile };
        const a = classify(ruleSet, files, options);
        const b = classify(ruleSet, shuffled, options);
        const key = (f: { path: string; rule: string | null }) => `${f.path}|${f.rule}`;
        expect(b.bump).toBe(a.bump);
        expect(b.files.map(key).sort()).toEqual(a.files.map(key).sort());
      }),
      { numRuns: 500 },
    );
  });

  it('a heavier pattern uses the budget faster', () => {
    expect([1, 16, 17, 32, 64, 128, 129, 1000].map(patternWeight)).toEqual([1, 1, 2, 4, 16, 64, 65, 500]);
    const light = compileContent('api_version');
    const heavy = compileContent('a.{20}b.{20}x');
    expect(light.added!.weight).toBe(1);
    expect(heavy.added!.weight).toBe(patternWeight(45));
    const heavyRules = rules('a.{20}b.{20}x');
    const files = [mod('a.py', patch(10)), mod('b.py', patch(10))];
    const limit = heavy.added!.weight * 150; // pays for 150 bytes: a.py in full, b.py in part
    const result = classify(new RuleSet(heavyRules.rules, heavyRules.defaultBump), files, { maxTotalPatchBytes: limit });
    expect(result.files.map((f) => f.rule)).toEqual(['other', 'api']);
    expect(result.warnings[0]).toMatch(/^patch budget of \d+ bytes for this change used up: 1 file\(s\) not read in full/);
  });

  it('missing, cut and unread patches are told apart', () => {
    const files = [mod('a.py'), mod('b.py', patch(20)), mod('c.py', patch(5)), mod('d.py', patch(5))];
    const result = classify(ruleSet, files, { maxPatchBytes: 100, maxTotalPatchBytes: 150 });
    expect(result.warnings).toEqual([
      'no patch available for 1 file(s) (binary or too large), so their content rules counted as matching: a.py (api)',
      'patch larger than 100 bytes for 1 file(s) (no match in the first 100 bytes read), so their content rules counted as matching: b.py (api)',
      'patch budget of 150 bytes for this change used up: 1 file(s) not read in full (no match in what was read), so their content rules counted as matching: d.py (api)',
    ]);
  });

  it('the default total budget: 50 MiB', () => {
    // 51 files of 1 MiB (one string, shared): the last one by path is not read.
    const mib = patch(MAX_PATCH_BYTES / 10 - 1);
    const files = Array.from({ length: 51 }, (_, i) => mod(`f${String(i).padStart(2, '0')}.py`, mib));
    const result = classify(ruleSet, files);
    expect(result.files.filter((f) => f.rule === 'api').map((f) => f.path)).toEqual(['f50.py']);
    expect(result.warnings).toEqual([
      'patch budget of 50 MiB for this change used up: 1 file(s) not read in full (no match in what was read), so their content rules counted as matching: f50.py (api)',
    ]);
  });

  it('RuleSet.decide on its own reads within the default limits', () => {
    expect(ruleSet.decide(mod('a.py', patch(3, true)))).toMatchObject({ rule: { name: 'api' }, unknownPatch: null });
    expect(ruleSet.decide(mod('a.py', patch(3)))).toMatchObject({ rule: { name: 'other' }, unknownPatch: null });
    expect(ruleSet.decide(mod('a.py'))).toMatchObject({ rule: { name: 'api' }, unknownPatch: 'missing' });
  });
});
