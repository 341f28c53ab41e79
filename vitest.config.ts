import { defineConfig } from 'vitest/config';

/** Tests that need Prism (the spec's contract) or a real redis-server: their project starts both, once. */
const SERVERS = [
  'tests/contract.test.ts',
  'tests/properties.test.ts',
  'tests/package.test.ts',
  'tests/rate-limit.test.ts',
];
/** Tests that run other programs (tsc, esbuild, a copy of the project) or many generated cases. */
const HEAVY = [
  'tests/follow-upstream.test.ts',
  'tests/invariants.test.ts',
  'tests/soak.test.ts',
  'tests/generate.test.ts',
  'tests/readme.test.ts',
  'tests/type-contract.test.ts',
  'tests/cross-copy.test.ts',
  'tests/quickstart.test.ts',
  'tests/registry.test.ts',
  'tests/bump-check.test.ts',
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
        // tests/package/consumers/ holds users' projects: their tests run installed from the tarball.
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...SERVERS, ...HEAVY, 'tests/package/consumers/**'],
        },
      },
      { extends: true, test: { name: 'heavy', include: HEAVY } },
      {
        extends: true,
        // Starts the Prism mock of the effective spec and a redis-server once for the project, stops them after.
        test: { name: 'servers', include: SERVERS, globalSetup: ['tests/global-setup.ts'] },
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
