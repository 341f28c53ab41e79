/**
 * Waiting for a server the tests start (scripts/servers/server-process.ts): asked until it is
 * ready, then never again — Prism logs each probe it cannot route, and a probe asked at each line
 * it prints would feed itself for as long as the server runs.
 */
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { whenAnswering, whenReady } from '../../scripts/servers/server-process.js';

/** A stand-in for a spawned server: what it prints, and an exit to fail on. */
function fakeChild(): ChildProcess & { stdout: PassThrough; stderr: Readable } {
  return Object.assign(new EventEmitter(), { stdout: new PassThrough(), stderr: new PassThrough() }) as never;
}

it('whenAnswering: ready at the first answer; a server that logs each request is not asked again', async () => {
  const child = fakeChild();
  let requests = 0;
  const server = createServer((_request, response) => {
    requests++;
    child.stdout.write(`404 for a request it cannot route (${String(requests)})\n`);
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await expect(whenAnswering(child, 'server', `http://127.0.0.1:${String(port)}`, 5000)).resolves.toBe(true);
    const settled = requests;
    await sleep(300);
    expect(requests).toBe(settled);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

it('whenReady: the first match of what it prints; an exit before it, with the output', async () => {
  const ready = fakeChild();
  const match = whenReady(ready, 'server', /listening on (\d+)/, 5000);
  ready.stderr.push('starting\nlistening on 4010\n');
  expect((await match)[1]).toBe('4010');

  const dying = fakeChild();
  const failed = whenReady(dying, 'server', /listening/, 5000);
  dying.stdout.write('bad config\n');
  await sleep(10);
  dying.emit('exit', 1);
  await expect(failed).rejects.toThrow(/server exited with code 1 before it was ready:\nbad config/);
});
