/**
 * Fuzzing parseConfig: structured valid configs over every key of the SPEC, arbitrary text and
 * bytes, and deeply nested documents. Mutations of valid configs (characters, lines, indentation,
 * tabs, unicode, NUL, escapes, long strings, anchors, aliases, alias bombs, duplicated keys, flow
 * and block styles) are in test/fuzz-config-mutations.test.ts; the generators in
 * test/support/fuzz-config.ts.
 *
 * For every document: parseConfig returns a Config or throws a ConfigError (nothing else, and in
 * bounded time); a ConfigError is located at line >= 1, column >= 1, within the document, and its
 * message is one line that starts with "FILE:LINE:COL: ". Valid structured configs parse, to the
 * config they describe, and parse again to the same config. Deeply nested documents are parsed
 * in a child process, since today they can abort the process.
 *
 * Seeded, so a failure reproduces; numRuns are tuned so each of the two files runs well under
 * 30 s on 2 cores (they were one file, split so that two workers share the work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseConfig } from '../src/core/index.js';
import { tagFormatProblem } from '../src/core/versions.js';
import {
  DEEP_DOCS,
  FILE,
  NESTED_KEYS,
  POOL,
  SEED,
  arbitraryArb,
  check,
  childProblems,
  countDocuments,
  counts,
  docArb,
  expected,
  faithful,
  fail,
  parseInChild,
  snapshot,
} from './support/fuzz-config.js';

let report: () => string;
beforeAll(() => {
  report = countDocuments('fuzz-config');
});
afterAll(() => {
  console.log(report());
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
