import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { minimatch } from 'minimatch';
import { Glob, GLOB_OPTIONS, PathSet, SegmentIndex, firstSegmentOf, globProblem } from '../../src/core/globs.js';

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
  ])('%j matches %j: %s', (globs, path, expected) => {
    expect(new PathSet(globs).matches(path)).toBe(expected);
  });

  it('reports literal first segments for indexing', () => {
    expect(new PathSet(['src/**', 'lib/**']).firstSegments()).toEqual(new Set(['src', 'lib']));
    expect(new PathSet(['src/**', '**/*.md']).firstSegments()).toBeNull();
    expect(new PathSet(['{a,b}/**']).firstSegments()).toEqual(new Set(['a', 'b']));
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

/** Path segments and glob parts drawn from a small alphabet so matches actually happen. */
const segment = fc.constantFrom('src', 'docs', 'a', 'b', '.github', 'x.md', 'y.ts', 'V1__x.sql', 'a.b', 'db', 'migration', 'test');
const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));
const globPart = fc.constantFrom('src', 'docs', 'a', '*', '**', '*.md', '*.ts', 'V*.sql', '.github', '{a,b}', '{src,docs}', '?', '[ab]', 'db', '*.{md,ts}', 'x.*', 'migration', '@(a|b)');
const glob = fc
  .array(globPart, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('/'))
  .filter((g) => globProblem(g) === null);

describe('the prefilter never changes what minimatch decides', () => {
  it('Glob.matches equals minimatch(path, glob, {dot: true})', () => {
    fc.assert(
      fc.property(glob, path, (g, p) => {
        expect(new Glob(g).matches(p)).toBe(minimatch(p, g, GLOB_OPTIONS));
        expect(new Glob(g).matches(p)).toBe(minimatch(p, g, { dot: true }));
      }),
      { numRuns: 20_000 },
    );
  });

  it('SegmentIndex returns every entry that could match, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(glob, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), path, (lists, p) => {
        const sets = lists.map((l) => new PathSet(l));
        const index = new SegmentIndex(sets, (s) => s.firstSegments());
        const candidates = index.candidates(firstSegmentOf(p));
        const matching = sets.filter((s) => s.matches(p));
        expect(candidates.filter((s) => s.matches(p))).toEqual(matching);
        expect(candidates.map((s) => sets.indexOf(s))).toEqual([...candidates.map((s) => sets.indexOf(s))].sort((x, y) => x - y));
      }),
      { numRuns: 5_000 },
    );
  });
});
