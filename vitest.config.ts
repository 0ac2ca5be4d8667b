import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{common,main,preload,server,renderer,bench,eslint,test-support,scripts}/**/*.test.{ts,tsx}'],
    globalSetup: ['test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Integration suites each start real server processes; two cores do not gain from more.
    maxWorkers: 2,
  },
});
