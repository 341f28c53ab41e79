/**
 * The benchmark's API: a loopback HTTP server, in its own process, answering a POST, a PUT and
 * a DELETE with valid bodies of the spec's operations of those shapes (keep-alive, fixed content-length). Started by run.ts;
 * tells its parent the port over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { idempotentOperation, idempotentWithBody, nonIdempotent } from '../tests/support/operations.js';

const bodies: Record<string, Buffer> = {
  POST: Buffer.from(JSON.stringify(nonIdempotent.body())),
  PUT: Buffer.from(JSON.stringify(idempotentWithBody.body())),
  DELETE: Buffer.from(JSON.stringify(idempotentOperation.body())),
};

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = bodies[req.method ?? ''];
    if (body === undefined) {
      res.writeHead(405).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => server.close());
