/**
 * Starts a Prism mock of the effective spec (openapi/userplane.yaml + overlay) on a free
 * loopback port. Used by the test run (tests/global-setup.ts) and the quickstart; both stop it
 * when they finish.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writeEffectiveSpec } from './spec.js';

export interface PrismServer {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT = 60_000;

function prismBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js');
}

/** Stops a server process: SIGTERM, then SIGKILL after 5 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      child.kill('SIGKILL');
    }, 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startPrism(options: { specPath?: string } = {}): Promise<PrismServer> {
  const spec = writeEffectiveSpec(options.specPath);
  // -p 0: the OS picks a free port; Prism prints the one it got.
  const child = spawn(process.execPath, [prismBin(), 'mock', '--host', '127.0.0.1', '--port', '0', spec], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`Prism did not start within ${STARTUP_TIMEOUT} ms:\n${log}`));
    }, STARTUP_TIMEOUT);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const match = /Prism is listening on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${String(code)} before listening:\n${log}`));
    });
  });
  // Keep draining its output so a chatty Prism never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  return { url, stop: () => stopProcess(child) };
}
