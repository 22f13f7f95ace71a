/**
 * Deterministic data for the classify and CLI benches: paths of a polyglot monorepo, configs of N
 * rules, commit messages. Global rules come first, per-component rules in the middle, catch-alls
 * last, and about a fifth of the files match no rule: first-match cannot short-circuit the work.
 */
import type { ChangedFile, FileStatus } from '../src/core/index.js';
import { Rng } from './lib.js';

const WORDS = (
  'billing ledger orders catalog search identity payments shipping inventory pricing reports notify gateway profile session audit export import ' +
  'checkout loyalty fraud media review tax invoice partner refund quota metrics routing schedule storage tenant webhook workflow config'
).split(' ');
/** Word lists a template's `{name}` picks from ("|"-separated). */
const LISTS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries({
    w: WORDS.join('|'), sub: 'api|domain|service|repository|config|web|util|event|mapper', Cls: 'Order|Account|Invoice|Customer|Payment|Item|Price|Event|Token|Report',
    Suffix: 'Service|Controller|Repository|Mapper|Dto|Config|Handler|Factory|', dir: 'components|hooks|utils|api|state|styles|routes|lib|generated',
    env: 'dev|staging|prod|test', section: 'guides|reference|adr|runbooks|api|tutorials',
  }).map(([name, words]) => [name, words.split('|')]),
);

/**
 * Path templates by weight (percent of files): `{app}`, `{svc}` and `{ui}` are the path's
 * component (`{pkg}`, `{mod}` its Java package and Python module), `{n}` a serial that keeps paths
 * unique, `{a|b}` one of the alternatives, any other `{name}` a pick from LISTS.
 */
const TEMPLATES: Record<string, number> = {
  'apps/{app}/src/main/java/com/acme/{pkg}/{sub}/{Cls}{Suffix}{n}.java': 11.5, 'apps/{app}/src/main/java/com/acme/{pkg}/{sub}/{sub}/{Cls}{Suffix}{n}.java': 5,
  'apps/{app}/src/test/java/com/acme/{pkg}/{sub}/{Cls}{Suffix}{n}Test.java': 6, 'apps/{app}/src/main/resources/db/migration/V{serial}__{w}_{w}.sql': 2.4,
  'apps/{app}/src/main/resources/application-{env}-{n}.yml': 2.4, 'apps/{app}/docs/{w}-{n}.md': 0.9, 'apps/{app}/{pom|build|settings}-{n}.xml': 1.8,
  'services/{svc}/{mod}/{w}_{n}.py': 6.6, 'services/{svc}/{mod}/{sub}/{w}_{n}.py': 4.4, 'services/{svc}/tests/test_{w}_{n}.py': 4,
  'services/{svc}/migrations/{serial}_{w}.py': 1.2, 'services/{svc}/config/{env}-{n}.yml': 1.8, 'services/{svc}/{requirements|Dockerfile|Procfile|setup}-{n}.{txt|cfg|ini}': 2,
  'packages/{ui}/src/{dir}/{Cls}{View|List|Form|Hook|Store|}{n}.{ts|tsx|ts}': 13.2, 'packages/{ui}/src/{dir}/{Cls}{n}.{test|spec}.{ts|tsx}': 4.3,
  'packages/{ui}/src/index-{n}.ts': 0.5, 'packages/{ui}/{package|tsconfig|project}-{n}.json': 1.4, 'packages/{ui}/{README|CHANGELOG|CONTRIBUTING}-{n}.md': 1.2,
  'packages/{ui}/{assets|public|fonts}/{w}-{n}.{svg|png|woff2|css}': 3.4, 'docs/{section}/{w}-{n}.md': 5.6, 'docs/{section}/img/{w}-{n}.png': 1.4,
  '.github/workflows/{w}-{n}.yml': 2.4, '.github/ISSUE_TEMPLATE/{w}-{n}.md': 0.6, 'infra/terraform/{env}/{w}-{n}.tf': 4.8,
  'infra/k8s/{app}/{deployment|service|ingress}-{n}.yaml': 2.4, 'scripts/{w}-{n}.{sh|bash|ps1}': 3.2, 'tools/{w}/{main|cmd|util}-{n}.go': 3.2,
  '{Makefile|.editorconfig|.tool-versions|Justfile|.envrc}-{n}': 1.6, 'db/seed/{w}-{n}.sql': 0.8,
};

/** Component names of one kind: "billing-ledger"-style, unique, deterministic. */
function componentNames(rng: Rng, count: number, prefix: string): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(`${prefix}${rng.pick(WORDS)}-${rng.pick(WORDS)}`);
  return [...names];
}

/** The monorepo's 70 apps, services and UI packages (the same for every bench, so configs and paths agree). */
function universe() {
  const rng = new Rng(0xc0ffee);
  return { apps: componentNames(rng, 70, ''), services: componentNames(rng, 70, 'svc-'), packages: componentNames(rng, 70, 'ui-') };
}

/** A template filled: `{a|b}` one of the alternatives, any other `{name}` from `fixed`, else a pick from `lists`. */
const fill = (rng: Rng, template: string, fixed: Record<string, string>, lists: Record<string, readonly string[]>): string =>
  template.replace(/\{([^}]*)\}/g, (_, k: string) => (k.includes('|') ? rng.pick(k.split('|')) : fixed[k] ?? rng.pick(lists[k]!)));

/** One path from a weighted template; `serial` keeps paths unique without a lookup. */
function randomPath(rng: Rng, u: ReturnType<typeof universe>, serial: number): string {
  const [app, svc, ui] = [rng.pick(u.apps), rng.pick(u.services), rng.pick(u.packages)];
  const fixed = { app, svc, ui, pkg: app.replace(/-/g, ''), mod: svc.slice(4).replace(/-/g, '_'), n: serial.toString(36), serial: String(serial).padStart(4, '0') };
  return fill(rng, rng.weighted(TEMPLATES), fixed, LISTS);
}

/** `count` distinct realistic paths. */
export function generatePaths(count: number, seed: number, serialStart = 0): string[] {
  const [rng, u] = [new Rng(seed), universe()];
  return Array.from({ length: count }, (_, i) => randomPath(rng, u, serialStart + i));
}

/** A change as git reports it: statuses mixed, a few renames (both paths are classified). */
export function generateChangedFiles(count: number, seed: number): ChangedFile[] {
  // Old paths of renames: their own stream and a disjoint serial range, so never a new path.
  const [rng, previous, u] = [new Rng(seed ^ 0x5bd1e995), new Rng(seed + 1), universe()];
  return generatePaths(count, seed).map((path, i) => {
    const status = rng.weighted<FileStatus>({ added: 35, modified: 50, removed: 10, renamed: 5, copied: 0 });
    return status === 'renamed' ? { path, previousPath: randomPath(previous, u, count + i), status } : { path, status };
  });
}

type Bump = 'none' | 'patch' | 'minor' | 'major';
/** One rule as a YAML flow mapping; JSON strings and arrays are valid YAML and quote "*", "!" and "{" safely. */
const rule = (name: string, paths: string[], bump: Bump, status?: FileStatus[]): string =>
  `  - {name: ${JSON.stringify(name)}, ${status ? `status: [${status.join(', ')}], ` : ''}paths: ${JSON.stringify(paths)}, bump: ${bump}}`;

/** Global rules, tried first; generic catch-alls, tried last. */
const HEAD_RULES = [
  rule('tests', ['**/src/test/**', 'services/*/tests/**', '**/*.{test,spec}.{ts,tsx}'], 'none'),
  rule('new migrations', ['apps/*/src/main/resources/db/migration/V*.sql', 'services/*/migrations/[0-9]*.py', '!**/*.md'], 'major', ['added']),
  rule('edited migrations', ['apps/*/src/main/resources/db/migration/**', 'services/*/migrations/**'], 'major', ['modified', 'removed', 'renamed']),
  rule('ci', ['.github/**', '.gitlab-ci.yml', '!.github/ISSUE_TEMPLATE/**'], 'none'),
  rule('generated', ['**/generated/**', '**/*.generated.ts'], 'none'),
  rule('changelogs', ['**/CHANGELOG*.md', '**/package-lock.json'], 'none'),
];
const TAIL_RULES = [
  rule('docs', ['docs/**', '**/*.{md,mdx,rst}', '!docs/**/*.png'], 'patch'),
  rule('sql', ['**/*.sql'], 'minor'),
  rule('java', ['**/*.java', '**/*.kt'], 'minor'),
  rule('python', ['**/*.py', '!**/conftest.py'], 'minor'),
  rule('typescript', ['**/*.{ts,tsx,mts,cts}'], 'minor'),
  rule('config files', ['**/*.{yml,yaml}', '**/*.json', '!infra/**'], 'patch'),
  rule('app resources', ['apps/*/src/main/resources/**'], 'patch'),
];

/** Rules for one component, the way a team would write them for its own directory. */
const COMPONENT_RULES = {
  app: (name: string, pkg = name.replace(/-/g, '')) => [
    rule(`${name} api`, [`apps/${name}/src/main/java/com/acme/${pkg}/api/**`], 'major'),
    rule(`${name} removed classes`, [`apps/${name}/src/main/java/**/*.java`], 'major', ['removed', 'renamed']),
    rule(`${name} code`, [`apps/${name}/src/main/**`, `!apps/${name}/src/main/resources/**/*.yml`], 'minor'),
  ],
  service: (name: string, mod = name.slice(4).replace(/-/g, '_')) => [
    rule(`${name} api`, [`services/${name}/${mod}/{api,web}/**/*.py`], 'major'),
    rule(`${name} code`, [`services/${name}/**/*.py`], 'minor'),
    rule(`${name} config`, [`services/${name}/config/*.{yml,yaml}`], 'patch'),
  ],
  package: (name: string) => [
    rule(`${name} entry`, [`packages/${name}/src/index*.ts`], 'major'),
    rule(`${name} source`, [`packages/${name}/src/**/*.{ts,tsx}`], 'minor'),
    rule(`${name} manifest`, [`packages/${name}/package*.json`], 'patch', ['modified']),
  ],
};

/** A rule that does not start with a literal directory: every file is a candidate, as for such rules in real configs. */
const anywhereRule = (i: number, word = WORDS[i % WORDS.length]!): string =>
  i % 2 === 0 ? rule(`fixtures ${i}`, [`**/fixtures/${word}/**`], 'none') : rule(`snapshots ${i}`, [`**/__snapshots__/${word}*.snap`, `**/*.${word}.lock`], 'none');

/** A config YAML text with exactly `ruleCount` rules (at least head + tail). */
export function generateConfigYaml(ruleCount: number): string {
  const u = universe();
  const middleCount = ruleCount - HEAD_RULES.length - TAIL_RULES.length;
  if (middleCount < 0) throw new Error(`at least ${HEAD_RULES.length + TAIL_RULES.length} rules`);
  // Components interleaved by kind, so a small config covers some of each kind; every 10th rule an "anywhere" one.
  const components = u.apps.flatMap((app, i) => [COMPONENT_RULES.app(app), COMPONENT_RULES.service(u.services[i]!), COMPONENT_RULES.package(u.packages[i]!)]);
  const middle: string[] = [];
  while (middle.length < middleCount) {
    if (middle.length % 10 === 9) middle.push(anywhereRule(middle.length));
    else if (components.length === 0) throw new Error(`not enough components for ${ruleCount} rules`);
    else for (const r of components.shift()!) if (middle.length < middleCount) middle.push(r);
  }
  return `${['version: 1', 'default-bump: patch', 'rules:', ...HEAD_RULES, ...middle, ...TAIL_RULES].join('\n')}\n`;
}

/**
 * Commit messages by weight, as a project on conventional commits with a dependency bot writes them (semantic-release's
 * history, in proportion): mostly dependency updates, fixes, docs and chores; a few features, merges, reverts; rarely a break.
 */
const MESSAGES: Record<string, number> = {
  '{chore|chore|fix}(deps): update dependency {dep} to v{digit}.{digit}.{digit}': 40, 'fix{scope}: handle {topic} {errors|edge cases|missing values}\n\nFixes #{issue}': 12,
  'feat{scope}: add {topic} {option|hook|support}\n\nThis lets users configure the {topic}.\n\nCloses #{issue}': 4, 'docs: {clarify|fix typo in|document} {topic} {usage|recipe}': 12,
  'test: {add|fix|simplify} {topic} tests': 8, 'chore: {update|remove|bump} {topic} {scripts|config|lockfile}': 8, 'refactor{scope}: simplify {topic} handling': 5,
  'style: {format|lint} {topic}': 2, 'ci: {update|cache} {topic} workflow': 3, 'Merge pull request #{issue} from contributor/{topic}\n\n{fix|feat|docs}: {topic}': 4,
  'revert: fix{scope}: handle {topic}\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.': 0.5, 'Update {topic}.md': 1.5,
  'feat{scope}!: drop the {topic} {v1 API|legacy option}\n\nBREAKING CHANGE: the {topic} option is removed.': 0.3,
};

/** `count` commit messages from MESSAGES. */
export function conventionalMessages(count: number, seed: number): string[] {
  const rng = new Rng(seed);
  const topic = ['plugin', 'config', 'branch', 'tag', 'release', 'channel', 'git', 'logger', 'options', 'context', 'verify', 'publish'];
  const dep = ['execa', 'semver', 'lodash', 'ava', 'xo', 'sinon', 'got', 'debug', 'marked', 'yargs', 'p-reduce', 'env-ci'];
  const lists = { topic, dep, digit: [...'123456789'], scope: ['', '', ...topic.map((t) => `(${t})`)] };
  return Array.from({ length: count }, () => `${fill(rng, rng.weighted(MESSAGES), { issue: String(100 + rng.int(2000)) }, lists)}\n`);
}
