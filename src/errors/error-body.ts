/**
 * Reads an error response body, whatever it is: the documented `{ defined, code, status,
 * message, data }`, the older `{ error, message }` shape, an HTML page from a proxy, plain text,
 * or nothing. Never throws, at any size or depth: a broken body still gives a code and a useful
 * message. Everything the server sent is redacted (src/redact.ts) before it is kept or cut.
 */
import { isRecord } from '../shared/is-record.js';
import type { Redact } from './redact.js';

export interface ErrorBody {
  code: string;
  defined: boolean;
  message: string;
  data: unknown;
}

/** Up to 200 characters of a non-JSON body, tags stripped: enough to tell a proxy page from a stack trace. */
function excerpt(text: string): string {
  const plain = text
    .slice(0, 4096)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}

/**
 * A JSON value with every string and every key redacted, as own data properties (a `__proto__`
 * key stays a key). Walks with a stack of its own, so no depth of nesting can overflow it; what
 * is nested deeper than {@link MAX_DEPTH} is cut there, so that `JSON.stringify(err)` and
 * `util.inspect(err)` cannot overflow on it either.
 */
export const MAX_DEPTH = 64;

export function redactValue(value: unknown, redact: Redact): unknown {
  type Container = Record<string, unknown> | unknown[];
  const isContainer = (item: unknown): item is Container => typeof item === 'object' && item !== null;
  const copy = (item: unknown): unknown =>
    typeof item === 'string' ? redact(item) : isContainer(item) ? (Array.isArray(item) ? [] : {}) : item;
  const root = copy(value);
  const pending: [Container, Container, number][] = isContainer(value) && isContainer(root) ? [[value, root, 1]] : [];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [from, to, depth] = next;
    for (const [key, item] of Object.entries(from)) {
      const made = depth < MAX_DEPTH || !isContainer(item) ? copy(item) : '[nested too deep]';
      if (isContainer(item) && isContainer(made)) pending.push([item, made, depth + 1]);
      Object.defineProperty(to, redact(key), { value: made, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/**
 * @param text the body as read (possibly cut at the cap), `''` for none.
 * @param declared the codes the spec declares for this operation and status.
 */
export function readErrorBody(
  status: number,
  statusText: string,
  text: string,
  declared: readonly string[] | undefined,
  redact: Redact,
): ErrorBody {
  const fallbackCode = `HTTP_${status}`;
  const statusLine = redact(statusText) || `HTTP ${status}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (or too deep for the parser): described below
  }
  const field = (name: string): string | undefined => {
    const value = isRecord(body) ? body[name] : undefined;
    return typeof value === 'string' && value !== '' ? redact(value) : undefined;
  };
  if (isRecord(body)) {
    const code = field('code') ?? field('error') ?? fallbackCode;
    // Trust `defined` only for a code the spec declares here, so narrowing never lies.
    const defined = body['defined'] === true && declared !== undefined && declared.includes(code);
    return { code, defined, message: field('message') ?? statusLine, data: redactValue(body['data'], redact) };
  }
  const plain = redact(text);
  const message =
    plain.trim() === ''
      ? `${statusLine} (empty body)`
      : `${statusLine} (not the documented JSON error: "${excerpt(plain)}")`;
  return { code: fallbackCode, defined: false, message, data: undefined };
}
