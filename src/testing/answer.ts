/**
 * What the fake answers: the plan a test sets per operation (answers given `times` first, in the
 * order given; then the standing answers, the last of which stays), bodies filled from the spec's
 * sample — echoing what the request sent where a field has a parameter's name — and checked
 * against the spec's response schema, pages of items, errors in the live server's envelope,
 * faults, and answers outside the spec on purpose.
 */
import { safeParse, type GenericSchema } from 'valibot';
import { responseValidators } from '../generated/response-validators.js';
import { isRecord } from '../shared/is-record.js';
import type { FakeFault, FakeRow, RecordedCall } from './types.js';

export type Step =
  | { readonly kind: 'body'; readonly answer: unknown; readonly offSpec?: boolean }
  | { readonly kind: 'reply'; readonly reply: (call: RecordedCall) => unknown }
  | { readonly kind: 'items'; readonly items: readonly unknown[] }
  | {
      readonly kind: 'error';
      readonly code: string;
      readonly status?: number | undefined;
      readonly message?: string | undefined;
      readonly data?: unknown;
    }
  | {
      readonly kind: 'fault';
      readonly fault: FakeFault;
      /** Milliseconds, a multiple of 1000. */ readonly retryAfter?: number | undefined;
    }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string; readonly headers: Record<string, string> };

/** One operation's answers: those given `times` first, then the sequence (its last step stays). */
export class Plan {
  readonly once: Step[] = [];
  sequence: Step[] = [];
  private served = 0;

  /** Replaces the standing answers; the ones given `times` keep their place, ahead. */
  set(steps: Step[]): void {
    this.sequence = steps;
    this.served = 0;
  }

  /** Back to the sample answer: nothing planned. */
  clear(): void {
    this.once.length = 0;
    this.set([]);
  }

  next(): Step | undefined {
    const once = this.once.shift();
    if (once !== undefined) return once;
    const step = this.sequence[Math.min(this.served, this.sequence.length - 1)];
    this.served += 1;
    return step;
  }

  /** The planned answers not used yet: every one given `times`, and each standing one never served. */
  pending(): Step[] {
    return [...this.once, ...this.sequence.slice(this.served)];
  }
}

/**
 * `partial` over `sample`: objects merged key by key, each array item filled from the sample's
 * first; where the sample has a field named like a parameter the request sent, with a value of
 * the same type, the value sent (`workspaceId`, `linkId`…), unless `partial` says otherwise.
 */
export function fill(sample: unknown, partial: unknown, sent: Readonly<Record<string, unknown>> = {}): unknown {
  if (partial === undefined) return echo(sample, sent);
  if (Array.isArray(partial)) {
    const item: unknown = Array.isArray(sample) ? sample[0] : undefined;
    return partial.map((entry: unknown) => fill(item, entry, sent));
  }
  if (isRecord(partial) && isRecord(sample)) {
    const merged: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(sample)) merged[key] = echo(value, sent, key);
    for (const [key, value] of Object.entries(partial)) merged[key] = fill(sample[key], value, sent);
    return merged;
  }
  return partial;
}

/** `sample` with every field named like a sent parameter, of the same type, set to the value sent. */
function echo(sample: unknown, sent: Readonly<Record<string, unknown>>, name?: string): unknown {
  if (name !== undefined && Object.hasOwn(sent, name) && typeof sent[name] === typeof sample && !isRecord(sample)) {
    return Array.isArray(sample) ? sample : sent[name];
  }
  if (Array.isArray(sample)) return sample.map((item: unknown) => echo(item, sent));
  if (!isRecord(sample)) return sample;
  return Object.fromEntries(Object.entries(sample).map(([key, value]) => [key, echo(value, sent, key)]));
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
    `userplane/testing: the answer given to ${operationId} is not valid under the spec: ${problems.join('; ')} (offSpec.respond() answers it on purpose)`,
  );
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined || status === 204 || status === 304) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** oRPC's error envelope; `defined` when the operation declares the code at that status. */
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

export const FAULTS = {
  'rate-limited': [429, 'TOO_MANY_REQUESTS', 'Too Many Requests'],
  unavailable: [503, 'SERVICE_UNAVAILABLE', 'Service Unavailable'],
  'server-error': [500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error'],
  network: [0, '', ''],
  hang: [0, '', ''],
} as const;

/** Why the request was aborted, as fetch rejects with it. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

/** No answer until the request is aborted (by the client's time limit, or its caller). */
function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(abortReason(signal));
    signal.addEventListener('abort', () => {
      reject(abortReason(signal));
    });
  });
}

function fault(
  row: FakeRow,
  step: Extract<Step, { kind: 'fault' }>,
  signal: AbortSignal,
  hung: () => void,
): Response | Promise<never> {
  if (step.fault === 'network') {
    // What undici throws for a connection reset: the SDK reports it as a connection error.
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    throw new TypeError('fetch failed', { cause: reset });
  }
  if (step.fault === 'hang') {
    hung();
    return hang(signal);
  }
  const [status, fallback, message] = FAULTS[step.fault];
  // A crash is no declared error: the live server's framework answers its own 500.
  const code = step.fault === 'server-error' ? fallback : codeFor(row, status, fallback);
  const headers: Record<string, string> =
    step.retryAfter === undefined ? {} : { 'retry-after': `${step.retryAfter / 1000}` };
  return json(status, errorBody(row, code, status, code === fallback ? message : undefined), headers);
}

/** One page of `items`, in the envelope of the operation's sample page. */
function page(
  row: FakeRow,
  itemsKey: string,
  items: readonly unknown[],
  params: Readonly<Record<string, unknown>>,
): unknown {
  const echoed = fill(row.body, undefined, params);
  const body = isRecord(echoed) ? echoed : {};
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
    .map((item) => fill(Array.isArray(sampleItems) ? sampleItems[0] : undefined, item, params));
  return {
    ...body,
    data: {
      ...data,
      [itemsKey]: slice,
      pagination: { ...pagination, ...fields, hasMore: at * size < items.length },
    },
  };
}

/** The answer to a request a test's reply function answered outside the spec: a 501, which no client retries. */
function offSpecReply(problem: TypeError): Response {
  const message = problem.message.replace(/ \(offSpec.*\)$/, ' (a reply function gave it)');
  return json(501, { defined: false, code: 'FAKE_ANSWER_OFF_SPEC', status: 501, message });
}

/** The response to one call, by the step the plan gives it; `hung` is told when it is left without one. */
export async function respond(
  row: FakeRow,
  step: Step | undefined,
  call: RecordedCall,
  itemsKey: string | undefined,
  signal: AbortSignal,
  hung: () => void,
): Promise<Response> {
  if (step?.kind === 'fault') return fault(row, step, signal, hung);
  if (step?.kind === 'raw') {
    const empty = step.status === 204 || step.status === 205 || step.status === 304;
    return new Response(empty ? null : step.body, { status: step.status, headers: step.headers });
  }
  if (step?.kind === 'error') {
    const status = step.status ?? row.errors[step.code]?.[0] ?? 500;
    return json(status, errorBody(row, step.code, status, step.message, step.data));
  }
  const { operationId } = call;
  const answer = step?.kind === 'reply' ? await step.reply(call) : step?.kind === 'body' ? step.answer : undefined;
  const build = (sent: Readonly<Record<string, unknown>>): unknown =>
    step?.kind === 'items' && itemsKey !== undefined
      ? page(row, itemsKey, step.items, sent)
      : fill(row.body, answer, sent);
  if (step?.kind === 'body' && step.offSpec === true) return json(row.status, build(call.params));
  // The request's values echoed where the schema takes them; otherwise the sample's.
  let body = build(call.params);
  if (checked(operationId, row.status, body) instanceof TypeError) body = build({});
  const valid = checked(operationId, row.status, body);
  if (valid instanceof TypeError) return offSpecReply(valid);
  return json(row.status, body);
}
