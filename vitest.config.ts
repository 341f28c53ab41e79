import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { FRESH_MODULES, HEAVY, LONGEST, PROGRAMS, RELEASE, SERVERS, SPEC_ONLY_SKIPS } from './tests/support/suites.js';

/**
 * Vitest's order (the longest by its cache first; with no cache — a fresh clone, CI — the largest
 * file first), except that the longest file of the run starts before all others: a late start
 * of the one file that takes most of the run would add its whole length to the run's.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const longest = (file: TestSpecification): boolean => LONGEST.some((path) => file.moduleId.endsWith(path));
    return [...sorted.filter(longest), ...sorted.filter((file) => !longest(file))];
  }
}

/**
 * Tests live by what they test: tests/sdk/ the SDK's behaviour (the client, userplane/testing),
 * tests/mcp/ the MCP server, tests/tooling/ the machinery around them (code generation,
 * following upstream, the documents), tests/release/ the package as published. Projects group
 * them by what they need to run (the lists: tests/support/suites.ts).
 *
 * `npm test` runs every project but `release`; `npm run test:release` the release proofs;
 * `npm run test:unit` only `unit` and `unit-fresh`: no Prism, no redis, nothing packed or
 * spawned — the edit loop. `unit` files share their modules within a worker (importing the SDK
 * once per worker, not once per file, is a third of the edit loop's time); `unit-fresh` files
 * each get their own.
 * With USERPLANE_TESTS=spec (the fuller copy's run), only the tests that depend on the spec.
 */
const exclude = [...configDefaults.exclude, ...(process.env['USERPLANE_TESTS'] === 'spec' ? SPEC_ONLY_SKIPS : [])];
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Most tests wait on sockets and child processes, not on the CPU: two workers on two cores.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        // tests/consumers/ holds users' projects: their tests run installed from the registry.
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...exclude, ...SERVERS, ...HEAVY, ...PROGRAMS, ...RELEASE, ...FRESH_MODULES, 'tests/consumers/**'],
          isolate: false,
        },
      },
      { extends: true, test: { name: 'unit-fresh', include: FRESH_MODULES, exclude } },
      { extends: true, test: { name: 'heavy', include: HEAVY, exclude } },
      {
        extends: true,
        // Starts the Prism mock of the effective spec and a redis-server once for the project, stops them after.
        test: { name: 'servers', include: SERVERS, exclude, globalSetup: ['tests/support/global-setup.ts'] },
      },
      {
        extends: true,
        // Builds the bins once, in a copy, and starts a redis-server (tests/support/programs-setup.ts).
        test: { name: 'programs', include: PROGRAMS, exclude, globalSetup: ['tests/support/programs-setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        // One build, one tarball per package, one publish and one install, shared (tests/release/setup.ts).
        test: { name: 'release', include: RELEASE, globalSetup: ['tests/release/setup.ts'], testTimeout: 300_000 },
      },
    ],
  },
});
