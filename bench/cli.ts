/**
 * End-to-end CLI cost (`npx tsx bench/cli.ts`): `node dist/cli.js --repo DIR` on a 10,000-file
 * change against the one git command the answer needs (`git diff --name-status -z -M`), and
 * `--help` (load only) against bare node; then the git processes of one CLI run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateConfigYaml, generatePaths } from './data.js';
import { alternate, CLI, fastImportRepo, fiCommit, fiFile, figure, fmtMs, fmtVs, gitProcesses, printTable, removeRepo, reportFigures, Rng, sh } from './lib.js';

const TARGET_RATIO = 1.5;
/** The change between the v1.0.0 tag and HEAD. */
const SHAPE = { base: 20_000, added: 6_000, modified: 3_000, removed: 800, renamed: 200 };
const CHANGED = SHAPE.added + SHAPE.modified + SHAPE.removed + SHAPE.renamed;

/** Tag v1.0.0 on a base commit, and a head commit making SHAPE's change; one fast-import stream. */
function createRepo(): string {
  const base = generatePaths(SHAPE.base, 11, 0);
  const added = generatePaths(SHAPE.added, 12, 1_000_000);
  const renamedTo = generatePaths(SHAPE.renamed, 13, 2_000_000);
  const order = new Rng(0xbe4c).shuffle([...base]);
  const [removed, modified, renamedFrom] = [0, SHAPE.removed, SHAPE.removed + SHAPE.modified].map((start, i) =>
    order.slice(start, start + [SHAPE.removed, SHAPE.modified, SHAPE.renamed][i]!),
  ) as [string[], string[], string[]];
  // Small distinct blobs, so exact rename detection pairs only the real renames.
  const file = (p: string, v: string): string => fiFile(p, `// ${p}\n// ${v}\nexport const id = ${JSON.stringify(p)};\n`);
  const dir = fastImportRepo('cli', [
    fiCommit('refs/heads/main', 1, 1_700_000_000, 'base'),
    ...base.map((p) => file(p, 'base')),
    '\nreset refs/tags/v1.0.0\nfrom :1\n\n',
    fiCommit('refs/heads/main', 2, 1_700_000_100, 'head'),
    'from :1\n',
    ...removed.map((p) => `D ${p}\n`),
    ...renamedFrom.map((p, i) => `R ${p} ${renamedTo[i]}\n`),
    ...modified.map((p) => file(p, 'head')),
    ...added.map((p) => file(p, 'new')),
    '\n',
  ].join(''));
  // The CLI reads its config from the work tree, never checked out (git diff of two commits needs none).
  mkdirSync(path.join(dir, '.github'));
  writeFileSync(path.join(dir, '.github', 'bump-classifier.yml'), generateConfigYaml(50));
  return dir;
}

/** Checks the CLI's JSON lists exactly the generated change, from the tag. */
function verify(stdout: Buffer): string {
  const doc = JSON.parse(stdout.toString()) as { bump: string; baseRef: string; files: { status: string }[]; warnings: string[] };
  const counts: Record<string, number> = {};
  for (const f of doc.files) counts[f.status] = (counts[f.status] ?? 0) + 1;
  const wrong = (['added', 'modified', 'removed', 'renamed'] as const).filter((s) => counts[s] !== SHAPE[s]);
  if (doc.files.length !== CHANGED || wrong.length > 0 || doc.baseRef !== 'v1.0.0') {
    throw new Error(`CLI JSON: ${doc.files.length} files from ${doc.baseRef} (${JSON.stringify(counts)}), expected ${JSON.stringify(SHAPE)} from v1.0.0`);
  }
  return `bump ${doc.bump}${doc.warnings.length > 0 ? `; CLI warnings: ${doc.warnings.join(' | ')}` : ''}`;
}

console.log('bench/cli: node dist/cli.js vs the bare git diff it needs (same run, alternating, medians)');
const dir = createRepo();
try {
  const git = ['diff', '--name-status', '-z', '-M', 'v1.0.0...HEAD'];
  const cli = (...args: string[]) => () => sh(process.execPath, [CLI, '--repo', dir, ...args]);
  const records = sh('git', git, { cwd: dir }).toString().split('\0');
  console.log(`  repo: ${SHAPE.base} files at v1.0.0; HEAD adds ${SHAPE.added}, modifies ${SHAPE.modified}, removes ${SHAPE.removed}, renames ${SHAPE.renamed}`);
  console.log(`  verified: git reports ${records.filter((r) => /^[A-Z]\d*$/.test(r)).length} files, the CLI's JSON ${CHANGED} as generated; ${verify(cli('--format', 'json')())}`);

  const m = await alternate(
    {
      git: () => sh('git', git, { cwd: dir }),
      json: cli('--format', 'json'),
      text: cli(),
      node: () => sh(process.execPath, ['-e', '']),
      help: () => sh(process.execPath, [CLI, '--help']),
    },
    2,
    9,
  );
  const processes = gitProcesses((env) => sh(process.execPath, [CLI, '--repo', dir, '--format', 'json'], { env }));
  console.log(`  ${processes.length} git processes of one CLI run (GIT_TRACE2_EVENT; without the CLI's "-c" options):`);
  printTable(
    [
      ['start', 'elapsed', 'command'],
      ...processes.map((p) => [fmtMs(p.startMs), fmtMs(p.elapsedMs), `git ${p.argv.join(' ').replace(/^(-c \S+ )+/, '').replace(/\b([0-9a-f]{7})[0-9a-f]{33}\b/g, '$1')}`]),
    ],
    '    ',
  );
  reportFigures([
    figure('cli', "CLI --help / node -e ''", fmtVs(m.help, m.node), `<= ${TARGET_RATIO}x`, m.help / m.node <= TARGET_RATIO),
    figure('cli', 'CLI json / bare git diff', fmtVs(m.json, m.git), `<= ${TARGET_RATIO}x`, m.json / m.git <= TARGET_RATIO),
    figure('cli', 'CLI text / bare git diff', fmtVs(m.text, m.git), `<= ${TARGET_RATIO}x`, m.text / m.git <= TARGET_RATIO),
    figure('cli', "node -e '' / bare git diff", fmtVs(m.node, m.git)),
    figure('cli', 'git processes per CLI run', String(processes.length)),
  ]);
} finally {
  removeRepo(dir);
}
