import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Tests that start processes or servers (the CLI, esbuild, cfn-lint, moto_server, DuckDB) or run long
 * properties: `npm test` runs them with the rest; `npm run test:unit` leaves them out.
 */
const SLOW = [
  'test/scripts/**/*.test.ts',
  'test/deploy/**/*.test.ts',
  'test/blueprints/build.test.ts',
  'test/aws/**/*.moto.test.ts',
  'test/aws/glueTables.test.ts',
  'test/aws/secretEnvironment.test.ts',
  'test/package/**/*.test.ts',
  'test/docs/**/*.test.ts',
  'test/formats/parquet/writeParquet*.test.ts',
  'test/formats/serde/jsonSchema.property.test.ts',
];

export const config = defineConfig({
  // docs/examples import the package by its name, as users do; in this repository that is the source.
  resolve: {
    alias: [
      { find: /^firehose-kit$/, replacement: here('./index.ts') },
      { find: /^firehose-kit\/testing$/, replacement: here('./testing/index.ts') },
      { find: /^firehose-kit\/deploy$/, replacement: here('./deploy/index.ts') },
      { find: /^firehose-kit\/parquet$/, replacement: here('./formats/parquet/index.ts') },
    ],
  },
  test: {
    // Property tests with 1,000 KiB records and DuckDB round trips need more than the 5 s default.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file per core: vitest's default leaves a core free, which on the 2-core CI machine halves the
    // suite's speed (measured: 184 s with the default, 113 s with both cores).
    maxWorkers: availableParallelism(),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});

// vitest loads the config through its default export; this is the only default export in the repo.
export default config;
