import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

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
    include: ['test/**/*.test.ts'],
    // Property tests with 1,000 KiB records and DuckDB round trips need more than the 5 s default.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

// vitest loads the config through its default export; this is the only default export in the repo.
export default config;
