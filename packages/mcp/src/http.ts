/**
 * Streamable HTTP at `/mcp`, both protocol revisions (the MCP SDK's `createMcpHandler`: 2026-07-28
 * per request, 2025-11-25 through its stateless fallback). Nothing is held per session, so any
 * number of replicas can serve behind a load balancer, sharing each key's pacing in Redis.
 *
 *   - `Host` and `Origin` are checked in front of the handler (the MCP SDK's Node guards): the
 *     loopback names on a loopback bind, else the bound address and `--allowed-hosts`.
 *   - The key: the process's (USERPLANE_API_KEY), or — without one, the remote mode — each
 *     request's own `Authorization: Bearer uspl_…`; a request without a well-formed one gets 401
 *     with `WWW-Authenticate`. A key is never logged or echoed.
 *   - A call ends when its client goes away (the request's signal), and, for a 2025-era client,
 *     when it posts `notifications/cancelled` for it: that post is a request of its own, served
 *     by another instance, so the calls in flight are found by key and request id.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  hostHeaderValidation,
  originValidation,
  toNodeHandler,
  type NodeIncomingMessageLike,
} from '@modelcontextprotocol/node';
import { createMcpHandler, type Server } from '@modelcontextprotocol/server';
import { keyHash } from '../../shared/src/setup.js';
import type { KeyedClient } from './call.js';
import type { Clients } from './clients.js';

/** A host name that never leaves the machine. */
export const isLoopback = (host: string): boolean => /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/.test(host);

/** Makes the server of one request, for its client; `track` registers a call the request can cancel. */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- the low-level Server, on purpose: see server.ts
export type ServerFactory = (keyed: KeyedClient, track: Track) => Server;

/** Registers a call in flight (its JSON-RPC id and how to abort it); returns how to forget it. */
export type Track = (requestId: string | number, abort: AbortController) => () => void;

export interface HttpOptions {
  readonly host: string;
  readonly port: number;
  /** Host names requests may name besides the bound address (a load balancer's). */
  readonly allowedHosts: readonly string[];
  /** The process's key; `undefined`: each request carries its own. */
  readonly apiKey: string | undefined;
  readonly clients: Clients;
  readonly serverFor: ServerFactory;
  /** Out-of-band errors of the MCP SDK (reporting only). */
  readonly onerror: (error: Error) => void;
}

const MAX_BODY = 4 * 1024 * 1024;

/** The bearer token of a request, if it carries one. */
function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The `notifications/cancelled` messages of a body (one message or a batch). */
function cancellations(body: Buffer): { requestId: string | number; reason: unknown }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return [];
  }
  return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((message: unknown) => {
    if (typeof message !== 'object' || message === null) return [];
    const { method, params } = message as { method?: unknown; params?: { requestId?: unknown; reason?: unknown } };
    const id = params?.requestId;
    return method === 'notifications/cancelled' && (typeof id === 'string' || typeof id === 'number')
      ? [{ requestId: id, reason: params?.reason }]
      : [];
  });
}

/** Serves `/mcp` until the process ends; resolves with the server once it listens, and its URL. */
export async function serveHttp(options: HttpOptions): Promise<{ http: HttpServer; url: string }> {
  const { host, port, apiKey, clients, serverFor, onerror } = options;
  const inFlight = new Map<string, AbortController>();
  const track =
    (hash: string): Track =>
    (requestId, abort) => {
      const id = `${hash} ${JSON.stringify(requestId)}`;
      inFlight.set(id, abort);
      return () => {
        if (inFlight.get(id) === abort) inFlight.delete(id);
      };
    };
  const handler = createMcpHandler(
    ({ authInfo }) => {
      const key = authInfo?.token ?? apiKey ?? '';
      return serverFor(clients.get(key), track(keyHash(key)));
    },
    { legacy: 'stateless', onerror },
  );
  const node = toNodeHandler(handler, { onerror });
  const names = isLoopback(host)
    ? ['127.0.0.1', 'localhost', '[::1]']
    : [host.includes(':') ? `[${host}]` : host, ...options.allowedHosts];
  const validHost = hostHeaderValidation(names);
  const validOrigin = originValidation(names);

  const http = createHttpServer((req, res) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the MCP endpoint is /mcp\n');
      return;
    }
    if (!validHost(req, res) || !validOrigin(req, res)) return;
    const key = apiKey ?? bearer(req);
    if (key === undefined || !/^uspl_\S+$/.test(key)) {
      const error = key === undefined ? '' : ', error="invalid_token"';
      res
        .writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': `Bearer realm="userplane-mcp"${error}`,
        })
        .end(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32001, message: 'Send your Userplane API key: Authorization: Bearer uspl_…' },
            id: null,
          }),
        );
      return;
    }
    void (async () => {
      const body = req.method === 'POST' ? await readBody(req) : Buffer.alloc(0);
      if (body === undefined) {
        res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('Request body too large\n');
        return;
      }
      for (const { requestId, reason } of cancellations(body)) {
        inFlight.get(`${keyHash(key)} ${JSON.stringify(requestId)}`)?.abort(reason);
      }
      // The body, read here, handed on as the stream the adapter reads; the key as its auth.
      const replay: NodeIncomingMessageLike = {
        method: req.method ?? 'POST',
        url: req.url ?? '/mcp',
        headers: req.headers,
        auth: { token: key, clientId: keyHash(key), scopes: [] },
        [Symbol.asyncIterator]: () => Readable.from([body])[Symbol.asyncIterator](),
      };
      await node(replay, res);
    })().catch((error: unknown) => {
      onerror(error instanceof Error ? error : new Error(String(error)));
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
  const shown = host.includes(':') ? `[${host}]` : host;
  return { http, url: `http://${shown}:${bound}/mcp` };
}
