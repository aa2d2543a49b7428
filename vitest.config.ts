import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Handlers log JSON per step; tests read results, not logs.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: integration tests start emulators; more parallel forks only thrash.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
