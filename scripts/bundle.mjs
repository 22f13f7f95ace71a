// Builds the committed bundles reproducibly: dist/cli.js (the CLI) and, once the action exists,
// dist/index.js. Same inputs, same bytes: no timestamps, no absolute paths.
import { build } from 'esbuild';
import { chmod, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

const entries = [{ in: 'src/cli-main.ts', out: 'cli', banner: '#!/usr/bin/env node' }];
if (existsSync('src/action-main.ts')) entries.push({ in: 'src/action-main.ts', out: 'index', banner: '' });

await rm('dist', { recursive: true, force: true });
for (const entry of entries) {
  await build({
    entryPoints: { [entry.out]: entry.in },
    outdir: 'dist',
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
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: {
      js: `${entry.banner ? `${entry.banner}\n` : ''}import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);`,
    },
  });
}
await chmod('dist/cli.js', 0o755);
