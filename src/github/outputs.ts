/** The action's outputs (SPEC section 4), as strings, every JSON value kept under 1 MB. */
import type { Decision } from '../core/index.js';
import { componentJson } from '../report/json.js';

export const MAX_OUTPUT_FILES = 1000;
const MAX_JSON_BYTES = 1_000_000;
/** Files listed per component in the `components` output (a matrix needs the name, not every path). */
export const MAX_COMPONENT_FILES = 100;

/** The JSON of `items`, dropping items from the end until it fits in `maxBytes`. */
function boundedJson(items: readonly unknown[], maxBytes = MAX_JSON_BYTES): string {
  let count = items.length;
  let json = JSON.stringify(items);
  while (Buffer.byteLength(json) > maxBytes && count > 0) {
    count = Math.floor(count * 0.9);
    json = JSON.stringify(items.slice(0, count));
  }
  return json;
}

/** What the writes made, as outputs: comma-separated for several components. */
export interface WriteOutputs {
  tagCreated?: string;
  releaseUrl?: string;
  releaseId?: string;
  floatingTags?: string;
}

export function decisionOutputs(d: Decision, writes: WriteOutputs = {}): Record<string, string> {
  // `changed` is "something would be released": the `components` output is not empty. Without
  // components that is bump != none; with them, a change outside every component releases nothing.
  const changed = d.components.filter((c) => c.bump !== 'none');
  return {
    bump: d.bump,
    changed: String(changed.length > 0),
    'current-version': d.currentVersion ?? '',
    'next-version': d.nextVersion ?? '',
    'next-version-full': d.nextVersionFull ?? '',
    'next-tag': d.nextTag ?? '',
    files: boundedJson(d.files.slice(0, MAX_OUTPUT_FILES)),
    'file-count': String(d.files.length),
    labels: JSON.stringify(d.labels),
    components: boundedJson(
      changed.map((c) => ({ ...componentJson(c), files: c.files.slice(0, MAX_COMPONENT_FILES), fileCount: c.files.length })),
    ),
    truncated: String(d.truncated),
    warnings: boundedJson(d.warnings),
    'tag-created': writes.tagCreated ?? '',
    'release-url': writes.releaseUrl ?? '',
    'release-id': writes.releaseId ?? '',
    'floating-tags': writes.floatingTags ?? '',
  };
}
