/**
 * Reads an error response body, whatever it is: the documented `{ defined, code, status,
 * message, data }`, the older `{ error, message }` shape, an HTML page from a proxy, plain text,
 * or nothing. Never throws, at any size or depth: a broken body still gives a code and a useful
 * message. (The key is redacted from all of it once the error is made: src/errors/redact.ts.)
 */
import { isRecord } from '../shared/is-record.js';

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
 * @param text the body as read (possibly cut at the cap), `''` for none.
 * @param declared the codes the spec declares for this operation and status.
 */
export function readErrorBody(
  status: number,
  statusText: string,
  text: string,
  declared: readonly string[] | undefined,
): ErrorBody {
  const fallbackCode = `HTTP_${status}`;
  const statusLine = statusText || `HTTP ${status}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (or too deep for the parser): described below
  }
  const field = (name: string): string | undefined => {
    const value = isRecord(body) ? body[name] : undefined;
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  if (isRecord(body)) {
    const code = field('code') ?? field('error') ?? fallbackCode;
    // Trust `defined` only for a code the spec declares here, so narrowing never lies.
    const defined = body['defined'] === true && declared !== undefined && declared.includes(code);
    return { code, defined, message: field('message') ?? statusLine, data: body['data'] };
  }
  const message =
    text.trim() === ''
      ? `${statusLine} (empty body)`
      : `${statusLine} (not the documented JSON error: "${excerpt(text)}")`;
  return { code: fallbackCode, defined: false, message, data: undefined };
}
