/**
 * Option normalization: the client's options (`new Userplane(options)`) and each call's
 * (the second argument), checked and filled with their defaults. Anything invalid is refused
 * with a `UserplaneConfigError` before anything is sent — from the constructor for client
 * options, from the call (a rejected promise) for call options.
 */
import { resolveApiKey } from './auth.js';
import { UserplaneConfigError } from './errors/config-error.js';
import { readEnv } from './env.js';
import { specServerUrl } from './generated/operations.js';
import { isRecord } from './is-record.js';
import { DEFAULTS, type RequestOptions, type ResolvedOptions, type UserplaneOptions } from './options.js';

/** setTimeout's limit; a larger delay would fire at once. */
const MAX_TIMER = 2_147_483_647;

/** A whole number in [min, MAX_TIMER] (retry counts and milliseconds alike), or the fallback. */
function limit(name: string, value: number | undefined, fallback: number, min: number, operationId?: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > MAX_TIMER) {
    throw new UserplaneConfigError(`${name} must be a whole number in [${min}, ${MAX_TIMER}] (got ${String(value)})`, {
      operationId,
    });
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
    headers: checkHeaders(options.headers, 'headers') ?? {},
    validateResponses: options.validateResponses === true,
    logger: options.logger,
  };
}

/** Header names and values the runtime would refuse (a newline, a control character), refused first. */
function checkHeaders(headers: unknown, where: string, operationId?: string): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  const refuse = (why: string): UserplaneConfigError => new UserplaneConfigError(`${where}: ${why}`, { operationId });
  if (!isRecord(headers)) throw refuse('must be an object of header names to string values');
  const checked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw refuse(`${JSON.stringify(name)} must be a string (got ${typeof value})`);
    try {
      new Headers([[name, value]]);
    } catch {
      throw refuse(
        `${JSON.stringify(name)} is not a valid header name or value (a newline, a control character, or text beyond Latin-1)`,
      );
    }
    checked[name] = value;
  }
  return checked;
}

function isSignal(value: unknown): boolean {
  return isRecord(value) && typeof value['aborted'] === 'boolean' && typeof value['addEventListener'] === 'function';
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
} {
  const given: unknown = options;
  if (given !== undefined && !isRecord(given)) {
    throw new UserplaneConfigError('the call options (second argument) must be an object', { operationId });
  }
  const signal = options?.signal;
  if (signal !== undefined && !isSignal(signal))
    throw new UserplaneConfigError('signal must be an AbortSignal', { operationId });
  return {
    maxRetries: limit('maxRetries', options?.maxRetries, client.maxRetries, 0, operationId),
    timeout: limit('timeout', options?.timeout, client.timeout, 1, operationId),
    signal,
    headers: checkHeaders(options?.headers, 'headers', operationId),
  };
}
