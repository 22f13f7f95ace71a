/** `overrides.labels`: a PR label that sets the bump exactly, whatever the files say. */
import type { Config } from './config/index.js';
import { InputError } from './errors.js';
import type { Bump } from './types.js';

/** The override label on the PR, if any; two different ones are an error naming both. */
export function findOverride(config: Config, labels: readonly string[]): { label: string; bump: Bump } | null {
  const present = [...new Set(labels.filter((l) => config.overrides.has(l)))];
  if (present.length > 1) {
    throw new InputError(
      `conflicting override labels ${present.map((l) => `"${l}" (${config.overrides.get(l)})`).join(' and ')}; keep one`,
    );
  }
  const label = present[0];
  return label === undefined ? null : { label, bump: config.overrides.get(label)! };
}
