/** `policy`: a bump above `max-bump` fails the check, unless the allow label is on the PR. */
import type { Config } from './config/index.js';
import { ROOT_COMPONENT } from './releases.js';
import { bumpRank, type Bump, type CommitDecision, type ComponentDecision, type PolicyResult } from './types.js';

/** The policy result; its message names the files and commits above the limit. */
export function checkPolicy(
  config: Config,
  bump: Bump,
  labels: readonly string[],
  files: readonly { path: string; bump: Bump; rule: string | null }[],
  components: readonly ComponentDecision[],
  commits: readonly CommitDecision[],
): PolicyResult {
  const max = config.policy.maxBump;
  if (bumpRank(bump) <= bumpRank(max)) return { maxBump: max, failed: false, allowed: false, message: null };
  const above = (b: Bump): boolean => bumpRank(b) > bumpRank(max);
  const causes = [
    ...[...files, ...components.filter((c) => c.name !== ROOT_COMPONENT).flatMap((c) => c.files)]
      .filter((f) => above(f.bump))
      .map((f) => `${f.path} (${f.rule ?? 'default-bump'}: ${f.bump})`),
    ...commits.filter((c) => above(c.bump)).map((c) => `commit ${c.sha.slice(0, 7)} "${c.subject}" (${c.reason}: ${c.bump})`),
  ];
  const unique = [...new Set(causes)];
  const caused =
    unique.length > 0
      ? ` caused by ${unique.slice(0, 10).join(', ')}${unique.length > 10 ? ` and ${unique.length - 10} more` : ''}`
      : '';
  const allowLabel = config.policy.allowLabel;
  const allowed = allowLabel !== null && labels.includes(allowLabel);
  const message = allowed
    ? `bump ${bump} is above policy.max-bump ${max}, allowed by the label "${allowLabel}"${caused}`
    : `bump ${bump} is above policy.max-bump ${max}${caused}` +
      (allowLabel !== null ? `; add the label "${allowLabel}" to allow it` : '');
  return { maxBump: max, failed: !allowed, allowed, message };
}
