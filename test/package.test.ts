/**
 * The published package, as `npm install -g bump-classifier` gets it: packed with `npm pack`,
 * installed from the tarball into a scratch prefix with `--offline` (so nothing can come from the
 * registry), then run. It installs nothing but itself, and the engines it states hold for the
 * code it bundles (scripts/check-engines.mjs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestRepo } from './support/git-repo.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    // A scratch cache: --offline must not be satisfied by anything this machine cached before.
    env: { ...process.env, npm_config_cache: path.join(scratch, 'cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

let scratch = '';
let prefix = '';
let manifest: { name: string; version: string; dependencies?: object; engines?: { node?: string }; files?: string[] };

describe('the npm package', () => {
  const repo = new TestRepo();

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'bc-pack-'));
    prefix = path.join(scratch, 'prefix');
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', scratch], ROOT)) as { filename: string }[];
    const tarball = path.join(scratch, packed[0]!.filename);
    npm(['install', '-g', '--offline', '--prefix', prefix, tarball], scratch);
    manifest = JSON.parse(readFileSync(path.join(prefix, 'lib', 'node_modules', 'bump-classifier', 'package.json'), 'utf8'));
  }, 120_000);

  afterAll(() => {
    repo.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  const bin = () => path.join(prefix, 'bin', 'bump-classifier');

  it('has no runtime dependencies and installs nothing but itself', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(existsSync(path.join(prefix, 'lib', 'node_modules', 'bump-classifier', 'node_modules'))).toBe(false);
    expect(readdirSync(path.join(prefix, 'lib', 'node_modules'))).toEqual(['bump-classifier']);
  });

  it('states engines that hold for every package bundled into dist/', () => {
    expect(manifest.engines?.node).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node);
    const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'check-engines.mjs')], { encoding: 'utf8' });
    expect(check.stdout).not.toMatch(/does not hold/);
    expect(check.status).toBe(0);
  });

  it('runs --version from the installed bin', () => {
    const out = spawnSync(bin(), ['--version'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout.trim()).toBe(manifest.version);
  });

  it('decides a change on a scratch repository', () => {
    repo.commit('init', { 'src/a.ts': '1' });
    repo.tag('v1.2.0');
    repo.commit('feat', { 'src/b.ts': '1', 'docs/x.md': 'x' });
    const out = spawnSync(bin(), ['--repo', repo.dir, '--format', 'json'], { encoding: 'utf8' });
    expect(out.stderr).toMatch(/^bump-classifier: no config at .*built-in/); // the one notice, nothing else
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ bump: 'minor', currentVersion: '1.2.0', nextVersion: '1.3.0', nextTag: 'v1.3.0' });
  });
});
