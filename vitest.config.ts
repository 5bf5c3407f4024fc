import { defineConfig } from 'vitest/config';

export const config = defineConfig({
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
