// Lists the npm packages bundled into dist/ (from the source maps) whose `engines.node` does not
// hold for the package's own `engines.node`: the published package must run wherever it says.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.resolve(import.meta.dirname, '..');
const own = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node;
const maps = ['dist', 'dist/chunks'].flatMap((dir) =>
  readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.js.map')).map((f) => path.join(root, dir, f)),
);
const packages = new Set();
for (const map of maps) {
  for (const source of JSON.parse(readFileSync(map, 'utf8')).sources) {
    const at = source.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const parts = source.slice(at + 'node_modules/'.length).split('/');
    const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
    packages.add(path.resolve(path.dirname(map), source.slice(0, at + 'node_modules/'.length) + name));
  }
}
const bad = [];
for (const dir of [...packages].sort()) {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const needs = pkg.engines?.node;
  if (needs && !semver.subset(own, needs)) bad.push(`${pkg.name}@${pkg.version} needs node ${needs}`);
}
console.log(`${packages.size} packages bundled; engines ${own}`);
for (const line of bad) console.log(`  does not hold: ${line}`);
process.exitCode = bad.length > 0 ? 1 : 0;
