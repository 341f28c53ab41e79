/**
 * Running the CLI's built bin from a test as a shell would: arguments, environment, stdin; its
 * exit code, stdout and stderr. Each run keeps its rate-limit budget on disk in a folder of the
 * test's own (XDG_STATE_HOME), unless the test gives one — or one it wrote (`diskBudget`). And
 * the reverse of the flag parser: params as the flags a user types.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandDefinition } from '../../packages/cli/src/command.js';
import { commands } from '../../packages/cli/src/generated/commands.js';
import { keyHash } from '../../packages/shared/src/setup.js';
import { API_KEY, operationIds, sampleParams } from './fixtures.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A folder for a run's budget on disk: XDG_STATE_HOME. */
export const stateDir = (): string => mkdtempSync(join(tmpdir(), 'userplane-cli-state-'));

export function runCli(
  bin: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  stdin?: string,
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      {
        env: { PATH: process.env['PATH'] ?? '', XDG_STATE_HOME: stateDir(), USERPLANE_API_KEY: API_KEY, ...env },
        maxBuffer: 64 * 2 ** 20,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/** `userplane …` against `server` (its URL read at each run: a server started before each test). */
export const cliAgainst =
  (bin: string, server: { readonly url: string }) =>
  (args: readonly string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<CliRun> =>
    runCli(bin, args, { USERPLANE_BASE_URL: server.url, ...env }, stdin);

/** `params` as the flags that give them (the parser's inverse). */
export function flagsOf(command: CommandDefinition, params: Record<string, unknown>): string[] {
  return command.flags.flatMap((flag) => {
    if (!(flag.name in params)) return [];
    const value = params[flag.name];
    if (flag.type === 'boolean') return [value === true ? `--${flag.flag}` : `--no-${flag.flag}`];
    if (flag.type === 'array' && Array.isArray(value)) return value.flatMap((item) => [`--${flag.flag}`, String(item)]);
    if (value === null) return [`--${flag.flag}`, 'null'];
    return [`--${flag.flag}`, typeof value === 'string' ? value : JSON.stringify(value)];
  });
}

/** The words and flags of the operation's command, with params drawn from the spec. */
export function argsOf(operationId: string): string[] {
  const command = commands.find((candidate) => candidate.operationId === operationId)!;
  return [...command.words, ...flagsOf(command, { ...sampleParams(operationIds.find((id) => id === operationId)!) })];
}

/**
 * A budget on disk (an XDG_STATE_HOME) for the test key and `baseUrl`: `turns` counted until
 * `endsIn` ms from now, and a pause.
 */
export function diskBudget(
  baseUrl: string,
  turns: number,
  endsIn: number,
  pause?: { ms: number; spent: boolean },
): string {
  const dir = stateDir();
  const pacing = join(dir, 'userplane', 'pacing');
  mkdirSync(pacing, { recursive: true });
  const state = {
    turns: Array.from({ length: turns }, (_, i) => ({ id: `t${i}`, end: Date.now() + endsIn })),
    until: pause === undefined ? 0 : Date.now() + pause.ms,
    spent: pause?.spent ?? false,
    reason: pause?.spent === true ? 'repeated' : undefined,
  };
  writeFileSync(join(pacing, `${keyHash(API_KEY)}-${keyHash(baseUrl)}.json`), JSON.stringify(state));
  return dir;
}
