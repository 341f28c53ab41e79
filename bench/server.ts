/**
 * The benchmark's API: a loopback HTTP server, in its own process, answering the three link
 * operations with valid fixture bodies (keep-alive, fixed content-length). Started by run.ts;
 * tells its parent the port over IPC.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleBody } from '../tests/support/fixtures.js';

const bodies: Record<string, Buffer> = {
  POST: Buffer.from(JSON.stringify(sampleBody('links.create'))),
  PUT: Buffer.from(JSON.stringify(sampleBody('links.update'))),
  DELETE: Buffer.from(JSON.stringify(sampleBody('links.delete'))),
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
