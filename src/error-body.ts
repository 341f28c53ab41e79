/**
 * Reads an error response body, whatever it is: the documented `{ defined, code, status,
 * message, data }`, the older `{ error, message }` shape, an HTML page from a proxy, plain text,
 * or nothing. Never throws: a broken body still gives a code and a useful message.
 */
import { isRecord } from './is-record.js';

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
 * @param body what openapi-fetch read: parsed JSON, or the raw text when it was not JSON,
 *   or `undefined` for an empty body.
 * @param declared the codes the spec declares for this operation and status.
 */
export function readErrorBody(
  status: number,
  statusText: string,
  body: unknown,
  declared: readonly string[] | undefined,
): ErrorBody {
  const fallbackCode = `HTTP_${status}`;
  const statusLine = statusText || `HTTP ${status}`;

  if (isRecord(body)) {
    const code =
      typeof body['code'] === 'string' && body['code'] !== ''
        ? body['code']
        : typeof body['error'] === 'string' && body['error'] !== ''
          ? body['error']
          : fallbackCode;
    const message = typeof body['message'] === 'string' && body['message'] !== '' ? body['message'] : statusLine;
    // Trust `defined` only for a code the spec declares here, so narrowing never lies.
    const defined = body['defined'] === true && declared !== undefined && declared.includes(code);
    return { code, defined, message, data: body['data'] };
  }

  const text = typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body);
  const message =
    text.trim() === ''
      ? `${statusLine} (empty body)`
      : `${statusLine} (not the documented JSON error: "${excerpt(text)}")`;
  return { code: fallbackCode, defined: false, message, data: undefined };
}
