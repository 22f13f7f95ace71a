/**
 * The libraries commits.ts parses commit messages with, in one module, so that a program can load
 * them only with `commits.conventional` (see provideCommitParser). A preset is exported under the
 * name the config gives it.
 */
export { CommitParser } from 'conventional-commits-parser';
export { filterRevertedCommitsSync } from 'conventional-commits-filter';
export { default as conventionalcommits } from 'conventional-changelog-conventionalcommits';
export { default as angular } from 'conventional-changelog-angular';
