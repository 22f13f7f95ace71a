// Pipes, names, messages: the CLI ends quietly when its reader goes away, keeps the patch of
// every file name git can hold, and explains common setup mistakes in one line.
import { spawnSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from './support/cli-runner.js';
import { ConfigError, parseConfig } from '../src/core/index.js';
import { ApiError, createClient } from '../src/github/client.js';
import { TestRepo } from './support/git-repo.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const repos: TestRepo[] = [];
afterEach(() => {
  while (repos.length > 0) repos.pop()!.cleanup();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

function repo(): TestRepo {
  const r = new TestRepo();
  repos.push(r);
  return r;
}

const cli = runCli;

/** Every file whose patch adds "BREAK" is major; any other change is a patch, unknown patches major. */
const CONTENT_CONFIG = `version: 1
default-bump: patch
rules:
  - name: breaking content
    paths: "**"
    content: "BREAK"
    bump: major
`;

/** The path of a file whose name is raw bytes (not necessarily UTF-8) in the repository. */
function rawPath(r: TestRepo, name: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${r.dir}/`), name]);
}

function writeRaw(r: TestRepo, name: Buffer, content: string): void {
  writeFileSync(rawPath(r, name), content);
}

function fileRows(d: Json): Record<string, { rule: string | null; bump: string; previousPath: string | null }> {
  return Object.fromEntries((d.files as Json[]).map((f) => [f.path, f]));
}

describe('a reader that goes away', () => {
  it('`bump-classifier | head -1` exits 0 with nothing on stderr', () => {
    const r = repo();
    const files: Record<string, string> = { '.github/bump-classifier.yml': 'version: 1\ndefault-bump: minor\n' };
    for (let i = 0; i < 3000; i++) files[`src/a-file-name-long-enough-to-fill-the-pipe-quickly-${String(i).padStart(4, '0')}.ts`] = `${i}\n`;
    r.commit('init', files);
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const cli = path.join(ROOT, 'src', 'cli-main.ts');
    const run = spawnSync('bash', ['-c', 'set -o pipefail; "$0" "$1" --repo "$2" | head -1', tsx, cli, r.dir], {
      encoding: 'utf8',
      env: { ...process.env, BUMP_CLASSIFIER_DEBUG: '' },
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^bump minor/);
    expect(run.stdout.split('\n')).toHaveLength(2); // one line and its newline
  }, 90_000);
});

describe('file names git quotes', () => {
  const NAMES = [
    'tab\there.ts',
    'quote"d.ts',
    'back\\slash.ts',
    'new\nline.ts',
    'bell\x07and\x01soh.ts',
    'del\x7f.ts',
    'space d/and "both"\t.ts',
    'ünïcödé/名前.ts',
  ];

  it('keep their patch, so content rules see it', async () => {
    const r = repo();
    r.commit('init', { '.github/bump-classifier.yml': CONTENT_CONFIG, ...Object.fromEntries(NAMES.map((n) => [n, 'one\n'])) });
    r.tag('v1.0.0');
    r.commit('change', Object.fromEntries(NAMES.map((n, i) => [n, i % 2 === 0 ? 'two\n' : 'BREAK\n'])));
    const out = await cli(['--format', 'json'], r.dir);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const d = out.json();
    expect(d.warnings.join('\n')).not.toMatch(/no patch available/);
    const rows = fileRows(d);
    NAMES.forEach((name, i) => {
      expect(rows[name], name).toBeDefined();
      expect(rows[name]!.bump, name).toBe(i % 2 === 0 ? 'patch' : 'major');
    });
  });

  it('keep their patch when renamed', async () => {
    const r = repo();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
    r.commit('init', { '.github/bump-classifier.yml': CONTENT_CONFIG, 'old\tname.ts': body });
    r.tag('v1.0.0');
    r.move('old\tname.ts', 'new "name"\n.ts');
    r.commit('rename', { 'new "name"\n.ts': `${body}one more\n` });
    const d = (await cli(['--format', 'json'], r.dir)).json();
    expect(d.files).toEqual([expect.objectContaining({ path: 'new "name"\n.ts', previousPath: 'old\tname.ts', status: 'renamed', bump: 'patch' })]);
    expect(d.warnings.join('\n')).not.toMatch(/no patch available/);
  });

  it('patches of thousands of files are read in batches that fit a command line', async () => {
    const r = repo();
    const long = 'a-directory-name-that-makes-every-path-long-enough/'.repeat(3);
    const names = Array.from({ length: 2500 }, (_, i) => `${long}file-${i}.ts`);
    r.commit('init', { '.github/bump-classifier.yml': CONTENT_CONFIG, ...Object.fromEntries(names.map((n) => [n, 'one\n'])) });
    r.tag('v1.0.0');
    r.commit('change', Object.fromEntries(names.map((n, i) => [n, i === 2499 ? 'BREAK\n' : 'two\n'])));
    const d = (await cli(['--format', 'json'], r.dir)).json();
    expect(d.warnings.join('\n')).not.toMatch(/no patch available/);
    const rows = fileRows(d);
    expect(rows[names[0]!]!.bump).toBe('patch');
    expect(rows[names[2499]!]!.bump).toBe('major');
    expect(d.bump).toBe('major');
  }, 60_000);
});

describe('file names that are not UTF-8', () => {
  it('are shown with \\xNN for each byte that is not UTF-8, and keep their patch', async () => {
    const r = repo();
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "café.txt" in latin-1
    const mixed = Buffer.concat([Buffer.from('ü-'), Buffer.from([0xff, 0xfe]), Buffer.from(' "x".md')]);
    r.commit('init', { '.github/bump-classifier.yml': CONTENT_CONFIG });
    writeRaw(r, latin1, 'one\n');
    writeRaw(r, mixed, 'one\n');
    r.commit('add');
    r.tag('v1.0.0');
    writeRaw(r, latin1, 'two\n');
    writeRaw(r, mixed, 'BREAK\n');
    r.commit('change');
    const out = await cli(['--format', 'json'], r.dir);
    expect(out.code).toBe(0);
    const d = out.json();
    expect(d.warnings.join('\n')).not.toMatch(/no patch available/);
    const rows = fileRows(d);
    expect(Object.keys(rows).sort()).toEqual(['caf\\xE9.txt', 'ü-\\xFF\\xFE "x".md']);
    expect(rows['caf\\xE9.txt']!.bump).toBe('patch');
    expect(rows['ü-\\xFF\\xFE "x".md']!.bump).toBe('major');
    expect(out.stdout).not.toContain('\uFFFD');
    const text = await cli([], r.dir);
    expect(text.stdout).toContain('caf\\xE9.txt');
  });

  it('keep their patch when renamed, and match globs as shown', async () => {
    const r = repo();
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
    const config = CONTENT_CONFIG.replace('rules:\n', 'rules:\n  - name: latin\n    paths: "latin/**"\n    bump: minor\n');
    const inLatin = Buffer.from([0x6c, 0x61, 0x74, 0x69, 0x6e, 0x2f, 0xe0, 0x2e, 0x74, 0x78, 0x74]); // "latin/\xE0.txt"
    r.commit('init', { '.github/bump-classifier.yml': config, 'latin/keep': '' });
    writeRaw(r, Buffer.from([0x6f, 0x6c, 0x64, 0xe9]), body); // "old\xE9"
    writeRaw(r, inLatin, 'one\n');
    r.commit('add');
    r.tag('v1.0.0');
    renameSync(rawPath(r, Buffer.from([0x6f, 0x6c, 0x64, 0xe9])), rawPath(r, Buffer.from([0x6e, 0x65, 0x77, 0xe8]))); // "new\xE8"
    writeFileSync(rawPath(r, Buffer.from([0x6e, 0x65, 0x77, 0xe8])), `${body}one more\n`);
    writeRaw(r, inLatin, 'two\n');
    r.commit('rename');
    const d = (await cli(['--format', 'json'], r.dir)).json();
    expect(d.warnings.join('\n')).not.toMatch(/no patch available/);
    const rows = fileRows(d);
    expect(rows['new\\xE8']).toEqual(expect.objectContaining({ previousPath: 'old\\xE9', status: 'renamed', bump: 'patch', rule: null }));
    expect(rows['latin/\\xE0.txt']).toEqual(expect.objectContaining({ bump: 'minor', rule: 'latin' }));
  });
});

describe('one-line causes for setup mistakes (exit 2)', () => {
  it('a repository owned by another user: says so, with git safe.directory advice', async () => {
    const r = repo();
    r.commit('init', { 'a.txt': 'x' });
    vi.stubEnv('GIT_TEST_ASSUME_DIFFERENT_OWNER', '1');
    const out = await cli([], r.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      `bump-classifier: the repository at ${r.dir} is owned by another user, so git refuses it ("detected dubious ownership"); if you trust it, run: git config --global --add safe.directory ${r.dir}\n`,
    );
  });

  it('an empty repository: "the repository has no commits yet"', async () => {
    const r = repo();
    const out = await cli([], r.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`bump-classifier: the repository has no commits yet: ${r.dir}\n`);
  });

  it('HEAD on a branch without commits names the branch', async () => {
    const r = repo();
    r.commit('init', { 'a.txt': 'x' });
    r.git('checkout', '-q', '--orphan', 'fresh');
    const out = await cli([], r.dir);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`bump-classifier: HEAD is on branch "fresh", which has no commits yet (in ${r.dir})\n`);
  });

  it('an unreachable API host under --github: names the host and the cause at once, no retries', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const started = Date.now();
    const out = await cli(['--github', 'o/r', '--pr', '1'], '/', { GITHUB_API_URL: `http://127.0.0.1:${port}` });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`bump-classifier: cannot reach http://127.0.0.1:${port}: connection refused\n`);
  });

  /** fetch failing as undici fails, with `cause` carrying the system error code; counts the calls. */
  function failingFetch(code: string, message: string, extra: Record<string, unknown> = {}): { calls: () => number } {
    let calls = 0;
    vi.stubGlobal('fetch', async () => {
      calls++;
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code, ...extra }) });
    });
    return { calls: () => calls };
  }

  it.each([
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND ghe.example', { hostname: 'ghe.example' }, 'no such host ghe.example (DNS lookup failed: ENOTFOUND)'],
    ['EAI_AGAIN', 'getaddrinfo EAI_AGAIN ghe.example', { hostname: 'ghe.example' }, 'DNS lookup failed (EAI_AGAIN: no DNS answer; is the network up?)'],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'self-signed certificate in certificate chain',
      {},
      'TLS certificate not accepted: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN); for a private CA set NODE_EXTRA_CA_CERTS',
    ],
  ])('%s under --github: one attempt and a one-line cause', async (code, message, extra, said) => {
    const fetch = failingFetch(code, message, extra);
    const out = await cli(['--github', 'o/r', '--pr', '1'], '/', { GITHUB_API_URL: 'https://ghe.example/api/v3' });
    vi.unstubAllGlobals();
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(`bump-classifier: cannot reach https://ghe.example: ${said}\n`);
    expect(fetch.calls()).toBe(1);
  });

  it('a connection reset is still retried', async () => {
    const fetch = failingFetch('ECONNRESET', 'read ECONNRESET');
    const client = createClient({ token: '', baseUrl: 'https://ghe.example/api/v3', retries: 2, retryBaseMs: 1 });
    const failure = await client.rest.repos.get({ owner: 'o', repo: 'r' }).catch((error: unknown) => error);
    vi.unstubAllGlobals();
    expect(failure).toBeInstanceOf(ApiError);
    expect(fetch.calls()).toBe(3);
  });
});

describe('config mistakes YAML hides', () => {
  function configError(text: string): string {
    try {
      parseConfig(text, '.github/bump-classifier.yml');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a config error');
  }

  it('an unquoted glob starting with "*" is a YAML alias: said at its line and column', () => {
    expect(configError('version: 1\nrules:\n  - name: docs\n    paths: **/*.md\n    bump: none\n')).toBe(
      '.github/bump-classifier.yml:4:12: rules[0].paths: a value starting with "*" is a YAML alias: quote the glob, e.g. "**/*.md"',
    );
    expect(configError('version: 1\nrules:\n  - paths: [docs/**, *.md]\n    bump: none\n')).toBe(
      '.github/bump-classifier.yml:3:22: rules[0].paths[1]: a value starting with "*" is a YAML alias: quote the glob, e.g. "*.md"',
    );
    expect(configError('version: 1\nlabels:\n  only:\n    docs:\n      - *.md\n')).toBe(
      '.github/bump-classifier.yml:5:9: labels.only.docs[0]: a value starting with "*" is a YAML alias: quote the glob, e.g. "*.md"',
    );
  });

  it('a real anchor and alias still work', () => {
    const config = parseConfig('version: 1\nrules:\n  - paths: &docs ["docs/**"]\n    bump: none\n  - paths: *docs\n    bump: patch\n', 'c.yml');
    expect(config.rules).toHaveLength(2);
  });

  it('version: "1" is version 1', () => {
    expect(parseConfig('version: "1"\n', 'c.yml').rules.length).toBeGreaterThan(0);
    expect(parseConfig("version: '1'\n", 'c.yml').rules.length).toBeGreaterThan(0);
    expect(configError('version: "2"\n')).toBe('.github/bump-classifier.yml:1:10: version: expected 1, got "2"');
    expect(configError('version: 2\n')).toBe('.github/bump-classifier.yml:1:10: version: expected 1, got 2');
    expect(configError('default-bump: patch\n')).toBe('.github/bump-classifier.yml:1:1: version: missing required key; expected 1');
  });
});
