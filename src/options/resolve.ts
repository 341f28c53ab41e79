/**
 * Option normalization: the client's options (`new Userplane(options)`) and each call's
 * (the second argument), checked and filled with their defaults. Anything invalid is refused
 * with a `UserplaneConfigError` before anything is sent — thrown by the constructor for client
 * options, and as the call's rejection for call options.
 */
import { resolveApiKey } from './auth.js';
import { UserplaneConfigError } from '../errors/config-error.js';
import { readEnv } from './env.js';
import { specServerUrl } from '../generated/operations.js';
import { isRecord } from '../shared/is-record.js';
import { DEFAULTS, type RequestOptions, type ResolvedOptions, type UserplaneOptions } from './options.js';
import { RateLimiter } from '../pacing/limiter.js';
import { storeFor, type RateLimitStore } from '../pacing/store.js';

/** setTimeout's limit; a larger delay would fire at once. */
const MAX_TIMER = 2_147_483_647;
/** 256 MiB: a body read as one string must stay well under what a JavaScript string can hold. */
const MAX_BODY = 2 ** 28;

const refuse = (message: string, operationId?: string): UserplaneConfigError =>
  new UserplaneConfigError(message, { operationId });

/** A whole number in [min, max] (counts and milliseconds alike), or the fallback. */
function limit(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  operationId?: string,
  max = MAX_TIMER,
): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
  // The value is described, not echoed: a string here may be anything, a key pasted in the wrong place.
  const got = typeof value === 'number' ? String(value) : `a ${typeof value}`;
  throw refuse(`${name} must be a whole number in [${min}, ${max}] (got ${got})`, operationId);
}

function baseUrl(value: unknown, allowHttp: boolean): string {
  const raw = value ?? readEnv('USERPLANE_BASE_URL') ?? specServerUrl;
  const url = typeof raw === 'string' && URL.canParse(raw) ? new URL(raw) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    // Described, never echoed: a refused URL may carry a password or a token in its query.
    throw refuse(
      `baseUrl must be an http(s) URL without credentials, query or fragment (got ${url ? `${url.origin}${url.pathname} with one of them` : 'no http(s) URL'})`,
    );
  }
  // Plain http only where it never leaves the machine (loopback), unless allowed.
  if (url.protocol === 'http:' && !allowHttp && !/^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(url.hostname)) {
    throw refuse(
      `baseUrl ${url.origin} is plain http, the key would travel unencrypted: use https or { dangerouslyAllowHttp: true }`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** A browser page (not a server runtime): it has a DOM. */
export const isBrowser = (): boolean => typeof window !== 'undefined' && typeof window.document !== 'undefined';

const isStore = (value: unknown): value is RateLimitStore =>
  isRecord(value) && ['take', 'pause', 'paused'].every((name) => typeof value[name] === 'function');

function rateLimiter(given: unknown, apiKey: string, url: string, maxRetryAfter: number): RateLimiter | undefined {
  if (given === false) return undefined;
  const options = isRecord(given) ? given : {};
  if (given !== undefined && options !== given) throw refuse('rateLimit must be an object or false');
  const store = options['store'] ?? storeFor(apiKey, url);
  if (!isStore(store)) throw refuse('rateLimit.store must be a RateLimitStore');
  const { requests, per, maxWait } = options;
  return new RateLimiter(
    store,
    // At most 100,000 a window: each counts in memory (upstream allows 120).
    limit('rateLimit.requests', requests, DEFAULTS.rateLimitRequests, 1, undefined, 100_000),
    limit('rateLimit.per', per, DEFAULTS.rateLimitPer, 1),
    limit('rateLimit.maxWait', maxWait, DEFAULTS.rateLimitMaxWait, 0),
    maxRetryAfter,
  );
}

export function resolveOptions(options: UserplaneOptions): ResolvedOptions {
  if (isBrowser() && options.dangerouslyAllowBrowser !== true) {
    throw refuse(
      'Refusing to run in a browser, where every visitor could read the API key: set { dangerouslyAllowBrowser: true } to allow it',
    );
  }
  const { fetch, logger } = options;
  for (const [name, value] of Object.entries({ fetch, logger })) {
    if (value !== undefined && typeof value !== 'function') throw refuse(`${name} must be a function`);
  }
  const apiKey = resolveApiKey(options.apiKey);
  const maxRetryAfter = limit('maxRetryAfter', options.maxRetryAfter, DEFAULTS.maxRetryAfter, 0);
  const url = baseUrl(options.baseUrl, options.dangerouslyAllowHttp === true);
  return {
    apiKey,
    baseUrl: url,
    maxRetries: limit('maxRetries', options.maxRetries, DEFAULTS.maxRetries, 0),
    timeout: limit('timeout', options.timeout, DEFAULTS.timeout, 1),
    maxRetryAfter,
    maxResponseBytes: limit(
      'maxResponseBytes',
      options.maxResponseBytes,
      DEFAULTS.maxResponseBytes,
      1,
      undefined,
      MAX_BODY,
    ),
    fetch,
    headers: checkHeaders(options.headers) ?? {},
    validateResponses: options.validateResponses === true,
    logger,
    limiter: rateLimiter(options.rateLimit, apiKey, url, maxRetryAfter),
  };
}

function isValidHeader(name: string, value: string): boolean {
  try {
    new Headers([[name, value]]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Headers that say how the message is framed and carried: the runtime sets them, and refuses or
 * hangs on a caller's (Node refuses Expect, Transfer-Encoding, Keep-Alive, Upgrade and waits
 * forever on a wrong Content-Length; browsers and Deno drop or refuse all of these).
 */
const RUNTIME_HEADERS = /^(?:connection|content-length|expect|host|keep-alive|te|trailer|transfer-encoding|upgrade)$/i;

/** Header names and values the runtime would refuse, refused first, naming the header (never its value). */
function checkHeaders(headers: unknown, operationId?: string): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(isRecord(headers) ? headers : { '': headers })) {
    const header = `headers: ${JSON.stringify(name)}`;
    if (RUNTIME_HEADERS.test(name)) throw refuse(`${header} is set by the runtime, not by a caller`, operationId);
    if (typeof value !== 'string' || !isValidHeader(name, value)) {
      throw refuse(`${header} is not a header name with a string value without control characters`, operationId);
    }
    checked[name] = value;
  }
  return checked;
}

/** One call's options, checked, over the client's. Bad ones are refused with nothing sent. */
export function resolveCallOptions(
  client: ResolvedOptions,
  options: RequestOptions | undefined,
  operationId: string,
): {
  maxRetries: number;
  timeout: number;
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
  maxResponseBytes: number;
} {
  const given: unknown = options;
  const signal: unknown = options?.signal;
  if (
    (given !== undefined && !isRecord(given)) ||
    (signal !== undefined && !(isRecord(signal) && typeof signal['addEventListener'] === 'function'))
  ) {
    throw refuse('the call options must be an object, its signal an AbortSignal', operationId);
  }
  return {
    maxRetries: limit('maxRetries', options?.maxRetries, client.maxRetries, 0, operationId),
    timeout: limit('timeout', options?.timeout, client.timeout, 1, operationId),
    signal: options?.signal,
    headers: checkHeaders(options?.headers, operationId),
    maxResponseBytes: limit(
      'maxResponseBytes',
      options?.maxResponseBytes,
      client.maxResponseBytes,
      1,
      operationId,
      MAX_BODY,
    ),
  };
}
