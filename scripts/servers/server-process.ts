/**
 * Server processes the tests and scripts start and stop themselves (Prism, redis-server): wait
 * until one prints that it is ready, stop it when done.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createServer } from 'node:net';

/**
 * Resolves once `isReady` says so — asked at each thing the process prints, and every 50 ms;
 * rejects, with what it printed (stdout and stderr), if it exits first, fails to start, or is not
 * ready within `timeout`. It keeps draining the output afterwards, so a chatty server never
 * blocks on a full pipe.
 */
function started<T>(
  child: ChildProcess & { stdout: Readable; stderr: Readable },
  name: string,
  timeout: number,
  isReady: (log: string) => Promise<T | undefined>,
): Promise<T> {
  let log = '';
  let settled = false;
  return new Promise<T>((resolve, reject) => {
    const end = (): void => {
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
    };
    const hasSettled = (): boolean => settled;
    const fail = (why: string): void => {
      if (settled) return;
      end();
      reject(new Error(`${name} ${why}:\n${log}`));
    };
    // One question at a time, and none once settled: a probe the server logs would otherwise
    // answer itself, for as long as the server runs.
    let asking = false;
    const check = async (): Promise<void> => {
      if (settled || asking) return;
      asking = true;
      const ready = await isReady(log).finally(() => {
        asking = false;
      });
      // It may have failed (exited, timed out) while this was asked.
      if (ready === undefined || hasSettled()) return;
      end();
      resolve(ready);
    };
    const timer = setTimeout(() => {
      fail(`did not start within ${timeout} ms`);
    }, timeout);
    const poll = setInterval(() => void check(), 50);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      void check();
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

/** Resolves with the first match of `ready` in what the process prints (stdout or stderr). */
export function whenReady(
  child: ChildProcess & { stdout: Readable; stderr: Readable },
  name: string,
  ready: RegExp,
  timeout: number,
): Promise<RegExpExecArray> {
  return started(child, name, timeout, (log) => Promise.resolve(ready.exec(log) ?? undefined));
}

/** Resolves once `url` answers HTTP at all — for a server told to print nothing but errors. */
export function whenAnswering(
  child: ChildProcess & { stdout: Readable; stderr: Readable },
  name: string,
  url: string,
  timeout: number,
): Promise<true> {
  return started(child, name, timeout, () =>
    fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      async (response) => {
        await response.body?.cancel();
        return true as const;
      },
      () => undefined,
    ),
  );
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
