/**
 * Server processes the tests and scripts start and stop themselves (Prism, redis-server): wait
 * until one prints that it is ready, stop it when done.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createServer } from 'node:net';

/**
 * Resolves with the first match of `ready` in what the process prints (stdout or stderr);
 * rejects, with that output, if it exits first, fails to start, or says nothing within `timeout`.
 * It keeps draining the output afterwards, so a chatty server never blocks on a full pipe.
 */
export function whenReady(
  child: ChildProcess & { stdout: Readable; stderr: Readable },
  name: string,
  ready: RegExp,
  timeout: number,
): Promise<RegExpExecArray> {
  let log = '';
  return new Promise<RegExpExecArray>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new Error(`${name} ${why}:\n${log}`));
    };
    const timer = setTimeout(() => {
      fail(`did not start within ${timeout} ms`);
    }, timeout);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      const match = ready.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => {
      fail(`could not be started (${error.message})`);
    });
    child.once('exit', (code) => {
      fail(`exited with code ${String(code)} before it was ready`);
    });
  });
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

/** A port the OS just handed out, for a server that cannot pick one itself and print it. */
export function freePort(): Promise<number> {
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
