/**
 * The config file's schema: the one source of truth for the runtime validator (here), the
 * TypeScript types (z.input/z.output below) and the editor schema (schema/config.schema.json,
 * generated from this by `npm run schema`). Checks that JSON Schema cannot express (a glob that
 * can never match, a regex that does not compile) are refinements on the same fields, so every
 * problem is reported through one path with one location.
 */
import * as z from 'zod';
import { BUMPS, COMMIT_PRESETS, FILE_STATUSES, RELEASE_RULE_FIELDS, type ReleaseRuleField } from '../types.js';
import { globProblem } from '../globs.js';
import { regexProblem, captureGroupCount } from '../regex.js';
import { TagFormat, tagFormatProblem, buildMetadataProblem } from '../versions.js';

const bump = z.enum(BUMPS).describe('A semantic-version bump: none < patch < minor < major.');

const glob = z
  .string()
  .min(1)
  .check((ctx) => {
    const problem = globProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .describe('A minimatch glob (dot: true) against repository-relative POSIX paths; "!" excludes.');

const globs = z
  .union([glob, z.array(glob).min(1)], { error: 'a glob or a list of globs' })
  .check((ctx) => {
    const list = typeof ctx.value === 'string' ? [ctx.value] : ctx.value;
    if (list.every((g) => g.startsWith('!'))) {
      ctx.issues.push({
        code: 'custom',
        message: 'a list of only "!" globs matches nothing; add a positive glob such as "**"',
        input: ctx.value,
      });
    }
  })
  .describe('One glob or a list of globs. A path matches when a positive glob matches and no "!" glob does.');

const regex = z
  .string()
  .check((ctx) => {
    const problem = regexProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .describe('A JavaScript regular expression.');

/** GitHub label names are at most 50 characters. */
const labelName = z
  .string()
  .min(1)
  .max(50)
  .regex(/^\S(?:.*\S)?$/, 'no leading or trailing whitespace')
  .describe('A GitHub label name (1-50 characters). "{component}" is replaced by the component name.');

const status = z.enum(FILE_STATUSES);

const rule = z
  .strictObject({
    name: z.string().min(1).optional().describe('Shown in reasons and summaries; default "rule N".'),
    paths: globs,
    status: z
      .union([status, z.array(status).min(1)], {
        error: 'one of added, modified, removed, renamed, copied, or a list of them',
      })
      .optional()
      .describe('Only files with this status (or one of these) match.'),
    content: z
      .union([
        regex,
        z
          .strictObject({ added: regex.optional(), removed: regex.optional() })
          .refine((c) => c.added !== undefined || c.removed !== undefined, {
            message: 'expected "added" or "removed" (or both)',
          }),
      ], { error: 'a regular expression or {added: regex, removed: regex}' })
      .optional()
      .describe(
        'A regex tested on each changed line of the patch; {added, removed} restrict it to one side. ' +
          'An unknown patch (binary, too large) counts as matching, with a warning.',
      ),
    bump,
    labels: z.array(labelName).optional().describe('Labels to put on the PR when this rule decides a file.'),
  })
  .describe('The first rule matching a file decides its bump.');

/**
 * A commit field's glob in a release rule, matched with micromatch as commit-analyzer does. The
 * only patterns micromatch refuses are empty ones and ones over 65536 characters.
 */
const commitGlob = z.string().min(1).max(65536);

const RELEASE_RULE_FIELD_DOCS: Record<ReleaseRuleField, string> = {
  type: 'The commit type ("feat" in "feat(api): x").',
  scope: 'The commit scope ("api" in "feat(api): x").',
  subject: 'The subject after "type(scope): "; for a header the preset does not parse, git\'s subject line.',
  header: 'The whole first line.',
  body: 'The body (between the header and the footer).',
  footer: 'The footer (from the first note or reference on).',
  message: 'The whole message.',
  hash: 'The commit SHA.',
};

const releaseRule = z
  .strictObject({
    ...(Object.fromEntries(
      RELEASE_RULE_FIELDS.map((field) => [field, commitGlob.optional().describe(`micromatch glob. ${RELEASE_RULE_FIELD_DOCS[field]}`)]),
    ) as Record<ReleaseRuleField, z.ZodOptional<typeof commitGlob>>),
    breaking: z.boolean().optional().describe('true: only commits with a breaking-change note. false: any commit.'),
    revert: z.boolean().optional().describe('true: only reverts. false: any commit.'),
    release: z
      .literal(['major', 'minor', 'patch', false])
      .describe(
        'The release of a matching commit; false: no release, and the default rules are not tried. As in commit-analyzer, ' +
          'a later matching rule with a release replaces false, and a matching false replaces an earlier minor or patch.',
      ),
  })
  .describe("@semantic-release/commit-analyzer's releaseRules entry: matches when every field given matches.");

const tagFormat = z
  .string()
  .regex(/\{(version|major|minor|patch)\}/, 'a tag format containing "{version}", e.g. "v{version}"')
  .check((ctx) => {
    const problem = tagFormatProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
  })
  .describe(
    'How release tags are read and written: contains {version} exactly once, or instead the parts {major}, ' +
      '{major}.{minor} or {major}.{minor}.{patch} (the lowest part written is the granularity: a smaller bump is raised to it).',
  );

const semverString = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'a version such as 0.0.0 or 1.0.0')
  .describe('A MAJOR.MINOR.PATCH version.');

const prereleaseId = z
  .string()
  .regex(/^[0-9A-Za-z-]+$/, 'a semver identifier of letters, digits and "-"')
  .regex(/[A-Za-z-]/, 'not only digits (the counter after it is numeric)');

const componentName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'letters, digits, ".", "_", "-" and "/" (starting with a letter or digit)');

const component = z.strictObject({
  name: componentName.check((ctx) => {
    // The default tag-format "<name>@{version}" must make valid git tags too.
    const problem = tagFormatProblem(`${ctx.value}@{version}`);
    if (problem) ctx.issues.push({ code: 'custom', message: `not usable in tag names: ${problem}`, input: ctx.value });
  }),
  paths: globs,
  'tag-format': tagFormat.optional().describe('Default "<name>@{version}". {version}, or the parts {major} / {major}.{minor} / {major}.{minor}.{patch} ("app@{major}").'),
  rules: z.array(rule).optional().describe('Default (absent or empty): the top-level rules.'),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    // "1" too: `version: "1"` is a natural way to write it, and there is nothing else it could mean.
    version: z
      .literal([1, '1'])
      .transform((): 1 => 1)
      .describe('Config format version; only 1 exists (1 or "1").'),
    'default-bump': bump.optional().describe('Bump for a changed file that no rule matches. Default patch.'),
    'tag-format': tagFormat.optional().describe('Default "v{version}". {version}, or the parts {major} / {major}.{minor} / {major}.{minor}.{patch} ("v{major}.{minor}").'),
    'initial-version': semverString.optional().describe('The version before the first tag. Default 0.0.0.'),
    rules: z
      .array(rule)
      .optional()
      .describe('Tried in order; the first rule matching a file decides it. Absent or empty: the built-in rules.'),
    labels: z
      .strictObject({
        bump: z
          .strictObject({
            none: labelName.optional(),
            patch: labelName.optional(),
            minor: labelName.optional(),
            major: labelName.optional(),
          })
          .optional()
          .describe('One label for the overall bump; absent keys mean no label.'),
        only: z
          .record(labelName, globs)
          .optional()
          .describe('A label when at least one file changed and every changed file matches.'),
      })
      .optional(),
    overrides: z
      .strictObject({
        labels: z.record(labelName, bump).optional().describe('A PR label that sets the bump exactly.'),
      })
      .optional(),
    commits: z
      .strictObject({
        conventional: z.boolean().optional().describe('Classify commit messages as conventional commits.'),
        preset: z
          .enum(COMMIT_PRESETS)
          .optional()
          .describe('The parser options messages are read with. Default conventionalcommits; angular is semantic-release\'s default ("feat!:" is not breaking there).'),
        'release-rules': z
          .array(releaseRule)
          .optional()
          .describe(
            'Tried before the default rules, as commit-analyzer\'s releaseRules: the highest release of the matching rules wins; ' +
              'the default rules (breaking: major, revert: patch, feat: minor, fix and perf: patch) apply only when none matches.',
          ),
      })
      .check((ctx) => {
        // Rules and a preset only act on classified commits: without conventional: true they would be ignored silently.
        if (ctx.value.conventional === true) return;
        for (const key of ['release-rules', 'preset'] as const) {
          if (ctx.value[key] === undefined) continue;
          ctx.issues.push({ code: 'custom', path: [key], input: ctx.value[key], message: `needs "commits.conventional: true": without it commit messages are not read, and ${key === "preset" ? "the preset" : "the rules"} would be ignored` });
        }
      })
      .optional(),
    policy: z
      .strictObject({
        'max-bump': bump.optional().describe('A larger bump fails the check. Default major.'),
        'allow-label': z.string().optional().describe('... unless this label is on the PR.'),
      })
      .optional(),
    prerelease: z
      .array(
        z.strictObject({
          branches: globs.describe('Branch-name globs.'),
          id: prereleaseId.describe('Prerelease identifier: 2.0.0-<id>.N'),
        }),
      )
      .optional()
      .describe('Channels: branches whose releases are prereleases.'),
    maintenance: z
      .array(
        z.strictObject({
          branches: globs.describe('Branch-name globs.'),
          range: z
            .string()
            .regex(/^v?\d+(\.(\d+|x))?\.x$/, 'a range such as "1.x" or "1.2.x"')
            .optional()
            .describe('The versions the branch releases, like "1.x" or "1.2.x"; default: read from the last segment of the branch name.'),
        }),
      )
      .optional()
      .describe('Maintenance branches besides those named like a range ("1.x", "1.2.x"): each releases within its range.'),
    'build-metadata': z
      .string()
      .check((ctx) => {
        const problem = buildMetadataProblem(ctx.value);
        if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
      })
      .optional()
      .describe('Build metadata template: {sha}, {short-sha}. "sha.{short-sha}" -> 1.5.0+sha.1a2b3c4'),
    'version-from': z
      .strictObject({
        major: z.strictObject({
          files: globs,
          pattern: regex.check((ctx) => {
            if (regexProblem(ctx.value) === null && captureGroupCount(ctx.value) < 1) {
              ctx.issues.push({
                code: 'custom',
                message: 'expected a capture group for the number, e.g. "^V(\\d+)__"',
                input: ctx.value,
              });
            }
          }),
        }),
      })
      .optional()
      .describe('Derive a version part from file names in the tree at head.'),
    components: z
      .array(component)
      .min(1)
      .check((ctx) => {
        const seen = new Set<string>();
        ctx.value.forEach((c, i) => {
          if (seen.has(c.name)) {
            ctx.issues.push({
              code: 'custom',
              message: `duplicate component name "${c.name}"; names must be unique`,
              input: c.name,
              path: [i, 'name'],
            });
          }
          seen.add(c.name);
        });
      })
      .optional()
      .describe('Version parts of a monorepo independently.'),
  })
  .check((ctx) => {
    // Two lines whose formats render the same tag would share one tag, and read each other's.
    const lines = (ctx.value.components ?? []).map((c, i) => ({
      what: `component "${c.name}"`,
      format: c['tag-format'] ?? `${c.name}@{version}`,
      path: ['components', i, c['tag-format'] === undefined ? 'name' : 'tag-format'],
    }));
    if (ctx.value['tag-format'] !== undefined && lines.length > 0) {
      lines.unshift({ what: 'the top level', format: ctx.value['tag-format'], path: ['tag-format'] });
    }
    // Formats with the same text around the version read each other's tags even when their parts
    // differ ("v{major}" and "v{version}": v1 is a loose or floating tag of the other).
    const seen = new Map<string, { what: string; format: TagFormat }>();
    for (const line of lines) {
      if (tagFormatProblem(line.format) !== null) continue;
      const format = new TagFormat(line.format);
      const key = JSON.stringify([format.prefix, format.suffix]);
      const other = seen.get(key);
      if (other !== undefined) {
        const sample = (f: TagFormat): string => f.tagFor(['1.0.0', '1.2.0', '1.2.3'][f.parts - 1]!);
        const tag = sample(format);
        const sameTags = other.format.parts === format.parts;
        ctx.issues.push({
          code: 'custom',
          message: sameTags
            ? `${line.what} and ${other.what} both make tags like "${tag}"; give each its own tag-format`
            : `${line.what} ("${format.format}") and ${other.what} ("${other.format.format}") both make tags "${format.prefix}<version>${format.suffix}" ` +
              `and would read each other's ("${tag}", "${sample(other.format)}"); give each its own tag-format`,
          input: line.format,
          path: line.path,
        });
      }
      seen.set(key, { what: line.what, format });
    }
  })
  .describe('bump-classifier configuration (.github/bump-classifier.yml)');

export type RawConfig = z.output<typeof configSchema>;
export type RawRule = z.output<typeof rule>;

/** The editor schema, as written to schema/config.schema.json. */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://github.com/bump-classifier/bump-classifier/blob/main/schema/config.schema.json',
    title: 'bump-classifier config',
  };
}
