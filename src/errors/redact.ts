/**
 * Keeping the API key out of every text the SDK puts in an error: a server may echo it (in a
 * message, a code, a header, an HTML page), a caller may paste it in the wrong field. Not only
 * the whole key: any run of six consecutive characters of its secret part (after `uspl_`) — all
 * of it, for a shorter secret — is a leak in a log line or a screenshot. Text is redacted whole,
 * before it is cut, so that no cut can leave the start of a key behind.
 */

/** What replaces each run of the key. */
const REDACTED = '[redacted]';

export type Redact = (text: string) => string;

/** A redactor for one key. */
export function redactor(apiKey: string): Redact {
  const secret = apiKey.slice(5);
  const width = Math.min(6, secret.length);
  const windows = new Set<string>();
  for (let at = 0; at + width <= secret.length; at++) windows.add(secret.slice(at, at + width));
  return (text) => {
    // Every position some window of the secret covers; each run of them becomes one marker.
    let covered: Uint8Array | undefined;
    for (const window of windows) {
      for (let at = text.indexOf(window); at >= 0; at = text.indexOf(window, at + 1)) {
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

/**
 * An error to chain as a `cause`, with any run of the key redacted from its message and stack
 * (and from its own causes): a runtime's or a parser's error may quote what the server sent.
 */
export function safeCause(cause: unknown, redact: Redact, depth = 0): unknown {
  if (typeof cause === 'string') return redact(cause);
  if (!(cause instanceof Error) || depth > 8) return cause;
  const inner = safeCause(cause.cause, redact, depth + 1);
  const message = redact(cause.message);
  const stack = cause.stack === undefined ? undefined : redact(cause.stack);
  if (message === cause.message && stack === cause.stack && inner === cause.cause) return cause;
  const copy = new Error(message, { cause: inner });
  copy.name = cause.name;
  if (stack !== undefined) copy.stack = stack;
  return copy;
}
