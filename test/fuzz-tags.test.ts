/**
 * Fuzzing tag reading and version logic with arbitrary tag names: unicode, 10 kB names, numbers
 * semver cannot hold, "vv1.2.3", "1.2.3.4", "v1.2.3-", "v1.2.3+", leading zeros, prefixes that
 * share a stem with the tag-format's ("v1" and "v10"), empty names, whitespace, control characters.
 *
 * A reference written here with semver directly says which tags name a version: the tag carries
 * the format's exact prefix and suffix, and the text between is a strict semantic version
 * (semver.org's grammar) or one of the documented loose forms ("2.0-preview.1", "3", "01.2.3").
 *
 * Seeded, so a failure reproduces; numRuns are tuned so the file runs well under 40 s.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../src/core/errors.js';
import { Version } from '../src/core/version-number.js';

/** Whether version text a is above b (Version is itself held to semver by its own property tests). */
const gt = (a: string, b: Version): boolean => Version.parse(a)!.compare(b) > 0;
import { decide, latestReleaseTag, parseConfig, type Bump, type Config } from '../src/core/index.js';
import { TagFormat, nextVersion, readVersions, tagFormatProblem, tagNameProblem, type TaggedVersion } from '../src/core/versions.js';

const SEED = 0x7a65;
const counts = { tags: 0, sets: 0 };
afterAll(() => {
  console.log(`fuzz-tags: ${counts.tags} tag names fuzzed in ${counts.sets} tag sets`);
});

// ---------------------------------------------------------------------------------------------
// The reference

const NUMBER = '0|[1-9]\\d*';
const PRERELEASE_ID = `(?:${NUMBER}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
/** semver.org's grammar, exactly: no "v", no "=", no surrounding whitespace. */
const STRICT = new RegExp(
  `^(?:${NUMBER})\\.(?:${NUMBER})\\.(?:${NUMBER})(?:-${PRERELEASE_ID}(?:\\.${PRERELEASE_ID})*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);
const IDENTIFIERS = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
/** The loose forms: MAJOR[.MINOR[.PATCH]], leading zeros allowed, then -prerelease and +build. */
const LOOSE = new RegExp(`^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`);

/** The version a tag's version text names, by the reference; null when it names none. */
function referenceVersion(text: string): Version | null {
  if (STRICT.test(text)) return Version.parse(text); // null only past 256 characters
  const m = LOOSE.exec(text);
  if (!m) return null;
  const core = [m[1]!, m[2] ?? '0', m[3] ?? '0'].map((n) => n.replace(/^0+(?=\d)/, '')).join('.');
  return Version.parse(`${core}${m[4] ? `-${m[4]}` : ''}${m[5] ? `+${m[5]}` : ''}`);
}

function versionTextOf(tag: string, format: TagFormat): string | null {
  const { prefix, suffix } = format;
  if (tag.length <= prefix.length + suffix.length || !tag.startsWith(prefix) || !tag.endsWith(suffix)) return null;
  return tag.slice(prefix.length, tag.length - suffix.length);
}

/** Every (tag, version) the reference reads through a format, in input order. */
function referenceRead(tags: readonly string[], format: TagFormat): { tag: string; version: Version }[] {
  const out: { tag: string; version: Version; text: string }[] = [];
  for (const tag of tags) {
    const text = versionTextOf(tag, format);
    const version = text === null ? null : referenceVersion(text);
    if (version) out.push({ tag, version, text: text! });
  }
  // A floating tag ("1", "1.2") beside an exact version of its line is not a release.
  const exact = out.filter((v) => STRICT.test(v.text)).map((v) => v.version);
  return out.filter(({ text, version }) => {
    if (!/^\d+(\.\d+)?$/.test(text)) return true;
    const twoParts = text.includes('.');
    return !exact.some((e) => e.major === version.major && (!twoParts || e.minor === version.minor));
  });
}

/** The current version by brute force: the highest stable one, or on a channel also its own prereleases. */
function referenceCurrent(read: readonly { version: Version }[], channel: string | null): string | null {
  let best: Version | null = null;
  for (const { version } of read) {
    const counts = version.prerelease.length === 0 || (channel !== null && version.prerelease[0] === channel);
    if (counts && (best === null || version.compare(best) > 0)) best = version;
  }
  return best?.version ?? null;
}

// ---------------------------------------------------------------------------------------------
// Formats and tag names

const FORMATS = ['v{version}', 'api@{version}', '{version}', 'release-{version}-final', 'v1-{version}', 'v1.{version}'];
/**
 * Formats the config accepts (tagFormatProblem is null): words joined by ".", "/", "-" or "_"
 * around {version}, built so that few need filtering, with a prefix of `minWords` to `maxWords`
 * words (40 words make prefixes of about 250 bytes, near git's 255).
 */
const formatWord = fc.stringMatching(/^[a-z0-9_+@é日][a-z0-9_+@é日-]{0,6}$/);
const joinedArb = (minWords: number, maxWords: number): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(formatWord, fc.constantFrom('.', '/', '-', '_', '')), { minLength: minWords, maxLength: maxWords })
    .map((parts) => parts.map(([word, separator]) => word + separator).join(''));
const randomFormatArb = (minWords: number, maxWords: number): fc.Arbitrary<string> =>
  fc
    .tuple(joinedArb(minWords, maxWords), fc.option(joinedArb(1, 2), { nil: '' }))
    .map(([prefix, suffix]) => `${prefix}{version}${suffix.replace(/[./]+$/, '')}`)
    .filter((format) => tagFormatProblem(format) === null);
const formatArb = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...FORMATS) },
  { weight: 3, arbitrary: randomFormatArb(0, 3) },
  // Long ones, near git's 255 bytes.
  { weight: 1, arbitrary: randomFormatArb(25, 45) },
);

const numberArb = fc.oneof(
  { weight: 8, arbitrary: fc.nat(30).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '0', '00', '01', '007', '10', '9007199254740990', '9007199254740991', '9007199254740992', '9007199254740993',
      '99999999999999999999', '18446744073709551616', '1'.repeat(300),
    ),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 22n }).map(String) },
);
const identifierArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('preview', 'beta', 'rc', 'alpha', 'x-y', '-', '--', '0', '01', '1') },
  { weight: 2, arbitrary: fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/) },
  { weight: 1, arbitrary: numberArb },
);
const LONG = 10_240;
const versionTextArb = fc.oneof(
  {
    weight: 8,
    // Near-semver: 1 to 4 numbers, an optional prerelease and build (an empty list gives "1.2.3-" or "1.2.3+").
    arbitrary: fc
      .record({
        numbers: fc.array(numberArb, { minLength: 1, maxLength: 4 }),
        prerelease: fc.option(fc.array(identifierArb, { maxLength: 3 }), { nil: null }),
        build: fc.option(fc.array(identifierArb, { maxLength: 2 }), { nil: null }),
      })
      .map(({ numbers, prerelease, build }) => `${numbers.join('.')}${prerelease ? `-${prerelease.join('.')}` : ''}${build ? `+${build.join('.')}` : ''}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '1.2.3', 'v1.2.3', 'vv1.2.3', 'V1.2.3', '=1.2.3', '1.2.3.4', '1.2.3-', '1.2.3+', '1.2.3-+', '1.2.3-rc.1+', '1.2.3--',
      '1.2', '1', '2.0-preview.1', '01.02.03', '1.2.3-01', '1.2.3-rc.01', '1.2.3-rc..1', '1.2.3+b..1', ' 1.2.3', '1.2.3 ',
      '1.2.3\n', '1.2.3\t', '1.2.3\0', '1.2.3\u00a0', '1.2.3\ufeff', '1.2.3\u3000', '1.2.3\u2028', '١.٢.٣', '１.２.３',
      '', ' ', '\t', '\n', 'latest', '1.2.3-ü', '1.2.3+😀', '9007199254740991.9007199254740991.9007199254740991',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      `1.2.3-${'a'.repeat(LONG)}`, '1'.repeat(LONG), `1.${'0'.repeat(LONG)}.0`, 'x'.repeat(LONG), `1.2.3+${'b.'.repeat(LONG / 2)}b`,
      `${'0'.repeat(LONG)}1.2.3`, `1.2.3-${'1.'.repeat(LONG / 2)}1`, '😀'.repeat(LONG / 2),
    ),
  },
);
const oddCharacterArb = fc.constantFrom(' ', '\t', '\n', '\r', '\0', '\x7f', '\u00a0', '\u2028', '\ufeff', '\u200b', '\u3000', 'é', '😀', '\ud800');

/** Tag names around a format: its exact prefix and suffix mostly, near misses and junk otherwise. */
function tagArb(format: TagFormat): fc.Arbitrary<string> {
  const { prefix, suffix } = format;
  const prefixArb = fc.oneof(
    { weight: 8, arbitrary: fc.constant(prefix) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '', 'v', 'vv', 'V', 'v1', 'v10', 'v1-', 'v1.', 'api@', 'api', 'api-v2@', 'xapi@', 'web@', 'release-', 'release', 'ｖ',
        prefix + prefix, prefix.slice(0, -1), prefix.slice(1), ` ${prefix}`, `${prefix} `, `${prefix}v`,
      ),
    },
  );
  const suffixArb = fc.oneof(
    { weight: 8, arbitrary: fc.constant(suffix) },
    { weight: 2, arbitrary: fc.constantFrom('', '-final', 'final', '-fina', '-final-final', ' ', '\n', suffix + suffix, suffix.slice(1), `${suffix}.`) },
  );
  const perturbArb = fc.option(fc.tuple(fc.nat(), oddCharacterArb), { nil: null, freq: 8 });
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.tuple(prefixArb, versionTextArb, suffixArb, perturbArb).map(([p, text, s, perturb]) => {
        const tag = `${p}${text}${s}`;
        if (perturb === null) return tag;
        const at = perturb[0] % (tag.length + 1);
        return tag.slice(0, at) + perturb[1] + tag.slice(at);
      }),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  );
}

const formatAndTagsArb = (maxTags: number, formats = formatArb): fc.Arbitrary<{ format: TagFormat; tags: string[] }> =>
  formats.chain((f) => {
    const format = new TagFormat(f);
    return fc.record({ format: fc.constant(format), tags: fc.array(tagArb(format), { maxLength: maxTags }) });
  });

const channelArb = fc.constantFrom(null, 'preview', 'rc', 'beta');
const releaseBumpArb = fc.constantFrom<Bump>('patch', 'minor', 'major');

function read(tags: readonly string[], format: TagFormat): TaggedVersion[] {
  return readVersions(tags, format).versions;
}

function counted<T extends { tags: readonly string[] }>(input: T): T {
  counts.tags += input.tags.length;
  counts.sets++;
  return input;
}

/** A config with this tag-format and a "preview" channel on branch "next", cached per format. */
const configs = new Map<string, Config>();
function configFor(format: string): Config {
  let config = configs.get(format);
  if (!config) {
    config = parseConfig(`version: 1\ntag-format: ${JSON.stringify(format)}\nprerelease:\n  - {branches: next, id: preview}\n`, 'fuzz.yml');
    configs.set(format, config);
  }
  return config;
}

const shown = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...(${s.length} chars)` : s);

// ---------------------------------------------------------------------------------------------

describe('fuzz readVersions', () => {
  it('never throws; returns exactly the tags the reference reads, as valid semver, with the exact prefix and suffix', () => {
    fc.assert(
      fc.property(formatAndTagsArb(30), (input) => {
        const { format, tags } = counted(input);
        const versions = read(tags, format);
        for (const { tag, version } of versions) {
          const text = versionTextOf(tag, format);
          if (text === null) throw new Error(`${shown(tag)} was read, but lacks the prefix ${shown(format.prefix)} or the suffix ${shown(format.suffix)}`);
          if (Version.parse(version.version)?.version !== version.version) throw new Error(`${shown(tag)} was read as ${shown(version.version)}, not valid semver`);
          if (!STRICT.test(text) && !LOOSE.test(text)) {
            throw new Error(`${shown(tag)} was read as ${version.version}, but ${shown(text)} is neither strict semver nor a loose form`);
          }
          const want = referenceVersion(text);
          if (want === null || version.compareBuild(want) !== 0) {
            throw new Error(`${shown(tag)} was read as ${version.toString()}, the reference reads ${want?.toString() ?? 'nothing'}`);
          }
        }
        // And none is missed: the multiset of tags read is the reference's.
        const got = versions.map((v) => v.tag).sort();
        const want = referenceRead(tags, format).map((v) => v.tag).sort();
        expect(got).toEqual(want);
      }),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it('the current version does not depend on the order of the tags (nextVersion, latestReleaseTag), and is the highest', () => {
    fc.assert(
      fc.property(
        formatAndTagsArb(25).chain(({ format, tags }) =>
          fc.record({
            format: fc.constant(format),
            tags: fc.constant(tags),
            shuffled: fc.shuffledSubarray(tags, { minLength: tags.length, maxLength: tags.length }),
            channel: channelArb,
          }),
        ),
        (input) => {
          const { format, tags, shuffled, channel } = counted(input);
          const current = (list: readonly string[]) => {
            const { current } = nextVersion({ versions: read(list, format), bump: 'none', channel, initialVersion: '0.0.0', derivedMajor: null });
            return current === null ? null : { tag: current.tag, version: current.version.version };
          };
          const a = current(tags);
          const b = current(shuffled);
          const c = current([...tags].reverse());
          expect(b).toEqual(a);
          expect(c).toEqual(a);
          expect(a?.version ?? null).toBe(referenceCurrent(referenceRead(tags, format), channel));
          // Through a config: branch "next" is the preview channel, any other branch the stable one.
          if (channel === null || channel === 'preview') {
            const config = configFor(format.format);
            const branch = channel === 'preview' ? 'next' : 'main';
            const latest = latestReleaseTag(config, tags, branch, null);
            expect(latest).toBe(a?.tag ?? null);
            expect(latestReleaseTag(config, shuffled, branch, null)).toBe(latest);
          }
        },
      ),
      { seed: SEED + 1, numRuns: 10_000 },
    );
  });

  /**
   * The release a bump makes: valid semver, above the current version and every stable one; or,
   * past the largest number semver holds, the project's InputError saying so (never a wrong version).
   */
  function checkRelease(format: TagFormat, tags: readonly string[], bump: Bump, channel: string | null): string | null {
    const versions = read(tags, format);
    let result: ReturnType<typeof nextVersion>;
    try {
      result = nextVersion({ versions, bump, channel, initialVersion: '0.0.0', derivedMajor: null });
    } catch (error) {
      if (error instanceof InputError && /not a valid semantic version of at most 256 characters/.test(error.message)) return null;
      throw error;
    }
    const next = result.next;
    if (next === null) throw new Error(`bump ${bump} made no release`);
    const context = `bump ${bump}, channel ${channel}, current ${result.current?.version.version ?? 'none'}: next ${shown(next)}`;
    if (Version.parse(next)?.version !== next) throw new Error(`${context} is not a valid semantic version`);
    if (result.current && !gt(next, result.current.version)) throw new Error(`${context} is not above the current version`);
    for (const { tag, version } of versions) {
      if (version.prerelease.length === 0 && !gt(next, version)) throw new Error(`${context} is not above the stable ${shown(tag)}`);
    }
    return next;
  }

  it.each([
    ['the stable channel', fc.constant(null), SEED + 2],
    ['a prerelease channel', fc.constantFrom('preview', 'rc', 'beta'), SEED + 5],
  ] as const)('on %s, a release is valid semver, strictly greater than the current version and than every stable version', (_, channels, seed) => {
    fc.assert(
      fc.property(formatAndTagsArb(20), releaseBumpArb, channels, (input, bump, channel) => {
        const { format, tags } = counted(input);
        checkRelease(format, tags, bump, channel);
      }),
      { seed, numRuns: 8_000 },
    );
  });

  it('on a prerelease channel, the next prerelease is above every prerelease of that channel, whatever follows the channel id', () => {
    const small = fc.nat(4).map(String);
    const own = fc
      .tuple(small, small, small, fc.constantFrom('preview', 'rc'), fc.array(fc.oneof(small, fc.constantFrom('x', 'final', '-', 'a1', '1a', 'preview')), { maxLength: 2 }))
      .map(([a, b, c, channel, ids]) => `v${a}.${b}.${c}-${[channel, ...ids].join('.')}`);
    const stable = fc.tuple(small, small, small).map((parts) => `v${parts.join('.')}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(own, stable), { maxLength: 8 }), releaseBumpArb, fc.constantFrom('preview', 'rc'), (tags, bump, channel) => {
        const format = new TagFormat('v{version}');
        counted({ tags });
        const next = checkRelease(format, tags, bump, channel);
        if (next === null) return; // small numbers here: never reached, but the type says so
        for (const { tag, version } of read(tags, format)) {
          if (version.prerelease[0] === channel && !gt(next, version)) throw new Error(`next ${next} on channel ${channel} is not above ${shown(tag)}`);
        }
      }),
      { seed: SEED + 7, numRuns: 5_000 },
    );
  });

  it('the tag of a release is a valid git tag, for every format the config accepts', () => {
    const formats = fc.oneof(fc.constantFrom(...FORMATS), randomFormatArb(0, 3), randomFormatArb(25, 45));
    fc.assert(
      fc.property(formatAndTagsArb(10, formats), releaseBumpArb, channelArb, (input, bump, channel) => {
        const { format, tags } = counted(input);
        const versions = read(tags, format);
        let next: string;
        try {
          next = nextVersion({ versions, bump, channel, initialVersion: '0.0.0', derivedMajor: null }).next!;
        } catch (error) {
          if (error instanceof InputError) return; // past semver's numbers: the property above checks it
          throw error;
        }
        const tag = format.tagFor(next);
        const problem = tagNameProblem(tag);
        if (problem !== null) throw new Error(`the tag ${shown(tag)} of the valid format ${shown(format.format)} (next ${next}) is not a valid git tag: ${problem}`);
      }),
      { seed: SEED + 6, numRuns: 8_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 10,000 tags through decide()

const COMPONENTS = `
version: 1
tag-format: "v{version}"
prerelease:
  - {branches: next, id: preview}
components:
  - {name: api, paths: "api/**", tag-format: "api@{version}"}
  - {name: web, paths: "web/**"}
  - {name: v1, paths: "v1/**", tag-format: "v1-{version}"}
  - {name: final, paths: "final/**", tag-format: "release-{version}-final"}
`;

/** 10,000 tags: valid, loose and prerelease versions of every component, junk, near misses, 10 kB names. */
function bigTagSet(config: Config, seed: number): string[] {
  const formats = [config.tagFormat, ...config.components!.map((c) => c.tagFormat)];
  const tag = fc.oneof(...formats.map((format) => tagArb(format)));
  return fc.sample(fc.array(tag, { minLength: 10_000, maxLength: 10_000 }), { seed, numRuns: 1 })[0]!;
}

describe('fuzz decide() with 10,000 tags', () => {
  it.each([
    ['the stable channel', null, SEED + 3],
    ['the preview channel', 'next', SEED + 4],
  ] as const)('picks the current version of every component on %s, as the brute-force reference does, in bounded time', (_, branch, seed) => {
    const config = parseConfig(COMPONENTS, 'fuzz.yml');
    const tags = bigTagSet(config, seed);
    counts.tags += tags.length;
    counts.sets++;
    const channel = branch === null ? null : 'preview';
    const input = { config, files: [], tags, base: 'base', head: 'head', branch };

    const started = performance.now();
    const decision = decide(input);
    const ms = performance.now() - started;
    // A functional bound, not a benchmark: reading 10,000 tags per component is linear work.
    expect(ms).toBeLessThan(5_000);

    const want = (format: TagFormat) => referenceCurrent(referenceRead(tags, format), channel);
    expect(decision.currentVersion).toBe(want(config.tagFormat));
    expect(decision.components.map((c) => [c.name, c.currentVersion])).toEqual(config.components!.map((c) => [c.name, want(c.tagFormat)]));
    // Every component has a current version here, so the check above compared real picks.
    expect(decision.components.every((c) => c.currentVersion !== null)).toBe(true);

    // The same tags in another order, and the latest release tag of each tag line, agree.
    const reversed = decide({ ...input, tags: [...tags].reverse() });
    expect(reversed.components.map((c) => c.currentTag)).toEqual(decision.components.map((c) => c.currentTag));
    for (const c of decision.components) expect(latestReleaseTag(config, tags, branch, c.name)).toBe(c.currentTag);
  });
});
