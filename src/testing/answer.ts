/**
 * What the fake answers: the plan a test sets per operation (answers in order, the last one
 * standing, one-off answers in front), bodies filled from the spec's sample and checked against
 * the spec's response schema, pages of items, errors in the live server's envelope, and faults.
 */
import { safeParse, type GenericSchema } from 'valibot';
import { responseValidators } from '../generated/response-validators.js';
import { isRecord } from '../shared/is-record.js';
import type { RecordedCall, FakeFault, FakeRow } from './types.js';

export type Step =
  | { readonly kind: 'body'; readonly answer: unknown }
  | { readonly kind: 'reply'; readonly reply: (call: RecordedCall) => unknown }
  | { readonly kind: 'items'; readonly items: readonly unknown[] }
  | { readonly kind: 'error'; readonly code: string; readonly message?: string | undefined; readonly data?: unknown }
  | { readonly kind: 'fault'; readonly fault: FakeFault; readonly retryAfter?: number | undefined };

/** One operation's answers: one-off steps first, then the sequence (its last step stays). */
export class Plan {
  once: Step[] = [];
  sequence: Step[] = [];
  private served = 0;

  /** Replaces the plan. */
  set(steps: Step[]): void {
    this.once = [];
    this.sequence = steps;
    this.served = 0;
  }

  next(): Step | undefined {
    const once = this.once.shift();
    if (once !== undefined) return once;
    const step = this.sequence[Math.min(this.served, this.sequence.length - 1)];
    this.served += 1;
    return step;
  }
}

/** `partial` over `sample`: objects merged key by key, each array item filled from the sample's first. */
export function fill(sample: unknown, partial: unknown): unknown {
  if (partial === undefined) return sample;
  if (Array.isArray(partial)) {
    const item: unknown = Array.isArray(sample) ? sample[0] : undefined;
    return partial.map((entry: unknown) => fill(item, entry));
  }
  if (isRecord(partial) && isRecord(sample)) {
    const merged: Record<string, unknown> = { ...sample };
    for (const [key, value] of Object.entries(partial)) merged[key] = fill(sample[key], value);
    return merged;
  }
  return partial;
}

const validators: Readonly<Record<string, Readonly<Record<number, GenericSchema>>>> = responseValidators;

/** The body, if the spec accepts it as the operation's answer; else a TypeError saying why. */
export function checked(operationId: string, status: number, body: unknown): unknown {
  const schema = validators[operationId]?.[status];
  if (schema === undefined) return body;
  const result = safeParse(schema, body);
  if (result.success) return body;
  const problems = result.issues.map((issue) => {
    const at = (issue.path ?? []).map(({ key }) => String(key)).join('.');
    return `${at === '' ? '' : `${at}: `}${issue.message}`;
  });
  return new TypeError(
    `userplane/testing: the answer given to ${operationId} is not valid under the spec: ${problems.join('; ')}`,
  );
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined || status === 204 || status === 304) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** oRPC's error envelope; `defined` when the operation declares the code. */
export function errorBody(row: FakeRow, code: string, status: number, message?: string, data?: unknown): unknown {
  const declared = row.errors[code];
  return {
    defined: declared !== undefined && declared[0] === status,
    code,
    status,
    message: message ?? declared?.[1] ?? code,
    ...(data === undefined ? {} : { data }),
  };
}

/** The code the operation declares for `status` (the live server's), else oRPC's own. */
function codeFor(row: FakeRow, status: number, fallback: string): string {
  return Object.entries(row.errors).find(([, declared]) => declared[0] === status)?.[0] ?? fallback;
}

const FAULTS = {
  'rate-limited': [429, 'TOO_MANY_REQUESTS', 'Too Many Requests'],
  unavailable: [503, 'SERVICE_UNAVAILABLE', 'Service Unavailable'],
  'server-error': [500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error'],
} as const;

/** Why the request was aborted, as fetch rejects with it. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(abortReason(signal));
    signal.addEventListener('abort', () => {
      reject(abortReason(signal));
    });
  });
}

function fault(row: FakeRow, step: Extract<Step, { kind: 'fault' }>, signal: AbortSignal): Response | Promise<never> {
  if (step.fault === 'network') {
    // What undici throws for a connection reset: the SDK reports it as a connection error.
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    throw new TypeError('fetch failed', { cause: reset });
  }
  if (step.fault === 'hang') return hang(signal);
  const [status, fallback, message] = FAULTS[step.fault];
  // A crash is no declared error: the live server's framework answers its own 500.
  const code = step.fault === 'server-error' ? fallback : codeFor(row, status, fallback);
  const headers: Record<string, string> = step.retryAfter === undefined ? {} : { 'retry-after': `${step.retryAfter}` };
  return json(status, errorBody(row, code, status, code === fallback ? message : undefined), headers);
}

/** One page of `items`, in the envelope of the operation's sample page. */
function page(row: FakeRow, itemsKey: string, items: readonly unknown[], params: Record<string, unknown>): unknown {
  const body = isRecord(row.body) ? row.body : {};
  const data = isRecord(body['data']) ? body['data'] : {};
  const sampleItems = data[itemsKey];
  const number = (value: unknown, fallback: number): number =>
    typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
  const at = number(params['page'], 1);
  const size = number(params['per_page'], items.length || 1);
  const pagination = isRecord(data['pagination']) ? data['pagination'] : {};
  const known: Record<string, unknown> = {
    page: at,
    perPage: size,
    total: items.length,
    totalPages: Math.max(1, Math.ceil(items.length / size)),
  };
  // Only the fields the spec's envelope has; `hasMore` always (the client's walker reads it).
  const fields = Object.fromEntries(Object.entries(known).filter(([key]) => key in pagination));
  const slice = items
    .slice((at - 1) * size, at * size)
    .map((item) => fill(Array.isArray(sampleItems) ? sampleItems[0] : undefined, item));
  return {
    ...body,
    data: { ...data, [itemsKey]: slice, pagination: { ...pagination, ...fields, hasMore: at * size < items.length } },
  };
}

/** The response to one call, by the step the plan gives it. */
export async function respond(
  row: FakeRow,
  step: Step | undefined,
  call: RecordedCall,
  itemsKey: string | undefined,
  signal: AbortSignal,
): Promise<Response> {
  if (step?.kind === 'fault') return fault(row, step, signal);
  if (step?.kind === 'error') {
    const status = row.errors[step.code]?.[0] ?? 500;
    return json(status, errorBody(row, step.code, status, step.message, step.data));
  }
  let body: unknown = row.body;
  if (step?.kind === 'items' && itemsKey !== undefined) body = page(row, itemsKey, step.items, call.params);
  if (step?.kind === 'body') body = fill(row.body, step.answer);
  if (step?.kind === 'reply') body = fill(row.body, await step.reply(call));
  const valid = checked(call.operationId, row.status, body);
  if (valid instanceof TypeError) throw valid;
  return json(row.status, body);
}
