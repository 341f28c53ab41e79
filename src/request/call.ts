/**
 * One call of an operation, top to bottom:
 *
 *   call options → params validated → for each attempt: a turn under the rate limit (turn.ts)
 *   → the attempt, its body read up to the cap (attempt.ts) → the success body (success.ts), or
 *   one retry decision (src/retry/policy.ts) → the wait, or the typed error.
 *
 * Whatever leaves a call is a `UserplaneError` with the key redacted from everything it holds.
 * With a `tracer`, the call is a span and each attempt a span under it (trace.ts); what the call
 * did reaches the logger and the span from one place, `observe`.
 */
import { UserplaneAbortError } from '../errors/abort-error.js';
import { UserplaneConfigError } from '../errors/config-error.js';
import { UserplaneConnectionError } from '../errors/connection-error.js';
import { apiError, responseError, type NotRetried } from '../errors/describe.js';
import { validationError } from '../errors/invalid-params.js';
import { scrub, type Redact } from '../errors/redact.js';
import { UserplaneTimeoutError } from '../errors/timeout-error.js';
import { UserplaneError, type UserplaneErrorOptions } from '../errors/userplane-error.js';
import type { LogEvent, RequestOptions, ResolvedCallOptions, ResolvedOptions } from '../options/options.js';
import { resolveCallOptions } from '../options/resolve.js';
import { decide, parseRetryAfter } from '../retry/policy.js';
import { attempt, type Attempt, type AttemptPlan } from './attempt.js';
import { followSignal, type FollowedSignal } from './caller-signal.js';
import type { CallResult, OperationDefinition } from './operation.js';
import { prepareParams, type PreparedParams } from './params.js';
import { successBody } from './success.js';
import type { Transport } from './transport.js';
import { traceCall, type Trace } from './trace.js';
import { takeTurn } from './turn.js';

/** What every call of one client shares. */
export interface CallContext {
  readonly transport: Transport;
  readonly options: ResolvedOptions;
  /** The `Authorization` header value. */
  readonly authorization: string;
}

/** What the steps of one call share. */
interface Call {
  readonly operationId: string;
  readonly operation: OperationDefinition;
  readonly options: ResolvedCallOptions;
  readonly followed: FollowedSignal | undefined;
  readonly page: number | undefined;
  /** What the call did, for the logger and the call's span. */
  readonly log: (event: LogEvent) => void;
  /** Attempts handed to `fetch` so far. */
  sent: number;
}

/**
 * Calls one operation and resolves to its parsed success body, or rejects with a typed
 * {@link UserplaneError}. `page` is set when a paged list's walker asks for that page.
 */
export function callOperation(
  ctx: CallContext,
  operationId: string,
  operation: OperationDefinition,
  params: unknown,
  requestOptions: RequestOptions | undefined,
  page?: number,
): Promise<CallResult> {
  const { tracer } = ctx.options;
  return tracer ? traceCall(tracer, operationId, run) : run();

  async function run(trace?: Trace): Promise<CallResult> {
    let call: Call | undefined;
    try {
      const options = resolveCallOptions(ctx.options, requestOptions, operationId);
      const followed = follow(options.signal, operationId);
      call = { operationId, operation, options, followed, page, log: observe(ctx.options.logger, trace), sent: 0 };
      if (followed?.signal.aborted) throw new UserplaneAbortError({ operationId, cause: followed.reason() });
      const prepared = prepareParams(operation, params);
      if ('issues' in prepared) throw validationError(prepared, { operationId });
      // A paged list's errors say which page failed (the first call's page is the validated one).
      const requested = prepared.query?.['page'];
      if (page === undefined && operation.pageItems && typeof requested === 'number')
        call = { ...call, page: requested };
      return await send(ctx, call, prepared);
    } catch (error) {
      throw finish(error, ctx.options.redact, { operationId, attempts: call?.sent ?? 0, page: call?.page });
    } finally {
      call?.followed?.release();
    }
  }
}

/** The attempts of one call: each after a turn, until a success, an error, or the caller's abort. */
async function send(ctx: CallContext, call: Call, prepared: PreparedParams): Promise<CallResult> {
  const { operationId, operation, options, followed, page, log } = call;
  const { limiter, clock, maxRetryAfter } = ctx.options;
  const signal = followed?.signal;
  // Per-call headers may add, never replace the key: merged over, then ours again on top.
  const headers = options.headers && { ...options.headers, Authorization: ctx.authorization };
  const { timeout, maxResponseBytes: cap, maxRetries } = options;
  const plan: AttemptPlan = { transport: ctx.transport, operation, prepared, headers, timeout, signal, cap, clock };
  for (let attempts = 1; ; attempts++) {
    const context: UserplaneErrorOptions = { operationId, attempts, page };
    const settle = await takeTurn(limiter, followed, { ...context, attempts: attempts - 1 }, (delayMs, paused) => {
      log({ type: 'wait', operationId, attempt: attempts, delayMs, reason: paused ? 'pause' : 'pace' });
    });
    const started = Date.now();
    call.sent = attempts;
    const result = await attempt(plan);
    const status = result.ok ? result.response.status : undefined;
    const retryAfter = result.ok ? parseRetryAfter(result.response.headers.get('retry-after'), Date.now()) : undefined;
    const paced = settle?.(status, retryAfter);
    const failure = result.ok ? undefined : result.failure;
    const { method, path } = operation;
    const durationMs = Date.now() - started;
    log({
      type: 'attempt',
      operationId,
      method: method.toUpperCase(),
      path,
      attempt: attempts,
      status,
      failure,
      durationMs,
      url: result.url && ctx.options.redact(result.url),
    });
    if (paced) log({ type: 'pause', operationId, delayMs: retryAfter ?? limiter?.per ?? 0, spent: paced === 'spent' });

    // A 2xx (attempt.ts hands on a runtime's Response, never a `fetch` option's own object).
    if (result.ok && result.response.ok) {
      return success(ctx, call, result, context);
    }
    const outcome = result.ok ? { status: result.response.status, retryAfter } : { failure: result.failure };
    const random = (): number => clock.random();
    const decision = decide(outcome, attempts, { method, maxRetries, maxRetryAfter, paced, random });
    if (!decision.retry) throw failed(result, decision.reason, retryAfter, context, call, maxRetryAfter);
    // Paused by a 429, the next turn waits it out.
    if (paced) continue;
    log({ type: 'retry', operationId, attempt: attempts, delayMs: decision.delay, retryAfterMs: retryAfter });
    if (!(await clock.sleep(decision.delay, signal)))
      throw new UserplaneAbortError({ ...context, cause: followed?.reason() });
  }
}

/** A 2xx: its body, or — the request was processed, so never retried — a response error. */
async function success(
  ctx: CallContext,
  call: Call,
  result: Extract<Attempt, { ok: true }>,
  context: UserplaneErrorOptions,
): Promise<CallResult> {
  const { response, body } = result;
  if (body.cut) throw responseError(body.cut, response, body.text, context, call.options.maxResponseBytes);
  const { operationId, operation } = call;
  const data = await successBody(operationId, operation, body.text, response, context, ctx.options.validateResponses);
  return { data, response };
}

/** The typed error of an attempt that is not retried (`reason`: why, when it could have been). */
function failed(
  result: Attempt,
  reason: NotRetried,
  retryAfter: number | undefined,
  context: UserplaneErrorOptions,
  call: Call,
  maxRetryAfter: number,
): UserplaneError {
  const cap = call.options.maxResponseBytes;
  if (result.ok) {
    const { response, body } = result;
    return apiError({ response, text: body.text, cut: body.cut, cap }, retryAfter, reason, maxRetryAfter, context);
  }
  const { cause } = result;
  switch (result.failure) {
    case 'abort':
      return new UserplaneAbortError({ ...context, cause: call.followed?.reason() });
    case 'timeout':
      return new UserplaneTimeoutError(call.options.timeout, context);
    case 'connection':
      return new UserplaneConnectionError('no response: the connection failed', { ...context, cause });
    case 'refused':
      // No response, and not a network failure: retrying cannot help; the caller has something to fix.
      return new UserplaneConfigError('the request could not be sent (see its cause)', { ...context, cause });
  }
}

/** The caller's signal, followed once; a signal whose reading throws is a refused option. */
function follow(signal: AbortSignal | undefined, operationId: string): FollowedSignal | undefined {
  if (signal === undefined) return undefined;
  try {
    return followSignal(signal);
  } catch (cause) {
    throw new UserplaneConfigError('the call options could not be read (see its cause)', { operationId, cause });
  }
}

/**
 * Where what a call did goes: the `logger` option, which must not be able to break a call
 * (documented on the option), and the call's span.
 */
const observe =
  (logger: ResolvedOptions['logger'], trace: Trace | undefined) =>
  (event: LogEvent): void => {
    try {
      trace?.(event);
      logger?.(event);
    } catch {
      // ignored
    }
  };

/**
 * Every failure leaves the call here: one of the SDK's errors, or — anything else thrown, which
 * the SDK did not foresee — a config error holding it as its cause, with the attempts made; and
 * whichever it is, with the key redacted from everything it holds.
 */
function finish(error: unknown, redact: Redact, context: UserplaneErrorOptions): UserplaneError {
  const typed =
    error instanceof UserplaneError
      ? error
      : new UserplaneConfigError('the call could not be completed (see its cause)', { ...context, cause: error });
  return scrub(typed, redact);
}
