import { defineConfig } from 'vitest/config';

/**
 * Tests live by what they test: tests/sdk/ the SDK's behaviour (the client, userplane/testing,
 * the shipped package), tests/tooling/ the machinery around them (code
 * generation, following upstream, the release path, the documents). Projects group them by what
 * they need to run:
 */

/** Tests that need Prism (the spec's contract) or a real redis-server: their project starts both, once. */
const SERVERS = [
  'tests/sdk/contract.test.ts',
  'tests/sdk/properties.test.ts',
  'tests/sdk/package.test.ts',
  'tests/sdk/rate-limit.test.ts',
];
/** Tests that run other programs (tsc, esbuild, a copy of the project, a built bin) or many generated cases. */
const HEAVY = [
  'tests/sdk/invariants.test.ts',
  'tests/sdk/soak.test.ts',
  'tests/sdk/type-contract.test.ts',
  'tests/sdk/cross-copy.test.ts',
  'tests/sdk/node-test-timers.test.ts',
  'tests/tooling/follow-upstream.test.ts',
  'tests/tooling/generate.test.ts',
  'tests/tooling/readme.test.ts',
  'tests/tooling/quickstart.test.ts',
  'tests/tooling/registry.test.ts',
  'tests/tooling/bump-check.test.ts',
  'tests/tooling/layers.test.ts',
  'tests/mcp/server.test.ts',
];

/**
 * `npm test` runs every project; `npm run test:unit` only `unit`: no Prism, no redis, no packing,
 * nothing spawned — the edit loop.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most tests wait on sockets and child processes, not on the CPU: two workers on two cores.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // tests/consumers/ holds users' projects: their tests run installed from the tarball.
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...SERVERS, ...HEAVY, 'tests/consumers/**'],
        },
      },
      { extends: true, test: { name: 'heavy', include: HEAVY } },
      {
        extends: true,
        // Starts the Prism mock of the effective spec and a redis-server once for the project, stops them after.
        test: { name: 'servers', include: SERVERS, globalSetup: ['tests/support/global-setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
    ],
  },
});
