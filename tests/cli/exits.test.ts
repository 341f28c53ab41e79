/**
 * The CLI's exit codes, each from a real trigger, with stderr's first line the one the MCP server
 * says and, in json, one JSON object of details after it; Ctrl-C. The commands are picked by what
 * the spec declares, so the fuller copy runs these too. (Pacing and a terminal: pacing.test.ts.)
 */
import { spawn } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { commands } from '../../packages/cli/src/generated/commands.js';
import { argsOf, cliAgainst, diskBudget, runCli, stateDir } from '../support/cli-bin.js';
import { useFaultServer } from '../support/fault-server.js';
import { API_KEY } from '../support/fixtures.js';
import { idempotentOperation, nonIdempotent } from '../support/operations.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';
import { useTwin } from '../support/twin.js';

const { cli: bin } = inject('programs');
const twin = useTwin();
const faults = useFaultServer();
const userplane = cliAgainst(bin, twin);

describe('exit codes, each from a real trigger', () => {
  it(
    '0 success; 1 another API error; 2 usage; 3 authentication; 4 not found and gone',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      expect((await userplane(argsOf(nonIdempotent.id))).code).toBe(0);
      const failures: [string, number][] = [];
      for (const status of [500, 400, 403, 404, 410]) {
        const declared = [...commands].flatMap((command) =>
          (command.errors[String(status)] ?? []).map((code) => [command, code] as const),
        );
        const [command, code] = declared.find(([c]) => c.method === 'POST') ?? declared[0] ?? [];
        if (command === undefined || code === undefined) continue;
        twin.answer(command.operationId, { error: code });
        const result = await userplane([...argsOf(command.operationId), '--format', 'json']);
        failures.push([`${status} ${code}`, result.code]);
        expect(result.stdout).toBe('');
        const [line = '', details = ''] = result.stderr.trim().split('\n');
        expect(line).toMatch(new RegExp(`^${command.operationId.replace('.', '\\.')}: ${status} ${code} — `));
        expect(JSON.parse(details)).toMatchObject({ kind: 'api', status, code });
      }
      const expected: Record<string, number> = { 500: 1, 400: 1, 403: 3, 404: 4, 410: 4 };
      for (const [which, code] of failures) expect(code, which).toBe(expected[which.split(' ')[0]!]);
      // 3 from the API: a key it does not know.
      const wrongKey = await userplane(argsOf(nonIdempotent.id), { USERPLANE_API_KEY: 'uspl_not_the_twins_key' });
      expect(wrongKey.code).toBe(3);
      expect(wrongKey.stderr).toMatch(/: 401 API_KEY_INVALID — /);
      // 2: invalid params, a missing key, a bad base URL — each naming where it came from; nothing sent.
      const command = commands.find((candidate) => candidate.operationId === nonIdempotent.id)!;
      const required = command.flags.find((flag) => flag.required && flag.type === 'string')!;
      const invalid = await userplane([...command.words, `--${required.flag}`, '']);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(new RegExp(`invalid params — .*--${required.flag}`));
      const noKey = await userplane(argsOf(nonIdempotent.id), { USERPLANE_API_KEY: undefined });
      expect(noKey).toMatchObject({ code: 2 });
      expect(noKey.stderr).toMatch(/^userplane: USERPLANE_API_KEY: No API key/);
      const badUrl = await userplane([...argsOf(nonIdempotent.id), '--base-url', 'ftp://example.com']);
      expect(badUrl.code).toBe(2);
      expect(badUrl.stderr).toMatch(/^userplane: --base-url: /);
      expect(twin.calls.filter((call) => call.headers.authorization === `Bearer ${API_KEY}`)).toHaveLength(
        1 + failures.length,
      );
    },
  );

  it(
    '5 rate limited: a spent budget (nothing sent), and a 429 the SDK will not wait out',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const spent = await userplane(argsOf(idempotentOperation.id), {
        XDG_STATE_HOME: diskBudget(twin.url, 0, 0, { ms: 3_600_000, spent: true }),
      });
      expect(spent.code).toBe(5);
      expect(spent.stderr).toMatch(/: 429 RATE_LIMITED — .*— call again in \d+ s/);
      expect(twin.calls).toHaveLength(0);
      faults.reply({
        status: 429,
        headers: { 'retry-after': '7200' },
        body: { defined: true, code: 'RATE_LIMITED', status: 429, message: 'Too many requests' },
      });
      const limited = await runCli(bin, argsOf(idempotentOperation.id), { USERPLANE_BASE_URL: `${faults.url}/api/v1` });
      expect(limited.code).toBe(5);
      expect(limited.stderr).toMatch(/call again in 7200 s/);
    },
  );

  it('6 no answer: the connection refused', { timeout: PROGRAM_TIMEOUT }, async () => {
    const refused = await runCli(bin, argsOf(nonIdempotent.id), { USERPLANE_BASE_URL: 'http://127.0.0.1:1/api/v1' });
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/no response: the connection failed/);
  });

  it('130 Ctrl-C: the request in flight is cancelled upstream', { timeout: PROGRAM_TIMEOUT }, async () => {
    twin.delay(idempotentOperation.id, 30_000);
    const child = spawn(process.execPath, [bin, ...argsOf(idempotentOperation.id)], {
      env: {
        PATH: process.env['PATH'] ?? '',
        XDG_STATE_HOME: stateDir(),
        USERPLANE_API_KEY: API_KEY,
        USERPLANE_BASE_URL: twin.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    for (let i = 0; i < 200 && twin.calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    for (let i = 0; i < 100 && twin.abandoned.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(twin.abandoned.length).toBeGreaterThan(0);
  });
});
