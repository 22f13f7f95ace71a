/** `version-from.major`: MAJOR derived from the file names in the tree at head. */
import type { Config } from './config/index.js';
import type { DerivedMajor } from './versions.js';

/** Whether a `version-from` derivation needs the head tree. */
export function needsHeadTree(config: Config): boolean {
  return config.versionFrom !== null;
}

/** The largest number `version-from.major` derives from file names in the head tree. */
export function deriveMajor(config: Config, tree: readonly string[]): { derived: DerivedMajor | null; warnings: string[] } {
  const from = config.versionFrom;
  if (from === null) return { derived: null, warnings: [] };
  let best: DerivedMajor | null = null;
  let bestValue = -1n;
  const notNumbers: string[] = [];
  for (const path of tree) {
    if (!from.files.matches(path)) continue;
    const name = path.slice(path.lastIndexOf('/') + 1);
    const captured = from.pattern.firstGroup(name);
    if (captured === undefined) continue;
    if (!/^\d+$/.test(captured)) {
      notNumbers.push(path);
      continue;
    }
    const value = BigInt(captured);
    if (value > bestValue) {
      bestValue = value;
      best = { value: value.toString(), file: path };
    }
  }
  const warnings: string[] = [];
  if (notNumbers.length > 0) {
    warnings.push(`version-from.major: ignored ${notNumbers.length} file(s) whose captured text is not a number, e.g. ${notNumbers[0]}`);
  }
  if (best === null) {
    warnings.push('version-from.major: no file at head matches version-from.major.files; the version is computed without it');
  }
  return { derived: best, warnings };
}
