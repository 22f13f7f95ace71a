/**
 * Config: YAML text in, a validated and compiled `Config` out, or a ConfigError that names the
 * file, line, column, key path and what was expected. Pure: the caller reads the file.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { ConfigError, InputError, oneLine } from '../errors.js';
import type { Bump, CommitOptions, FileStatus } from '../types.js';
import { PathSet } from '../globs.js';
import { compileContent, type ContentPattern } from '../patterns.js';
import { compileRegex, type LineRegex } from '../regex.js';
import { TagFormat } from '../versions.js';
import { configSchema, type RawConfig, type RawRule } from './schema.js';
import { DEFAULT_CONFIG, DEFAULT_RULES } from './defaults.js';

export { configJsonSchema } from './schema.js';
export { DEFAULT_CONFIG, DEFAULT_RULES } from './defaults.js';

export const DEFAULT_CONFIG_PATH = '.github/bump-classifier.yml';

export interface Rule {
  /** 1-based position in its list; `name` defaults to "rule N". */
  position: number;
  name: string;
  paths: PathSet;
  status: ReadonlySet<FileStatus> | null;
  content: ContentPattern | null;
  bump: Bump;
  labels: string[];
}

export interface ComponentConfig {
  name: string;
  paths: PathSet;
  tagFormat: TagFormat;
  rules: Rule[];
}

export interface Channel {
  branches: PathSet;
  id: string;
}

export interface Config {
  /** Where the config came from: a file path, or null for the built-in defaults. */
  source: string | null;
  defaultBump: Bump;
  tagFormat: TagFormat;
  initialVersion: string;
  rules: Rule[];
  labels: {
    bump: Partial<Record<Bump, string>>;
    only: { label: string; paths: PathSet }[];
  };
  overrides: Map<string, Bump>;
  conventionalCommits: boolean;
  /** The preset and release rules commit messages are classified with (when conventionalCommits). */
  commits: CommitOptions;
  policy: { maxBump: Bump; allowLabel: string | null };
  prerelease: Channel[];
  /** Branches (besides those named like "1.x") that release within a range; range null: from the name. */
  maintenance: { branches: PathSet; range: string | null }[];
  /**
   * Whether the top level has its own versions: always without components; with components
   * only when the config sets a top-level tag-format.
   */
  rootVersioned: boolean;
  buildMetadata: string;
  versionFrom: { files: PathSet; pattern: LineRegex } | null;
  components: ComponentConfig[] | null;
}

/** Parses and validates config text. `file` is used in error messages only. */
export function parseConfig(text: string, file: string): Config {
  const deep = nestingProblem(text);
  if (deep) throw new ConfigError(file, deep.line, deep.column, '', deep.message);
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    // The YAML parser recurses; whatever it throws is still a config problem, never a crash.
    throw new ConfigError(file, 1, 1, '', `invalid YAML: ${oneLine(error, { firstOnly: true })}`);
  }
  const where = (offset: number): { line: number; col: number } => lineCounter.linePos(offset);

  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = where(yamlError.pos[0]);
    throw new ConfigError(file, line, col, '', `invalid YAML: ${oneLine(yamlError.message, { firstOnly: true })}`);
  }
  if (doc.contents === null) {
    throw new ConfigError(file, 1, 1, '', 'the file is empty; expected a mapping that starts with "version: 1"');
  }
  // Keys are names: a mapping or list as a key is a mistake, and turning it into text is slow.
  let badKey: Node | null = null;
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) {
        badKey = pair.key as Node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (badKey !== null) {
    const { line, col } = where(rangeStart(badKey) ?? 0);
    throw new ConfigError(file, line, col, '', 'expected a plain key (a name), got a mapping or list as a key');
  }
  const alias = unresolvedAlias(doc, text);
  if (alias !== null) {
    const { line, col } = where(alias.offset);
    throw new ConfigError(file, line, col, keyPath(alias.path), alias.message);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigError(file, 1, 1, '', `invalid YAML: ${oneLine(error, { firstOnly: true })}`);
  }
  // jitless: zod would generate and compile a parser per object schema (new Function) on first use,
  // which a one-shot run never earns back; the result and issues are the same.
  const result = configSchema.safeParse(data, { jitless: true });
  if (!result.success) {
    let issue = pickIssue(result.error.issues);
    // A required key missing beside an unknown one is most likely that key misspelled (`path:`):
    // the unknown key is the problem to show, and the missing key is named beside it.
    let meant = '';
    if (issue.code !== 'unrecognized_keys' && issue.path.length > 0 && valueAt(data, issue.path) === undefined) {
      const parent = keyPath(issue.path.slice(0, -1));
      const unknown = result.error.issues.find((i) => i.code === 'unrecognized_keys' && keyPath(i.path) === parent);
      if (unknown !== undefined) {
        meant = ` (and the required key "${String(issue.path[issue.path.length - 1])}" is missing)`;
        issue = unknown;
      }
    }
    // An unknown key is shown at the key itself, not at the mapping that holds it.
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const path = unknownKey === undefined ? issue.path : [...issue.path, unknownKey];
    const { line, col } = where(locate(doc, path, unknownKey !== undefined || issue.code === 'invalid_key'));
    throw new ConfigError(file, line, col, keyPath(issue.path), describe(issue, valueAt(data, issue.path)) + meant);
  }
  return compileConfig(result.data, file);
}

/**
 * An alias (`*name`) with no anchor before it: almost always an unquoted glob, since YAML reads
 * an unquoted `*.md` as an alias of the anchor ".md". Found before `toJS`, which would only say
 * "Unresolved alias" with no position.
 */
function unresolvedAlias(doc: Document, text: string): { offset: number; path: PropertyKey[]; message: string } | null {
  let found: { offset: number; path: PropertyKey[]; message: string } | null = null;
  visit(doc, {
    Alias(_, node, ancestors) {
      if (node.resolve(doc) !== undefined) return undefined;
      const [start, end] = node.range ?? [0, 0];
      const written = text.slice(start, end).trim() || `*${node.source}`;
      found = {
        offset: start,
        path: pathOf([...ancestors, node]),
        message: `a value starting with "*" is a YAML alias: quote the glob, e.g. ${JSON.stringify(written)}`,
      };
      return visit.BREAK;
    },
  });
  return found;
}

/** The key path of the last node in `chain` (a visitor's ancestors plus the node). */
function pathOf(chain: readonly unknown[]): PropertyKey[] {
  const path: PropertyKey[] = [];
  chain.forEach((node, i) => {
    if (isPair(node) && isScalar(node.key)) path.push(node.key.value as PropertyKey);
    else if (isSeq(node)) {
      const index = node.items.indexOf(chain[i + 1] as (typeof node.items)[number]);
      if (index !== -1) path.push(index);
    }
  });
  return path;
}

/**
 * The config from a file's text, wherever it was read (a work tree, a commit through the API).
 * A missing file (null) at the default path means the built-in rules, with a notice; at a path the
 * user named, it is an error: the policy it holds must not silently vanish.
 */
export function configFromText(
  text: string | null,
  file: string,
  options: { explicit: boolean; where?: string },
): { config: Config; notice: string | null } {
  const where = options.where === undefined ? '' : ` at ${options.where}`;
  if (text !== null) return { config: parseConfig(text, file), notice: null };
  if (options.explicit) throw new ConfigMissingError(`config ${file} does not exist${where}; name an existing file, or leave it out to use the built-in rules`);
  return { config: defaultConfig(), notice: `no config at ${file}${where}; using the built-in default rules` };
}

/** The config file a user named does not exist. */
export class ConfigMissingError extends InputError {
  override readonly name = 'ConfigMissingError';
}

/** The built-in defaults, compiled. */
export function defaultConfig(): Config {
  return compileConfig(DEFAULT_CONFIG, null);
}

function compileRules(rules: readonly RawRule[]): Rule[] {
  return rules.map((rule, i) => ({
    position: i + 1,
    name: rule.name ?? `rule ${i + 1}`,
    paths: new PathSet(rule.paths),
    status: rule.status === undefined ? null : new Set(typeof rule.status === 'string' ? [rule.status] : rule.status),
    content: rule.content === undefined ? null : compileContent(rule.content),
    bump: rule.bump,
    labels: rule.labels ?? [],
  }));
}

function compileConfig(raw: RawConfig, source: string | null): Config {
  const rules = compileRules(raw.rules && raw.rules.length > 0 ? raw.rules : DEFAULT_RULES);
  const versionFrom = raw['version-from']?.major;
  return {
    source,
    defaultBump: raw['default-bump'] ?? 'patch',
    tagFormat: new TagFormat(raw['tag-format'] ?? 'v{version}'),
    initialVersion: raw['initial-version'] ?? '0.0.0',
    rules,
    labels: {
      bump: { ...raw.labels?.bump },
      only: Object.entries(raw.labels?.only ?? {}).map(([label, paths]) => ({ label, paths: new PathSet(paths) })),
    },
    overrides: new Map(Object.entries(raw.overrides?.labels ?? {})),
    conventionalCommits: raw.commits?.conventional ?? false,
    commits: { preset: raw.commits?.preset ?? 'conventionalcommits', releaseRules: raw.commits?.['release-rules'] ?? [] },
    policy: {
      maxBump: raw.policy?.['max-bump'] ?? 'major',
      allowLabel: raw.policy?.['allow-label'] ? raw.policy['allow-label'] : null,
    },
    prerelease: (raw.prerelease ?? []).map((c) => ({ branches: new PathSet(c.branches), id: c.id })),
    maintenance: (raw.maintenance ?? []).map((m) => ({ branches: new PathSet(m.branches), range: m.range ?? null })),
    rootVersioned: raw.components === undefined || raw['tag-format'] !== undefined,
    buildMetadata: raw['build-metadata'] ?? '',
    // Linear-time like `content`: basenames come from the change, and a pattern must not hang on them.
    versionFrom: versionFrom ? { files: new PathSet(versionFrom.files), pattern: compileRegex(versionFrom.pattern) } : null,
    components: raw.components
      ? raw.components.map((c) => ({
          name: c.name,
          paths: new PathSet(c.paths),
          tagFormat: new TagFormat(c['tag-format'] ?? `${c.name}@{version}`),
          rules: c.rules && c.rules.length > 0 ? compileRules(c.rules) : rules,
        }))
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Locating and describing schema issues

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * The most useful issue to show: zod reports a union's branches separately; pick the branch
 * whose complaint is not "wrong type at the union itself" (the user wrote a list, so show the
 * list's problem), and join the paths.
 */
function pickIssue(issues: readonly Issue[]): Issue {
  const issue = issues[0]!;
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  // The branch that got furthest into the value is the one the user meant; a branch whose
  // type fit (its complaint is about the value, not the type) beats one whose type did not.
  const score = (branch: readonly Issue[]): number =>
    Math.min(...branch.map((i) => i.path.length)) * 2 + (branch.every((i) => i.code !== 'invalid_type') ? 1 : 0);
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const best = branches.reduce<readonly Issue[] | null>((a, b) => (a === null || score(b) > score(a) ? b : a), null);
  if (!best || score(best) === 0) return issue;
  const inner = pickIssue(best);
  return { ...inner, path: [...issue.path, ...inner.path] } as Issue;
}

/** Offset of the node at `path`, or of the deepest ancestor the document has (a missing key). */
function locate(doc: Document, path: Path, atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, key] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      const last = i === path.length - 1;
      offset = (last && atKey ? rangeStart(pair.key) : rangeStart(pair.value)) ?? rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}

function keyPath(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (!/^[A-Za-z0-9_$-]+$/.test(String(key))) out += `[${JSON.stringify(String(key))}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

function describe(issue: Issue, actual: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type':
      if (actual === undefined) return `missing required key; expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${show(actual)}`;
    case 'invalid_value': {
      // `version` accepts 1 and "1": that is one value to a reader.
      const values = [...new Set(issue.values.map((v) => String(v)))];
      if (actual === undefined) return `missing required key; expected ${values.map((v) => (/^(\d+|false)$/.test(v) ? v : JSON.stringify(v))).join(' or ')}`;
      return `expected ${values.length > 1 ? 'one of ' : ''}${values.join(', ')}, got ${show(actual)}`;
    }
    case 'invalid_union':
      if (actual === undefined) return `missing required key; expected ${issue.message}`;
      return `expected ${issue.message}, got ${show(actual)}`;
    case 'too_small':
      return issue.origin === 'array' ? 'expected a non-empty list' : 'expected a non-empty string';
    case 'too_big':
      return `expected at most ${String(issue.maximum)} ${issue.origin === 'array' ? 'items' : 'characters'}, got ${show(actual)}`;
    case 'invalid_format':
      return `expected ${issue.message}, got ${show(actual)}`;
    case 'invalid_key':
      return `expected a label name (1-50 characters, no leading or trailing whitespace), got ${show(issue.path.at(-1))}`;
    default:
      return `${issue.message}${actual !== undefined && typeof actual !== 'object' ? ` (got ${show(actual)})` : ''}`;
  }
}


/** Nesting a config never needs; deeper documents make the YAML parser recurse too far. */
const MAX_NESTING = 32;

/**
 * Rejects deeply nested YAML before parsing it: block indicators ("- ", "? ", ": ") stacked on
 * one line, deep indentation, or deep flow brackets. The YAML parser recurses per level, and
 * a few thousand levels overflow the stack or exhaust memory.
 */
function nestingProblem(text: string): { line: number; column: number; message: string } | null {
  const message = `nesting deeper than ${MAX_NESTING} levels; a bump-classifier config needs far fewer`;
  const lines = text.split("\n"); // as the YAML parser counts lines (a "\r\n" ends in "\r")
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indicators = /^(?:[ \t]*[-?:](?:[ \t]+|$))*/.exec(line)![0].replace(/[^-?:]/g, '').length;
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (indicators > MAX_NESTING || indent > MAX_NESTING * 8) return { line: i + 1, column: 1, message };
    for (let c = 0; c < line.length; c++) {
      const ch = line[c]!;
      if (quote !== null) {
        if (ch === quote) quote = null;
        continue;
      }
      if (ch === '#' && (c === 0 || line[c - 1] === ' ')) break;
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[' || ch === '{') {
        if (++depth > MAX_NESTING) return { line: i + 1, column: c + 1, message };
      } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
    }
    if (quote === "'") quote = null; // single-quoted scalars may span lines; do not let one run away
  }
  return null;
}
