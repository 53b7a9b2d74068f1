import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^(\.\.?\/)+typescript\.cjs$/, replacement: fileURLToPath(new URL('./test/helpers/typescript-esm.ts', import.meta.url)) },
      // Fixture projects import the SDK by its package name; in tests that is the source.
      { find: /^composable-agents$/, replacement: fileURLToPath(new URL('./src/sdk/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Fixture projects carry their own (excluded) test files; they are data, not tests.
    exclude: ['**/node_modules/**', 'fixtures/**', 'templates/**', 'bench/**'],
    // A throwaway PostgreSQL server for the run (CA_TEST_PG_URL); see test/helpers/postgres.ts.
    globalSetup: ['test/helpers/postgres-cluster.ts'],
    // Temporary folders and databases are removed after each test and file, whichever file made them.
    setupFiles: ['test/helpers/after-each-file.ts'],
    // Test files share a worker's modules: the TypeScript compiler and ca's sources load once per
    // worker instead of once per file (the in-process test folders ran in 43 s instead of 70 s).
    // Nothing in the tests relies on module state between files; cleanup is per file (setupFiles).
    isolate: false,
    // Most tests wait on child processes (the real CLI, git, npm), so two workers pay off even
    // on a 2-CPU machine, where vitest's default would be one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
