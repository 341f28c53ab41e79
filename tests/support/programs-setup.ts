/**
 * The `programs` project's one shared preparation (its globalSetup): a copy of the project as it
 * stands, built once — the SDK and every package's bin, JavaScript only — and a redis-server.
 * The tests of the MCP server and the CLI run those bins as users do, none builds again. A copy,
 * so that no other test's build can touch the bins under test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startRedis } from '../../scripts/servers/redis.js';
import { root } from '../../scripts/spec.js';
import { copyProject } from './copy-project.js';
import { run } from './run.js';

/** What the programs' tests share. */
export interface Programs {
  /** The built copy. */
  readonly copy: string;
  /** `userplane-mcp`'s bin. */
  readonly mcp: string;
  /** `userplane`'s (userplane-cli). */
  readonly cli: string;
  /** A real redis-server, e.g. redis://127.0.0.1:40124. */
  readonly redisUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    programs: Programs;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const copy = mkdtempSync(join(tmpdir(), 'userplane-programs-'));
  const redis = startRedis();
  copyProject(root, copy);
  await run('npm', ['run', 'build'], { cwd: copy, env: { ...process.env, USERPLANE_BUILD_DECLARATIONS: '0' } });
  project.provide('programs', {
    copy,
    mcp: join(copy, 'packages/mcp/dist/cli.js'),
    cli: join(copy, 'packages/cli/dist/cli.js'),
    redisUrl: (await redis).url,
  });
  return async () => {
    await (await redis).stop();
    rmSync(copy, { recursive: true, force: true });
  };
}
