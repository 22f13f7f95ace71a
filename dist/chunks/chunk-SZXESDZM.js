#!/usr/bin/env node
import { createRequire as __bcRequire } from 'node:module'; const require = __bcRequire(import.meta.url);
var t="0.1.0",a=`Usage: bump-classifier [options]

Decides the semantic-version bump of a git range from which files changed and how,
and the next version. Run it in a git work tree; with no options it answers
"what would the next release be?" (latest release tag...HEAD).

Options:
  --repo DIR          git work tree (default: the current directory)
  --base REF          base of the change (default: the current release's tag, the
                      highest on the channel whether or not head reaches it; else the
                      empty tree: a first release is the whole history); with
                      components, each is measured from its own tag
  --head REF          head of the change (default: HEAD); the change is base...head
  --config FILE       config file (default: <repo>/.github/bump-classifier.yml,
                      else the built-in default rules)
  --format FORMAT     text (default), json or markdown
  --component NAME    report one component of a monorepo config; its latest tag is
                      the default base
  --branch NAME       branch for prerelease channels and maintenance ranges (default:
                      GITHUB_HEAD_REF / GITHUB_REF_NAME in GitHub Actions, a --head
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
`;function n(e){return e.length!==1?null:e[0]==="-h"||e[0]==="--help"?a:e[0]==="-v"||e[0]==="--version"?`${t}
`:null}export{t as a,a as b,n as c};
//# sourceMappingURL=chunk-SZXESDZM.js.map
