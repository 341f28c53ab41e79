/**
 * What a tool call answers: the success body as structured content and as the same JSON in text
 * (for clients that ignore structured output); a failure as an `isError` result whose first text
 * names the operation, status, code and message, and whose second holds the details as JSON. Not
 * as `structuredContent`: a client checks that against the success's output schema even on an
 * error (the official one, 1.32, throws instead of showing it). The key is redacted from all of it.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isUserplaneError } from 'userplane';
import type { ToolDefinition } from './generated/tools.js';

type Redact = (text: string) => string;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON value with the key redacted from every string and every key. */
function redactJson(value: unknown, redact: Redact): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact));
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactJson(item, redact)]));
}

export function success(tool: ToolDefinition, data: unknown, redact: Redact): CallToolResult {
  const safe = redactJson(data ?? null, redact);
  return {
    content: [{ type: 'text', text: JSON.stringify(safe) }],
    ...(tool.outputSchema !== undefined && isRecord(safe) ? { structuredContent: safe } : {}),
  };
}

/** The error's own message, without the operation (and page) it starts with. */
function told(error: Error, operationId: string): string {
  return error.message.replace(new RegExp(`^${operationId.replace(/[.]/g, '\\.')}(?: \\(page \\d+\\))?: `), '');
}

export function failure(tool: ToolDefinition, error: unknown, redact: Redact): CallToolResult {
  const { operationId } = tool;
  let summary: string;
  let details: Record<string, unknown>;
  if (isUserplaneError(error)) {
    const message = told(error, operationId);
    const field = (name: string): unknown => (name in error ? (Reflect.get(error, name) as unknown) : undefined);
    const status = field('status');
    const code = field('code');
    summary =
      error.kind === 'api' && typeof status === 'number' && typeof code === 'string'
        ? `${operationId}: ${status} ${code} — ${message.replace(`${status} ${code}: `, '')}`
        : `${operationId}: ${error.kind} — ${message}`;
    details = { kind: error.kind, attempts: error.attempts };
    for (const name of ['status', 'code', 'defined', 'retryAfter', 'issues', 'data']) {
      if (field(name) !== undefined) details[name] = field(name);
    }
  } else {
    summary = `${operationId}: failed — ${error instanceof Error ? error.message : String(error)}`;
    details = { kind: 'unknown' };
  }
  return {
    isError: true,
    content: [
      { type: 'text', text: redact(summary) },
      { type: 'text', text: JSON.stringify(redactJson(details, redact)) },
    ],
  };
}
