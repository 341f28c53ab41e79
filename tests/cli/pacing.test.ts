/**
 * The CLI's pacing, as a shell meets it: on a terminal, indented JSON and the waits said on stderr;
 * the budget on disk shared by the processes of one machine, and `userplane rate-limit` reading it.
 * A mechanism every command shares: the fuller copy leaves it out (tests/support/suites.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { argsOf, cliAgainst, diskBudget } from '../support/cli-bin.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation } from '../support/operations.js';
import { PROGRAM_TIMEOUT, run } from '../support/run.js';
import { useTwin } from '../support/twin.js';

const { cli: bin } = inject('programs');
const twin = useTwin();
const userplane = cliAgainst(bin, twin);

describe('on a terminal (script(1) gives it one)', () => {
  it(
    'JSON indented; what the SDK waits for said on stderr, how long and why',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      // Every turn of the window taken for the next 1.5 s: the call waits for one.
      const state = diskBudget(twin.url, 120, 1_500);
      const command = [
        'env',
        `XDG_STATE_HOME=${state}`,
        `USERPLANE_API_KEY=${API_KEY}`,
        `USERPLANE_BASE_URL=${twin.url}`,
        process.execPath,
        bin,
        ...argsOf(idempotentOperation.id),
      ]
        .map((word) => `'${word.replace(/'/g, `'\\''`)}'`)
        .join(' ');
      const { stdout } = await run('script', ['-qec', command, '/dev/null'], { cwd: state });
      expect(stdout).toMatch(/userplane: waiting \d+\.\d s for a turn under the API's rate limit/);
      expect(stdout).toMatch(/^\{\r?\n {2}"/m);
    },
  );
});

describe('one budget for the processes of one machine, on disk', () => {
  it(
    'processes started together wait their turns: none reaches the API before the window frees',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const state = diskBudget(twin.url, 120, 1_500);
      const freed = Date.now() + 1_500;
      const results = await Promise.all(
        Array.from({ length: 4 }, () => userplane(argsOf(idempotentOperation.id), { XDG_STATE_HOME: state })),
      );
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      expect(twin.calls).toHaveLength(4);
      for (const call of twin.calls) expect(call.at).toBeGreaterThanOrEqual(freed - 50);
      expect(readdirSync(join(state, 'userplane', 'pacing'))).toHaveLength(1);
    },
  );

  it(
    'userplane rate-limit reads it, sending nothing: the turns counting, what is left, the pause; --query picks',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const full = await userplane(['rate-limit'], { XDG_STATE_HOME: diskBudget(twin.url, 120, 30_000) });
      expect(full.code, full.stderr).toBe(0);
      const state = JSON.parse(full.stdout) as Record<string, unknown>;
      expect(state).toMatchObject({ requests: 120, per: 60_000, used: 120, remaining: 0, paused: null });
      expect(state['waitMs']).toBeGreaterThan(0);
      expect(state['waitMs']).toBeLessThanOrEqual(30_000);
      const spent = await userplane(['rate-limit', '--query', 'paused.spent'], {
        XDG_STATE_HOME: diskBudget(twin.url, 3, 30_000, { ms: 3_600_000, spent: true }),
      });
      expect(spent.stdout.trim()).toBe('true');
      const remaining = await userplane(['rate-limit', '--query', 'remaining'], {
        XDG_STATE_HOME: diskBudget(twin.url, 3, 30_000),
      });
      expect(remaining.stdout.trim()).toBe('117');
      expect((await userplane(['rate-limit', '--dry-run'])).code).toBe(2);
      expect(twin.calls).toHaveLength(0);
    },
  );
});
