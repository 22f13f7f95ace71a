#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
var a="0.1.0",o=`Usage: bump-classifier [options]
       bump-classifier explain [--repo DIR] [--config FILE] [--status STATUS]
                               [--format text|json] PATH...
       bump-classifier check [--repo DIR] [--config FILE] [--format text|json] [--strict]

Decides the semantic-version bump of a git range from which files changed and how,
and the next version. Run it in a git work tree; with no options it answers
"what would the next release be?" (latest release tag...HEAD).

Commands (for writing rules; the command is the first argument):
  explain PATH...     which rule decides each path, and why each earlier rule does
                      not (a glob, a "!" exclusion, the status, a content condition);
                      with --config it needs no git repository
  check               validate the config, count the files of HEAD's tree each rule
                      decides, and warn about rules that decide no file
  'bump-classifier explain --help' and 'bump-classifier check --help' say more.

Options:
  --repo DIR          git work tree (default: the current directory)
  --base REF          base of the change (default: the current release's tag, the
                      highest on the channel whether or not head reaches it; else the
                      empty tree: a first release is the whole history); with
                      components, each is measured from its own tag
  --head REF          head of the change (default: HEAD); the change is base...head
  --config FILE       config file (default: <repo>/.github/bump-classifier.yml,
                      else the built-in default rules)
  --format FORMAT     text (default), json, markdown, or notes (the "why" release
                      notes in markdown, as the action's release body starts)
  --component NAME    report one component of a monorepo config; its latest tag is
                      the default base
  --branch NAME       branch for prerelease channels and maintenance ranges (default:
                      GITHUB_BASE_REF / GITHUB_REF_NAME in GitHub Actions, the
                      merge request's target / CI_COMMIT_BRANCH in GitLab CI, a --head
                      naming a branch, HEAD's branch, or the one branch at head)
  --label NAME        a pull-request label to assume (overrides, policy allow-label);
                      repeatable

Remote preview (read-only, through the GitHub API; token from GITHUB_TOKEN, API URL
from GITHUB_API_URL, default https://api.github.com):
  --github OWNER/REPO decide on GitHub instead of a local work tree, with
    --pr N            a pull request, as the action would on it, or
    --base A --head B a comparison (head default: the default branch; base
                      default: the current release's tag, else the first release);
                      --config is then a path in the repository
  -h, --help          show this help
  -v, --version       show the version

Exit codes: 0 decided, 1 policy failure (bump above policy.max-bump),
2 bad input or an answer that cannot be known (bad config, unknown ref, not a
git repository, a shallow clone, a next tag that already exists elsewhere).
`,n=`Usage: bump-classifier explain [--repo DIR] [--config FILE] [--status STATUS]
                               [--format text|json] PATH...

For each PATH (repository-relative, as the config's globs see it; one starting
with ./ or ../ is read from the current directory), the rule that
decides its bump, and why each earlier rule does not: none of its globs matches,
a "!" glob excludes the path, its status condition is not met (it says under which
status it would match), or it has a content condition (it decides the file only
if a changed line of the patch matches its regex, which explain cannot see).
With components, also the components the path belongs to and their rules.

Options:
  --repo DIR          git work tree whose config is read (default: the current
                      directory); not needed with --config
  --config FILE       config file (default: <repo>/.github/bump-classifier.yml,
                      else the built-in default rules); with it, no git is needed
  --status STATUS     the change assumed: added, modified (default), removed,
                      renamed or copied
  --format FORMAT     text (default) or json (an array, one entry per path)
  -h, --help          show this help

Exit codes: 0 explained, 2 bad input (bad config, no PATH, not a git repository).
`,s=`Usage: bump-classifier check [--repo DIR] [--config FILE] [--format text|json] [--strict]

Validates the config, then tries its rules on every file of HEAD's tree (git
ls-tree): for each rule, how many files it decides (first match wins, each file
with a status the rule accepts) and how many its paths match. Warns about a rule
that decides no file: no file matches its paths (a glob that misses the layout),
or earlier rules take every file it matches (it is shadowed; they are named).
With components, also each component's files and rules.

Options:
  --repo DIR          git work tree (default: the current directory)
  --config FILE       config file (default: <repo>/.github/bump-classifier.yml,
                      else the built-in default rules)
  --format FORMAT     text (default) or json
  --strict            exit 1 when there is any warning
  -h, --help          show this help

Exit codes: 0 checked, 1 a warning with --strict, 2 bad input (bad config, not a
git repository, a repository with no commits).
`;function r(e){let t=i=>i==="-h"||i==="--help";if(e.length===2&&t(e[1])){if(e[0]==="explain")return n;if(e[0]==="check")return s}return e.length!==1?null:t(e[0])?o:e[0]==="-v"||e[0]==="--version"?`${a}
`:null}export{a,o as b,n as c,s as d,r as e};
//# sourceMappingURL=chunk-7NRKG5KT.js.map
