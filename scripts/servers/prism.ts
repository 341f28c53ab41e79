/**
 * Starts a Prism mock of the effective spec (openapi/userplane.yaml + overlay) on a free
 * loopback port, for the contract tests (tests/support/global-setup.ts starts it for the `servers`
 * project and stops it after). The live server's stand-in is the twin (scripts/servers/twin.ts).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort, stopProcess, whenAnswering } from './server-process.js';
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
  const port = await freePort();
  // Errors only: logging each request (its default) costs Prism about a third of its time per
  // request, and a property test sends thousands. Quiet, it says nothing when it listens: asked.
  const args = ['mock', '--host', '127.0.0.1', '--port', String(port), '--verboseLevel', 'error', spec];
  const child = spawn(process.execPath, [prismBin(), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  await whenAnswering(child, 'Prism', url, STARTUP_TIMEOUT);
  return { url, stop: () => stopProcess(child) };
}
