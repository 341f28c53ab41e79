/**
 * The README's first command, `npm run quickstart`: the example runs against the twin it starts
 * and tells one consistent story — the link created is the one updated and deleted, and
 * deleting it again is 410 LINK_GONE.
 */
import { expect, it } from 'vitest';
import { root } from '../../scripts/spec.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';

it(
  'npm run quickstart creates, updates and deletes one link on the local stand-in, then reads LINK_GONE',
  { timeout: PROGRAM_TIMEOUT },
  async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env['USERPLANE_BASE_URL'];
    delete env['USERPLANE_API_KEY'];
    const { stdout } = await run('npm', ['run', '-s', 'quickstart'], { cwd: root, env });
    console.log(stdout);
    expect(stdout).toMatch(/talking to a local stand-in of the API/);
    const created = /created {2}(\S+) {2}https:\/\/\S+/.exec(stdout)?.[1];
    expect(created).toBeDefined();
    expect(stdout).toContain(`updated  ${String(created)}  title: Checkout bug (SDK quickstart)`);
    expect(stdout).toContain(`deleted  ${String(created)}`);
    expect(stdout).toMatch(/deleting again: 410 LINK_GONE, as expected for a deleted link/);
  },
);
