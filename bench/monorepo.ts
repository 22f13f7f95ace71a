/**
 * Monorepo scale (issue 8 §2): `node dist/cli.js` on 200 components, each tagged at a different
 * commit, in a repository of 50,000 files and 2,000 commits, against the same repository
 * configured as one component. Targets: at most 3x the one-component time, and under 2 s.
 *
 *   npx tsx bench/monorepo.ts        (or: npm run bench -- monorepo)
 *
 * The repository is one `git fast-import` stream in a temp dir (removed at the end; keep it with
 * BENCH_KEEP_REPO=1). Tags are lightweight; the 5% on side commits are changesets-style release
 * commits (parent on main, never merged), so those components are measured from a merge-base
 * that is not their tag. Runs alternate after a warm-up; medians are reported. One extra run with GIT_TRACE2_EVENT counts the git processes the CLI starts: it
 * must not grow with the number of files or commits.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alternate, CLI, fastImportRepo, figure, fmtMs, fmtRatio, gitProcesses, printTable, removeRepo, reportFigures, Rng, sh, timeMs, verdict } from './lib.js';

const COMPONENTS = 200;
const FILES_PER = 250; // 200 x 250 = 50,000 files
const COMMITS = 2_000;
const BASELINE_TAG_AT = 1_000;
const TARGET_RATIO = 3;
const TARGET_MS = 2_000;

const pad = (n: number, w = 3): string => String(n).padStart(w, '0');
const name = (c: number): string => `c${pad(c)}`;
/** src (minor), test (none) and docs (patch) files under the built-in rules. */
const file = (c: number, f: number): string =>
  `packages/${name(c)}/${f < 200 ? `src/f${pad(f)}.ts` : f < 240 ? `test/f${pad(f)}.test.ts` : `docs/f${pad(f)}.md`}`;
/** Component c's tag lands on main commit 10c+5; every 20th (5%) on a side commit instead. */
const tagAt = (c: number): number => 10 * c + 5;
const onSide = (c: number): boolean => c % 20 === 13;
const hasOlderTag = (c: number): boolean => c % 20 === 7;

/** The fast-import stream: commit 1 adds every file; commits 2..2000 touch a few files of a few components. */
function stream(): string {
  const rng = new Rng(0x3a0e);
  const out: string[] = [];
  const blob = (p: string, v: string): string => {
    const data = `// ${p}\n// ${v}\nexport const v = ${JSON.stringify(v)};\n`;
    return `M 100644 inline ${p}\ndata ${Buffer.byteLength(data)}\n${data}\n`;
  };
  const commit = (ref: string, mark: number, time: number, message: string): void => {
    out.push(`commit ${ref}\nmark :${mark}\ncommitter Bench <bench@example.invalid> ${time} +0000\ndata ${Buffer.byteLength(message)}\n${message}\n`);
  };
  const tag = (t: string, mark: number): void => void out.push(`reset refs/tags/${t}\nfrom :${mark}\n\n`);
  const minor = Array.from({ length: COMPONENTS }, () => 1 + rng.int(20)); // cNNN@1.M.0
  const types = { feat: 2, fix: 4, chore: 2, docs: 1, refactor: 1 } as const;
  for (let k = 1; k <= COMMITS; k++) {
    const time = 1_700_000_000 + 60 * k;
    const touched = Array.from({ length: 1 + rng.int(3) }, () => rng.int(COMPONENTS));
    const type = rng.weighted(types);
    const message = k === 1 ? 'chore: initial import\n' : `${type}${rng.int(2) ? `(${name(touched[0]!)})` : ''}: change ${k}\n`;
    commit('refs/heads/main', k, time, message);
    if (k === 1) for (let c = 0; c < COMPONENTS; c++) for (let f = 0; f < FILES_PER; f++) out.push(blob(file(c, f), 'v0'));
    else for (const c of touched) for (let n = 1 + rng.int(4); n > 0; n--) out.push(blob(file(c, rng.int(FILES_PER)), `v${k}`));
    out.push('\n');
    for (let c = 0; c < COMPONENTS; c++) {
      if (hasOlderTag(c) && k === tagAt(c) - 5) tag(`${name(c)}@1.${minor[c]! - 1}.0`, k);
      if (tagAt(c) !== k) continue;
      const t = `${name(c)}@1.${minor[c]}.0`;
      if (!onSide(c)) {
        tag(t, k);
        continue;
      }
      // The release commit: parent on main, tagged, never merged (changesets/action's shape):
      // the component is measured from the merge-base.
      const change = blob(file(c, FILES_PER - 1), t); // its docs file stands in for a CHANGELOG
      commit(`refs/tags/${t}`, 100_000 + c, time + 30, `chore(release): ${t}\n`);
      out.push(`from :${k}\n${change}\n`);
    }
  }
  out.push(`reset refs/tags/all@1.0.0\nfrom :${BASELINE_TAG_AT}\n\n`);
  return out.join('');
}

/**
 * Configs: the 200 components, and the baseline of one component `all` ("**") whose tag
 * all@1.0.0 is at commit 1000, so its change is a real one (1,000 commits, thousands of files)
 * rather than empty (tag at HEAD) or the root commit's. Each also with conventional commits,
 * since the commits of each component's range are read too.
 */
function configs(dir: string): Record<string, string> {
  const mono = `version: 1\ncomponents:\n${Array.from({ length: COMPONENTS }, (_, c) => `  - {name: ${name(c)}, paths: "packages/${name(c)}/**"}\n`).join('')}`;
  const one = 'version: 1\ncomponents:\n  - {name: all, paths: "**"}\n';
  const cc = 'commits: {conventional: true}\n';
  const yamls: Record<string, string> = { mono, one, 'mono-cc': mono + cc, 'one-cc': one + cc };
  const files: Record<string, string> = {};
  for (const [k, yaml] of Object.entries(yamls)) writeFileSync((files[k] = path.join(dir, `${k}.yml`)), yaml);
  return files;
}

interface Doc {
  bump: string;
  components: { name: string; bump: string; currentVersion: string; nextVersion: string; currentTag: string | null }[];
}

console.log(`bench/monorepo: ${COMPONENTS} components vs one, ${(COMPONENTS * FILES_PER).toLocaleString('en-US')} files, ${COMMITS} commits`);
let repo = '';
const built = timeMs(() => (repo = fastImportRepo('monorepo', stream())));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bump-classifier-bench-monorepo-config-'));
try {
  const cfg = configs(tmp);
  console.log(`  repo built in ${fmtMs(built)} by git fast-import; ${COMPONENTS + 1} tags + 10 older ones; 10 on release commits off main`);
  const args = (k: string): string[] => [CLI, '--repo', repo, '--config', cfg[k]!, '--format', 'json'];

  // Sanity: the monorepo's answer, so a reader can judge it is plausible.
  const doc = JSON.parse(sh(process.execPath, args('mono')).toString()) as Doc;
  const changed = doc.components.filter((c) => c.bump !== 'none').length;
  const first = doc.components.slice(0, 2).map((c) => `${c.name} ${c.currentTag ?? '-'} ${c.currentVersion} -> ${c.nextVersion} (${c.bump})`);
  console.log(`  sanity (mono): bump ${doc.bump}; ${changed}/${doc.components.length} components changed; ${first.join('; ')}`);

  const runs = Object.fromEntries(Object.keys(cfg).map((k) => [k, () => sh(process.execPath, args(k), { stdio: ['ignore', 'ignore', 'pipe'] })]));
  const { medians } = await alternate(runs, 1, 7);
  const processes = gitProcesses((env) => spawnSync(process.execPath, args('mono-cc'), { env, stdio: 'ignore' }));
  const byCmd = new Map<string, number>();
  for (const p of processes) {
    const sub = p.argv.filter((a, i, all) => a !== '-c' && all[i - 1] !== '-c')[0] ?? '?';
    byCmd.set(sub, (byCmd.get(sub) ?? 0) + 1);
  }

  const rows: string[][] = [['variant', `${COMPONENTS} components`, 'one component', 'ratio', 'targets']];
  const figures = [];
  for (const v of ['', '-cc']) {
    const [m, o] = [medians[`mono${v}`]!, medians[`one${v}`]!];
    const label = v ? 'conventional commits' : 'files only';
    const [okRatio, okTime] = [m / o <= TARGET_RATIO, m < TARGET_MS];
    rows.push([label, fmtMs(m), fmtMs(o), fmtRatio(m / o), `<= ${TARGET_RATIO}x ${verdict(okRatio)}, < 2 s ${verdict(okTime)}`]);
    figures.push(
      figure('monorepo', `${label}: 200 components`, fmtMs(m), `< ${TARGET_MS} ms`, okTime),
      figure('monorepo', `${label}: 200 / one`, fmtRatio(m / o), `<= ${TARGET_RATIO}x`, okRatio),
    );
  }
  printTable(rows);
  const detail = [...byCmd].map(([c, n]) => `${c} ${n}`).join(', ');
  console.log(`  git processes of one monorepo run (conventional commits, GIT_TRACE2_EVENT): ${processes.length} (${detail})`);
  reportFigures([...figures, figure('monorepo', 'git processes per monorepo run', String(processes.length))]);
} finally {
  rmSync(tmp, { recursive: true, force: true });
  removeRepo(repo);
}
