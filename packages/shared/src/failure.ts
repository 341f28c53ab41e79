/**
 * A failed call, said the same way by the MCP server and the CLI: one line —
 * `links.delete: 410 LINK_GONE — Link has been deleted`, or the SDK's own message for a call the
 * API did not answer (`links.create: invalid params — workspaceId: is required`) — and its
 * details as JSON (kind, status,
 * code, message, retryAfter in ms, attempts, the issues by field, data), the key redacted from
 * all of it and every part within a size.
 */
import { isUserplaneError } from 'userplane';
import { boundedJson, cutText, redactJson, type Redact } from './json.js';

export interface FailureReport {
  /** `links.delete: 410 LINK_GONE — Link has been deleted`; `links.create: invalid params — workspaceId: …`. */
  readonly line: string;
  /** kind, status, code, defined, message, retryAfter (ms), attempts, issues (field → problems), data. */
  readonly details: Record<string, unknown>;
  /** The error's kind (`api`, `validation`, `timeout`…), or `unknown` for anything not the SDK's. */
  readonly kind: string;
  /** The HTTP status the API answered, if it did. */
  readonly status: number | undefined;
}

/** How much of a message and of `data` a report keeps (characters; bytes of JSON). */
export const REPORT_LIMITS = { message: 2_000, data: 8_000 } as const;

/** The error's own message, without the operation (and page) it starts with. */
function told(message: string, operationId: string): string {
  const prefix = new RegExp(`^${operationId.replace(/[.]/g, '\\.')}(?: \\(page \\d+\\))?: `);
  return message.replace(prefix, '');
}

const field = (error: object, name: string): unknown =>
  name in error ? (Reflect.get(error, name) as unknown) : undefined;

export function reportFailure(operationId: string, error: unknown, redact: Redact): FailureReport {
  if (!isUserplaneError(error)) {
    const message = cutText(redact(error instanceof Error ? error.message : String(error)), REPORT_LIMITS.message);
    return {
      line: `${operationId}: failed — ${message}`,
      details: { kind: 'unknown', message },
      kind: 'unknown',
      status: undefined,
    };
  }
  const message = cutText(redact(told(error.message, operationId)), REPORT_LIMITS.message);
  const status = field(error, 'status');
  const code = field(error, 'code');
  const api = error.kind === 'api' && typeof status === 'number' && typeof code === 'string';
  const retryAfter = field(error, 'retryAfter');
  // When to call again, where the SDK knows it (a 429's Retry-After, a turn under the rate limit).
  const again = typeof retryAfter === 'number' ? ` — call again in ${Math.ceil(retryAfter / 1000)} s` : '';
  const line = api
    ? `${operationId}: ${status} ${redact(code)} — ${message.replace(`${status} ${code}: `, '')}${again}`
    : `${operationId}: ${message}${again}`;
  const details: Record<string, unknown> = { kind: error.kind, message, attempts: error.attempts };
  for (const name of ['status', 'code', 'defined', 'retryAfter']) {
    const value = field(error, name);
    if (value !== undefined) details[name] = redactJson(value, redact);
  }
  const issues = field(error, 'issues');
  if (Array.isArray(issues)) {
    const byField: Record<string, string[]> = {};
    for (const issue of issues as { path?: unknown; message?: unknown }[]) {
      const path = redact(typeof issue.path === 'string' && issue.path !== '' ? issue.path : '(params)');
      (byField[path] ??= []).push(cutText(redact(String(issue.message)), 500));
    }
    details['issues'] = byField;
  }
  const data = field(error, 'data');
  if (data !== undefined) details['data'] = boundedJson(redactJson(data, redact), REPORT_LIMITS.data);
  return { line, details, kind: error.kind, status: typeof status === 'number' ? status : undefined };
}
