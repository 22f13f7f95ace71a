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
 * The commits that count for a component. When the source knows each commit's files (local
 * git), those that touch the component's paths. Otherwise (the GitHub API lists commits without
 * files): those whose scope names the component, and those scoped to no component when the
 * change touches the component's files.
 */
export function commitsOf(
  decided: readonly CommitDecision[],
  inputs: readonly CommitInput[],
  component: ComponentConfig,
  touched: boolean,
  components: readonly ComponentConfig[],
): CommitDecision[] {
  const names = new Set(components.map((c) => c.name));
  const filesOf = new Map(inputs.map((c) => [c.sha, c.files]));
  return decided.filter((c) => {
    const files = filesOf.get(c.sha);
    if (files !== undefined) return files.some((path) => component.paths.matches(path));
    return c.scope === component.name || (touched && (c.scope === null || !names.has(c.scope)));
  });
}
