// The preset ships no types; bump-classifier uses only its parser options.
declare module 'conventional-changelog-angular' {
  import type { ParserOptions } from 'conventional-commits-parser';
  export default function createPreset(config?: Record<string, unknown>): { parser: ParserOptions };
}
