/** The CLI's JSON document (SPEC section 3): stable camelCase keys. */
import type { ComponentDecision, Decision, ReleaseAs } from '../core/index.js';

/** A component with its keys in the documented order. */
export function componentJson(c: ComponentDecision): ComponentDecision {
  return {
    name: c.name,
    bump: c.bump,
    currentVersion: c.currentVersion,
    currentTag: c.currentTag,
    nextVersion: c.nextVersion,
    nextVersionFull: c.nextVersionFull,
    nextTag: c.nextTag,
    prerelease: c.prerelease,
    base: c.base,
    baseRef: c.baseRef,
    files: c.files,
    // Which commit's Release-As footer set this version; null when none did.
    releaseAs: c.releaseAs,
  };
}

export function decisionJson(d: Decision): Record<string, unknown> {
  return {
    bump: d.bump,
    currentVersion: d.currentVersion,
    currentTag: d.currentTag,
    nextVersion: d.nextVersion,
    nextVersionFull: d.nextVersionFull,
    nextTag: d.nextTag,
    prerelease: d.prerelease,
    channel: d.channel,
    base: d.base,
    baseRef: d.baseRef,
    head: d.head,
    headRef: d.headRef,
    files: d.files,
    commits: d.commits,
    labels: d.labels,
    components: d.components.map(componentJson),
    override: d.override,
    policy: d.policy,
    truncated: d.truncated,
    warnings: d.warnings,
    ...explanationKeys(d),
  };
}

/** The top level's Release-As commit and the notes on how the decision was reached. */
function explanationKeys(d: Decision): { releaseAs: ReleaseAs | null; notes: string[] } {
  return { releaseAs: d.releaseAs ?? null, notes: d.notes ?? [] };
}
