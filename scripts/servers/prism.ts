/**
 * Starts a Prism mock of the effective spec (openapi/userplane.yaml + overlay) on a free
 * loopback port, for the contract tests (tests/support/global-setup.ts starts it for the `servers`
 * project and stops it after). The live server's stand-in is the twin (scripts/servers/twin.ts).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { stopProcess, whenReady } from './server-process.js';
import { writeEffectiveSpec } from '../spec.js';

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

export async function startPrism(options: { specPath?: string } = {}): Promise<PrismServer> {
  const spec = writeEffectiveSpec(options.specPath);
  // -p 0: the OS picks a free port; Prism prints the one it got.
  const child = spawn(process.execPath, [prismBin(), 'mock', '--host', '127.0.0.1', '--port', '0', spec], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [, url = ''] = await whenReady(child, 'Prism', /Prism is listening on (http:\/\/[\d.]+:\d+)/, STARTUP_TIMEOUT);
  return { url, stop: () => stopProcess(child) };
}
