/**
 * One fake GitHub API for a test file: started in beforeAll, closed in afterAll. Returns an
 * accessor, not the API, because the API exists only once beforeAll has run.
 *
 * Call it before the file's own hooks that use the API: vitest runs beforeAll hooks in the order
 * they are registered and afterAll hooks in reverse (sequence.hooks "stack", the default), so
 * those hooks run after the API has started and before it closes.
 *
 * Not exported from ./index.js: bench/ imports that outside vitest.
 */
import { afterAll, beforeAll } from 'vitest';
import { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from './index.js';

export function useFakeGitHub(options: FakeGitHubOptions = {}): () => FakeGitHub {
  let gh: FakeGitHub | undefined;
  beforeAll(async () => {
    gh = await startFakeGitHub(options);
  });
  afterAll(async () => {
    // A failed start has already failed the file; nothing to close then.
    await gh?.close();
  });
  return () => {
    if (gh === undefined) throw new Error('useFakeGitHub: the fake API was used before its beforeAll started it');
    return gh;
  };
}
