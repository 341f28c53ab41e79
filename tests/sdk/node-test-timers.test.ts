/** node:test's mocked timers around a retried call (tests/sdk/node-test/mock-timers.ts), in its own process. */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

it(
  'node --test with mock.timers: the first test of its file retries a call and ends',
  { timeout: PROGRAM_TIMEOUT },
  async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--test', join(root, 'tests/sdk/node-test/mock-timers.ts')],
      {
        cwd: root,
      },
    );
    expect(stdout).toMatch(/# pass 1/);
    expect(stdout).toMatch(/# fail 0/);
  },
);
