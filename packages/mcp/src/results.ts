/**
 * What a tool call answers, within a budget (RESULT_BUDGET): the success body as structured
 * content and as the same JSON in text (for clients that ignore structured output), with, for a
 * paged list, how to ask for the next page; a failure as an `isError` result whose first text is
 * the one line both tools say (packages/shared/src/failure.ts) and whose second holds the details
 * as JSON. Not as `structuredContent`: a client checks that against the success's output schema
 * even on an error. The key is redacted from all of it.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { FailureReport } from '../../shared/src/failure.js';
import { boundedJson, isRecord, jsonBytes, redactJson, type Redact } from '../../shared/src/json.js';
import type { ToolDefinition } from './generated/tools.js';

/**
 * The most a result's text and structured content each hold: 100 KB. Claude Code refuses a
 * result over about 25,000 tokens; a page of the API's largest list is a few hundred KB at most.
 */
export const RESULT_BUDGET = 100_000;

/** For a page that says it has more: how to ask for the next one. */
function nextPage(tool: ToolDefinition, body: unknown): string | undefined {
  const data = isRecord(body) ? body['data'] : undefined;
  const pagination = isRecord(data) ? data['pagination'] : undefined;
  if (!isRecord(pagination) || pagination['hasMore'] !== true) return undefined;
  const page = typeof pagination['page'] === 'number' ? pagination['page'] : 1;
  const total = typeof pagination['totalPages'] === 'number' ? ` of ${pagination['totalPages']}` : '';
  return `This is page ${page}${total}: call ${tool.name} again with page: ${page + 1} (the same other arguments) for more.`;
}

export function success(tool: ToolDefinition, data: unknown, redact: Redact): CallToolResult {
  const safe = redactJson(data ?? null, redact);
  const more = nextPage(tool, safe);
  const hint = more === undefined ? [] : [{ type: 'text' as const, text: more }];
  if (jsonBytes(safe) <= RESULT_BUDGET) {
    return {
      content: [{ type: 'text', text: JSON.stringify(safe) }, ...hint],
      ...(tool.outputSchema !== undefined && isRecord(safe) ? { structuredContent: safe } : {}),
    };
  }
  // Too large: long strings cut (the shape kept, so the output schema still holds), saying so.
  const bounded = boundedJson(safe, RESULT_BUDGET);
  if (!isRecord(bounded)) {
    return {
      isError: true,
      content: [
        {
          type: 'text',
          text: `${tool.operationId}: the answer is ${jsonBytes(safe).toLocaleString('en-US')} bytes, more than the ${RESULT_BUDGET.toLocaleString('en-US')} a result holds: ask for less (a smaller per_page, say)`,
        },
      ],
    };
  }
  return {
    content: [
      { type: 'text', text: JSON.stringify(bounded) },
      { type: 'text', text: 'Long strings in this answer were cut to fit the result: each says how much.' },
      ...hint,
    ],
    ...(tool.outputSchema !== undefined ? { structuredContent: bounded } : {}),
  };
}

/** A failure as an `isError` result: its one line, then its details as JSON. */
export function failure({ line, details }: Pick<FailureReport, 'line' | 'details'>): CallToolResult {
  return {
    isError: true,
    content: [
      { type: 'text', text: line },
      { type: 'text', text: JSON.stringify(details) },
    ],
  };
}
