/**
 * End-to-end CLI cost (`npx tsx bench/cli.ts`), each against what it replaces, in the same run:
 * `node dist/cli.js --repo DIR` (json and text) on a 10,000-file change against what any Node CLI
 * pays for that answer, starting node (`node -e ''`) plus the one git command it needs (`git diff
 * --name-status -z -M`); `--help` against bare node; a commits-only decision (`commits.conventional`,
 * one catch-all rule of bump none) on 715 conventional commits after a tag against
 * `conventional-recommended-bump -p conventionalcommits` (both must agree); the git processes of one run.
 */
import path from 'node:path';
import { conventionalMessages, generateConfigYaml, generatePaths } from './data.js';
import { alternate, CLI, fastImportRepo, fiCommit, fiFile, figure, fmtVs, gitProcesses, printGitProcesses, removeRepo, reportFigures, Rng, ROOT, sh } from './lib.js';

const TARGET = { help: 1.5, range: 2.0, commits: 1.0 };
/** The change between the v1.0.0 tag and HEAD. */
const SHAPE = { base: 20_000, added: 6_000, modified: 3_000, removed: 800, renamed: 200 };
const CHANGED = SHAPE.added + SHAPE.modified + SHAPE.removed + SHAPE.renamed;
/** The commits-only repository: v1.0.0 after 200 commits, then 715 more, each touching 1-3 of 120 files. */
const HISTORY = { before: 200, after: 715, files: 120 };
const CONFIG = '.github/bump-classifier.yml';
const RECOMMENDED_BUMP = path.join(ROOT, 'node_modules', '.bin', 'conventional-recommended-bump');

/** Tag v1.0.0 on a base commit, and a head commit making SHAPE's change; one fast-import stream. */
function rangeRepo(): string {
  const base = generatePaths(SHAPE.base, 11, 0);
  const added = generatePaths(SHAPE.added, 12, 1_000_000);
  const renamedTo = generatePaths(SHAPE.renamed, 13, 2_000_000);
  const [order, r, m] = [new Rng(0xbe4c).shuffle([...base]), SHAPE.removed, SHAPE.removed + SHAPE.modified];
  const [removed, modified, renamedFrom] = [order.slice(0, r), order.slice(r, m), order.slice(m, m + SHAPE.renamed)];
  // Small distinct blobs, so exact rename detection pairs only the real renames.
  const file = (p: string, v: string): string => fiFile(p, `// ${p}\n// ${v}\nexport const id = ${JSON.stringify(p)};\n`);
  const stream = [fiCommit('refs/heads/main', 1, 1_700_000_000, 'base'), ...base.map((p) => file(p, 'base')), '\nreset refs/tags/v1.0.0\nfrom :1\n\n'];
  stream.push(fiCommit('refs/heads/main', 2, 1_700_000_100, 'head'), 'from :1\n', ...removed.map((p) => `D ${p}\n`), ...renamedFrom.map((p, i) => `R ${p} ${renamedTo[i]}\n`));
  stream.push(...modified.map((p) => file(p, 'head')), ...added.map((p) => file(p, 'new')), '\n');
  // The config is read from the work tree, never checked out (git diff of two commits needs none).
  return fastImportRepo('cli', stream.join(''), { [CONFIG]: generateConfigYaml(50) });
}

/** HISTORY's commits with conventionalMessages, v1.0.0 tagged at commit `before`, main checked out. */
function historyRepo(): string {
  const rng = new Rng(0x715);
  const files = Array.from({ length: HISTORY.files }, (_, i) => [`lib/m${i}.js`, `test/m${i}.test.js`, `docs/p${i}.md`][i % 3]!);
  const messages = conventionalMessages(HISTORY.before + HISTORY.after, 0x5e);
  const stream = messages.map((message, k) => {
    const touched = k === 0 ? files : Array.from({ length: 1 + rng.int(3) }, () => rng.pick(files));
    const commit = `${fiCommit('refs/heads/main', k + 1, 1_600_000_000 + 3600 * k, message)}${k > 0 ? `from :${k}\n` : ''}`;
    return `${commit}${touched.map((f) => fiFile(f, `// ${f} ${k}\n`)).join('')}\n${k + 1 === HISTORY.before ? `reset refs/tags/v1.0.0\nfrom :${k + 1}\n\n` : ''}`;
  });
  const config = 'version: 1\ncommits: {conventional: true}\nrules:\n  - {name: files, paths: "**", bump: none}\n';
  const dir = fastImportRepo('commits', stream.join(''), { [CONFIG]: config });
  sh('git', ['checkout', '-q', 'main'], { cwd: dir }); // conventional-recommended-bump reads HEAD of the work tree
  return dir;
}

/** Checks the CLI's JSON lists exactly the generated change, from the tag. */
function verifyRange(stdout: Buffer): string {
  const doc = JSON.parse(stdout.toString()) as { bump: string; baseRef: string; files: { status: string }[]; warnings: string[] };
  const counts: Record<string, number> = { base: SHAPE.base };
  for (const f of doc.files) counts[f.status] = (counts[f.status] ?? 0) + 1;
  if (doc.files.length !== CHANGED || Object.entries(SHAPE).some(([k, n]) => counts[k] !== n) || doc.baseRef !== 'v1.0.0') {
    throw new Error(`CLI JSON: ${doc.files.length} files from ${doc.baseRef} (${JSON.stringify(counts)}), expected ${JSON.stringify(SHAPE)} from v1.0.0`);
  }
  return `bump ${doc.bump}${doc.warnings.length > 0 ? `; CLI warnings: ${doc.warnings.join(' | ')}` : ''}`;
}

/** Checks both tools read HISTORY.after commits and give the same bump. */
function verifyCommits(history: string): string {
  const doc = JSON.parse(sh(process.execPath, [CLI, '--repo', history, '--format', 'json']).toString()) as { bump: string; commits: unknown[] };
  const theirs = sh(process.execPath, [RECOMMENDED_BUMP, '-p', 'conventionalcommits', '-v'], { cwd: history }).toString().trim().split('\n');
  if (doc.commits.length !== HISTORY.after || doc.bump !== theirs[0]) {
    throw new Error(`the CLI decided ${doc.bump} from ${doc.commits.length} commits; conventional-recommended-bump: ${theirs.join(' ')}`);
  }
  return `both ${doc.bump} from ${HISTORY.after} commits (${theirs.slice(1).join(' ')})`;
}

console.log('bench/cli: node dist/cli.js against the work it replaces (same run, alternating, medians)');
const [range, history] = [rangeRepo(), historyRepo()];
try {
  const git = ['diff', '--name-status', '-z', '-M', 'v1.0.0...HEAD'];
  const cli = (...args: string[]) => () => sh(process.execPath, [CLI, '--repo', range, ...args]);
  const records = sh('git', git, { cwd: range }).toString().split('\0').filter((r) => /^[A-Z]\d*$/.test(r)).length;
  console.log(`  range: ${SHAPE.base} files at v1.0.0; HEAD adds ${SHAPE.added}, modifies ${SHAPE.modified}, removes ${SHAPE.removed}, renames ${SHAPE.renamed}`);
  console.log(`  verified: git reports ${records} files, the CLI's JSON ${CHANGED} as generated; ${verifyRange(cli('--format', 'json')())}`);
  console.log(`  commits: verified, ${verifyCommits(history)}`);

  const node = (...args: string[]) => () => sh(process.execPath, args, { cwd: history });
  const m = await alternate({ git: () => sh('git', git, { cwd: range }), json: cli('--format', 'json'), text: cli(), node: node('-e', ''), help: node(CLI, '--help'),
    commits: node(CLI, '--repo', history), recommended: node(RECOMMENDED_BUMP, '-p', 'conventionalcommits') }, 2, 9);
  const processes = gitProcesses((env) => sh(process.execPath, [CLI, '--repo', range, '--format', 'json'], { env }));
  console.log(`  ${processes.length} git processes of one CLI run on the range (GIT_TRACE2_EVENT):`);
  printGitProcesses(processes);
  const nodeGit = m.node + m.git;
  reportFigures([
    figure('cli', "CLI --help / node -e ''", fmtVs(m.help, m.node), `<= ${TARGET.help}x`, m.help / m.node <= TARGET.help),
    figure('cli', "10k range, CLI json / (node -e '' + bare git diff)", fmtVs(m.json, nodeGit), `<= ${TARGET.range}x`, m.json / nodeGit <= TARGET.range),
    figure('cli', "10k range, CLI text / (node -e '' + bare git diff)", fmtVs(m.text, nodeGit), `<= ${TARGET.range}x`, m.text / nodeGit <= TARGET.range),
    figure('cli', "node -e '' / bare git diff", fmtVs(m.node, m.git)),
    figure('cli', `${HISTORY.after} commits, CLI / conventional-recommended-bump`, fmtVs(m.commits, m.recommended), `<= ${TARGET.commits}x`, m.commits / m.recommended <= TARGET.commits),
    figure('cli', 'git processes per CLI run (range)', String(processes.length)),
  ]);
} finally {
  removeRepo(range);
  removeRepo(history);
}
