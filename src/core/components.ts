/** Components: the files and commits of a change that count for one component. */
import type { ComponentConfig } from './config/index.js';
import type { ChangedFile, CommitDecision, CommitInput } from './types.js';

/** The files whose path (or previous path) the component's paths match. */
export function componentFiles(component: ComponentConfig, files: readonly ChangedFile[]): ChangedFile[] {
  return files.filter(
    (f) => component.paths.matches(f.path) || (f.previousPath !== undefined && component.paths.matches(f.previousPath)),
  );
}

/**
 * Whether a commit counts for a component. When the source knows the commit's files (local
 * git): when it touches the component's paths. Otherwise (the GitHub API lists commits without
 * files): when its scope names the component, or it is scoped to no component and the change
 * touches the component's files (`touched`).
 */
export function countsFor(
  commit: { files: readonly string[] | undefined; scope: string | null },
  component: ComponentConfig,
  touched: boolean,
  names: ReadonlySet<string>,
): boolean {
  if (commit.files !== undefined) return commit.files.some((path) => component.paths.matches(path));
  return commit.scope === component.name || (touched && (commit.scope === null || !names.has(commit.scope)));
}

/** The commits that count for a component (see countsFor). */
export function commitsOf(
  decided: readonly CommitDecision[],
  inputs: readonly CommitInput[],
  component: ComponentConfig,
  touched: boolean,
  components: readonly ComponentConfig[],
): CommitDecision[] {
  const names = new Set(components.map((c) => c.name));
  const filesOf = new Map(inputs.map((c) => [c.sha, c.files]));
  return decided.filter((c) => countsFor({ files: filesOf.get(c.sha), scope: c.scope }, component, touched, names));
}
