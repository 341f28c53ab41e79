/**
 * Which test files need what: vitest.config.ts makes its projects from these lists, and the fuller
 * copy of tests/tooling/follow-upstream.test.ts (USERPLANE_TESTS=spec) leaves out the files that do
 * not depend on the spec.
 */

/** Tests that need Prism (the spec's contract) or a real redis-server: their project starts both, once. */
export const SERVERS = ['tests/sdk/contract.test.ts', 'tests/sdk/properties.test.ts', 'tests/sdk/rate-limit.test.ts'];

/**
 * Unit tests that need a module graph of their own: the first call of a freshly imported SDK
 * (under fake timers), a module mocked before it loads. The other unit files share one per worker.
 */
export const FRESH_MODULES = ['tests/sdk/fake-timers.test.ts', 'tests/sdk/failure-matrix.test.ts'];

/**
 * Tests of the built programs — the MCP server and the CLI — as their users run them: their project
 * builds a copy of the project once, and starts a redis-server (tests/support/programs-setup.ts).
 */
export const PROGRAMS = [
  'tests/mcp/server.test.ts',
  'tests/mcp/calls.test.ts',
  'tests/mcp/starting.test.ts',
  'tests/mcp/remote.test.ts',
  'tests/mcp/conformance.test.ts',
  'tests/cli/cli.test.ts',
  'tests/cli/exits.test.ts',
  'tests/cli/pacing.test.ts',
  'tests/cli/shells.test.ts',
];

/** Tests that run other programs (tsc, a copy of the project) or many generated cases. */
export const HEAVY = [
  'tests/sdk/invariants.test.ts',
  'tests/sdk/soak.test.ts',
  'tests/sdk/type-contract.test.ts',
  'tests/sdk/cross-copy.test.ts',
  'tests/sdk/node-test-timers.test.ts',
  'tests/tooling/follow-upstream.test.ts',
  'tests/tooling/generate.test.ts',
  'tests/tooling/generate-check.test.ts',
  'tests/tooling/readme.test.ts',
  'tests/tooling/quickstart.test.ts',
  'tests/tooling/bump-check.test.ts',
  'tests/tooling/layers.test.ts',
];

/** The run's longest file (it runs the spec-dependent suite again on a fuller spec): started first. */
export const LONGEST = ['tests/tooling/follow-upstream.test.ts'];

/**
 * The release proofs (`npm run test:release`, after `npm test` in CI): the package built, packed,
 * published to a real registry and installed once (tests/release/setup.ts), then used in every
 * runtime and TypeScript version it promises. None depends on which operations the spec has.
 */
export const RELEASE = ['tests/release/**/*.test.ts'];

/**
 * Tests whose outcome does not change with the spec, so the fuller copy does not run them again:
 * those that read no operation model (the mechanisms of the pull, the documents and lint rules,
 * the pure pieces of a call), and those that pick one operation of a shape to test a mechanism
 * every operation shares — pacing, the soak (an operation of each retry shape), the MCP server's
 * protocol (the conformance suite; starting and stopping; a call's deadline and cancellation; the
 * remote mode), the CLI's pacing and terminal: a fuller spec changes which operation of that
 * shape they pick, not what they test.
 * The tests that go through every operation (every tool, every command and its completion, every
 * fake) or pick by what the spec declares (the CLI's exit codes) run again. The
 * bump check is exercised on the fuller spec by the workflow itself (its second opinion).
 */
export const SPEC_FREE = [
  'tests/sdk/read-body.test.ts',
  'tests/sdk/retry-policy.test.ts',
  'tests/sdk/shapes.test.ts',
  'tests/sdk/sleep.test.ts',
  'tests/sdk/transport.test.ts',
  'tests/sdk/rate-limit.test.ts',
  'tests/sdk/soak.test.ts',
  'tests/mcp/conformance.test.ts',
  'tests/mcp/starting.test.ts',
  'tests/mcp/calls.test.ts',
  'tests/mcp/remote.test.ts',
  'tests/cli/pacing.test.ts',
  'tests/tooling/bump-check.test.ts',
  'tests/tooling/class-fields.test.ts',
  'tests/tooling/copy-project.test.ts',
  'tests/tooling/generate-check.test.ts',
  'tests/tooling/documents.test.ts',
  'tests/tooling/layers.test.ts',
  'tests/tooling/quickstart.test.ts',
  'tests/tooling/server-process.test.ts',
  'tests/tooling/spec-pull.test.ts',
  'tests/tooling/workflows.test.ts',
  'tests/tooling/emit-validators.test.ts',
];

/** What the fuller copy's run (USERPLANE_TESTS=spec) leaves out: those, and the test that runs it. */
export const SPEC_ONLY_SKIPS = [...SPEC_FREE, 'tests/tooling/follow-upstream.test.ts'];
