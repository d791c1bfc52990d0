import { defineConfig } from 'vitest/config';

// End-to-end tests drive the map page in headless Chromium; run with `npm run test:e2e`, not `npm test`.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
