import { redact } from './auth.js';
import { attempt } from './attempt.js';
import { UserplaneAbortError } from './errors/abort-error.js';
import { UserplaneConfigError } from './errors/config-error.js';
import { UserplaneConnectionError } from './errors/connection-error.js';
import { isUserplaneError } from './errors/is-userplane-error.js';
import { UserplanePacingError } from './errors/pacing-error.js';
import { UserplaneTimeoutError } from './errors/timeout-error.js';
import type { UserplaneErrorOptions } from './errors/userplane-error.js';
import { resolveCallOptions } from './normalize-options.js';
import type { LogEvent, RequestOptions, ResolvedOptions } from './options.js';
import { prepareParams, type OperationInputs } from './params.js';
import { apiError, successBody } from './response.js';
import { isIdempotent, isRetryableStatus, parseRetryAfter, planRetry, type RetryPlan } from './retry.js';
import { sleep } from './sleep.js';
import type { Transport } from './transport.js';

/** One row of the operation table, as the generic layer reads it. */
export interface OperationDefinition extends OperationInputs {
  readonly method: 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';
  /** 2xx statuses declared without content (e.g. 204); `true`: no 2xx has a body. */
  readonly empty?: readonly number[] | true;
  /** For a paged list: the key of its items in `data`. */
  readonly pageItems?: string;
}

export interface CallContext {
  readonly transport: Transport;
  readonly options: ResolvedOptions;
  /** The `Authorization` header value. */
  readonly authorization: string;
}

/** A call's outcome: the parsed success body and the raw response (its body already read). */
export interface CallResult {
  readonly data: unknown;
  readonly response: Response;
}

/**
 * Calls one operation: validates the params and options, waits for a turn under the rate limit,
 * sends with retries, and turns every outcome into either the parsed success body or a typed
 * {@link UserplaneError}.
 */
export async function callOperation(
  ctx: CallContext,
  operationId: string,
  operation: OperationDefinition,
  params: unknown,
  requestOptions: RequestOptions | undefined,
  page?: number,
): Promise<CallResult> {
  const { apiKey, maxRetryAfter, logger, limiter } = ctx.options;
  const { maxRetries, timeout, signal, headers } = resolveCallOptions(ctx.options, requestOptions, operationId);
  const log = (event: LogEvent): void => {
    try {
      logger?.(event);
    } catch {
      // A logger must not be able to break a call (documented on the option).
    }
  };
  if (signal?.aborted) throw new UserplaneAbortError({ operationId, cause: signal.reason });
  const prepared = prepareParams(operation, operationId, params, apiKey);
  // Per-call headers may add, never replace the key: merged over, then ours again on top.
  const callHeaders = headers && { ...headers, Authorization: ctx.authorization };
  // A paged list's errors say which page failed (the first call's page is the validated one).
  const requested = prepared.query?.['page'];
  page ??= operation.pageItems && typeof requested === 'number' ? requested : undefined;

  for (let attempts = 1; ; attempts++) {
    const context: UserplaneErrorOptions = { operationId, attempts, page };
    const aborted = (sent = attempts): UserplaneAbortError =>
      new UserplaneAbortError({ ...context, attempts: sent, cause: signal?.reason });
    const unsent = { ...context, attempts: attempts - 1 };
    const settle = await limiter
      ?.turn(
        signal,
        (why, retryAfter) =>
          why === 'wait'
            ? new UserplanePacingError(
                `no turn under the rate limit within maxWait ${limiter.maxWait} ms`,
                retryAfter,
                unsent,
              )
            : apiError(undefined, undefined, retryAfter, 'spent', maxRetryAfter, unsent, apiKey),
        () => aborted(attempts - 1),
        (delayMs, paused) => {
          log({ type: 'wait', operationId, attempt: attempts, delayMs, reason: paused ? 'pause' : 'pace' });
        },
      )
      .catch((error: unknown) => {
        throw isUserplaneError(error)
          ? error
          : new UserplanePacingError('the rate-limit store failed', undefined, { ...unsent, cause: error });
      });
    const started = Date.now();
    const outcome = await attempt(ctx.transport, operation, prepared, callHeaders, timeout, signal);
    const response = outcome.ok ? outcome.response : undefined;
    const retryAfter = parseRetryAfter(response?.headers.get('retry-after'), Date.now());
    const verdict = settle?.(response?.status, retryAfter);
    log({
      type: 'attempt',
      operationId,
      method: operation.method.toUpperCase(),
      path: operation.path,
      attempt: attempts,
      status: response?.status,
      failure: outcome.ok ? undefined : outcome.failure,
      durationMs: Date.now() - started,
    });
    if (verdict)
      log({ type: 'pause', operationId, delayMs: retryAfter ?? limiter?.per ?? 0, spent: verdict === 'spent' });

    let plan: RetryPlan;
    if (outcome.ok) {
      const { status } = outcome.response;
      if (status >= 200 && status < 300) {
        const { validateResponses } = ctx.options;
        const data = await successBody(
          operationId,
          operation,
          outcome.data,
          outcome.response,
          context,
          apiKey,
          validateResponses,
        );
        return { data, response: outcome.response };
      }
      // Paced, a 429 is waited out by the limiter (the next turn), not by this call's own backoff.
      const retryable = verdict !== 'spent' && isRetryableStatus(status, operation.method);
      plan = planRetry({
        attempt: attempts,
        maxRetries,
        retryable,
        retryAfter: verdict ? 0 : retryAfter,
        maxRetryAfter,
      });
      if (!plan.retry) {
        const reason = verdict === 'spent' ? verdict : plan.reason === 'not-retryable' ? undefined : plan.reason;
        throw await apiError(outcome.response, outcome.error, retryAfter, reason, maxRetryAfter, context, apiKey);
      }
      if (verdict) continue;
    } else {
      const { failure, cause } = outcome;
      if (failure === 'abort') throw aborted();
      if (failure === 'refused') {
        // Not a network failure: an invalid header, a `fetch` option that threw or returned no
        // Response. Retrying cannot help; the caller has something to fix.
        const why = cause instanceof Error ? cause.message : String(cause);
        throw new UserplaneConfigError(`the request could not be sent: ${redact(why, apiKey)}`, { ...context, cause });
      }
      // No response: a POST may still have reached the server, so only idempotent methods retry.
      plan = planRetry({
        attempt: attempts,
        maxRetries,
        retryable: isIdempotent(operation.method),
        retryAfter,
        maxRetryAfter,
      });
      if (!plan.retry) {
        throw failure === 'timeout'
          ? new UserplaneTimeoutError(timeout, context)
          : new UserplaneConnectionError('no response: the connection failed', { ...context, cause });
      }
    }
    log({ type: 'retry', operationId, attempt: attempts, delayMs: plan.delay, retryAfterMs: retryAfter });
    if (!(await sleep(plan.delay, signal))) throw aborted();
  }
}
