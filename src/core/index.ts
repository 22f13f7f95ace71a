/** The pure core of bump-classifier: no file system, no git, no network, no @actions/*. */
export * from './types.js';
export * from './errors.js';
export { parseConfig, configFromText, defaultConfig, configJsonSchema, DEFAULT_CONFIG_PATH, DEFAULT_CONFIG, DEFAULT_RULES } from './config/index.js';
export type { Config, Rule, ComponentConfig, Channel } from './config/index.js';
export {
  decide,
  filesNeedingPatch,
  needsHeadTree,
  channelFor,
  deriveMajor,
  managedLabels,
  latestReleaseTag,
  tagFormatOf,
  ROOT_COMPONENT,
} from './decide.js';
export type { DecideInput, LineChange } from './decide.js';
export { releaseLines, releaseLineOf, lineVersions, maintenanceRangeOf } from './releases.js';
export type { ReleaseLine, TagPlace, MaintenanceRange } from './releases.js';
export { classify, RuleSet } from './classify.js';
export { classifyCommits } from './commits.js';

export { TagFormat, readVersions, nextVersion, parseVersionText, tagNameProblem } from './versions.js';
export { PathSet, Glob, globProblem } from './globs.js';
export { floatingTagsOf, highestCovered, FLOATING_TAG_MODES } from './floating-tags.js';
export type { FloatingTag, FloatingTagMode, CoveredRelease } from './floating-tags.js';
