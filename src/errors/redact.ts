/**
 * Keeping the API key out of everything an error holds: a server may echo it (in a message, a
 * code, a header name or value, an HTML page), a runtime's error may quote the raw request (an
 * HTTP parser keeps the bytes it refused, `Authorization` included), a caller may paste it in the
 * wrong field. Not only the whole key: any run of six consecutive characters of its secret part
 * (after `uspl_`) — all of it, for a shorter secret — in any letter case is a leak in a log line
 * or a screenshot.
 *
 * Every error a call hands to its caller goes through {@link scrub} once, at the end of the call
 * (src/request/call.ts): whatever built it, nothing reachable from it still holds the key.
 */

import { orElse } from '../shared/or-else.js';

/** What replaces each run of the key. */
const REDACTED = '[redacted]';
/** What replaces a value nested deeper than this: `JSON.stringify(err)` and `util.inspect(err)` must not overflow on it. */
export const MAX_DEPTH = 64;

export type Redact = (text: string) => string;

/** ASCII letters lower-cased, nothing else touched: the same length, so positions carry over. */
const fold = (text: string): string => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/**
 * A redactor for one key: a function that replaces every run of six characters of the key's
 * secret part (all of it, for a shorter one), in any letter case, with `[redacted]` — what the
 * SDK does to everything its errors hold, for your own logs (and the MCP server's results).
 *
 * @example
 * ```ts
 * const redact = keyRedactor(process.env.USERPLANE_API_KEY ?? '');
 * console.log(redact(text));
 * ```
 */
export function redactor(apiKey: string): Redact {
  const secret = fold(apiKey.slice(5));
  // No secret (no key, or `uspl_` alone): nothing to hide — and an empty window would match everywhere.
  if (secret === '') return (text) => text;
  const width = Math.min(6, secret.length);
  const windows = new Set<string>();
  for (let at = 0; at + width <= secret.length; at++) windows.add(secret.slice(at, at + width));
  return (text) => {
    const folded = fold(text);
    // Every position some window of the secret covers; each run of them becomes one marker.
    let covered: Uint8Array | undefined;
    for (const window of windows) {
      for (let at = folded.indexOf(window); at >= 0; at = folded.indexOf(window, at + 1)) {
        (covered ??= new Uint8Array(text.length)).fill(1, at, at + width);
      }
    }
    if (covered === undefined) return text;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      if (covered[i] === 0) out += text.charAt(i);
      else if (i === 0 || covered[i - 1] === 0) out += REDACTED;
    }
    return out;
  };
}

const isError = (value: object): boolean =>
  value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';

const isPlain = (value: object): boolean => {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || Array.isArray(value);
};

/** A name or a message as text: a string as it is, anything else as nothing. */
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * A value safe to show: strings and keys redacted; errors, arrays and objects copied (own data
 * properties only) where anything inside them changed, kept as they are otherwise; binary data
 * and functions dropped. Nothing it meets can make
 * it throw: what cannot be read is not shown.
 */
function clean(value: unknown, redact: Redact, depth: number, seen: Map<object, unknown>): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value === 'function') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return seen.get(value);
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  try {
    // Raw bytes (a parser's packet) are not searched: they are not shown at all.
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
    const error = isError(value);
    const copy: object = Array.isArray(value) ? [] : error ? new Error() : {};
    // Before the walk: a circle back to `value` meets the copy, and so makes it the answer.
    seen.set(value, copy);
    // Not a plain object or array (a class instance, a Headers): only its own data is shown, always.
    let changed = !error && !isPlain(value);
    for (const name of error ? Reflect.ownKeys(value) : Object.keys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, name);
      if (descriptor === undefined || !('value' in descriptor)) {
        changed = true; // an own getter is not called
        continue;
      }
      const key = typeof name === 'string' ? redact(name) : name;
      const item = clean(descriptor.value, redact, depth + 1, seen);
      changed ||= key !== name || item !== descriptor.value;
      Object.defineProperty(copy, key, { ...descriptor, value: item });
    }
    // An error's name and message may come from its prototype (DOMException): kept as own text.
    for (const name of error ? ['name', 'message'] : []) {
      if (!Object.hasOwn(copy, name)) {
        Object.defineProperty(copy, name, {
          value: redact(text(orElse((): unknown => Reflect.get(value, name), ''))),
          configurable: true,
          writable: true,
        });
      }
    }
    const result = changed ? copy : value;
    seen.set(value, result);
    return result;
  } catch {
    return '[unreadable]';
  }
}

/**
 * Redacts, in place, everything reachable from `error` — one of the SDK's own, about to be handed
 * to the caller: its message, stack and fields at any depth, and its causes (each replaced by a
 * redacted copy where anything in it held the key, own fields included). Returns `error`.
 */
export function scrub<E extends Error>(error: E, redact: Redact): E {
  const seen = new Map<object, unknown>([[error, error]]);
  for (const name of Reflect.ownKeys(error)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(error, name);
    if (descriptor === undefined || !('value' in descriptor)) continue;
    const value = clean(descriptor.value, redact, 1, seen);
    if (value !== descriptor.value) Object.defineProperty(error, name, { ...descriptor, value });
  }
  return error;
}
