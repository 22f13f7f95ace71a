/**
 * Monorepo scale (issue 8 §2, `npx tsx bench/monorepo.ts`): `node dist/cli.js` on 200 components, each tagged at a
 * different commit, in a repository of 50,000 files and 2,000 commits, against the same repository as one component.
 * Targets: <= 3x the one-component time, and < 2 s. The git processes of one run must not grow with files or commits.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { alternate, CLI, fastImportRepo, fiCommit, fiFile, figure, fmtMs, fmtVs, gitProcesses, removeRepo, reportFigures, Rng, sh } from './lib.js';

const [COMPONENTS, FILES_PER, COMMITS] = [200, 250, 2_000]; // 200 x 250 = 50,000 files
const TARGET = { ratio: 3, ms: 2_000 };

const pad = (n: number, w = 3): string => String(n).padStart(w, '0');
const name = (c: number): string => `c${pad(c)}`;
/** src (minor), test (none) and docs (patch) files under the built-in rules. */
const file = (c: number, f: number): string =>
  `packages/${name(c)}/${f < 200 ? `src/f${pad(f)}.ts` : f < 240 ? `test/f${pad(f)}.test.ts` : `docs/f${pad(f)}.md`}`;
/** Component c's tag lands on main commit 10c+5 (1 in 20 has an older tag 5 commits before); 1 in 20 on a side commit instead. */
const tagAt = (c: number): number => 10 * c + 5;
const onSide = (c: number): boolean => c % 20 === 13;
const hasOlderTag = (c: number): boolean => c % 20 === 7;

/**
 * The fast-import stream: commit 1 adds every file; commits 2..2000 touch a few files of a few
 * components. The baseline's one component `all` ("**") is tagged all@1.0.0 at commit 1000, so its
 * change is a real one (1,000 commits, thousands of files) rather than empty or the root commit's.
 */
function stream(): string {
  const rng = new Rng(0x3a0e);
  const out: string[] = [];
  const blob = (p: string, v: string): string => fiFile(p, `// ${p}\n// ${v}\nexport const v = ${JSON.stringify(v)};\n`);
  const tag = (t: string, mark: number): void => void out.push(`reset refs/tags/${t}\nfrom :${mark}\n\n`);
  const minor = Array.from({ length: COMPONENTS }, () => 1 + rng.int(20)); // cNNN@1.M.0
  const types = { feat: 2, fix: 4, chore: 2, docs: 1, refactor: 1 } as const;
  for (let k = 1; k <= COMMITS; k++) {
    const time = 1_700_000_000 + 60 * k;
    const touched = Array.from({ length: 1 + rng.int(3) }, () => rng.int(COMPONENTS));
    const type = rng.weighted(types);
    out.push(fiCommit('refs/heads/main', k, time, k === 1 ? 'chore: initial import\n' : `${type}${rng.int(2) ? `(${name(touched[0]!)})` : ''}: change ${k}\n`));
    if (k === 1) for (let c = 0; c < COMPONENTS; c++) for (let f = 0; f < FILES_PER; f++) out.push(blob(file(c, f), 'v0'));
    else for (const c of touched) for (let n = 1 + rng.int(4); n > 0; n--) out.push(blob(file(c, rng.int(FILES_PER)), `v${k}`));
    out.push('\n');
    for (let c = 0; c < COMPONENTS; c++) {
      if (hasOlderTag(c) && k === tagAt(c) - 5) tag(`${name(c)}@1.${minor[c]! - 1}.0`, k);
      if (tagAt(c) !== k) continue;
      const t = `${name(c)}@1.${minor[c]}.0`;
      if (!onSide(c)) tag(t, k);
      // The release commit: parent on main, tagged, never merged (changesets/action's shape): the
      // component is measured from the merge-base. Its docs file stands in for a CHANGELOG.
      else out.push(fiCommit(`refs/tags/${t}`, 100_000 + c, time + 30, `chore(release): ${t}\n`), `from :${k}\n${blob(file(c, FILES_PER - 1), t)}\n`);
    }
  }
  out.push('reset refs/tags/all@1.0.0\nfrom :1000\n\n');
  return out.join('');
}

/** The 200 components, and the one component `all`; each also with conventional commits (each component's commits are read too). */
const mono = `version: 1\ncomponents:\n${Array.from({ length: COMPONENTS }, (_, c) => `  - {name: ${name(c)}, paths: "packages/${name(c)}/**"}\n`).join('')}`;
const [one, cc] = ['version: 1\ncomponents:\n  - {name: all, paths: "**"}\n', 'commits: {conventional: true}\n'];
const CONFIGS: Record<string, string> = { 'mono.yml': mono, 'one.yml': one, 'mono-cc.yml': mono + cc, 'one-cc.yml': one + cc };

console.log(`bench/monorepo: ${COMPONENTS} components vs one, ${(COMPONENTS * FILES_PER).toLocaleString('en-US')} files, ${COMMITS} commits`);
// The configs are untracked files in the work tree: the CLI diffs commits, and reads --config from disk.
const repo = fastImportRepo('monorepo', stream(), CONFIGS);
try {
  const args = (config: string): string[] => [CLI, '--repo', repo, '--config', path.join(repo, config), '--format', 'json'];
  // Sanity: every component decided, so the timed runs do real work.
  const doc = JSON.parse(sh(process.execPath, args('mono.yml')).toString()) as { components: unknown[] };
  if (doc.components.length !== COMPONENTS) throw new Error(`the CLI decided ${doc.components.length} components, expected ${COMPONENTS}`);
  const runs = Object.fromEntries(Object.keys(CONFIGS).map((k) => [k, () => sh(process.execPath, args(k), { stdio: ['ignore', 'ignore', 'pipe'] })]));
  const medians = await alternate(runs, 1, 7);
  const processes = gitProcesses((env) => spawnSync(process.execPath, args('mono-cc.yml'), { env, stdio: 'ignore' }));
  const figures = ['', '-cc'].map((v) => {
    const [m, o] = [medians[`mono${v}.yml`]!, medians[`one${v}.yml`]!];
    const what = `${v ? 'conventional commits' : 'files only'}: ${COMPONENTS} components / one`;
    return figure('monorepo', what, fmtVs(m, o), `<= ${TARGET.ratio}x, < ${fmtMs(TARGET.ms)}`, m / o <= TARGET.ratio && m < TARGET.ms);
  });
  reportFigures([...figures, figure('monorepo', 'git processes per monorepo run (conventional commits)', String(processes.length))]);
} finally {
  removeRepo(repo);
}
