/**
 * A programmable HTTP server for what Prism cannot play: scripted 429/503 sequences, resets,
 * slow and malformed responses. Each request takes the next scripted reply; every request is
 * recorded with its arrival time.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { listenOnLoopback } from './loopback.js';

export type Reply =
  /** A normal response. `body` objects are sent as JSON. `delay` waits before answering. */
  | { status: number; headers?: Record<string, string>; body?: unknown; delay?: number }
  /** Destroy the connection as soon as the request arrives: no response at all. */
  | { reset: 'before-response' }
  /** Send the status line, headers and part of the body, then destroy the connection. */
  | { reset: 'mid-body'; status: number; headers?: Record<string, string> };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request (with its body) had fully arrived. */
  at: number;
}

export interface FaultServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Delayed replies not sent yet. */
  readonly pendingReplies: number;
  /** Queues replies for the next requests, in order. */
  reply(...replies: Reply[]): void;
  /** Answers every request the queue does not cover (e.g. a seeded fault injector). */
  handle(handler: ((request: RecordedRequest) => Reply) | undefined): void;
  /** Called for each request as it arrives (after it is recorded). */
  onRequest(listener: ((request: RecordedRequest) => void) | undefined): void;
  /** Forgets recorded requests and queued replies. */
  reset(): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, reply: { status: number; headers?: Record<string, string>; body?: unknown }): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (typeof reply.body === 'string') payload = reply.body;
  else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

export async function startFaultServer(): Promise<FaultServer> {
  const queue: Reply[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let listener: ((request: RecordedRequest) => void) | undefined;
  let handler: ((request: RecordedRequest) => Reply) | undefined;
  const noReply: Reply = {
    status: 599,
    body: { defined: false, code: 'NO_SCRIPTED_REPLY', status: 599, message: 'the test queued no reply' },
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      };
      requests.push(recorded);
      listener?.(recorded);
      const reply = queue.shift() ?? handler?.(recorded) ?? noReply;
      if ('reset' in reply) {
        if (reply.reset === 'before-response') {
          req.socket.destroy();
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': '1000', ...reply.headers });
        res.write('{"message":"partial');
        setImmediate(() => {
          req.socket.destroy();
        });
        return;
      }
      if (reply.delay === undefined) {
        send(res, reply);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send(res, reply);
      }, reply.delay);
      timers.add(timer);
    });
  });
  const listening = await listenOnLoopback(server);

  return {
    url: listening.url,
    requests,
    get pendingReplies() {
      return timers.size;
    },
    reply: (...replies) => queue.push(...replies),
    handle: (fn) => {
      handler = fn;
    },
    onRequest: (fn) => {
      listener = fn;
    },
    reset: () => {
      queue.length = 0;
      requests.length = 0;
      listener = undefined;
      handler = undefined;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await listening.close();
    },
  };
}

/**
 * One fault server for the calling test file: started before its tests, reset (queue and
 * recorded requests) after each, closed after all.
 */
export function useFaultServer(): FaultServer {
  let started: FaultServer | undefined;
  beforeAll(async () => {
    started = await startFaultServer();
  });
  afterEach(() => started?.reset());
  afterAll(() => started?.close());
  const server = (): FaultServer => {
    if (started === undefined) throw new Error('the fault server starts in beforeAll');
    return started;
  };
  return {
    get url() {
      return server().url;
    },
    get requests() {
      return server().requests;
    },
    get pendingReplies() {
      return server().pendingReplies;
    },
    reply: (...replies) => {
      server().reply(...replies);
    },
    handle: (handler) => {
      server().handle(handler);
    },
    onRequest: (listener) => {
      server().onRequest(listener);
    },
    reset: () => {
      server().reset();
    },
    close: () => server().close(),
  };
}
