import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConfigError, configJsonSchema, defaultConfig, parseConfig } from '../../src/core/index.js';

function error(text: string): string {
  try {
    parseConfig(text, '.github/bump-classifier.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a config error');
}

const FULL = `
version: 1
default-bump: patch
tag-format: "v{version}"
initial-version: 0.0.0
rules:
  - name: database migration
    paths: "apps/*/src/main/resources/db/migration/V*.sql"
    status: added
    bump: major
  - name: api model version
    paths: "api/models.py"
    content: "api_version"
    bump: major
    labels: [api-change]
  - name: application source
    paths: ["src/**", "!**/*.test.ts"]
    bump: minor
  - name: docs
    paths: ["docs/**", "**/*.md"]
    bump: none
labels:
  bump:
    major: "semver:major"
    minor: "semver:minor"
    patch: "semver:patch"
  only:
    staging-skip: ["docs/**", "**/*.md", ".github/**"]
overrides:
  labels:
    "release:major": major
    "release:none": none
commits:
  conventional: false
policy:
  max-bump: major
  allow-label: ""
prerelease:
  - branches: ["next", "preview/*"]
    id: preview
build-metadata: ""
version-from:
  major:
    files: "apps/*/src/main/resources/db/migration/V*.sql"
    pattern: "^V(\\\\d+)__"
components:
  - name: api
    paths: ["services/api/**", "libs/shared/**", "requirements/api.lock"]
    tag-format: "api@{version}"
    rules: []
`;

describe('parseConfig', () => {
  it('accepts the SPEC example in full', () => {
    const c = parseConfig(FULL, 'x.yml');
    expect(c.rules.map((r) => r.name)).toEqual(['database migration', 'api model version', 'application source', 'docs']);
    expect(c.rules[0]!.status).toEqual(new Set(['added']));
    expect(c.labels.bump).toEqual({ major: 'semver:major', minor: 'semver:minor', patch: 'semver:patch' });
    expect(c.labels.only.map((o) => o.label)).toEqual(['staging-skip']);
    expect([...c.overrides]).toEqual([
      ['release:major', 'major'],
      ['release:none', 'none'],
    ]);
    expect(c.policy).toEqual({ maxBump: 'major', allowLabel: null });
    expect(c.commits.releaseRules).toEqual([]);
    expect(c.prerelease[0]!.id).toBe('preview');
    expect(c.prerelease[0]!.branches.matches('preview/x')).toBe(true);
    expect(c.versionFrom!.pattern.firstGroup('V12__init.sql')).toBe('12');
    // rules: [] in a component means "the top-level rules" (as the SPEC's example shows)
    expect(c.components![0]!.rules).toBe(c.rules);
    expect(c.components![0]!.tagFormat.tagFor('1.4.0')).toBe('api@1.4.0');
  });

  it('fills defaults; a config without rules uses the built-in rules', () => {
    const c = parseConfig('version: 1\n', 'x.yml');
    expect(c.defaultBump).toBe('patch');
    expect(c.tagFormat.format).toBe('v{version}');
    expect(c.initialVersion).toBe('0.0.0');
    expect(c.rules.map((r) => r.name)).toEqual(defaultConfig().rules.map((r) => r.name));
    expect(c.labels.bump).toEqual({});
    expect(c.policy.maxBump).toBe('major');
    expect(c.components).toBeNull();
  });

  it('names rules "rule N" by position when unnamed; components default to <name>@{version}', () => {
    const c = parseConfig('version: 1\nrules:\n  - {paths: a/**, bump: minor}\n  - {paths: b/**, bump: patch}\ncomponents:\n  - {name: web, paths: web/**}\n', 'x.yml');
    expect(c.rules.map((r) => r.name)).toEqual(['rule 1', 'rule 2']);
    expect(c.components![0]!.tagFormat.format).toBe('web@{version}');
  });

  it.each([
    ['version: 2', '.github/bump-classifier.yml:1:10: version: expected 1, got 2'],
    ['default-bump: patch', '.github/bump-classifier.yml:1:1: version: missing required key; expected 1'],
    ['version: 1\nrules:\n  - paths: src/**\n    bump: huge\n', '.github/bump-classifier.yml:4:11: rules[0].bump: expected one of none, patch, minor, major, got "huge"'],
    ['version: 1\nrulez: []\n', '.github/bump-classifier.yml:2:1: unknown key "rulez"'],
    ['version: 1\nrules:\n  - paths: src/**\n    bump: minor\n    colour: red\n', '.github/bump-classifier.yml:5:5: rules[0]: unknown key "colour"'],
    ['version: 1\nrules:\n  - bump: minor\n', '.github/bump-classifier.yml:3:5: rules[0].paths: missing required key; expected a glob or a list of globs'],
    ['version: 1\ncomponents:\n  - name: cli\n    path: ["packages/cli/**"]\n', '.github/bump-classifier.yml:4:5: components[0]: unknown key "path" (and the required key "paths" is missing)'],
    ['versio: 1\n', '.github/bump-classifier.yml:1:1: unknown key "versio" (and the required key "version" is missing)'],
    ['version: 1\nrules:\n  - paths: 3\n    bump: minor\n', '.github/bump-classifier.yml:3:12: rules[0].paths: expected a glob or a list of globs, got 3'],
    ['version: 1\ntag-format: release\n', '.github/bump-classifier.yml:2:13: tag-format: expected a tag format containing "{version}", e.g. "v{version}", got "release"'],
    ['version: 1\ninitial-version: "1.0"\n', '.github/bump-classifier.yml:2:18: initial-version: expected a version such as 0.0.0 or 1.0.0, got "1.0"'],
  ])('%j -> %s', (text, message) => {
    expect(error(text)).toBe(message);
  });

  it.each([
    ['version: 1\nrules:\n  - paths: ["src/**", "/abs/**"]\n    bump: minor\n', /3:23: rules\[0\]\.paths\[1\]: paths are repository-relative and never start with "\/"/],
    ['version: 1\nrules:\n  - paths: ["!docs/**"]\n    bump: minor\n', /3:12: rules\[0\]\.paths: a list of only "!" globs matches nothing/],
    ['version: 1\nrules:\n  - paths: "docs/"\n    bump: none\n', /rules\[0\]\.paths: a glob ending in "\/" matches no file; write "docs\/\*\*"/],
    ['version: 1\nrules:\n  - paths: "a//b"\n    bump: none\n', /empty path segment/],
    ['version: 1\nrules:\n  - paths: src/**\n    content: "("\n    bump: minor\n', /4:14: rules\[0\]\.content: not a valid regular expression/],
    ['version: 1\nrules:\n  - paths: src/**\n    content: {added: "ok", removed: "[" }\n    bump: minor\n', /rules\[0\]\.content\.removed: not a valid regular expression/],
    ['version: 1\nrules:\n  - paths: src/**\n    content: {}\n    bump: minor\n', /rules\[0\]\.content: expected "added" or "removed"/],
    ['version: 1\nrules:\n  - paths: "**"\n    status: [added, moved]\n    bump: minor\n', /4:21: rules\[0\]\.status\[1\]: expected one of added, modified, removed, renamed, copied, got "moved"/],
    ['version: 1\nlabels:\n  only:\n    " bad": "docs/**"\n', /4:5: labels\.only\[" bad"\]: expected a label name/],
    ['version: 1\ncomponents:\n  - {name: api, paths: a/**}\n  - {name: api, paths: b/**}\n', /components\[1\]\.name: duplicate component name "api"/],
    ['version: 1\nversion-from:\n  major:\n    files: "**/V*.sql"\n    pattern: "^V\\\\d+"\n', /version-from\.major\.pattern: expected a capture group/],
    ['version: 1\nprerelease:\n  - {branches: next, id: "123"}\n', /prerelease\[0\]\.id: expected not only digits/],
    ['version: 1\nbuild-metadata: "b.{run}"\n', /build-metadata: unknown placeholder \{run\}/],
    ['version: 1\ntag-format: "my {version}"\n', /tag-format: tags like "my 1\.2\.3-rc\.1" are not valid/],
    ['version: 1\nversion: 1\n', /2:1: invalid YAML: Map keys must be unique/],
    ['version: 1\nrules: [\n', /invalid YAML/],
    ['', /1:1: the file is empty/],
    ['- a\n', /1:1: expected a mapping, got a list/],
    ['version: 1\nlabels:\n  bump:\n    minor: ""\n', /labels\.bump\.minor: expected a non-empty string/],
    ['version: 1\noverrides:\n  labels:\n    "release:major": huge\n', /overrides\.labels\["release:major"\]: expected one of none, patch, minor, major, got "huge"/],
  ])('%j is rejected with a located cause', (text, pattern) => {
    const message = error(text);
    expect(message).toMatch(/^\.github\/bump-classifier\.yml:\d+:\d+: /);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('never throws anything but ConfigError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish()), (text) => {
        try {
          parseConfig(text, 'f.yml');
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          expect((e as ConfigError).line).toBeGreaterThanOrEqual(1);
          expect((e as ConfigError).column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

/** YAML documents near the real shape, so the fuzzer reaches the schema, not only the parser. */
function yamlish(): fc.Arbitrary<string> {
  const scalar = fc.oneof(
    fc.constantFrom('1', '2', 'patch', 'minor', 'huge', '"src/**"', '"!x"', '"("', '[]', '{}', 'null', 'true', 'false', 'angular', '"v{version}"', '"/a"'),
    fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  );
  const key = fc.constantFrom('version', 'rules', 'paths', 'bump', 'status', 'content', 'labels', 'tag-format', 'components', 'name', 'version-from', 'major', 'files', 'pattern', 'prerelease', 'id', 'branches', 'commits', 'preset', 'release-rules', 'release', 'breaking', 'type', 'scope', 'x');
  const line = fc.tuple(fc.nat(3), key, scalar, fc.boolean()).map(([indent, k, v, dash]) => `${'  '.repeat(indent)}${dash ? '- ' : ''}${k}: ${v}`);
  return fc.array(line, { maxLength: 12 }).map((lines) => ['version: 1', ...lines].join('\n'));
}

describe('schema/config.schema.json', () => {
  it('is the schema the validator uses (regenerate with npm run schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../schema/config.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(configJsonSchema());
  });

  it('describes every top-level key of the SPEC', () => {
    const props = Object.keys((configJsonSchema() as { properties: object }).properties);
    for (const key of ['version', 'default-bump', 'tag-format', 'initial-version', 'rules', 'labels', 'overrides', 'commits', 'policy', 'prerelease', 'build-metadata', 'version-from', 'components']) {
      expect(props).toContain(key);
    }
    expect((configJsonSchema() as { additionalProperties: boolean }).additionalProperties).toBe(false);
  });
});

describe('tag lines that cannot be told apart', () => {
  it.each([
    [
      'two components with one tag-format',
      'version: 1\ncomponents:\n  - {name: a, paths: "a/**", tag-format: "v{version}"}\n  - {name: b, paths: "b/**", tag-format: "v{version}"}\n',
      /c\.yml:4:\d+: components\[1\]\.tag-format: component "b" and component "a" both make tags like "v1\.2\.3"/,
    ],
    [
      'the top level and a component default',
      'version: 1\ntag-format: "api@{version}"\ncomponents:\n  - {name: api, paths: "a/**"}\n',
      /components\[0\]\.name: component "api" and the top level both make tags like "api@1\.2\.3"/,
    ],
    ['a bidi control in a tag-format', 'version: 1\ntag-format: "v\u202e{version}"\n', /tag-format: a tag format with the invisible or direction-changing character U\+202E/],
    ['a zero-width space in a component tag-format', 'version: 1\ncomponents:\n  - {name: a, paths: "a/**", tag-format: "a\u200b@{version}"}\n', /U\+200B/],
  ])('%s is a config error naming both', (_, yaml, message) => {
    expect(() => parseConfig(yaml, 'c.yml')).toThrowError(message);
  });
});
