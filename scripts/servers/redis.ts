/**
 * Starts a real `redis-server` (Debian's package) on a free loopback port, with nothing saved to
 * disk, for the tests and the rate-limit benchmark that share a budget across processes. The
 * test run installs the package when it is missing (scripts/test.ts), as CI does.
 */
import { spawn } from 'node:child_process';
import { freePort, stopProcess, whenReady } from './server-process.js';

export interface RedisServer {
  /** e.g. redis://127.0.0.1:40124 */
  readonly url: string;
  /** Its process (a test makes it unresponsive with SIGSTOP). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT = 20_000;

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await whenReady(child, 'redis-server (apt-get install redis-server)', /Ready to accept connections/, STARTUP_TIMEOUT);
  return { url: `redis://127.0.0.1:${port}`, pid: child.pid, stop: () => stopProcess(child) };
}
