import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Starts the Prism mock of openapi/userplane.yaml once for the whole run, stops it after.
    globalSetup: ['tests/global-setup.ts'],
    include: ['tests/**/*.test.ts'],
    typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
