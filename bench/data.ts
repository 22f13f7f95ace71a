/**
 * Deterministic, realistic test data: repository paths of a polyglot monorepo (Java apps,
 * Python services, TypeScript packages, docs, CI, infra) and config files with N rules built from
 * the kinds of globs people write. Shared by the classify and CLI benches.
 *
 * The shape is deliberate: a few global rules first, per-component rules in the middle (only
 * some components have them), generic catch-alls last, and roughly a fifth of the files matching
 * nothing. So most files are decided by a rule in the middle or at the end of the list, and
 * first-match cannot short-circuit the work.
 */
import type { ChangedFile, FileStatus } from '../src/core/index.js';
import { Rng } from './lib.js';

const WORDS = [
  'billing', 'ledger', 'orders', 'catalog', 'search', 'identity', 'payments', 'shipping', 'inventory',
  'pricing', 'reports', 'notify', 'gateway', 'profile', 'session', 'audit', 'export', 'import',
  'checkout', 'loyalty', 'fraud', 'media', 'review', 'tax', 'invoice', 'partner', 'refund', 'quota',
  'metrics', 'routing', 'schedule', 'storage', 'tenant', 'webhook', 'workflow', 'config',
];
const JAVA_SUBPACKAGES = ['api', 'domain', 'service', 'repository', 'config', 'web', 'util', 'event', 'mapper'];
const CLASS_WORDS = ['Order', 'Account', 'Invoice', 'Customer', 'Payment', 'Item', 'Price', 'Event', 'Token', 'Report'];
const CLASS_SUFFIXES = ['Service', 'Controller', 'Repository', 'Mapper', 'Dto', 'Config', 'Handler', 'Factory', ''];
const TS_DIRS = ['components', 'hooks', 'utils', 'api', 'state', 'styles', 'routes', 'lib', 'generated'];
const ENVS = ['dev', 'staging', 'prod', 'test'];
const DOC_SECTIONS = ['guides', 'reference', 'adr', 'runbooks', 'api', 'tutorials'];

/** Component names of one kind: "billing-ledger"-style, unique, deterministic. */
function componentNames(rng: Rng, count: number, prefix: string): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(`${prefix}${rng.pick(WORDS)}-${rng.pick(WORDS)}`);
  return [...names];
}

interface Universe {
  apps: string[];
  services: string[];
  packages: string[];
}

/** The monorepo's components (the same for every bench, so configs and paths agree). */
function universe(): Universe {
  const rng = new Rng(0xc0ffee);
  return { apps: componentNames(rng, 70, ''), services: componentNames(rng, 70, 'svc-'), packages: componentNames(rng, 70, 'ui-') };
}

const KIND_WEIGHTS = { java: 30, python: 20, ts: 24, docs: 7, github: 3, other: 16 } as const;

/** One realistic path; `serial` keeps paths unique without a lookup. */
function randomPath(rng: Rng, u: Universe, serial: number): string {
  const kind = rng.weighted(KIND_WEIGHTS);
  const n = serial.toString(36);
  switch (kind) {
    case 'java': {
      const app = rng.pick(u.apps);
      const pkg = app.replace(/-/g, '');
      const cls = `${rng.pick(CLASS_WORDS)}${rng.pick(CLASS_SUFFIXES)}${n}`;
      const sub = rng.pick(JAVA_SUBPACKAGES);
      const deep = rng.float() < 0.3 ? `${rng.pick(JAVA_SUBPACKAGES)}/` : '';
      switch (rng.weighted({ main: 55, test: 20, migration: 8, resource: 8, readme: 3, build: 6 })) {
        case 'main': return `apps/${app}/src/main/java/com/acme/${pkg}/${sub}/${deep}${cls}.java`;
        case 'test': return `apps/${app}/src/test/java/com/acme/${pkg}/${sub}/${cls}Test.java`;
        case 'migration': return `apps/${app}/src/main/resources/db/migration/V${serial}__${rng.pick(WORDS)}_${rng.pick(WORDS)}.sql`;
        case 'resource': return `apps/${app}/src/main/resources/application-${rng.pick(ENVS)}-${n}.yml`;
        case 'readme': return `apps/${app}/docs/${rng.pick(WORDS)}-${n}.md`;
        default: return `apps/${app}/${rng.pick(['pom', 'build', 'settings'])}-${n}.xml`;
      }
    }
    case 'python': {
      const svc = rng.pick(u.services);
      const mod = svc.slice(4).replace(/-/g, '_');
      switch (rng.weighted({ code: 55, tests: 20, migration: 6, config: 9, misc: 10 })) {
        case 'code': return `services/${svc}/${mod}/${rng.float() < 0.4 ? `${rng.pick(JAVA_SUBPACKAGES)}/` : ''}${rng.pick(WORDS)}_${n}.py`;
        case 'tests': return `services/${svc}/tests/test_${rng.pick(WORDS)}_${n}.py`;
        case 'migration': return `services/${svc}/migrations/${String(serial).padStart(4, '0')}_${rng.pick(WORDS)}.py`;
        case 'config': return `services/${svc}/config/${rng.pick(ENVS)}-${n}.yml`;
        default: return `services/${svc}/${rng.pick(['requirements', 'Dockerfile', 'Procfile', 'setup'])}-${n}.${rng.pick(['txt', 'cfg', 'ini'])}`;
      }
    }
    case 'ts': {
      const p = rng.pick(u.packages);
      const dir = rng.pick(TS_DIRS);
      const name = `${rng.pick(CLASS_WORDS)}${rng.pick(['View', 'List', 'Form', 'Hook', 'Store', ''])}${n}`;
      switch (rng.weighted({ src: 55, test: 18, index: 2, manifest: 6, readme: 5, other: 14 })) {
        case 'src': return `packages/${p}/src/${dir}/${name}.${rng.pick(['ts', 'tsx', 'ts'])}`;
        case 'test': return `packages/${p}/src/${dir}/${name}.${rng.pick(['test', 'spec'])}.${rng.pick(['ts', 'tsx'])}`;
        case 'index': return `packages/${p}/src/index-${n}.ts`;
        case 'manifest': return `packages/${p}/${rng.pick(['package', 'tsconfig', 'project'])}-${n}.json`;
        case 'readme': return `packages/${p}/${rng.pick(['README', 'CHANGELOG', 'CONTRIBUTING'])}-${n}.md`;
        default: return `packages/${p}/${rng.pick(['assets', 'public', 'fonts'])}/${rng.pick(WORDS)}-${n}.${rng.pick(['svg', 'png', 'woff2', 'css'])}`;
      }
    }
    case 'docs': return `docs/${rng.float() < 0.8 ? `${rng.pick(DOC_SECTIONS)}/${rng.pick(WORDS)}-${n}.md` : `${rng.pick(DOC_SECTIONS)}/img/${rng.pick(WORDS)}-${n}.png`}`;
    case 'github': return `.github/${rng.float() < 0.8 ? `workflows/${rng.pick(WORDS)}-${n}.yml` : `ISSUE_TEMPLATE/${rng.pick(WORDS)}-${n}.md`}`;
    default:
      switch (rng.weighted({ tf: 30, k8s: 15, scripts: 20, tools: 20, root: 10, sql: 5 })) {
        case 'tf': return `infra/terraform/${rng.pick(ENVS)}/${rng.pick(WORDS)}-${n}.tf`;
        case 'k8s': return `infra/k8s/${rng.pick(u.apps)}/${rng.pick(['deployment', 'service', 'ingress'])}-${n}.yaml`;
        case 'scripts': return `scripts/${rng.pick(WORDS)}-${n}.${rng.pick(['sh', 'bash', 'ps1'])}`;
        case 'tools': return `tools/${rng.pick(WORDS)}/${rng.pick(['main', 'cmd', 'util'])}-${n}.go`;
        case 'root': return `${rng.pick(['Makefile', '.editorconfig', '.tool-versions', 'Justfile', '.envrc'])}-${n}`;
        default: return `db/seed/${rng.pick(WORDS)}-${n}.sql`;
      }
  }
}

/** `count` distinct realistic paths. */
export function generatePaths(count: number, seed: number, serialStart = 0): string[] {
  const [rng, u] = [new Rng(seed), universe()];
  return Array.from({ length: count }, (_, i) => randomPath(rng, u, serialStart + i));
}

/** A change as git reports it: statuses mixed, a few renames (both paths are classified). */
export function generateChangedFiles(count: number, seed: number): ChangedFile[] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  // Old paths of renames: their own stream and a disjoint serial range, so never a new path.
  const previous = new Rng(seed + 1);
  const u = universe();
  return generatePaths(count, seed).map((path, i) => {
    const status = rng.weighted<FileStatus>({ added: 35, modified: 50, removed: 10, renamed: 5, copied: 0 });
    return status === 'renamed' ? { path, previousPath: randomPath(previous, u, count + i), status } : { path, status };
  });
}

interface RawRule {
  name: string;
  paths: string[];
  bump: 'none' | 'patch' | 'minor' | 'major';
  status?: FileStatus[];
}

/** Global rules, tried first. */
const HEAD_RULES: RawRule[] = [
  { name: 'tests', paths: ['**/src/test/**', 'services/*/tests/**', '**/*.{test,spec}.{ts,tsx}'], bump: 'none' },
  { name: 'new migrations', status: ['added'], paths: ['apps/*/src/main/resources/db/migration/V*.sql', 'services/*/migrations/[0-9]*.py', '!**/*.md'], bump: 'major' },
  { name: 'edited migrations', status: ['modified', 'removed', 'renamed'], paths: ['apps/*/src/main/resources/db/migration/**', 'services/*/migrations/**'], bump: 'major' },
  { name: 'ci', paths: ['.github/**', '.gitlab-ci.yml', '!.github/ISSUE_TEMPLATE/**'], bump: 'none' },
  { name: 'generated', paths: ['**/generated/**', '**/*.generated.ts'], bump: 'none' },
  { name: 'changelogs', paths: ['**/CHANGELOG*.md', '**/package-lock.json'], bump: 'none' },
];

/** Generic catch-alls, tried last. */
const TAIL_RULES: RawRule[] = [
  { name: 'docs', paths: ['docs/**', '**/*.{md,mdx,rst}', '!docs/**/*.png'], bump: 'patch' },
  { name: 'sql', paths: ['**/*.sql'], bump: 'minor' },
  { name: 'java', paths: ['**/*.java', '**/*.kt'], bump: 'minor' },
  { name: 'python', paths: ['**/*.py', '!**/conftest.py'], bump: 'minor' },
  { name: 'typescript', paths: ['**/*.{ts,tsx,mts,cts}'], bump: 'minor' },
  { name: 'config files', paths: ['**/*.{yml,yaml}', '**/*.json', '!infra/**'], bump: 'patch' },
  { name: 'app resources', paths: ['apps/*/src/main/resources/**'], bump: 'patch' },
];

/** Rules for one component, the way a team would write them for its own directory. */
function componentRules([kind, name]: readonly ['app' | 'service' | 'package', string]): RawRule[] {
  switch (kind) {
    case 'app': {
      const pkg = name.replace(/-/g, '');
      return [
        { name: `${name} api`, paths: [`apps/${name}/src/main/java/com/acme/${pkg}/api/**`], bump: 'major' },
        { name: `${name} removed classes`, status: ['removed', 'renamed'], paths: [`apps/${name}/src/main/java/**/*.java`], bump: 'major' },
        { name: `${name} code`, paths: [`apps/${name}/src/main/**`, `!apps/${name}/src/main/resources/**/*.yml`], bump: 'minor' },
      ];
    }
    case 'service': {
      const mod = name.slice(4).replace(/-/g, '_');
      return [
        { name: `${name} api`, paths: [`services/${name}/${mod}/{api,web}/**/*.py`], bump: 'major' },
        { name: `${name} code`, paths: [`services/${name}/**/*.py`], bump: 'minor' },
        { name: `${name} config`, paths: [`services/${name}/config/*.{yml,yaml}`], bump: 'patch' },
      ];
    }
    case 'package': return [
        { name: `${name} entry`, paths: [`packages/${name}/src/index*.ts`], bump: 'major' },
        { name: `${name} source`, paths: [`packages/${name}/src/**/*.{ts,tsx}`], bump: 'minor' },
        { name: `${name} manifest`, status: ['modified'], paths: [`packages/${name}/package*.json`], bump: 'patch' },
      ];
  }
}

/**
 * Rules in the middle of the list that do not start with a literal directory: every file is a
 * candidate for them, as for such rules in real configs.
 */
function anywhereRule(i: number): RawRule {
  const word = WORDS[i % WORDS.length]!;
  return i % 2 === 0
    ? { name: `fixtures ${i}`, paths: [`**/fixtures/${word}/**`], bump: 'none' }
    : { name: `snapshots ${i}`, paths: [`**/__snapshots__/${word}*.snap`, `**/*.${word}.lock`], bump: 'none' };
}

/** A config YAML text with exactly `ruleCount` rules (at least head + tail). */
export function generateConfigYaml(ruleCount: number): string {
  const u = universe();
  const middleCount = ruleCount - HEAD_RULES.length - TAIL_RULES.length;
  if (middleCount < 0) throw new Error(`at least ${HEAD_RULES.length + TAIL_RULES.length} rules`);
  const middle: RawRule[] = [];
  // Components interleaved by kind, so a small config covers some of each kind.
  const components = u.apps.flatMap((app, i) => [['app', app], ['service', u.services[i]!], ['package', u.packages[i]!]] as const);
  let c = 0;
  while (middle.length < middleCount) {
    if (middle.length % 10 === 9) middle.push(anywhereRule(middle.length));
    else if (c === components.length) throw new Error(`not enough components for ${ruleCount} rules`);
    else for (const rule of componentRules(components[c++]!)) if (middle.length < middleCount) middle.push(rule);
  }
  // JSON strings and arrays are valid YAML flow scalars and sequences, and quote "*", "!" and "{" safely.
  const yaml = (r: RawRule) => `  - {name: ${JSON.stringify(r.name)}, ${r.status ? `status: [${r.status.join(', ')}], ` : ''}paths: ${JSON.stringify(r.paths)}, bump: ${r.bump}}`;
  return `${['version: 1', 'default-bump: patch', 'rules:', ...[...HEAD_RULES, ...middle, ...TAIL_RULES].map(yaml)].join('\n')}\n`;
}
