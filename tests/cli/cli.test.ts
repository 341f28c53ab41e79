/**
 * `userplane` as a shell runs it: the built bin (tests/support/programs-setup.ts) against the live
 * server's twin. Every command with params drawn from the spec, given as flags and as `--data`
 * (inline, `@file`, `@-`); each format and `--query`; `--all` and `--max-items` over a paged list;
 * `--dry-run`; the key in no output even where the upstream echoes it. Nothing names an operation:
 * each test picks one by its shape.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { commands } from '../../packages/cli/src/generated/commands.js';
import { cliAgainst, flagsOf, stateDir } from '../support/cli-bin.js';
import { API_KEY, operationIds, sampleParams } from '../support/fixtures.js';
import { leaks } from '../support/mcp-bin.js';
import { findOperation, nonIdempotent } from '../support/operations.js';
import { PROGRAM_TIMEOUT } from '../support/run.js';
import { useTwin } from '../support/twin.js';

const { cli: bin } = inject('programs');
const twin = useTwin();
const userplane = cliAgainst(bin, twin);
const commandOf = (operationId: string) => commands.find((command) => command.operationId === operationId)!;
const paramsOf = (operationId: string): Record<string, unknown> => ({
  ...sampleParams(operationIds.find((id) => id === operationId)!),
});

describe('every command, against the twin', () => {
  it(
    'called with params drawn from the spec, as flags: the answer on stdout, as JSON; nothing else there',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      for (const command of commands) {
        const params = paramsOf(command.operationId);
        const run = await userplane([...command.words, ...flagsOf(command, params)]);
        expect(run.code, `${command.words.join(' ')}: ${run.stderr}`).toBe(0);
        expect(twin.calls.at(-1)?.operationId).toBe(command.operationId);
        // Not a terminal: one line of JSON.
        expect(run.stdout.trim().split('\n')).toHaveLength(1);
        expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
      }
    },
  );

  it('--data as JSON, @file and @- (stdin); flags beside it win', { timeout: PROGRAM_TIMEOUT }, async () => {
    const command = commandOf(nonIdempotent.id);
    const params = paramsOf(command.operationId);
    const file = join(stateDir(), 'params.json');
    writeFileSync(file, JSON.stringify(params));
    for (const [args, stdin] of [
      [['--data', JSON.stringify(params)], undefined],
      [['--data', `@${file}`], undefined],
      [['--data', '@-'], JSON.stringify(params)],
    ] as const) {
      const run = await userplane([...command.words, ...args], {}, stdin);
      expect(run.code, run.stderr).toBe(0);
      expect(twin.calls.at(-1)?.operationId).toBe(command.operationId);
    }
    // A path parameter given as a flag too: the flag wins.
    const path = command.flags.find((flag) => flag.in === 'path')!;
    const run = await userplane([
      ...command.words,
      '--data',
      JSON.stringify(params),
      `--${path.flag}`,
      'from-the-flag',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(twin.calls.at(-1)?.url).toContain('/from-the-flag');
    const bad = await userplane([...command.words, '--data', '{not json']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^userplane: --data: its value is not JSON/);
  });

  it('formats: json, jsonl, table; --query filters first', { timeout: PROGRAM_TIMEOUT }, async () => {
    const command = commandOf(nonIdempotent.id);
    const args = [...command.words, ...flagsOf(command, paramsOf(command.operationId))];
    const json = JSON.parse((await userplane(args)).stdout) as Record<string, unknown>;
    const jsonl = await userplane([...args, '--format', 'jsonl']);
    expect(JSON.parse(jsonl.stdout)).toEqual(json);
    expect(jsonl.stdout.trim().split('\n')).toHaveLength(1);
    const table = await userplane([...args, '--format', 'table']);
    expect(table.stdout).toMatch(/^FIELD\s+VALUE\n/);
    expect(table.stdout).toContain(`message  `);
    const queried = await userplane([...args, '--query', 'keys(@)']);
    expect(JSON.parse(queried.stdout)).toEqual(Object.keys(json));
    const wrong = await userplane([...args, '--query', '[[[']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^userplane: --query: /);
  });

  const list = findOperation((model) => model.pageItems !== undefined);
  it.runIf(list !== undefined)(
    'a paged list: its page by default, every page with --all, --max-items stops',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const command = commandOf(list!.id);
      const body = list!.body();
      const items = ((body['data'] as Record<string, unknown>)[command.pageItems!] as unknown[]).slice(0, 1);
      twin.answer(command.operationId, { items: Array.from({ length: 25 }, () => items[0]) });
      const params = { ...paramsOf(command.operationId) };
      delete params['page'];
      const args = [...command.words, ...flagsOf(command, { ...params, per_page: 10 })];
      const first = await userplane([...args, '--format', 'jsonl']);
      expect(first.stdout.trim().split('\n')).toHaveLength(10);
      const all = await userplane([...args, '--all']);
      expect(JSON.parse(all.stdout)).toHaveLength(25);
      const some = await userplane([...args, '--all', '--max-items', '12', '--format', 'jsonl']);
      expect(some.stdout.trim().split('\n')).toHaveLength(12);
      // 12 items at 10 a page: two pages asked for, not three.
      expect(twin.calls.filter((call) => call.operationId === command.operationId).length).toBe(1 + 3 + 2);
    },
  );
});

describe('--dry-run', () => {
  it(
    'validates, prints the request that would be sent — the key redacted — and sends nothing',
    { timeout: PROGRAM_TIMEOUT },
    async () => {
      const command = commandOf(nonIdempotent.id);
      const run = await userplane([...command.words, ...flagsOf(command, paramsOf(command.operationId)), '--dry-run']);
      expect(run.code, run.stderr).toBe(0);
      const request = JSON.parse(run.stdout) as {
        method: string;
        url: string;
        headers: Record<string, string>;
        body: unknown;
      };
      expect(request.method).toBe(command.method);
      expect(request.url.startsWith(twin.url)).toBe(true);
      expect(request.headers['authorization']).toBe('Bearer uspl_[redacted]');
      expect(leaks(run.stdout)).toBe(false);
      expect(twin.calls).toHaveLength(0);
      const invalid = await userplane([...command.words, '--dry-run']);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/invalid params — --/);
    },
  );
});

describe('the key', () => {
  it('shows in no output, even where the upstream echoes it back', { timeout: PROGRAM_TIMEOUT }, async () => {
    const command = commandOf(nonIdempotent.id);
    const args = [...command.words, ...flagsOf(command, paramsOf(command.operationId))];
    twin.answer(command.operationId, { reply: () => ({ ...nonIdempotent.body(), message: `made with ${API_KEY}` }) });
    const echoed = await userplane(args);
    expect(echoed.code, echoed.stderr).toBe(0);
    expect(echoed.stdout).toContain('[redacted]');
    expect(leaks(echoed.stdout + echoed.stderr)).toBe(false);
    const code = nonIdempotent.code(404) ?? Object.values(nonIdempotent.model.errors).flat()[0]!;
    twin.answer(command.operationId, { error: code, message: `refused ${API_KEY}`, data: { key: API_KEY } });
    const refused = await userplane(args);
    expect(refused.code).not.toBe(0);
    expect(leaks(refused.stdout + refused.stderr)).toBe(false);
    for (const format of ['json', 'jsonl', 'table']) {
      const run = await userplane([...args, '--format', format]);
      expect(leaks(run.stdout + run.stderr)).toBe(false);
    }
  });
});
