/** Running things in the consumer that installed the release (tests/release/setup.ts). */
import { inject } from 'vitest';
import { run } from '../support/run.js';

/** Runs a command in `cwd` with Prism's URL in the environment; returns its stdout. */
export async function runIn(cwd: string, command: string, args: string[]): Promise<string> {
  const env = { ...process.env, USERPLANE_BASE_URL: inject('release').prismUrl, NO_COLOR: '1' };
  return (await run(command, args, { cwd, env })).stdout;
}

/** The last line of output, parsed: the smoke scripts print one JSON line. */
export function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
}
