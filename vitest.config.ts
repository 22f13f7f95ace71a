import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that need a process of their own: they judge what the process has loaded (undici) or set
 * process-wide state that another file must not see.
 */
const ISOLATED = ['test/github-proxy.test.ts'];

/**
 * The longest files, longest first. vitest starts the files it has timings for longest first,
 * but has none after a fresh clone or `npm ci` (CI), and then starts the largest files first:
 * these small ones would come last and leave one worker idle while the other finishes them.
 */
const LONGEST = ['fuzz-config-mutations', 'fuzz-config', 'fuzz-tags', 'hardening-api', 'faults', 'field-truth', 'cli-hygiene'].map(
  (name) => `/test/${name}.test.ts`,
);

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Isolated files first, as vitest runs them: a worker that runs file after file is then
    // never stopped for one. Array.prototype.sort is stable: the rest keep vitest's order.
    const rank = (file: TestSpecification) => {
      const index = LONGEST.findIndex((end) => file.moduleId.endsWith(end));
      return (file.project.config.isolate ? 0 : 1 + LONGEST.length) + (index === -1 ? LONGEST.length : index);
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at once. vitest's default is one fewer than the CPUs: one on a 2-core machine,
    // where many files mostly wait (on git, child processes, timeouts and backoff).
    maxWorkers: 2,
    // How many tests of a concurrent suite run at once (test/faults.test.ts: they mostly wait).
    maxConcurrency: 10,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ISOLATED],
          // A worker runs file after file without loading src and the libraries again (most of a
          // small file's time). Nothing here mocks modules; env and globals are stubbed and
          // restored per test (vi.stubEnv, vi.stubGlobal).
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
