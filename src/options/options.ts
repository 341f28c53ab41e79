import type { Redact } from '../errors/redact.js';
import type { RateLimiter } from '../pacing/limiter.js';
import type { RateLimitStore } from '../pacing/store.js';
import type { Clock, CLOCK } from '../shared/clock.js';

/** A `fetch`-compatible function. The SDK always calls it with a `Request`. */
export type FetchFunction = (request: Request) => Promise<Response>;

/**
 * Options for `new Userplane(options)`. Every field is optional.
 *
 * @example
 * ```ts
 * const userplane = new Userplane({
 *   apiKey: process.env.USERPLANE_API_KEY, // the default
 *   maxRetries: 5,
 *   timeout: 10_000,
 *   logger: (event) => console.debug('[userplane]', event),
 * });
 * ```
 */
export interface UserplaneOptions {
  /**
   * Your API key (`uspl_…`). Keep it on the server: never ship it to a browser.
   * @default process.env.USERPLANE_API_KEY
   */
  apiKey?: string | undefined;
  /**
   * The API's base URL.
   * @default process.env.USERPLANE_BASE_URL, else the spec's server `https://api.userplane.io/api/v1`
   */
  baseUrl?: string | undefined;
  /**
   * Retries after the first attempt (so at most `1 + maxRetries` requests per call).
   * See the README's "Retries" section for what is retried.
   * @default 3
   */
  maxRetries?: number | undefined;
  /**
   * Time limit of each attempt in milliseconds, from sending to the whole body read.
   * @default 30000
   */
  timeout?: number | undefined;
  /**
   * The longest `Retry-After` (ms) the SDK will wait through. A longer one — a daily rate limit,
   * say — is not slept through: the call fails at once with a `RateLimitError` whose
   * `retryAfter` holds the wait.
   * @default 60000
   */
  maxRetryAfter?: number | undefined;
  /**
   * The largest response body read, in bytes (after decompression). A body is read as a stream
   * and the read stops here: a larger 2xx fails with `UserplaneResponseError` (the request was
   * processed: it is not retried), a larger error keeps its status and the part read; a
   * `Content-Length` above it fails before reading. 4 MiB holds the largest page this API
   * documents (20 links with their metadata: a few hundred KB) many times over, and bounds the
   * memory a misbehaving server or proxy can make one call hold to a small multiple of it.
   * @default 4194304 (4 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * The `fetch` to use, e.g. to add a proxy or instrumentation.
   * @default globalThis.fetch
   */
  fetch?: FetchFunction | undefined;
  /**
   * Headers sent with every request. `Authorization` is always the API key's; headers the
   * runtime owns (`Host`, `Content-Length`, `Connection`, `Transfer-Encoding`, …) are refused.
   * @default {}
   */
  headers?: Record<string, string> | undefined;
  /**
   * Check every 2xx body against the spec's response schema; a mismatch throws
   * `UserplaneResponseError`. Off by default: the API is trusted to keep its contract, and the
   * check costs CPU on every call (see the README's Performance section).
   * @default false
   */
  validateResponses?: boolean | undefined;
  /**
   * Called with one event per attempt and per retry wait — to see rate limiting and retries.
   * Events carry the operation, status, timings and error kinds; never headers, bodies or the key.
   * An exception thrown by the logger is ignored.
   * @default undefined (no logging)
   */
  logger?: ((event: LogEvent) => void) | undefined;
  /**
   * Pacing to the API's rate limit: at most `requests` in any rolling `per` ms, shared by every
   * client of this process with the same API key (or of the same `store`: pass one
   * `MemoryRateLimitStore` to several clients, or a Redis store from `userplane/redis` to share
   * across processes). A 429 pauses every client of the store. `false` turns pacing off: each
   * call then backs off on its own. See the README's "Rate limits".
   * @default { requests: 120, per: 60000, maxWait: 300000 } — the documented limit
   */
  rateLimit?: RateLimitOptions | false | undefined;
  /**
   * Allow a plain `http:` base URL that is not loopback. The key would cross the network in
   * clear text; only for trusted networks (a proxy on the same host, say).
   * @default false
   */
  dangerouslyAllowHttp?: boolean | undefined;
  /**
   * Allow running in a browser. Anyone who loads the page can read the API key, so this is
   * refused unless you opt in (for internal tools whose users may hold the key).
   * @default false
   */
  dangerouslyAllowBrowser?: boolean | undefined;
  /**
   * An OpenTelemetry `Tracer` (what `trace.getTracer('my-app')` of `@opentelemetry/api` returns):
   * a span per call, named by its operationId, its attempts CLIENT spans under it, its waits
   * events on it. The SDK imports nothing of OpenTelemetry; see the README's "Observability".
   * Its methods are called as OpenTelemetry's API is made to be called: they must not throw (the
   * API's never do).
   * @default undefined (no spans, and nothing spent on them)
   */
  tracer?: TracerLike | undefined;
  /** @internal The clock the client's waits run on: `userplane/testing`'s virtual one (src/shared/clock.ts). */
  readonly [CLOCK]?: Clock | undefined;
}

/** The value of a span or event attribute (OpenTelemetry's `AttributeValue`; `undefined` leaves it out). */
export type SpanAttributeValue = string | number | boolean | undefined;

/** The methods of an OpenTelemetry `Span` the SDK calls. */
export interface SpanLike {
  /** Sets attributes (`error.type`, when the call fails). */
  setAttributes(attributes: Record<string, SpanAttributeValue>): unknown;
  /** Adds an event (`userplane.wait`, `userplane.pause`, `userplane.retry`) with its attributes. */
  addEvent(name: string, attributes?: Record<string, SpanAttributeValue>): unknown;
  /** Sets the status: `code` 2 is OpenTelemetry's `SpanStatusCode.ERROR`. */
  setStatus(status: { code: number; message?: string | undefined }): unknown;
  /** Ends the span. */
  end(): unknown;
}

/** What the SDK gives `startSpan` and `startActiveSpan`: OpenTelemetry's SpanKind, attributes, start time (ms). */
export interface SpanOptionsLike {
  /** OpenTelemetry's `SpanKind`: 2 CLIENT (an attempt); a call's span gives none, so it is INTERNAL (0), the default. */
  kind?: number;
  attributes?: Record<string, SpanAttributeValue>;
  /** Ms since the epoch: an attempt's span starts when the attempt did. */
  startTime?: number;
}

/**
 * The two methods of an OpenTelemetry `Tracer` the SDK calls — what `trace.getTracer(name)` of
 * `@opentelemetry/api` returns has both.
 */
export interface TracerLike {
  /**
   * Runs `fn` with a new span active, so that the spans started inside are its children: a call's.
   * @typeParam F - `fn`, whose result `startActiveSpan` returns.
   */
  startActiveSpan<F extends (span: SpanLike) => unknown>(name: string, options: SpanOptionsLike, fn: F): ReturnType<F>;
  /** Starts a span, a child of the active one: an attempt's. */
  startSpan(name: string, options: SpanOptionsLike): SpanLike;
}

/** The `rateLimit` option. */
export interface RateLimitOptions {
  /**
   * Requests allowed in any rolling window of `per` ms (upstream: 120 a minute, per user).
   * @default 120
   */
  requests?: number | undefined;
  /**
   * The window, in milliseconds.
   * @default 60000
   */
  per?: number | undefined;
  /**
   * The longest a call waits for a turn (in the queue, for the window, through a pause) before
   * it fails with `UserplanePacingError`, nothing sent. Waiting is not an attempt, and is not
   * part of `timeout`.
   * @default 300000
   */
  maxWait?: number | undefined;
  /**
   * Where the limiter's state lives.
   * @default an in-memory store shared by every client of this process with the same API key
   */
  store?: RateLimitStore | undefined;
}

/** What the `logger` option receives. */
export type LogEvent =
  /** An attempt ended: with a response (`status`) or without one (`failure`). */
  | {
      type: 'attempt';
      /** e.g. `links.create` */
      operationId: string;
      /** e.g. `POST` */
      method: string;
      /** The spec's path template, e.g. `/public/workspace/{workspaceId}/links`. */
      path: string;
      /** 1 for the first attempt of a call. */
      attempt: number;
      /** The HTTP status, when a response arrived. */
      status: number | undefined;
      /** Why no response arrived, when none did. */
      failure: 'timeout' | 'connection' | 'abort' | 'refused' | undefined;
      /** From sending to the body read (or the failure). */
      durationMs: number;
      /** The URL requested (the key redacted from it), once the request was built. */
      url: string | undefined;
    }
  /** The SDK will retry after `delayMs` (the server's `Retry-After`, if any, is `retryAfterMs`). */
  | { type: 'retry'; operationId: string; attempt: number; delayMs: number; retryAfterMs: number | undefined }
  /** The call waits `delayMs` for a turn under the rate limit: the window is full (`pace`) or a 429 paused the client (`pause`). */
  | { type: 'wait'; operationId: string; attempt: number; delayMs: number; reason: 'pace' | 'pause' }
  /** A 429 paused every client of the rate-limit store for `delayMs`; `spent`: the daily budget looks spent. */
  | { type: 'pause'; operationId: string; delayMs: number; spent: boolean };

/**
 * Per-call options: the second argument of every operation method.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * await userplane.links.delete({ workspaceId, linkId }, { signal: controller.signal, timeout: 5_000, maxRetries: 0 });
 * ```
 */
export interface RequestOptions {
  /** Cancels the call: the in-flight request and any backoff wait stop at once. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's `timeout` (ms per attempt) for this call. */
  timeout?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Extra headers for this call, merged over the client's. */
  headers?: Record<string, string> | undefined;
  /** Overrides the client's `maxResponseBytes` for this call. */
  maxResponseBytes?: number | undefined;
}

/** The defaults, in one place (frozen: no consumer can change them for every client). */
export const DEFAULTS = Object.freeze({
  /** Retries after the first attempt (upstream's own advice: up to 3). */
  maxRetries: 3,
  /** Milliseconds per attempt. */
  timeout: 30_000,
  /** Milliseconds: the longest `Retry-After` slept through. */
  maxRetryAfter: 60_000,
  /** The documented limit: requests per window… */
  rateLimitRequests: 120,
  /** …of this many milliseconds. */
  rateLimitPer: 60_000,
  /** Milliseconds a call may wait for a turn. */
  rateLimitMaxWait: 300_000,
  /** Bytes of a response body read at most: 4 MiB. */
  maxResponseBytes: 4 * 1024 * 1024,
} as const);

export interface ResolvedOptions {
  apiKey: string;
  maxResponseBytes: number;
  baseUrl: string;
  maxRetries: number;
  timeout: number;
  maxRetryAfter: number;
  fetch: FetchFunction | undefined;
  headers: Record<string, string>;
  validateResponses: boolean;
  logger: ((event: LogEvent) => void) | undefined;
  tracer: TracerLike | undefined;
  limiter: RateLimiter | undefined;
  /** Where the client's time comes from (src/shared/clock.ts). */
  clock: Clock;
  /** The key's redactor, made once per client. */
  redact: Redact;
}

/** One call's options, over the client's. */
export interface ResolvedCallOptions {
  maxRetries: number;
  timeout: number;
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
  maxResponseBytes: number;
}
