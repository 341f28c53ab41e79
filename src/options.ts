import { resolveApiKey } from './auth.js';
import { UserplaneConfigError } from './errors/config-error.js';
import { readEnv } from './env.js';
import { specServerUrl } from './generated/operations.js';

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
   * The `fetch` to use, e.g. to add a proxy or instrumentation.
   * @default globalThis.fetch
   */
  fetch?: FetchFunction | undefined;
  /**
   * Headers sent with every request. `Authorization` is always the API key's.
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
      failure: 'timeout' | 'connection' | 'abort' | undefined;
      /** From sending to the body read (or the failure). */
      durationMs: number;
    }
  /** The SDK will retry after `delayMs` (the server's `Retry-After`, if any, is `retryAfterMs`). */
  | { type: 'retry'; operationId: string; attempt: number; delayMs: number; retryAfterMs: number | undefined };

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
}

/** The defaults, in one place. */
export const DEFAULTS = {
  /** Retries after the first attempt (upstream's own advice: up to 3). */
  maxRetries: 3,
  /** Milliseconds per attempt. */
  timeout: 30_000,
  /** Milliseconds: the longest `Retry-After` slept through. */
  maxRetryAfter: 60_000,
} as const;

export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  maxRetries: number;
  timeout: number;
  maxRetryAfter: number;
  fetch: FetchFunction | undefined;
  headers: Record<string, string>;
  validateResponses: boolean;
  logger: ((event: LogEvent) => void) | undefined;
}

/** setTimeout's limit; a larger delay would fire at once. */
const MAX_TIMER = 2_147_483_647;

/** A whole number in [min, MAX_TIMER] (retry counts and milliseconds alike), or the fallback. */
function limit(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > MAX_TIMER) {
    throw new UserplaneConfigError(`${name} must be a whole number in [${min}, ${MAX_TIMER}] (got ${String(value)})`);
  }
  return value;
}

/** Loopback hosts, where plain http never leaves the machine. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

function baseUrl(value: string | undefined, allowHttp: boolean): string {
  const raw = value ?? readEnv('USERPLANE_BASE_URL') ?? specServerUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserplaneConfigError(`baseUrl is not a URL (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserplaneConfigError(`baseUrl must be http(s) (got ${url.protocol})`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowHttp) {
    throw new UserplaneConfigError(
      `baseUrl ${url.origin} is plain http: the key would travel unencrypted. Use https or loopback, or set { dangerouslyAllowHttp: true }`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UserplaneConfigError('baseUrl must not carry credentials, a query or a fragment');
  }
  return url.href.replace(/\/+$/, '');
}

/** A browser page (not a server runtime): it has a DOM. */
export function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof window.document !== 'undefined' && typeof navigator !== 'undefined';
}

export function resolveOptions(options: UserplaneOptions): ResolvedOptions {
  if (isBrowser() && options.dangerouslyAllowBrowser !== true) {
    throw new UserplaneConfigError(
      'Refusing to run in a browser, where every visitor could read the API key: call the API from a server, or set { dangerouslyAllowBrowser: true }',
    );
  }
  for (const name of ['fetch', 'logger'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new UserplaneConfigError(`${name} must be a function`);
    }
  }
  return {
    apiKey: resolveApiKey(options.apiKey),
    baseUrl: baseUrl(options.baseUrl, options.dangerouslyAllowHttp === true),
    maxRetries: limit('maxRetries', options.maxRetries, DEFAULTS.maxRetries, 0),
    timeout: limit('timeout', options.timeout, DEFAULTS.timeout, 1),
    maxRetryAfter: limit('maxRetryAfter', options.maxRetryAfter, DEFAULTS.maxRetryAfter, 0),
    fetch: options.fetch,
    headers: { ...options.headers },
    validateResponses: options.validateResponses === true,
    logger: options.logger,
  };
}

/** The effective limits of one call: its own options over the client's. */
export function resolveCallLimits(
  client: ResolvedOptions,
  options: RequestOptions | undefined,
): { maxRetries: number; timeout: number } {
  return {
    maxRetries: limit('maxRetries', options?.maxRetries, client.maxRetries, 0),
    timeout: limit('timeout', options?.timeout, client.timeout, 1),
  };
}
