// Builds the committed bundles reproducibly: dist/cli.js (the CLI) and dist/index.cjs with
// dist/action-decision.js (the action), the ESM ones with their chunks in dist/chunks/. Same inputs, same bytes: no timestamps, no
// absolute paths.
import { build } from 'esbuild';
import { chmod, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// @actions/core reaches @actions/http-client (and through it tunnel, undici 6, node:https and
// node:tls) only for core.getIDToken() (OIDC), which bump-classifier does not use. Loading that
// stack anyway costs ~40 ms at every start (the action's cold start target is 1.5x bare Node), so
// @actions/core's two imports of it get stubs that fail loudly. Only those two: the stubs are
// matched by importer, so undici itself (the API client's proxy support, src/github/proxy.ts,
// loaded on demand) and anything else that imports @actions/http-client get the real packages.
const DEAD = 'is not bundled in bump-classifier (only OIDC tokens need it)';
const STUBS = {
  '@actions/http-client':
    'export class HttpClient { getAgent() { return undefined; } getAgentDispatcher() { return undefined; } getJson() { missing(); } request() { missing(); } }',
  '@actions/http-client/lib/auth': 'export class BearerCredentialHandler { constructor() { missing(); } }',
};
const OIDC_IMPORTER = /[\\/]node_modules[\\/]@actions[\\/]core[\\/]lib[\\/]oidc-utils\.js$/;
const oidcStubs = {
  name: 'oidc-stubs',
  setup(b) {
    let oidcBundled = false;
    const stubbed = new Set();
    b.onLoad({ filter: OIDC_IMPORTER }, () => {
      oidcBundled = true;
      return undefined; // loaded as usual
    });
    b.onResolve({ filter: /^@actions\/http-client(\/lib\/auth)?$/ }, (args) => {
      if (!OIDC_IMPORTER.test(args.importer)) return undefined;
      stubbed.add(args.path);
      return { path: args.path, namespace: 'oidc-stub' };
    });
    b.onLoad({ filter: /.*/, namespace: 'oidc-stub' }, (args) => ({
      contents: `const missing = () => { throw new Error(${JSON.stringify(`${args.path} ${DEAD}`)}); };\n${STUBS[args.path]}`,
    }));
    // An @actions/core whose OIDC code moved or imports something else: fail, rather than bundle its HTTP stack unnoticed.
    b.onEnd((result) => {
      const missed = Object.keys(STUBS).filter((k) => !stubbed.has(k));
      if (result.errors.length === 0 && oidcBundled && missed.length > 0) {
        return { errors: [{ text: `oidc-stubs: @actions/core/lib/oidc-utils.js no longer imports ${missed.join(', ')}; revisit scripts/bundle.mjs` }] };
      }
      return undefined;
    });
  },
};

// The CLI loads what a run needs: re2js only for a config with a regex, the commit parser only with
// commits.conventional (src/sources/local.ts provides them to core with import()), the API client
// only for --github (src/cli.ts). Core's static imports of the first two get these stubs in the
// CLI's bundle, so that the real modules are chunks of their own, loaded on demand.
const CLI_STUBS = {
  'src/core/regex.ts re2js': 'export const RE2JS = undefined;',
  'src/core/commits.ts ./commit-parser.js': 'export {};',
};
const cliOnDemand = {
  name: 'cli-on-demand',
  setup(b) {
    b.onResolve({ filter: /^(re2js|\.\/commit-parser\.js)$/ }, (args) => {
      const key = `${path.relative(process.cwd(), args.importer).split(path.sep).join('/')} ${args.path}`;
      return args.kind === 'import-statement' && key in CLI_STUBS ? { path: key, namespace: 'cli-stub' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'cli-stub' }, (args) => ({ contents: CLI_STUBS[args.path] }));
  },
};

// The action starts in CommonJS: dist/index.cjs holds the entry, @actions/core and the event
// plan, so a tag push (nothing to decide) never starts Node's ESM loader, whose start and
// built-in facades (crypto, fs, os) cost ~8 ms, a third of bare Node. Every other event imports the decision
// half, dist/action-decision.js (ESM, with its own chunks in dist/chunks/), on demand. The two
// share no module instances: the entry hands the decision half its Runner, and only plain values
// and messages cross back. The CLI is ESM throughout: `--help` and `--version` load only
// dist/cli.js.
const decisionOnDemand = {
  name: 'decision-on-demand',
  setup(b) {
    b.onResolve({ filter: /^\.\/action-decision\.js$/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};
const REQUIRE = "import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);";
const entries = [
  { in: 'src/cli-main.ts', out: 'cli', format: 'esm', banner: `#!/usr/bin/env node\n${REQUIRE}`, plugins: [cliOnDemand] },
  { in: 'src/action-main.ts', out: 'index', format: 'cjs', banner: '', plugins: [decisionOnDemand] },
  { in: 'src/action-decision.ts', out: 'action-decision', format: 'esm', banner: REQUIRE, plugins: [] },
];

await rm('dist', { recursive: true, force: true });
for (const entry of entries) {
  await build({
    entryPoints: { [entry.out]: entry.in },
    outdir: 'dist',
    outExtension: entry.format === 'cjs' ? { '.js': '.cjs' } : {},
    splitting: entry.format === 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: entry.format,
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    logLevel: 'warning',
    define: { __VERSION__: JSON.stringify(pkg.version) },
    plugins: [oidcStubs, ...entry.plugins],
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: { js: entry.banner },
  });
}
await chmod('dist/cli.js', 0o755);
