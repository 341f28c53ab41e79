import { attempt } from './attempt.js';
import { followSignal, type FollowedSignal } from './caller-signal.js';
import { UserplaneAbortError } from '../errors/abort-error.js';
import { UserplaneConfigError } from '../errors/config-error.js';
import { UserplaneConnectionError } from '../errors/connection-error.js';
import { isUserplaneError } from '../errors/is-userplane-error.js';
import { UserplanePacingError } from '../errors/pacing-error.js';
import { UserplaneTimeoutError } from '../errors/timeout-error.js';
import type { UserplaneErrorOptions } from '../errors/userplane-error.js';
import { resolveCallOptions } from '../options/resolve.js';
import type { LogEvent, RequestOptions, ResolvedOptions } from '../options/options.js';
import type { CallResult, OperationDefinition } from './operation.js';
import { prepareParams } from './params.js';
import { apiError, responseError, safely, validationError } from '../errors/failures.js';
import { successBody } from './success.js';
import { lazy } from '../shared/lazy.js';
import type { RetryInput, RetryPlan } from '../retry/policy.js';
import { sleep } from '../retry/sleep.js';
import type { Transport } from './transport.js';

/** The retry rules load with the first failure (as error reading does): a call that succeeds never needs them. */
const retryRules = lazy(() => import('../retry/policy.js'));

export interface CallContext {
  readonly transport: Transport;
  readonly options: ResolvedOptions;
  /** The `Authorization` header value. */
  readonly authorization: string;
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
  const { apiKey } = ctx.options;
  let call: ReturnType<typeof resolveCallOptions>;
  let followed: FollowedSignal | undefined;
  try {
    call = resolveCallOptions(ctx.options, requestOptions, operationId);
    followed = call.signal && followSignal(call.signal);
  } catch (cause) {
    // Options or a signal whose getters throw: refused, with nothing sent and no turn taken.
    if (isUserplaneError(cause)) throw cause;
    throw await safely(new UserplaneConfigError('the call options could not be read', { operationId, cause }), apiKey);
  }
  try {
    return await send(ctx, operationId, operation, params, { ...call, followed }, page);
  } finally {
    followed?.release();
  }
}

async function send(
  ctx: CallContext,
  operationId: string,
  operation: OperationDefinition,
  params: unknown,
  call: ReturnType<typeof resolveCallOptions> & { followed: FollowedSignal | undefined },
  page: number | undefined,
): Promise<CallResult> {
  const { maxRetryAfter, logger, limiter, apiKey } = ctx.options;
  const { maxRetries, timeout, headers, maxResponseBytes, followed } = call;
  const signal = followed?.signal;
  const log = (event: LogEvent): void => {
    try {
      logger?.(event);
    } catch {
      // A logger must not be able to break a call (documented on the option).
    }
  };
  // The abort's cause is the caller's own reason, as given.
  const aborted = (context: UserplaneErrorOptions): UserplaneAbortError =>
    new UserplaneAbortError({ ...context, cause: followed?.reason() });
  if (signal?.aborted) throw aborted({ operationId });
  const prepared = prepareParams(operation, params);
  if ('issues' in prepared) throw await validationError(prepared, operationId, apiKey);
  // Per-call headers may add, never replace the key: merged over, then ours again on top.
  const callHeaders = headers && { ...headers, Authorization: ctx.authorization };
  // A paged list's errors say which page failed (the first call's page is the validated one).
  const requested = prepared.query?.['page'];
  page ??= operation.pageItems && typeof requested === 'number' ? requested : undefined;

  for (let attempts = 1; ; attempts++) {
    const context: UserplaneErrorOptions = { operationId, attempts, page };
    const unsent = { ...context, attempts: attempts - 1 };
    const settle = await limiter
      ?.turn(
        signal,
        (why, retryAfter, spent) =>
          why === 'wait'
            ? new UserplanePacingError(
                `no turn under the rate limit within maxWait ${limiter.maxWait} ms`,
                retryAfter,
                unsent,
              )
            : apiError(undefined, retryAfter, spent ?? 'spent', maxRetryAfter, unsent, apiKey),
        () => aborted(unsent),
        (delayMs, paused) => {
          log({ type: 'wait', operationId, attempt: attempts, delayMs, reason: paused ? 'pause' : 'pace' });
        },
      )
      .catch(async (error: unknown) => {
        throw isUserplaneError(error)
          ? error
          : await safely(
              new UserplanePacingError('the rate-limit store failed', undefined, { ...unsent, cause: error }),
              apiKey,
            );
      });
    const started = Date.now();
    let plan: RetryPlan;
    // Whatever happens from here, the turn is given back exactly once.
    let settled = false;
    try {
      const outcome = await attempt(ctx.transport, operation, prepared, callHeaders, timeout, signal, maxResponseBytes);
      const response = outcome.ok ? outcome.response : undefined;
      const success = response !== undefined && response.status >= 200 && response.status < 300;
      // Should they fail to load (a browser offline), nothing is retried: the error says what happened.
      const rules = success ? undefined : await retryRules().catch(() => undefined);
      const planned = (input: RetryInput): RetryPlan =>
        rules?.planRetry(input) ?? { retry: false, reason: 'not-retryable' };
      const retryAfter = rules?.parseRetryAfter(response?.headers.get('retry-after'), Date.now());
      // Only a real network failure is a connection error; anything else thrown before a response
      // is a request that could not be sent. Unclassified (the rules did not load), it may have been.
      const failure = outcome.ok
        ? undefined
        : outcome.failure !== 'thrown'
          ? outcome.failure
          : rules?.isNetworkError(outcome.cause) === false
            ? 'refused'
            : 'connection';
      settled = true;
      const verdict = settle?.(response?.status, retryAfter);
      log({
        type: 'attempt',
        operationId,
        method: operation.method.toUpperCase(),
        path: operation.path,
        attempt: attempts,
        status: response?.status,
        failure,
        durationMs: Date.now() - started,
      });
      if (verdict)
        log({ type: 'pause', operationId, delayMs: retryAfter ?? limiter?.per ?? 0, spent: verdict === 'spent' });

      if (outcome.ok) {
        const { status } = outcome.response;
        const { text, cut } = outcome.body;
        if (status >= 200 && status < 300) {
          // Processed: a body over the cap or one that cannot be decoded is a response error, never retried.
          if (cut) throw await responseError(cut, outcome.response, text, context, apiKey, maxResponseBytes);
          const data = await successBody(
            operationId,
            operation,
            text,
            outcome.response,
            context,
            apiKey,
            ctx.options.validateResponses,
          );
          return { data, response: outcome.response };
        }
        // Paced, a 429 is waited out by the limiter (the next turn), not by this call's own backoff.
        const retryable = verdict !== 'spent' && rules?.isRetryableStatus(status, operation.method) === true;
        plan = planned({
          attempt: attempts,
          maxRetries,
          retryable,
          retryAfter: verdict ? 0 : retryAfter,
          maxRetryAfter,
        });
        if (!plan.retry) {
          const reason = verdict === 'spent' ? verdict : plan.reason === 'not-retryable' ? undefined : plan.reason;
          throw await apiError(
            { response: outcome.response, text, cut, cap: maxResponseBytes },
            retryAfter,
            reason,
            maxRetryAfter,
            context,
            apiKey,
          );
        }
        if (verdict) continue;
      } else {
        const { cause } = outcome;
        if (failure === 'abort') throw aborted(context);
        if (failure === 'refused') {
          // No response, and not a network failure: an invalid request, a `fetch` option that
          // threw or returned no Response. Retrying cannot help; the caller has something to fix.
          const refused = new UserplaneConfigError('the request could not be sent (see its cause)', {
            ...context,
            cause,
          });
          throw await safely(refused, apiKey);
        }
        // No response: a POST may still have reached the server, so only idempotent methods retry.
        plan = planned({
          attempt: attempts,
          maxRetries,
          retryable: rules?.isIdempotent(operation.method) === true,
          retryAfter,
          maxRetryAfter,
        });
        if (!plan.retry) {
          throw failure === 'timeout'
            ? new UserplaneTimeoutError(timeout, context)
            : await safely(
                new UserplaneConnectionError('no response: the connection failed', { ...context, cause }),
                apiKey,
              );
        }
      }
      log({ type: 'retry', operationId, attempt: attempts, delayMs: plan.delay, retryAfterMs: retryAfter });
    } finally {
      if (!settled) settle?.(undefined, undefined);
    }
    if (!(await sleep(plan.delay, signal))) throw aborted(context);
  }
}
