/**
 * Streamable HTTP at `/mcp`, on loopback unless the operator asks otherwise: each request gets a
 * server and a stateless transport of its own, all calling through the process's one client. The
 * MCP SDK's DNS-rebinding protection refuses a `Host` that is not the address served, and an
 * `Origin` that is not its own — a page elsewhere cannot reach the server through a browser.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** A host name that never leaves the machine. */
export const isLoopback = (host: string): boolean => /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/.test(host);

export interface HttpOptions {
  readonly host: string;
  readonly port: number;
}

/** Serves `/mcp` until the process ends; resolves with the server once it listens, and its URL. */
export async function serveHttp(
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the low-level Server, on purpose: see server.ts
  serverFor: () => Server,
  { host, port }: HttpOptions,
): Promise<{ http: HttpServer; url: string }> {
  let allowedHosts: string[] = [];
  const http = createHttpServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the MCP endpoint is /mcp\n');
      return;
    }
    const server = serverFor();
    // No session ids: stateless, each request on its own.
    const transport = new StreamableHTTPServerTransport({
      enableJsonResponse: true,
      // The SDK's own check of Host and Origin (its Express middleware, the suggested replacement,
      // checks Host alone).
      enableDnsRebindingProtection: true,
      allowedHosts,
      allowedOrigins: allowedHosts.map((allowed) => `http://${allowed}`),
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    void server
      .connect(transport)
      .then(() => transport.handleRequest(req, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      resolve();
    });
  });
  const bound = (http.address() as AddressInfo).port;
  const names = isLoopback(host) ? ['127.0.0.1', 'localhost', '[::1]'] : [host.includes(':') ? `[${host}]` : host];
  allowedHosts = names.map((name) => `${name}:${bound}`);
  const shown = host.includes(':') ? `[${host}]` : host;
  return { http, url: `http://${shown}:${bound}/mcp` };
}
