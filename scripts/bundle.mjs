// Builds the committed bundles reproducibly: dist/cli.js (the CLI) and dist/index.js (the
// action), each with its chunks in dist/chunks/. Same inputs, same bytes: no timestamps, no
// absolute paths.
import { build } from 'esbuild';
import { chmod, readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

// @actions/core reaches @actions/http-client (and through it tunnel, undici, node:https and
// node:tls) only for core.getIDToken() (OIDC), which bump-classifier does not use: its client is
// @octokit/rest on Node's own fetch. Loading that stack anyway costs ~40 ms at every start (the
// action's cold start target is 1.5x bare Node), so the bundle gets stubs that fail loudly.
const DEAD = 'is not bundled in bump-classifier (only OIDC tokens need it)';
const STUBS = {
  undici: 'export class ProxyAgent { constructor() { missing(); } }\nexport function fetch() { missing(); }',
  '@actions/http-client':
    'export class HttpClient { getAgent() { return undefined; } getAgentDispatcher() { return undefined; } getJson() { missing(); } request() { missing(); } }',
  '@actions/http-client/lib/auth': 'export class BearerCredentialHandler { constructor() { missing(); } }',
};
const deadPaths = {
  name: 'dead-paths',
  setup(b) {
    b.onResolve({ filter: /^(undici|@actions\/http-client(\/lib\/auth)?)$/ }, (args) => ({ path: args.path, namespace: 'dead' }));
    b.onLoad({ filter: /.*/, namespace: 'dead' }, (args) => ({
      contents: `const missing = () => { throw new Error(${JSON.stringify(`${args.path} ${DEAD}`)}); };\n${STUBS[args.path]}`,
    }));
  },
};

// The action (dist/index.js) is split: events with nothing to decide (a tag push) load only the
// entry and @actions/*; the decision half (config, core, API client) is a chunk in dist/chunks/
// loaded on demand. Likewise the CLI: `--help` and `--version` load only dist/cli.js.
const entries = [
  { in: 'src/cli-main.ts', out: 'cli', banner: '#!/usr/bin/env node', splitting: true },
  { in: 'src/action-main.ts', out: 'index', banner: '', splitting: true },
];

await rm('dist', { recursive: true, force: true });
for (const entry of entries) {
  await build({
    entryPoints: { [entry.out]: entry.in },
    outdir: 'dist',
    splitting: entry.splitting,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    logLevel: 'warning',
    define: { __VERSION__: JSON.stringify(pkg.version) },
    plugins: [deadPaths],
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: {
      js: `${entry.banner ? `${entry.banner}\n` : ''}import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);`,
    },
  });
}
await chmod('dist/cli.js', 0o755);
