/**
 * The command line: argv -> local git source -> core -> text | json | markdown.
 * Exit codes: 0 decided, 1 policy failure, 2 bad input (one line on stderr, no stack), 3 a bug.
 */
import { parseArgs } from 'node:util';
import { InputError, oneLine, type Decision } from './core/index.js';
import type { ApiError } from './github/client.js';
import { decideChange, type ChangeRequest } from './sources/change.js';
import type { GitHubSource } from './sources/github.js';
import { loadCommitParser, loadRegexEngine, localRequest } from './sources/local.js';
import { decisionJson } from './report/json.js';
import { renderMarkdown, renderText } from './report/text.js';
import { visible } from './report/escape.js';
import { HELP, VERSION } from './cli-help.js';
import type { CliIO } from './cli-io.js';

export type { CliIO } from './cli-io.js';

const OPTIONS = {
  repo: { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  config: { type: 'string' },
  format: { type: 'string', default: 'text' },
  component: { type: 'string' },
  branch: { type: 'string' },
  label: { type: 'string', multiple: true },
  github: { type: 'string' },
  pr: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parse(argv: string[]) {
  return parseArgs({ args: argv, strict: true, allowPositionals: false, options: OPTIONS }).values;
}

/**
 * Where the command is: the first positional argument, when it names one. Options may come
 * before it (`--repo DIR check`); an option's value (`--branch check`) is never a command.
 */
function commandIndex(argv: string[]): number {
  const { tokens } = parseArgs({ args: argv, strict: false, allowPositionals: true, tokens: true, options: OPTIONS });
  const first = tokens.find((t) => t.kind === 'positional' || t.kind === 'option-terminator');
  return first?.kind === 'positional' && COMMANDS.has(first.value) ? first.index : -1;
}

/** Narrows a decision to one component, keeping the document's shape. */
function forComponent(d: Decision, name: string): Decision {
  const c = d.components.find((x) => x.name === name);
  if (c === undefined) return d; // "root" of a monorepo without a top-level version: the top level itself
  const { name: _name, ...release } = c;
  // Other components' warnings ("web: ...") are about lines not asked for.
  const others = d.components.filter((x) => x.name !== name).map((x) => `${x.name}: `);
  const warnings = d.warnings.filter((w) => !others.some((prefix) => w.startsWith(prefix)));
  return { ...d, ...release, components: [c], warnings };
}

/** The commands, named by the first positional argument (the main command takes none). */
const COMMANDS: ReadonlySet<string> = new Set(['explain', 'check']);

export async function main(argv: string[], io: CliIO): Promise<number> {
  const at = argv.some((a) => COMMANDS.has(a)) ? commandIndex(argv) : -1;
  if (at >= 0) {
    const { runCommand } = await import('./cli-commands.js');
    return runCommand(argv[at] as 'explain' | 'check', [...argv.slice(0, at), ...argv.slice(at + 1)], io);
  }
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    io.stderr(`bump-classifier: ${oneLine(error)}\nTry 'bump-classifier --help'.\n`);
    return 2;
  }
  if (options.help) {
    io.stdout(HELP);
    return 0;
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const format = options.format;
  if (format !== 'text' && format !== 'json' && format !== 'markdown' && format !== 'notes') {
    io.stderr(`bump-classifier: --format: expected text, json, markdown or notes, got "${format}"\n`);
    return 2;
  }
  // The API client loads only for --github; its errors are then the user's to fix too.
  let apiError: typeof ApiError | null = null;
  try {
    if (options.github === undefined && options.pr !== undefined) throw new InputError('--pr needs --github OWNER/REPO');
    const { source, request, notices, remotesWithoutTags } =
      options.github !== undefined
        ? { ...(await gitHubRequest(options, io.env, (loaded) => (apiError = loaded))), remotesWithoutTags: null }
        : await localRequest({
            repo: options.repo ?? io.cwd,
            base: options.base,
            head: options.head,
            config: options.config,
            branch: options.branch,
            component: options.component,
            labels: options.label ?? [],
            env: io.env,
          }).then((r) => ({ ...r, remotesWithoutTags: () => r.source.remotesWithoutTags() }));
    let decided = await decideChange(source, { ...request, only: options.component });
    // "No release yet" in a clone that never fetched tags (it has none) may be wrong: say so.
    if (remotesWithoutTags !== null) {
      const remotes = await remotesWithoutTags();
      if (remotes.length > 0) {
        const warning = `no release tag was found, and this clone does not fetch tags from ${remotes.join(', ')} (git clone --no-tags); if the repository has releases, fetch them: git fetch --tags`;
        decided = { ...decided, warnings: [...decided.warnings, warning] };
      }
    }
    let decision = decided;
    if (options.component !== undefined) decision = forComponent(decision, options.component);
    for (const notice of notices) io.stderr(`bump-classifier: ${notice}\n`);
    if (format === 'json') io.stdout(`${JSON.stringify(decisionJson(decision), null, 2)}\n`);
    else if (format === 'markdown') io.stdout(renderMarkdown(decision));
    else if (format === 'notes') io.stdout(await notes(decided, options, io.env));
    else io.stdout(renderText(decision));
    if (decision.policy.failed) {
      io.stderr(`bump-classifier: policy: ${visible(decision.policy.message ?? '')}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    // An API refusal (unknown repository or PR, bad token, limits) is the user's to fix too.
    if (error instanceof InputError || (apiError !== null && error instanceof apiError)) {
      io.stderr(`bump-classifier: ${visible(oneLine(error))}\n`);
      return 2;
    }
    io.stderr(`bump-classifier: internal error: ${oneLine(error)} (please report it)\n`);
    if (process.env.BUMP_CLASSIFIER_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return 3;
  }
}

/**
 * The "why" release notes of the decision (of --component's line when given), as the action's
 * release body starts. Pull requests named in subjects link to the repository only with --github:
 * a local work tree's web address is not known.
 */
async function notes(decision: Decision, options: ReturnType<typeof parse>, env: Record<string, string | undefined>): Promise<string> {
  const { whyNotes } = await import('./report/notes.js');
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const repoUrl = options.github === undefined ? null : `${serverUrl}/${options.github}`;
  return whyNotes(decision, { repoUrl, component: options.component });
}

/** A request through the GitHub API, as the action reads it; never writes. */
async function gitHubRequest(
  options: ReturnType<typeof parse>,
  env: Record<string, string | undefined>,
  loaded: (apiError: typeof ApiError) => void,
): Promise<{ source: GitHubSource; request: ChangeRequest; notices: string[] }> {
  const [owner, repo, extra] = options.github!.split('/');
  if (!owner || !repo || extra !== undefined) throw new InputError(`--github: expected OWNER/REPO, got "${options.github}"`);
  if (options.pr !== undefined && (options.base !== undefined || options.head !== undefined)) {
    throw new InputError('--pr decides a pull request; leave out --base and --head');
  }
  // The config is read through the API, so the engines core may need are loaded up front.
  const [{ ApiError, createClient }, { GitHubSource, TreeLister }, { remoteConfig }] = await Promise.all([
    import('./github/client.js'),
    import('./sources/github.js'),
    import('./sources/remote.js'),
    loadRegexEngine(),
    loadCommitParser(),
  ]);
  loaded(ApiError);
  const client = createClient({ token: env.GITHUB_TOKEN ?? '', baseUrl: env.GITHUB_API_URL || 'https://api.github.com', env });
  const source = new GitHubSource(client, { owner, repo });
  source.completeWith([new TreeLister(source)]);
  const configPath = options.config ?? '.github/bump-classifier.yml';
  const notices: string[] = [];
  if (options.pr !== undefined) {
    const number = Number(options.pr);
    if (!Number.isInteger(number) || number <= 0) throw new InputError(`--pr: expected a pull request number, got "${options.pr}"`);
    const pull = await source.pull(number);
    const config = await remoteConfig(source, configPath, pull.baseSha, notices, options.config !== undefined);
    source.forPull(pull);
    return {
      source,
      notices,
      request: {
        config,
        head: pull.headSha,
        headRef: pull.headSha.slice(0, 7),
        branch: options.branch ?? pull.baseRef,
        base: { sha: pull.baseSha, ref: pull.baseRef },
        labels: [...new Set([...pull.labels, ...(options.label ?? [])])],
        extraCommits: [{ sha: `PR #${pull.number}`, message: pull.title }],
        checkPlaces: false,
      },
    };
  }
  const headRef = options.head ?? (await client.rest.repos.get({ owner, repo })).data.default_branch;
  const head = await source.resolveCommit(headRef);
  const config = await remoteConfig(source, configPath, head, notices, options.config !== undefined);
  const base = options.base === undefined ? null : { sha: await source.resolveCommit(options.base), ref: options.base };
  return {
    source,
    notices,
    request: { config, head, headRef, branch: options.branch ?? headRef, base, labels: options.label ?? [], checkPlaces: true },
  };
}
