/**
 * Option normalization: the client's options (`new Userplane(options)`) and each call's (the
 * second argument), checked and filled with their defaults. Anything invalid is refused with a
 * `UserplaneConfigError` before anything is sent — thrown by the constructor for client options,
 * and as the call's rejection for call options. Only the caller's own properties are read: an
 * option set on `Object.prototype` (prototype pollution elsewhere in the application) is no option.
 */
import { resolveApiKey } from './auth.js';
import { UserplaneConfigError } from '../errors/config-error.js';
import { redactor, scrub } from '../errors/redact.js';
import { readEnv } from './env.js';
import { specServerUrl } from '../generated/operations.js';
import { CLOCK, REAL_TIME, type Clock } from '../shared/clock.js';
import { isRecord } from '../shared/is-record.js';
import {
  DEFAULTS,
  type FetchFunction,
  type LogEvent,
  type ResolvedCallOptions,
  type RequestOptions,
  type ResolvedOptions,
  type TracerLike,
  type UserplaneOptions,
} from './options.js';
import { RateLimiter } from '../pacing/limiter.js';
import { storeFor, type RateLimitStore } from '../pacing/store.js';

/** setTimeout's limit; a larger delay would fire at once. */
const MAX_TIMER = 2_147_483_647;
/** 256 MiB: a body read as one string must stay well under what a JavaScript string can hold. */
const MAX_BODY = 2 ** 28;

const refuse = (message: string, operationId?: string): UserplaneConfigError =>
  new UserplaneConfigError(message, { operationId });

/**
 * `source`'s own enumerable properties, read once: one it inherits (an `Object.prototype` polluted
 * elsewhere in the application) is no option; a getter or a Proxy that throws is a refused one.
 */
function own(source: unknown, what: string, operationId?: string): Map<string, unknown> {
  try {
    return new Map(isRecord(source) ? Object.entries(source) : []);
  } catch (cause) {
    throw new UserplaneConfigError(`${what} could not be read (see its cause)`, { operationId, cause });
  }
}

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

type Limits = Pick<ResolvedOptions, 'maxRetries' | 'timeout' | 'maxResponseBytes'>;

/** The limits a client sets and each call may set again: over `fallback`, the client's or the defaults. */
function limits(option: (name: keyof Limits) => unknown, fallback: Limits, operationId?: string): Limits {
  return {
    maxRetries: limit('maxRetries', option('maxRetries'), fallback.maxRetries, 0, operationId),
    timeout: limit('timeout', option('timeout'), fallback.timeout, 1, operationId),
    maxResponseBytes: limit(
      'maxResponseBytes',
      option('maxResponseBytes'),
      fallback.maxResponseBytes,
      1,
      operationId,
      MAX_BODY,
    ),
  };
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

/** `isRecord` that does not narrow: the options keep their type, and with it the clock's key. */
const isObject = (value: unknown): boolean => isRecord(value);

/** A browser page (not a server runtime): it has a DOM. */
export const isBrowser = (): boolean => typeof window !== 'undefined' && typeof window.document !== 'undefined';

const isStore = (value: unknown): value is RateLimitStore =>
  isRecord(value) && ['take', 'pause', 'paused'].every((name) => typeof value[name] === 'function');

const isFetch = (value: unknown): value is FetchFunction => typeof value === 'function';
const isLogger = (value: unknown): value is (event: LogEvent) => void => typeof value === 'function';
const isTracer = (value: unknown): value is TracerLike =>
  isRecord(value) && typeof value['startActiveSpan'] === 'function' && typeof value['startSpan'] === 'function';
/** A signal the SDK can follow (src/request/caller-signal.ts); a polyfill's too. */
const isSignal = (value: unknown): value is AbortSignal =>
  value instanceof AbortSignal || (isRecord(value) && typeof value['addEventListener'] === 'function');

function rateLimiter(
  given: unknown,
  apiKey: string,
  url: string,
  maxRetryAfter: number,
  clock: Clock,
): RateLimiter | undefined {
  if (given === false) return undefined;
  if (given !== undefined && !isRecord(given)) throw refuse('rateLimit must be an object or false');
  const options = own(given, 'rateLimit');
  const store = options.get('store') ?? storeFor(apiKey, url);
  if (!isStore(store)) throw refuse('rateLimit.store must be a RateLimitStore');
  return new RateLimiter(
    store,
    // At most 100,000 a window: each counts in memory (upstream allows 120).
    limit('rateLimit.requests', options.get('requests'), DEFAULTS.rateLimitRequests, 1, undefined, 100_000),
    limit('rateLimit.per', options.get('per'), DEFAULTS.rateLimitPer, 1),
    limit('rateLimit.maxWait', options.get('maxWait'), DEFAULTS.rateLimitMaxWait, 0),
    maxRetryAfter,
    clock,
  );
}

/** The client's options, checked and with their defaults; a refusal never quotes the key. */
export function resolveOptions(given: UserplaneOptions = {}): ResolvedOptions {
  if (!isObject(given)) throw refuse('the options must be an object');
  // userplane/testing's virtual clock; otherwise the runtime's.
  const clock = (Object.hasOwn(given, CLOCK) ? given[CLOCK] : undefined) ?? REAL_TIME;
  const options = own(given, 'the options');
  const option = (name: Exclude<keyof UserplaneOptions, typeof CLOCK>): unknown => options.get(name);
  if (isBrowser() && option('dangerouslyAllowBrowser') !== true) {
    throw refuse(
      'Refusing to run in a browser, where every visitor could read the API key: set { dangerouslyAllowBrowser: true } to allow it',
    );
  }
  const fetch = option('fetch');
  const logger = option('logger');
  const tracer = option('tracer');
  if (fetch !== undefined && !isFetch(fetch)) throw refuse('fetch must be a function');
  if (logger !== undefined && !isLogger(logger)) throw refuse('logger must be a function');
  if (tracer !== undefined && !isTracer(tracer)) throw refuse('tracer must be an OpenTelemetry Tracer');
  const apiKey = resolveApiKey(option('apiKey'));
  const redact = redactor(apiKey);
  try {
    const maxRetryAfter = limit('maxRetryAfter', option('maxRetryAfter'), DEFAULTS.maxRetryAfter, 0);
    const url = baseUrl(option('baseUrl'), option('dangerouslyAllowHttp') === true);
    return {
      apiKey,
      baseUrl: url,
      ...limits(option, DEFAULTS),
      maxRetryAfter,
      fetch,
      headers: checkHeaders(option('headers')) ?? {},
      validateResponses: option('validateResponses') === true,
      logger,
      tracer,
      limiter: rateLimiter(option('rateLimit'), apiKey, url, maxRetryAfter, clock),
      clock,
      redact,
    };
  } catch (error) {
    // A header name may be the key pasted in the wrong field: what a refusal quotes is redacted.
    throw error instanceof Error ? scrub(error, redact) : error;
  }
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
    // Defined, not assigned: a header named `__proto__` stays a header.
    Object.defineProperty(checked, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return checked;
}

/** One call's options, checked, over the client's. Bad ones are refused with nothing sent. */
export function resolveCallOptions(client: ResolvedOptions, given: unknown, operationId: string): ResolvedCallOptions {
  const options = own(given, 'the call options', operationId);
  const signal = options.get('signal');
  if ((given !== undefined && !isRecord(given)) || (signal !== undefined && !isSignal(signal))) {
    throw refuse('the call options must be an object, its signal an AbortSignal', operationId);
  }
  const option = (name: keyof RequestOptions): unknown => options.get(name);
  return {
    ...limits(option, client, operationId),
    signal,
    headers: checkHeaders(option('headers'), operationId),
  };
}
