import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { Glob, GLOB_OPTIONS, PathSet, globProblem } from '../../src/core/globs.js';

describe('PathSet', () => {
  it.each([
    [['src/**'], 'src/a/b.ts', true],
    [['src/**'], 'srcx/a.ts', false],
    [['src/**', '!**/*.test.ts'], 'src/a.test.ts', false],
    [['src/**', '!**/*.test.ts'], 'src/a.ts', true],
    [['**/*.md'], 'README.md', true],
    [['**/*.md'], 'docs/deep/x.md', true],
    [['*.md'], 'docs/x.md', false], // minimatch: no matchBase
    [['.github/**'], '.github/workflows/ci.yml', true], // dot: true
    [['**'], '.env', true],
    [['**/*.{ts,tsx}'], 'a/b.tsx', true],
    [['apps/*/src/main/resources/db/migration/V*.sql'], 'apps/billing/src/main/resources/db/migration/V12__x.sql', true],
    [['apps/*/src/main/resources/db/migration/V*.sql'], 'apps/billing/src/main/resources/db/migration/R__x.sql', false],
    [['#notes'], '#notes', true], // not a comment
    [['Makefile'], 'Makefile', true],
    [['Makefile'], 'x/Makefile', false],
    [['[abc].txt'], 'b.txt', true],
    [['a/+(x|y)/c'], 'a/x/c', true],
    // Each brace alternative has its own literal suffix; minimatch merges them into one "@(...)".
    [['**/*.{test,spec}.{ts,tsx}'], 'a/b.spec.tsx', true],
    [['**/*.{test,spec}.{ts,tsx}'], 'a/b.spec.js', false],
    // Literal segments between wildcard segments, and "**" matching no segment.
    [['**/src/test/**'], 'src/test/a.ts', true],
    [['**/src/test/**'], 'x/src/test/y/a.ts', true],
    [['**/src/test/**'], 'x/src/testing/a.ts', false],
    [['services/*/tests/**'], 'services/a/tests/b.py', true],
    [['services/*/tests/**'], 'services/a/b/tests/c.py', false],
    [['a/*/b/c'], 'a/x/b/c', true],
    [['**/a/b.json'], 'a/b.json', true],
    // A numeric range of 100 or more values stays one pattern in minimatch, marked with a private-use character.
    [['file{1..200}.txt'], 'file5.txt', true],
    [['file{1..200}.txt'], 'file201.txt', false],
    [['a/{1..150}/b'], 'a/7/b', true],
  ])('%j matches %j: %s', (globs, path, expected) => {
    expect(new PathSet(globs).matches(path)).toBe(expected);
  });

  it('reports the literal directories a match lies under, for indexing', () => {
    expect(new PathSet(['src/**', 'lib/x/**']).directories()).toEqual(['src', 'lib/x']);
    expect(new PathSet(['src/**', '**/*.md']).directories()).toEqual(['src', '']);
    expect(new PathSet(['{a,b}/**']).directories()).toEqual(['a', 'b']);
    expect(new PathSet(['apps/*/src/main/**', 'README.md', 'docs/a.md']).directories()).toEqual(['apps', '', 'docs']);
    expect(new PathSet(['a/{1..150}/**']).directories()).toEqual(['a']);
  });

  it.each([
    ['/abs', /repository-relative/],
    ['./a', /repository-relative/],
    ['a/', /ending in "\/"/],
    ['a//b', /empty path segment/],
    ['a/../b', /"\." or "\.\." segment/],
    ['!', /expected a glob after "!"/],
    ['src/**', null],
    ['!src/**', null],
  ])('globProblem(%j)', (glob, problem) => {
    const found = globProblem(glob);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

/**
 * Path segments and glob parts drawn from a small alphabet so matches actually happen. No "." or
 * ".." segments: git refuses them in trees, so no path from git or GitHub has one.
 */
const segment = fc.constantFrom('src', 'docs', 'a', 'b', '.github', 'x.md', 'y.ts', 'V1__x.sql', 'a.b', 'db', 'migration', 'test', '.md', '.x', 'ts', 'Makefile', 'x.test.ts', '*', 'xx', 'x', 'ab', 'aab', 'bab', 'V2__a__b.sql', 'V__.sql', 'v7', 'v150', 'v151', 'v7.md');
const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
const globPart = fc.constantFrom('src', 'docs', 'a', '*', '**', '*.md', '*.ts', 'V*.sql', '.github', '{a,b}', '{src,docs}', '?', '[ab]', 'db', '*.{md,ts}', 'x.*', 'migration', '@(a|b)', 'Makefile', '.md', '*.test.ts', '*md', 'x.md', '.x', '*x*', 'a*b', '*a*b*', 'V*__*.sql', '.*', '*.*', 'v{1..150}', 'v{1..150}*', '{src,a}*', '*.{x,md}');
const glob = fc
  .array(globPart, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('/'))
  .filter((g) => globProblem(g) === null);

describe('the literal prefix/suffix check never changes what minimatch decides', () => {
  it('Glob.matches equals minimatch(path, glob, {dot: true})', () => {
    fc.assert(
      fc.property(glob, path, (g, p) => {
        expect(new Glob(g).matches(p)).toBe(minimatch(p, g, GLOB_OPTIONS));
        expect(new Glob(g).matches(p)).toBe(minimatch(p, g, { dot: true }));
      }),
      { numRuns: 20_000 },
    );
  });

  // Sources read only these subtrees of a component: a file outside them would be lost.
  it('every path a PathSet matches lies under one of its directories()', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(glob, glob.map((g) => `!${g}`)), { minLength: 1, maxLength: 3 }), path, (list, p) => {
        const set = new PathSet(list);
        if (set.matches(p)) expect(set.directories().some((d) => d === '' || p.startsWith(`${d}/`))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
