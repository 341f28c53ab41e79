/**
 * Running the CLI's built bin from a test as a shell would: arguments, environment, stdin; its
 * exit code, stdout and stderr. Each run keeps its rate-limit budget on disk in a folder of the
 * test's own (XDG_STATE_HOME), unless the test gives one. And the reverse of the flag parser:
 * params as the flags a user types.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandDefinition } from '../../packages/cli/src/command.js';
import { API_KEY } from './fixtures.js';

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
