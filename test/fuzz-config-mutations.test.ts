/**
 * Fuzzing parseConfig with mutations of valid configs: characters, lines, indentation, tabs,
 * unicode, NUL, escapes, long strings, anchors, aliases, alias bombs, duplicated keys, flow and
 * block styles. Structured valid configs, arbitrary text and deeply nested documents are in
 * test/fuzz-config.test.ts; the generators in test/support/fuzz-config.ts.
 *
 * For every document: parseConfig returns a Config or throws a ConfigError (nothing else, and in
 * bounded time); a ConfigError is located at line >= 1, column >= 1, within the document, and its
 * message is one line that starts with "FILE:LINE:COL: ".
 *
 * Seeded, so a failure reproduces; numRuns are tuned so each of the two files runs well under
 * 30 s on 2 cores (they were one file, split so that two workers share the work).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import {
  SEED,
  aliasBombArb,
  characterMutationArb,
  check,
  countDocuments,
  lineMutationArb,
  mutatedArb,
  reuseArb,
  scalarMutationArb,
  structureMutationArb,
} from './support/fuzz-config.js';

let report: () => string;
beforeAll(() => {
  report = countDocuments('fuzz-config-mutations');
});
afterAll(() => {
  console.log(report());
});

describe('fuzz parseConfig', () => {
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
});
