/**
 * The command line: argv -> local git source -> core -> text | json | markdown.
 * Exit codes: 0 decided, 1 policy failure, 2 bad input (one line on stderr, no stack), 3 a bug.
 */
import { parseArgs } from 'node:util';
import { decide, InputError, oneLine, type Decision } from './core/index.js';
import { readLocalChange } from './sources/local.js';
import { decisionJson } from './report/json.js';
import { renderMarkdown, renderText } from './report/text.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

const HELP = `Usage: bump-classifier [options]

Decides the semantic-version bump of a git range from which files changed and how,
and the next version. Run it in a git work tree; with no options it answers
"what would the next release be?" (latest release tag...HEAD).

Options:
  --repo DIR          git work tree (default: the current directory)
  --base REF          base of the change (default: the latest release tag reachable
                      from head that matches tag-format, else the root commit)
  --head REF          head of the change (default: HEAD); the change is base...head
  --config FILE       config file (default: <repo>/.github/bump-classifier.yml,
                      else the built-in default rules)
  --format FORMAT     text (default), json or markdown
  --component NAME    report one component of a monorepo config; its latest tag is
                      the default base
  --branch NAME       branch for prerelease channels (default: the branch of head)
  --label NAME        a pull-request label to assume (overrides, policy allow-label);
                      repeatable
  -h, --help          show this help
  -v, --version       show the version

Exit codes: 0 decided, 1 policy failure (bump above policy.max-bump),
2 bad input (bad config, unknown ref, not a git repository).
`;

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      repo: { type: 'string' },
      base: { type: 'string' },
      head: { type: 'string' },
      config: { type: 'string' },
      format: { type: 'string', default: 'text' },
      component: { type: 'string' },
      branch: { type: 'string' },
      label: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  }).values;
}

/** Narrows a decision to one component, keeping the document's shape. */
function forComponent(d: Decision, name: string): Decision {
  const c = d.components.find((x) => x.name === name)!;
  const { name: _name, ...release } = c;
  return { ...d, ...release, components: [c] };
}

export async function main(argv: string[], io: CliIO): Promise<number> {
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
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    io.stderr(`bump-classifier: --format: expected text, json or markdown, got "${format}"\n`);
    return 2;
  }
  try {
    const change = await readLocalChange({
      repo: options.repo ?? io.cwd,
      base: options.base,
      head: options.head,
      config: options.config,
      branch: options.branch,
      component: options.component,
      labels: options.label ?? [],
    });
    let decision = decide(change.input);
    if (options.component !== undefined) decision = forComponent(decision, options.component);
    const refs = { baseRef: change.baseRef, headRef: change.headRef };
    for (const notice of change.notices) io.stderr(`bump-classifier: ${notice}\n`);
    if (format === 'json') io.stdout(`${JSON.stringify(decisionJson(decision, refs), null, 2)}\n`);
    else if (format === 'markdown') io.stdout(renderMarkdown(decision, refs));
    else io.stdout(renderText(decision, refs));
    if (decision.policy.failed) {
      io.stderr(`bump-classifier: policy: ${decision.policy.message}\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`bump-classifier: ${oneLine(error)}\n`);
      return 2;
    }
    io.stderr(`bump-classifier: internal error: ${oneLine(error)} (please report it)\n`);
    if (process.env.BUMP_CLASSIFIER_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return 3;
  }
}
