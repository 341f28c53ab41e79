/** Running `userplane-mcp`'s built bin from a test: over HTTP on a free port, or to its end. */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { API_KEY } from './fixtures.js';
import { run } from './run.js';

export interface RunningBin {
  readonly url: URL;
  readonly child: ChildProcess;
  /** What it has written on stderr so far. */
  stderr(): string;
  /** Ends it (SIGTERM) and waits for it to exit; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** The bin with `--http --port 0` and `args`; resolves once it says where it serves. */
export async function serveBin(bin: string, args: string[], env: Record<string, string>): Promise<RunningBin> {
  const child = spawn(process.execPath, [bin, '--http', '--port', '0', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const found = /serving Streamable HTTP at (\S+)/.exec(said);
      if (found?.[1] !== undefined) resolve(found[1]);
    });
    child.once('exit', () => {
      reject(new Error(`the bin ended: ${said}`));
    });
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  return {
    url: new URL(url),
    child,
    stderr: () => said,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The bin run to its end with `args` and `env`: its exit code, stdout and stderr. */
export function runBin(
  bin: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [bin, ...args], { cwd: process.cwd(), env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: unknown) => {
      const { code = 1, stdout = '', stderr = '' } = error as { code?: number; stdout?: string; stderr?: string };
      return { code, stdout, stderr };
    },
  );
}

/** Any six characters in a row of the tests' key's secret, in any letter case. */
export function leaks(text: string, key = API_KEY): boolean {
  const secret = key.slice(5).toLowerCase();
  for (let at = 0; at + 6 <= secret.length; at++)
    if (text.toLowerCase().includes(secret.slice(at, at + 6))) return true;
  return false;
}

/** A raw POST of a 2025-11-25 `initialize` to `url` with `headers`: its status, `WWW-Authenticate` and body. */
export function postInitialize(
  url: URL,
  headers: Record<string, string>,
): Promise<{ status: number; challenge: string | undefined; body: string }> {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '0' } },
  });
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, challenge: res.headers['www-authenticate'], body: text });
        });
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}
