/**
 * Generators for test/fuzz-config.test.ts and test/fuzz-config-mutations.test.ts: structured
 * valid configs over every key of the SPEC, the YAML they are written as, what parseConfig must
 * make of them (snapshot and expected), the mutations, anchor/alias and arbitrary-text families,
 * and the child process deeply nested documents are parsed in. check() holds the invariants every
 * document must keep.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { ConfigError, DEFAULT_RULES, parseConfig, type Config, type PathSet, type Rule } from '../../src/core/index.js';
import { regexProblem } from '../../src/core/regex.js';
import { tagFormatProblem } from '../../src/core/versions.js';

export const FILE = '.github/bump-classifier.yml';
export const SEED = 0x5eed_c0f;
/** A functional bound, not a benchmark: an exponential blow-up (alias bomb, backtracking) takes far longer. */
const MAX_MS_PER_DOC = 2_000;
/**
 * Nesting depth of the generated and mutated documents. Deeper documents are fuzzed in a child
 * process (see "deeply nested documents"): today they can overflow the stack past parseConfig or
 * abort the whole process, which would take the test file's other results with it.
 */
const MAX_FUZZ_NESTING = 40;

/** Documents checked per family; each test file reports its totals. */
export const counts = { structured: 0, mutated: 0, aliases: 0, arbitrary: 0, nested: 0 };

/**
 * Zeroes the counts and returns the line that reports them when the file ends (this module can
 * outlive a test file: test workers run file after file without loading it again).
 */
export function countDocuments(file: string): () => string {
  for (const family of Object.keys(counts) as (keyof typeof counts)[]) counts[family] = 0;
  return () => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    return (
      `${file}: ${total} documents fuzzed (structured ${counts.structured}, mutated ${counts.mutated}, ` +
      `anchors/aliases ${counts.aliases}, arbitrary ${counts.arbitrary}, deeply nested ${counts.nested})`
    );
  };
}

// ---------------------------------------------------------------------------------------------
// The invariants every document must keep

export function fail(what: string, text: string): never {
  throw new Error(`${what}\n  document (${text.length} chars): ${JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}...` : text)}`);
}

/** Parses one document and checks the invariants; returns the config, or null after a ConfigError. */
export function check(text: string, family: keyof typeof counts): Config | null {
  counts[family]++;
  const started = performance.now();
  let config: Config | null = null;
  let thrown: unknown = undefined;
  let threw = false;
  try {
    config = parseConfig(text, FILE);
  } catch (error) {
    threw = true;
    thrown = error;
  }
  const ms = performance.now() - started;
  if (ms > MAX_MS_PER_DOC) fail(`parseConfig took ${ms.toFixed(0)} ms (bound ${MAX_MS_PER_DOC} ms)`, text);
  if (!threw) {
    if (config === null || typeof config !== 'object') fail(`parseConfig returned ${String(config)}`, text);
    return config;
  }
  if (!(thrown instanceof ConfigError)) {
    const name = thrown instanceof Error ? `${thrown.constructor.name}: ${thrown.message}` : String(thrown);
    fail(`parseConfig threw something other than a ConfigError: ${name}`, text);
  }
  const { line, column, message } = thrown;
  if (!Number.isInteger(line) || line < 1) fail(`ConfigError line ${line} (expected an integer >= 1): ${message}`, text);
  if (!Number.isInteger(column) || column < 1) fail(`ConfigError column ${column} (expected an integer >= 1): ${message}`, text);
  const lines = text.split('\n');
  if (line > lines.length + 1) fail(`ConfigError line ${line} is past the document's ${lines.length} line(s): ${message}`, text);
  if (line <= lines.length && column > lines[line - 1]!.length + 1) {
    fail(`ConfigError column ${column} is past the end of line ${line} (${lines[line - 1]!.length} chars): ${message}`, text);
  }
  if (!message.startsWith(`${FILE}:${line}:${column}: `)) fail(`ConfigError message does not start with "FILE:LINE:COL: ": ${JSON.stringify(message)}`, text);
  if (/[\n\r]/.test(message)) fail(`ConfigError message is not one line: ${JSON.stringify(message)}`, text);
  if (message.length <= `${FILE}:${line}:${column}: `.length) fail(`ConfigError message says nothing: ${JSON.stringify(message)}`, text);
  return null;
}

// ---------------------------------------------------------------------------------------------
// (a) Structured valid configs over every key of the SPEC

const BUMP = ['none', 'patch', 'minor', 'major'] as const;
const STATUS = ['added', 'modified', 'removed', 'renamed', 'copied'] as const;
const bumpArb = fc.constantFrom(...BUMP);
const statusArb = fc.constantFrom(...STATUS);
/** Short strings of any code points (astral included), lone surrogates aside. */
const anyText = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: 'grapheme-composite', maxLength });

/** A glob segment: never empty, ".", ".." or containing "/" or NUL. */
const segmentArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'src', 'lib', 'docs', 'test', '**', '*', '*.ts', '*.md', '{a,b}', '{src,lib}', '[ab]c', 'x?y', 'über', 'a b', '#x',
      '.github', '@scope', '+(a|b)', '!(x)', 'file.txt', 'V*__*.sql', '*.{js,ts}', 'CHANGELOG*', '__tests__', '日本',
    ),
  },
  {
    weight: 2,
    arbitrary: anyText(8).filter((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('/') && !s.includes('\0')),
  },
);
const positiveGlobArb = fc
  .array(segmentArb, { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'))
  .filter((g) => !g.startsWith('!'));
const globsArb: fc.Arbitrary<string | string[]> = fc.oneof(
  positiveGlobArb,
  fc
    .tuple(positiveGlobArb, fc.array(fc.tuple(fc.boolean(), positiveGlobArb), { maxLength: 3 }))
    .map(([first, rest]) => [first, ...rest.map(([negative, g]) => (negative ? `!${g}` : g))]),
);

/**
 * Which regular expressions the config accepts is the project's documented choice (those both
 * JavaScript and the linear-time engine accept), so the generator asks regexProblem.
 */
const regexArb = fc
  .oneof(
    fc.constantFrom('api_version', '^\\+\\s*export ', '(?:foo|bar)\\d+', '\\bTODO\\b', '', '.*', '[\\u0000-\\u001f]', '(a+)+$', 'ü'),
    anyText(12),
  )
  .filter((source) => regexProblem(source) === null);
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const capturingRegexArb = fc
  .tuple(anyText(6), fc.constantFrom('(\\d+)', '(\\d*)', '([0-9]+)', '(?<n>\\d+)'), anyText(6))
  .map(([a, group, b]) => `^${escapeRegex(a)}${group}${escapeRegex(b)}`)
  .filter((source) => regexProblem(source) === null);

/** GitHub label names: 1-50 UTF-16 units, no leading or trailing whitespace, no line breaks. */
const labelArb = fc.oneof(
  fc.constantFrom('semver:major', 'semver:minor', 'semver:patch', 'api-change', 'release:none', '{component}:minor', 'skip ci', 'ラベル'),
  anyText(20).filter((s) => s.length >= 1 && s.length <= 50 && /^\S(?:.*\S)?$/.test(s)),
);
const word = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,10}$/);
const tagFormatArb = fc.oneof(
  fc.constantFrom('v{version}', 'api@{version}', '{version}', 'release-{version}-final', 'v1-{version}', 'pkg/v{version}', 'über-{version}'),
  fc
    .tuple(word, fc.constantFrom('', '-', '@', '/', '/v', '_'), fc.option(fc.tuple(fc.constantFrom('-', '+', '_'), word), { nil: null }))
    .map(([stem, sep, suffix]) => `${stem}${sep}{version}${suffix ? suffix.join('') : ''}`),
);
const semverArb = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map((parts) => parts.join('.'));
const prereleaseIdArb = fc.stringMatching(/^[0-9A-Za-z-]{0,6}[A-Za-z-][0-9A-Za-z-]{0,6}$/);
const buildMetadataArb = fc.oneof(
  fc.constantFrom('', 'sha.{short-sha}', '{sha}', 'build.1', 'b-{short-sha}.x'),
  fc.array(fc.oneof(fc.stringMatching(/^[0-9A-Za-z-]{1,6}$/), fc.constantFrom('{sha}', '{short-sha}')), { minLength: 1, maxLength: 4 }).map((ids) => ids.join('.')),
);
/** Names the schema accepts: its pattern, and a default tag-format "<name>@{version}" git accepts. */
const componentNameArb = fc
  .stringMatching(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,12}$/)
  .filter((name) => tagFormatProblem(`${name}@{version}`) === null);

const ruleArb = fc.record(
  {
    name: anyText(20).filter((s) => s.length > 0),
    paths: globsArb,
    status: fc.oneof(statusArb, fc.uniqueArray(statusArb, { minLength: 1, maxLength: 5 })),
    content: fc.oneof(
      regexArb,
      fc.record({ added: regexArb, removed: regexArb }, { requiredKeys: [] }).filter((c) => c.added !== undefined || c.removed !== undefined),
    ),
    bump: bumpArb,
    labels: fc.array(labelArb, { maxLength: 3 }),
  },
  { requiredKeys: ['paths', 'bump'] },
);
type RawConfig = Record<string, unknown> & { version: 1 };

/** A valid config over every key of the SPEC; `size` bounds its lists (rules, components, ...). */
const configArbOf = (size: number): fc.Arbitrary<RawConfig> => {
  const rulesArb = fc.array(ruleArb, { maxLength: size });
  const componentsArb = fc.uniqueArray(
    fc.record({ name: componentNameArb, paths: globsArb, 'tag-format': tagFormatArb, rules: rulesArb }, { requiredKeys: ['name', 'paths'] }),
    { minLength: 1, maxLength: Math.max(1, size - 1), selector: (c) => c.name },
  );
  return fc.record(
  {
    $schema: fc.constantFrom('https://example.com/config.schema.json', './schema/config.schema.json'),
    version: fc.constant(1 as const),
    'default-bump': bumpArb,
    'tag-format': tagFormatArb,
    'initial-version': semverArb,
    rules: rulesArb,
    labels: fc.record(
      {
        bump: fc.record({ none: labelArb, patch: labelArb, minor: labelArb, major: labelArb }, { requiredKeys: [] }),
        only: fc.dictionary(labelArb, globsArb, { maxKeys: size, noNullPrototype: true }),
      },
      { requiredKeys: [] },
    ),
    overrides: fc.record({ labels: fc.dictionary(labelArb, bumpArb, { maxKeys: size, noNullPrototype: true }) }, { requiredKeys: [] }),
    commits: fc.record({ conventional: fc.boolean() }, { requiredKeys: [] }),
    policy: fc.record({ 'max-bump': bumpArb, 'allow-label': fc.oneof(fc.constant(''), labelArb) }, { requiredKeys: [] }),
    prerelease: fc.array(fc.record({ branches: globsArb, id: prereleaseIdArb }), { maxLength: 2 }),
    'build-metadata': buildMetadataArb,
    'version-from': fc.record({ major: fc.record({ files: globsArb, pattern: capturingRegexArb }) }),
    components: componentsArb,
  },
  { requiredKeys: ['version'] },
  ).filter(distinctTagLines);
};

/** Valid configs give every tag line its own tags (lines that render the same tag are a config error). */
function distinctTagLines(raw: RawConfig): boolean {
  const components = (raw.components ?? []) as { name: string; 'tag-format'?: string }[];
  const formats = components.map((c) => c['tag-format'] ?? `${c.name}@{version}`);
  if (typeof raw['tag-format'] === 'string' && raw.components !== undefined) formats.push(raw['tag-format']);
  return new Set(formats.map((f) => f.replace('{version}', '1.2.3'))).size === formats.length;
}

/** How the YAML is written: block or flow, quoting, indentation, line width, line endings, framing. */
const styleArb = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  collectionStyle: fc.constantFrom('any', 'block', 'flow') as fc.Arbitrary<'any' | 'block' | 'flow'>,
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED') as fc.Arbitrary<
    'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED'
  >,
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE') as fc.Arbitrary<null | 'PLAIN' | 'QUOTE_DOUBLE'>,
  lineWidth: fc.constantFrom(0, 20, 80),
  flowCollectionPadding: fc.boolean(),
  crlf: fc.boolean(),
  framing: fc.constantFrom('', '---\n', '%YAML 1.2\n---\n', '# bump-classifier\n'),
  end: fc.constantFrom('', '...\n', '# end\n'),
});
type Style = typeof styleArb extends fc.Arbitrary<infer S> ? S : never;

function serialize(raw: RawConfig, style: Style): string {
  const { crlf, framing, end, ...options } = style;
  const text = `${framing}${stringify(raw, options)}${end}`;
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/**
 * yaml 2.9.1's stringify can corrupt a folded string inside deeply indented flow collections with
 * a small lineWidth ("{a,b}/ 𐀀 𐀀/.github" -> "{a,b}/ 𐀀 𐀀/.githuundefined..."): a generator problem,
 * not the parser's. A document the parser rejects or reads differently is checked against
 * yaml's own reading, and written again without folding when that differs too.
 */
export function faithful(raw: RawConfig, text: string): string {
  if (JSON.stringify(parse(text)) === JSON.stringify(raw)) return text;
  const plain = stringify(raw, { lineWidth: 0 });
  return JSON.stringify(parse(plain)) === JSON.stringify(raw) ? plain : JSON.stringify(raw, null, 2);
}

const docArbOf = (size: number): fc.Arbitrary<{ raw: RawConfig; text: string }> =>
  fc.tuple(configArbOf(size), styleArb).map(([raw, style]) => ({ raw, text: serialize(raw, style) }));
export const docArb = docArbOf(2);

// What the parsed config must be, written from the SPEC and the raw object, and what it is.

type Snapshot = Record<string, unknown>;
const globList = (globs: string | string[]): string[] => {
  const list = typeof globs === 'string' ? [globs] : globs;
  return [...list.filter((g) => !g.startsWith('!')), ...list.filter((g) => g.startsWith('!'))];
};
/** A regex source as RegExp#source writes it ("" is "(?:)"), whichever engine compiled it. */
const regexSource = (source: string | undefined): string | null => {
  if (source === undefined) return null;
  try {
    return new RegExp(source).source;
  } catch {
    return source;
  }
};
const pathSet = (p: PathSet): string[] => [...p.positive.map((g) => g.source), ...p.negative.map((g) => `!${g.source}`)];

function snapshotRules(rules: readonly Rule[]): Snapshot[] {
  return rules.map((r) => ({
    position: r.position,
    name: r.name,
    paths: pathSet(r.paths),
    status: r.status === null ? null : [...r.status].sort(),
    content: r.content === null ? null : { added: regexSource(r.content.added?.source), removed: regexSource(r.content.removed?.source) },
    bump: r.bump,
    labels: r.labels,
  }));
}

export function snapshot(c: Config): Snapshot {
  return {
    source: c.source,
    defaultBump: c.defaultBump,
    tagFormat: c.tagFormat.format,
    initialVersion: c.initialVersion,
    rules: snapshotRules(c.rules),
    labelsBump: c.labels.bump,
    labelsOnly: c.labels.only.map((o) => ({ label: o.label, paths: pathSet(o.paths) })),
    overrides: [...c.overrides],
    conventionalCommits: c.conventionalCommits,
    policy: c.policy,
    prerelease: c.prerelease.map((p) => ({ branches: pathSet(p.branches), id: p.id })),
    buildMetadata: c.buildMetadata,
    versionFrom: c.versionFrom === null ? null : { files: pathSet(c.versionFrom.files), pattern: regexSource(c.versionFrom.pattern.source) },
    components:
      c.components?.map((x) => ({ name: x.name, paths: pathSet(x.paths), tagFormat: x.tagFormat.format, rules: snapshotRules(x.rules) })) ?? null,
  };
}

interface RawRule {
  name?: string;
  paths: string | string[];
  status?: string | string[];
  content?: string | { added?: string; removed?: string };
  bump: string;
  labels?: string[];
}

function expectedRules(rules: readonly RawRule[] | undefined): Snapshot[] {
  const list = rules && rules.length > 0 ? rules : (DEFAULT_RULES as RawRule[]);
  return list.map((r, i) => ({
    position: i + 1,
    name: r.name ?? `rule ${i + 1}`,
    paths: globList(r.paths),
    status: r.status === undefined ? null : [...new Set(typeof r.status === 'string' ? [r.status] : r.status)].sort(),
    content:
      r.content === undefined
        ? null
        : typeof r.content === 'string'
          ? { added: regexSource(r.content), removed: regexSource(r.content) }
          : { added: regexSource(r.content.added), removed: regexSource(r.content.removed) },
    bump: r.bump,
    labels: r.labels ?? [],
  }));
}

export function expected(raw: RawConfig): Snapshot {
  const get = <T>(key: string): T | undefined => raw[key] as T | undefined;
  const labels = get<{ bump?: Record<string, string>; only?: Record<string, string | string[]> }>('labels');
  const policy = get<{ 'max-bump'?: string; 'allow-label'?: string }>('policy');
  const versionFrom = get<{ major: { files: string | string[]; pattern: string } }>('version-from');
  const components = get<{ name: string; paths: string | string[]; 'tag-format'?: string; rules?: RawRule[] }[]>('components');
  const rules = expectedRules(get<RawRule[]>('rules'));
  return {
    source: FILE,
    defaultBump: get('default-bump') ?? 'patch',
    tagFormat: get('tag-format') ?? 'v{version}',
    initialVersion: get('initial-version') ?? '0.0.0',
    rules,
    labelsBump: { ...labels?.bump },
    labelsOnly: Object.entries(labels?.only ?? {}).map(([label, paths]) => ({ label, paths: globList(paths) })),
    overrides: Object.entries(get<{ labels?: Record<string, string> }>('overrides')?.labels ?? {}),
    conventionalCommits: get<{ conventional?: boolean }>('commits')?.conventional ?? false,
    policy: { maxBump: policy?.['max-bump'] ?? 'major', allowLabel: policy?.['allow-label'] ? policy['allow-label'] : null },
    prerelease: (get<{ branches: string | string[]; id: string }[]>('prerelease') ?? []).map((p) => ({ branches: globList(p.branches), id: p.id })),
    buildMetadata: get('build-metadata') ?? '',
    versionFrom: versionFrom ? { files: globList(versionFrom.major.files), pattern: regexSource(versionFrom.major.pattern) } : null,
    components:
      components?.map((c) => ({
        name: c.name,
        paths: globList(c.paths),
        tagFormat: c['tag-format'] ?? `${c.name}@{version}`,
        rules: c.rules && c.rules.length > 0 ? expectedRules(c.rules) : rules,
      })) ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// (b) Mutations of valid documents

/**
 * The valid documents mutations start from: a seeded pool (generating a structured config costs
 * more than parsing a mutation of it), of every size, style and framing docArbOf produces.
 */
const smallDocArb = fc
  .tuple(configArbOf(1), styleArb, fc.integer({ min: 1, max: 4 }))
  .map(([raw, style, keep]) => {
    // A few keys only: small documents parse faster, so more of them fit in the time budget.
    const keys = Object.keys(raw).filter((k) => k !== 'version').slice(0, keep);
    const small: RawConfig = { version: 1, ...Object.fromEntries(keys.map((k) => [k, raw[k]])) };
    return { raw: small, text: serialize(small, style) };
  });
export const POOL: readonly string[] = [
  ...fc.sample(smallDocArb, { seed: SEED, numRuns: 300 }),
  ...fc.sample(docArbOf(2), { seed: SEED + 1, numRuns: 70 }),
  ...fc.sample(docArbOf(3), { seed: SEED + 2, numRuns: 30 }),
].map((doc) => doc.text);

/** Text worth inserting: YAML syntax, escapes, whitespace, control characters, unicode. */
const tokenArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ':', ': ', '- ', '-', '{', '}', '[', ']', ',', '"', "'", '#', '|', '>', '|-', '>+', '? ', '&a ', '*a', '!!str ', '!!int ',
      '!!binary ', '!!map ', '!foo ', '%YAML 1.1\n', '---\n', '...\n', '<<: ', '~', 'null', 'true', '0x1F', '1e3', '.inf',
      '\t', '\0', '\r', '\n', '\r\n', '\v', '\f', '\u0085', '\u2028', '\u2029', '\uFEFF', '\u00a0', '\u200b', '\\', '\\n',
      '\\x00', '\\u2028', 'é', '😀', '\uD800', '\uDC00', 'version', 'rules', 'paths', 'bump', 'tag-format', 'components',
      '{version}', '**', '!', '/', '..', '@', '%',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 3 }) },
);
/** Escapes for double-quoted scalars: how control characters and line breaks get into values. */
const escapeArb = fc.constantFrom(
  '\\n', '\\r', '\\t', '\\0', '\\x00', '\\x7f', '\\e', '\\N', '\\_', '\\L', '\\P', '\\u2028', '\\uD800', '\\U0001F600',
  '\\x', '\\u12', '\\q', '\\', '\\"',
);

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'delete-line'; at: number }
  | { kind: 'indent'; at: number; delta: number }
  | { kind: 'tabs'; at: number }
  | { kind: 'long'; at: number; length: number; text: string }
  | { kind: 'escape'; nth: number; escape: string }
  | { kind: 'block-scalar'; at: number; style: string; lines: string[] }
  | { kind: 'anchor-alias'; from: number; to: number }
  | { kind: 'nest'; depth: number; open: string }
  | { kind: 'line-breaks'; to: string }
  | { kind: 'second-document' };

const at = fc.nat();
export const characterMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, text: tokenArb }),
  fc.record({ kind: fc.constant('replace' as const), at, text: tokenArb }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
);
export const lineMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('swap-lines' as const), a: at, b: at }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at }),
  fc.record({ kind: fc.constant('delete-line' as const), at }),
  fc.record({ kind: fc.constant('indent' as const), at, delta: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('tabs' as const), at }),
  fc.record({ kind: fc.constant('line-breaks' as const), to: fc.constantFrom('\r\n', '\r', '\n\n', '\u2028', '\u0085') }),
);
export const scalarMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('escape' as const), nth: at, escape: escapeArb }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('block-scalar' as const),
      at,
      style: fc.constantFrom('|', '>', '|-', '>+', '|2'),
      lines: fc.array(fc.oneof(fc.constantFrom('v{version}', 'src/**', 'minor', '', ' ', 'x: y', '- a'), anyText(6)), { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('long' as const),
      at,
      length: fc.integer({ min: 100, max: 5_000 }),
      text: fc.constantFrom('x', 'ab', ' ', '\t', 'é', '😀', '\0', '\\', '#', '\uFEFF'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('long' as const),
      at,
      length: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 5_000, max: 20_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 50_000, max: 200_000 }) }),
      text: fc.constantFrom('x', ' ', '😀', '\0'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text: tokenArb }) },
);
export const structureMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('anchor-alias' as const), from: at, to: at }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at }),
  fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: MAX_FUZZ_NESTING }), open: fc.constantFrom('[', '{', '- ', '{a: ', ': ', '[{') }),
  fc.record({
    kind: fc.constant('long' as const),
    at,
    length: fc.integer({ min: 2, max: MAX_FUZZ_NESTING }),
    text: fc.constantFrom('[', '{', '- ', ': ', '{a: ', '[{', '&a ', '*a '),
  }),
  // Nested explicit keys cost about depth^5 today (see NESTED_KEYS): kept shallow here.
  fc.record({ kind: fc.constant('nest' as const), depth: fc.integer({ min: 1, max: 20 }), open: fc.constantFrom('? ', '? - ', '? [') }),
  fc.constant({ kind: 'second-document' as const }),
  fc.record({ kind: fc.constant('insert' as const), at, text: fc.constantFrom('&a ', '*a', '<<: *a\n', '? ', '!!str ', '!!map ', '!!seq ', '!!set ', '!!omap ', '!!binary ', '!custom ', '%TAG ! tag:x,2000:\n---\n') }),
);

function mutate(text: string, m: Mutation): string {
  const offset = (n: number): number => n % (text.length + 1);
  const lines = text.split('\n');
  const line = (n: number): number => n % lines.length;
  switch (m.kind) {
    case 'delete':
      return text.slice(0, offset(m.at)) + text.slice(offset(m.at) + m.length);
    case 'insert':
      return text.slice(0, offset(m.at)) + m.text + text.slice(offset(m.at));
    case 'replace':
      return text.slice(0, offset(m.at)) + m.text + text.slice(offset(m.at) + 1);
    case 'truncate':
      return text.slice(0, offset(m.at));
    case 'swap-lines': {
      const [a, b] = [line(m.a), line(m.b)];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'duplicate-line': {
      const i = line(m.at);
      lines.splice(i, 0, lines[i]!);
      return lines.join('\n');
    }
    case 'delete-line':
      lines.splice(line(m.at), 1);
      return lines.join('\n');
    case 'indent': {
      const i = line(m.at);
      const l = lines[i]!;
      lines[i] = m.delta >= 0 ? ' '.repeat(m.delta) + l : l.replace(new RegExp(`^ {0,${-m.delta}}`), '');
      return lines.join('\n');
    }
    case 'tabs': {
      const i = line(m.at);
      lines[i] = lines[i]!.replace(/^( *)/, (s) => '\t'.repeat(Math.max(1, s.length / 2)));
      return lines.join('\n');
    }
    case 'long':
      return text.slice(0, offset(m.at)) + m.text.repeat(Math.ceil(m.length / m.text.length)) + text.slice(offset(m.at));
    case 'escape': {
      const quotes = [...text.matchAll(/"/g)].map((x) => x.index);
      if (quotes.length === 0) return `${text}\nescaped: "a${m.escape}b"\n`;
      const q = quotes[m.nth % quotes.length]! + 1;
      return text.slice(0, q) + m.escape + text.slice(q);
    }
    case 'block-scalar': {
      // The value of a "key: value" line becomes a block scalar: line breaks inside a value.
      const i = line(m.at);
      const colon = lines[i]!.indexOf(': ');
      const indent = (/^ */.exec(lines[i]!)?.[0].length ?? 0) + 2;
      const head = colon === -1 ? `${lines[i]}:` : lines[i]!.slice(0, colon + 1);
      lines[i] = `${head} ${m.style}\n${m.lines.map((l) => ' '.repeat(indent) + l).join('\n')}`;
      return lines.join('\n');
    }
    case 'anchor-alias': {
      // Anchor the value of one "key: value" line and use it as the value of another.
      const values = lines.map((l, i) => ({ i, colon: l.indexOf(': ') })).filter((x) => x.colon !== -1);
      if (values.length === 0) return text;
      const from = values[m.from % values.length]!;
      const to = values[m.to % values.length]!;
      const a = lines[from.i]!;
      lines[from.i] = `${a.slice(0, from.colon + 2)}&anchor ${a.slice(from.colon + 2)}`;
      const b = lines[to.i]!;
      lines[to.i] = `${b.slice(0, to.colon + 2)}*anchor`;
      return lines.join('\n');
    }
    case 'nest':
      return `${text}\nnested: ${m.open.repeat(m.depth)}\n`;
    case 'line-breaks':
      return text.replace(/\n/g, m.to);
    case 'second-document':
      return `${text}\n---\n${text}`;
  }
}

export const mutatedArb = (mutation: fc.Arbitrary<Mutation>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.nat(POOL.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([i, mutations]) => mutations.reduce(mutate, POOL[i]!));

// ---------------------------------------------------------------------------------------------
// Anchors and aliases: reuse, merge keys, alias bombs

/** The billion-laughs pattern: `depth` levels, each a list of `width` aliases of the level below. */
export const aliasBombArb = fc
  .record({
    depth: fc.integer({ min: 1, max: 12 }),
    width: fc.integer({ min: 2, max: 12 }),
    leaf: fc.constantFrom('lol', '"lol"', '{a: lol}', '[lol, lol]', `"${'x'.repeat(1000)}"`),
    flow: fc.boolean(),
    use: fc.constantFrom('none', 'rules', 'labels-only', 'key', 'merge', 'paths', 'second'),
    version: fc.boolean(),
  })
  .map(({ depth, width, leaf, flow, use, version }) => {
    const out = [`l0: &l0 ${leaf}`];
    for (let k = 1; k <= depth; k++) {
      const items = Array.from({ length: width }, () => `*l${k - 1}`);
      out.push(flow ? `l${k}: &l${k} [${items.join(', ')}]` : `l${k}: &l${k}\n${items.map((i) => `  - ${i}`).join('\n')}`);
    }
    const top = `*l${depth}`;
    if (version) out.push('version: 1');
    if (use === 'rules') out.push(`rules: ${top}`);
    if (use === 'labels-only') out.push(`labels:\n  only:\n    x: ${top}`);
    if (use === 'key') out.push(`? ${top}\n: 1`);
    if (use === 'merge') out.push(`<<: ${top}`);
    if (use === 'paths') out.push(`rules:\n  - paths: ${top}\n    bump: minor`);
    if (use === 'second') out.push(`second: [${top}, ${top}]`);
    return out.join('\n');
  });

/** Legitimate reuse: an anchored glob list or rule used again, a few times, merge keys included. */
export const reuseArb = fc
  .tuple(globsArb, bumpArb, fc.integer({ min: 1, max: 8 }), fc.boolean())
  .map(([globs, bump, times, merge]) => {
    const g = JSON.stringify(globs);
    const rules = [`  - &r {paths: &g ${g}, bump: ${bump}}`];
    for (let i = 1; i < times; i++) rules.push(merge ? `  - {<<: *r, bump: none}` : `  - {paths: *g, bump: ${bump}}`);
    return `version: 1\nrules:\n${rules.join('\n')}\nlabels:\n  only:\n    reused: *g\n`;
  });

// ---------------------------------------------------------------------------------------------
// (c) Arbitrary text and bytes

const yamlSoupArb = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'version', 'rules', 'paths', 'bump', 'status', 'content', 'labels', 'only', 'overrides', 'commits', 'conventional',
        'policy', 'max-bump', 'allow-label', 'prerelease', 'branches', 'id', 'build-metadata', 'version-from', 'major',
        'files', 'pattern', 'components', 'name', 'tag-format', 'initial-version', 'default-bump', 'added', 'minor', 'patch',
        '1', '0', '"src/**"', '"v{version}"', '"("', '"/a"', '"a\\nb"', '"\\t"', '[]', '{}', 'null', 'true', '|\n  x\n  y',
      ),
      fc.constantFrom(': ', ':', '\n', '\n  ', '\n    ', '- ', '  - ', ', ', '[', ']', '{', '}', '&a ', '*a', '"', "'", '#', '\t', ' '),
    ),
    { maxLength: 40 },
  )
  .map((tokens) => tokens.join(''));

export const arbitraryArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 100 }),
  fc.string({ unit: 'binary-ascii', maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => new TextDecoder().decode(bytes)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => String.fromCharCode(...bytes)),
  yamlSoupArb,
  yamlSoupArb.map((t) => `version: 1\n${t}`),
);

// ---------------------------------------------------------------------------------------------
// Deeply nested documents, in a child process

interface ChildResult {
  ms: number;
  ok?: true;
  line?: number;
  column?: number;
  message?: string;
  other?: string;
}

/**
 * Parses each document twice in a fresh Node process (the second parse of a deep document is the
 * one that has aborted Node 20 with "FATAL ERROR: RegExpCompiler Allocation failed"), and returns
 * what each parse did. A crash of the child is a failure of the test, not of this file.
 */
export function parseInChild(
  docs: readonly { text: string; times: number }[],
  warmup: readonly string[] = [],
): { results: ChildResult[][]; status: number | null; signal: string | null; stderr: string } {
  const index = pathToFileURL(fileURLToPath(new URL('../../src/core/index.ts', import.meta.url))).href;
  const script = `
    import { readFileSync } from 'node:fs';
    const { parseConfig, ConfigError } = await import(${JSON.stringify(index)});
    const { docs, warmup } = JSON.parse(readFileSync(0, 'utf8'));
    for (const text of warmup) try { parseConfig(text, 'warmup.yml'); } catch {}
    const out = [];
    for (const { text, times } of docs) {
      const runs = [];
      for (let i = 0; i < times; i++) {
        const started = performance.now();
        try {
          parseConfig(text, ${JSON.stringify(FILE)});
          runs.push({ ok: true });
        } catch (e) {
          runs.push(e instanceof ConfigError ? { line: e.line, column: e.column, message: e.message } : { other: String(e && e.stack || e).split('\\n').slice(0, 4).join(' | ') });
        }
        runs[runs.length - 1].ms = performance.now() - started;
      }
      out.push(runs);
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    input: JSON.stringify({ docs, warmup }),
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const results = child.status === 0 ? (JSON.parse(child.stdout) as ChildResult[][]) : [];
  const stderr = /FATAL ERROR[^\n]*/.exec(child.stderr)?.[0] ?? child.stderr.slice(0, 1_000);
  return { results, status: child.status, signal: child.signal, stderr };
}

/** What went wrong in a child's results: other errors, malformed ConfigErrors, parses over the time bound. */
export function childProblems(docs: readonly { text: string }[], results: readonly ChildResult[][]): string[] {
  const problems: string[] = [];
  results.forEach((runs, i) => {
    const doc = docs[i]!.text;
    const shown = `${JSON.stringify(doc.slice(0, 16))}... (${doc.length} chars)`;
    for (const run of runs) {
      if (run.ms > MAX_MS_PER_DOC) problems.push(`${shown}: took ${run.ms.toFixed(0)} ms (bound ${MAX_MS_PER_DOC} ms)`);
      if (run.other !== undefined) problems.push(`${shown}: threw ${run.other}`);
      else if (
        run.message !== undefined &&
        (run.line! < 1 || run.column! < 1 || !run.message.startsWith(`${FILE}:${run.line}:${run.column}: `) || /[\n\r]/.test(run.message))
      ) {
        problems.push(`${shown}: malformed ConfigError ${JSON.stringify(run.message)}`);
      }
    }
  });
  return problems;
}

const DEEP_OPENINGS = ['- ', '[', '{', '{a: ', 'a: ', '[{'];
export const DEEP_DOCS: readonly { text: string; times: number }[] = [
  ...[1_000, 5_000].flatMap((depth) =>
    DEEP_OPENINGS.flatMap((open) => [open.repeat(depth), `${open.repeat(depth)}a\nb`, `version: 1\nx: ${open.repeat(depth)}\nrules: []\n`]),
  ),
  // Block indentation, one level per line.
  Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}a${i}:`).join('\n'),
  `version: 1\nrules:\n${Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i + 2)}-`).join('\n')} x\n`,
].map((text) => ({ text, times: 1 }));
/** Nested explicit keys: parse time grows about as the 5th power of the depth (300 levels, 600 bytes: ~4 s). */
export const NESTED_KEYS = '? '.repeat(300);

