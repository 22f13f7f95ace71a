/**
 * Fuzzing parseConfig: structured valid configs over every key of the SPEC, mutations of them
 * (characters, lines, indentation, tabs, unicode, NUL, escapes, long strings, anchors, aliases,
 * alias bombs, duplicated keys, flow and block styles) and arbitrary text and bytes.
 *
 * For every document: parseConfig returns a Config or throws a ConfigError (nothing else, and in
 * bounded time); a ConfigError is located at line >= 1, column >= 1, within the document, and its
 * message is one line that starts with "FILE:LINE:COL: ". Valid structured configs parse, to the
 * config they describe, and parse again to the same config. Deeply nested documents are parsed
 * in a child process, since today they can abort the process.
 *
 * Seeded, so a failure reproduces; numRuns are tuned so the file runs well under 60 s on 2 cores.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfig } from '../src/core/index.js';
import { tagFormatProblem } from '../src/core/versions.js';
import {
  DEEP_DOCS,
  FILE,
  NESTED_KEYS,
  POOL,
  SEED,
  aliasBombArb,
  arbitraryArb,
  characterMutationArb,
  check,
  childProblems,
  counts,
  docArb,
  expected,
  faithful,
  fail,
  lineMutationArb,
  mutatedArb,
  parseInChild,
  reuseArb,
  scalarMutationArb,
  snapshot,
  structureMutationArb,
} from './support/fuzz-config.js';

afterAll(() => {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(
    `fuzz-config: ${total} documents fuzzed (structured ${counts.structured}, mutated ${counts.mutated}, ` +
      `anchors/aliases ${counts.aliases}, arbitrary ${counts.arbitrary}, deeply nested ${counts.nested})`,
  );
});

describe('fuzz parseConfig', () => {
  it('(a) valid structured configs parse to what they describe, and parse again the same', () => {
    fc.assert(
      fc.property(docArb, ({ raw, text: written }) => {
        let text = written;
        let first = check(text, 'structured');
        const want = expected(raw);
        if (first === null || JSON.stringify(snapshot(first)) !== JSON.stringify(want)) {
          text = faithful(raw, text);
          if (text !== written) first = parseConfig(text, FILE);
        }
        if (first === null) fail('a valid generated config was rejected (a generator or parser bug)', text);
        const once = snapshot(first);
        const again = snapshot(parseConfig(text, FILE));
        // JSON first (fast); toEqual for the diff (and for key order, which JSON compares too).
        if (JSON.stringify(again) !== JSON.stringify(once)) expect(again).toEqual(once);
        if (JSON.stringify(once) !== JSON.stringify(want)) expect(once).toEqual(want);
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('(a) every tag-format a valid config yields, a component default included, makes valid git tags', () => {
    fc.assert(
      fc.property(docArb, ({ raw, text: written }) => {
        const text = faithful(raw, written);
        const config = check(text, 'structured');
        if (config === null) fail('a valid generated config was rejected', text);
        for (const format of [config.tagFormat, ...(config.components ?? []).map((c) => c.tagFormat)]) {
          expect([format.format, tagFormatProblem(format.format)]).toEqual([format.format, null]);
        }
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });

  it.each([
    ['characters: delete, insert, replace, truncate', characterMutationArb, 12_000, SEED + 10],
    ['lines: swap, duplicate (duplicated keys), delete, indentation, tabs, line breaks', lineMutationArb, 6_000, SEED + 11],
    ['scalars: escapes, block scalars, long strings, unicode, NUL', scalarMutationArb, 5_000, SEED + 12],
    ['structure: anchors and aliases, nesting, tags, directives, second documents', structureMutationArb, 5_000, SEED + 13],
  ] as const)('(b) mutated documents, %s: a Config or a located one-line ConfigError, in bounded time', (_, mutation, numRuns, seed) => {
    fc.assert(
      fc.property(mutatedArb(mutation), (text) => {
        check(text, 'mutated');
      }),
      { seed, numRuns },
    );
  });

  it('(b) anchors, aliases, merge keys and alias bombs stay bounded', () => {
    fc.assert(
      fc.property(fc.oneof(aliasBombArb, reuseArb), (text) => {
        check(text, 'aliases');
      }),
      { seed: SEED + 3, numRuns: 1_000 },
    );
  });

  it('(c) arbitrary text and bytes', () => {
    fc.assert(
      fc.property(arbitraryArb, (text) => {
        check(text, 'arbitrary');
      }),
      { seed: SEED + 4, numRuns: 71_000 },
    );
  });

  it('a deeply nested document, parsed twice in a fresh process, never crashes it', () => {
    const crash = { text: `${'- '.repeat(1_000)}a\nb`, times: 2 };
    counts.nested += 1;
    const { results, status, signal, stderr } = parseInChild([crash]);
    expect({ status, signal, stderr: status === 0 ? '' : stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(childProblems([crash], results)).toEqual([]);
  });

  it('deeply nested documents (1,000 to 5,000 levels) give a located one-line ConfigError', () => {
    counts.nested += DEEP_DOCS.length;
    // Parsing ordinary documents first keeps the crash above out of the way of the other results.
    const warmup = Array.from({ length: 5 }, () => POOL.slice(0, 40)).flat();
    const { results, status, signal, stderr } = parseInChild(DEEP_DOCS, warmup);
    expect({ status, signal, stderr: status === 0 ? '' : stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(childProblems(DEEP_DOCS, results)).toEqual([]);
  });

  it('nested explicit keys ("? ? ? ...", 300 levels, 600 bytes) are rejected in bounded time', () => {
    check(NESTED_KEYS, 'nested');
  });
});
