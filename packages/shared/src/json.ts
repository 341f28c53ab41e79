/**
 * JSON values as the tools show them: the key redacted from every string and key, and within a
 * size — what a server echoes can be anything, and an agent's context or a terminal is no place
 * for three megabytes of it. What is cut says so.
 */

export type Redact = (text: string) => string;

/** A JSON object (not an array, not null). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value` with the key redacted from every string and every key, at any depth. */
export function redactJson(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactJson(item, redact)]));
}

/** `text`, or its first `max` characters and a note of how many more were cut. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [cut: ${(text.length - max).toLocaleString('en-US')} more characters]`;
}

/** The size of `value` as JSON, in bytes (UTF-8). */
export function jsonBytes(value: unknown): number {
  // `undefined` (or a function) has no JSON: nothing.
  return value === undefined || typeof value === 'function' ? 0 : Buffer.byteLength(JSON.stringify(value));
}

/**
 * `value` within `max` bytes of JSON: as it is when it fits; otherwise its long strings cut, then
 * — if still too large — the text of its JSON cut, as one string saying so.
 */
export function boundedJson(value: unknown, max: number): unknown {
  if (jsonBytes(value) <= max) return value;
  const shortened = cutStrings(value, Math.max(200, Math.floor(max / 20)));
  if (jsonBytes(shortened) <= max) return shortened;
  return cutText(JSON.stringify(shortened), Math.max(0, max - 100));
}

function cutStrings(value: unknown, max: number): unknown {
  if (typeof value === 'string') return cutText(value, max);
  if (Array.isArray(value)) return value.map((item) => cutStrings(item, max));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, cutStrings(item, max)]));
}
