/**
 * Starts a real `redis-server` (Debian's package) on a free loopback port, with nothing saved to
 * disk, for the tests and the rate-limit benchmark that share a budget across processes. The
 * test run installs the package when it is missing (scripts/test.ts), as CI does.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { stopProcess } from './prism.js';

export interface RedisServer {
  /** e.g. redis://127.0.0.1:40124 */
  readonly url: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT = 20_000;

/** A port the OS just handed out (redis-server cannot pick one itself and print it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (typeof address === 'object' && address !== null) resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`redis-server did not start within ${STARTUP_TIMEOUT} ms:\n${log}`));
    }, STARTUP_TIMEOUT);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`redis-server could not be started (apt-get install redis-server): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${String(code)} before listening:\n${log}`));
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopProcess(child) };
}
