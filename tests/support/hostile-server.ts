/**
 * A loopback server that misbehaves as told, per call: each request carries `X-Call: <id>`, and
 * the call's script gives the reply for each attempt — any status and status text, headers
 * (echoing the key in a name or a value, any Retry-After, a Content-Encoding right, wrong or
 * corrupt), any body (JSON, text, empty, huge, endless, deeply nested, trickling), and
 * connection faults before the headers or mid-body. It records what each call's requests were
 * answered with and how many body bytes it managed to write, which is what the invariants in
 * tests/sdk/invariants.test.ts are checked against.
 */
import { createServer, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { listenOnLoopback } from './loopback.js';

export type HostileBody =
  /** `value` as JSON; any `"${DEEP}"` string in it is replaced by `depth` nested arrays around `innermost` (too deep for JSON.stringify). */
  | { kind: 'json'; value: unknown; deep?: { depth: number; innermost: string } }
  | { kind: 'text'; text: string }
  | { kind: 'empty' }
  /** `bytes` of filler, sent in 64 KiB writes that wait for the client to read them; `declared`: with its Content-Length. */
  | { kind: 'huge'; bytes: number; declared?: boolean }
  /** Filler until the client stops reading or the connection closes. */
  | { kind: 'endless' }
  /** `text` in `chunks` pieces, `gapMs` apart. */
  | { kind: 'trickle'; text: string; chunks: number; gapMs: number }
  /** 64 KiB of gzip that inflates to 64 MiB (sent with `Content-Encoding: gzip`). */
  | { kind: 'bomb' };

export interface HostileReply {
  status: number;
  statusText?: string;
  headers?: [string, string][];
  body: HostileBody;
  /** gzip: a right one; `claims-gzip`: the header without the encoding; `corrupt-gzip`: broken bytes. */
  encoding?: 'gzip' | 'claims-gzip' | 'corrupt-gzip';
  /** Destroy the connection before any header, or after the headers and part of the body. */
  fault?: 'before-headers' | 'mid-body';
}

export interface Answered {
  status: number | undefined;
  fault: HostileReply['fault'];
  /** Body bytes the server wrote before it stopped (the client stopped reading, or the end). */
  bytesWritten: number;
  /** The write finished: the whole body was sent. */
  finished: boolean;
}

export interface HostileServer {
  readonly url: string;
  /** Scripts a call: the n-th request of it gets `replies[n]` (the last one again after that). */
  script(callId: string, replies: HostileReply[]): void;
  /** What each request of a call was answered with, in order. */
  answered(callId: string): Answered[];
  /** Resolves once every request of the call has finished being answered (or was cut). */
  settled(callId: string): Promise<void>;
  close(): Promise<void>;
}

const FILLER = Buffer.alloc(64 * 1024, 'x');
/** Stands for the deeply nested value in a `json` body. */
export const DEEP = '__deeply_nested__';
let bomb: Buffer | undefined;

function encode(reply: HostileReply, payload: Buffer): Buffer {
  if (reply.encoding === 'gzip') return gzipSync(payload);
  if (reply.encoding === 'corrupt-gzip') {
    const zipped = gzipSync(payload);
    return Buffer.concat([zipped.subarray(0, 10), Buffer.from('not deflate data at all'), zipped.subarray(10)]);
  }
  return payload;
}

/** Writes `chunk`, waiting for the client to take it when the socket is full; false once the response is gone. */
function write(res: ServerResponse, chunk: Buffer): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const ok = res.write(chunk);
    if (ok) {
      resolve(!res.destroyed);
      return;
    }
    const done = (alive: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(alive);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

export async function startHostileServer(): Promise<HostileServer> {
  const scripts = new Map<string, HostileReply[]>();
  const answers = new Map<string, Answered[]>();
  const pending = new Map<string, Promise<void>[]>();

  async function answer(res: ServerResponse, reply: HostileReply, record: Answered): Promise<void> {
    // No connection is reused: a fault on one call must not surface as a stale socket on the next.
    const headers: [string, string][] = [['connection', 'close'], ...(reply.headers ?? [])];
    const { body } = reply;
    let payload: Buffer | undefined;
    if (body.kind === 'json') {
      const { deep } = body;
      const nested = deep && `${'['.repeat(deep.depth)}${JSON.stringify(deep.innermost)}${']'.repeat(deep.depth)}`;
      payload = Buffer.from(JSON.stringify(body.value).replaceAll(JSON.stringify(DEEP), nested ?? 'null'));
    } else if (body.kind === 'text' || body.kind === 'trickle') payload = Buffer.from(body.text);
    else if (body.kind === 'empty') payload = Buffer.alloc(0);
    else if (body.kind === 'bomb') {
      bomb ??= gzipSync(Buffer.alloc(64 * 2 ** 20, ' '));
      headers.push(['content-encoding', 'gzip']);
    }
    if (body.kind === 'json') headers.push(['content-type', 'application/json']);
    if (body.kind === 'huge' && body.declared === true) headers.push(['content-length', String(body.bytes)]);
    if (reply.encoding !== undefined) headers.push(['content-encoding', 'gzip']);
    if (payload !== undefined) payload = encode(reply, payload);
    if (body.kind === 'bomb') payload = bomb;
    res.writeHead(reply.status, reply.statusText ?? '', headers.flat());
    record.status = reply.status;
    // A 204 or 304 has no body: Node takes any write as done at once, and an endless one would never yield.
    if (reply.status === 204 || reply.status === 304) {
      res.end();
      record.finished = true;
      return;
    }
    if (reply.fault === 'mid-body') {
      await write(res, (payload ?? FILLER).subarray(0, Math.max(1, Math.floor((payload ?? FILLER).length / 2))));
      res.socket?.destroy();
      return;
    }
    if (body.kind === 'huge' || body.kind === 'endless') {
      for (let sent = 0; body.kind === 'endless' || sent < body.bytes; sent += FILLER.length) {
        if (!(await write(res, FILLER))) return;
        record.bytesWritten += FILLER.length;
      }
    } else if (body.kind === 'trickle' && payload !== undefined) {
      const size = Math.max(1, Math.ceil(payload.length / body.chunks));
      for (let at = 0; at < payload.length; at += size) {
        if (!(await write(res, payload.subarray(at, at + size)))) return;
        record.bytesWritten += Math.min(size, payload.length - at);
        await new Promise((resolve) => setTimeout(resolve, body.gapMs));
      }
    } else if (payload !== undefined) {
      if (!(await write(res, payload))) return;
      record.bytesWritten += payload.length;
    }
    res.end();
    record.finished = true;
  }

  const server = createServer((req, res) => {
    const id = String(req.headers['x-call'] ?? '');
    req.resume();
    req.on('end', () => {
      const list = answers.get(id) ?? [];
      answers.set(id, list);
      const replies = scripts.get(id) ?? [{ status: 599, body: { kind: 'text', text: 'no script' } }];
      const reply = replies[Math.min(list.length, replies.length - 1)]!;
      const record: Answered = { status: undefined, fault: reply.fault, bytesWritten: 0, finished: false };
      list.push(record);
      if (reply.fault === 'before-headers') {
        req.socket.destroy();
        return;
      }
      const done = answer(res, reply, record).catch(() => {
        res.destroy();
      });
      pending.set(id, [...(pending.get(id) ?? []), done]);
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    script: (id, replies) => {
      scripts.set(id, replies);
    },
    answered: (id) => answers.get(id) ?? [],
    settled: async (id) => {
      await Promise.all(pending.get(id) ?? []);
    },
    close: listening.close,
  };
}
