import { redact } from './auth.js';
import { attempt } from './attempt.js';
import { UserplaneAbortError } from './errors/abort-error.js';
import { UserplaneConfigError } from './errors/config-error.js';
import { UserplaneConnectionError } from './errors/connection-error.js';
import { UserplaneTimeoutError } from './errors/timeout-error.js';
import type { UserplaneErrorOptions } from './errors/userplane-error.js';
import { UserplaneValidationError } from './errors/validation-error.js';
import { resolveCallOptions } from './normalize-options.js';
import type { LogEvent, RequestOptions, ResolvedOptions } from './options.js';
import { prepareParams, type OperationInputs, type PreparedParams } from './params.js';
import { apiError, successBody } from './response.js';
import { isIdempotent, isRetryableStatus, parseRetryAfter, planRetry, type RetryPlan } from './retry.js';
import { sleep } from './sleep.js';
import type { Transport } from './transport.js';

/** One row of the operation table, as the generic layer reads it. */
export interface OperationDefinition extends OperationInputs {
  readonly method: 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options';
  readonly path: string;
  /** Each declared 2xx status, and whether it has a JSON body (`false`: no content, e.g. 204). */
  readonly successes: Readonly<Record<number, boolean>>;
  /** For a paged list: the key of its items in `data`. */
  readonly pageItems: string | undefined;
  readonly errors: Readonly<Partial<Record<number, readonly string[]>>>;
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

function retryNote(
  plan: RetryPlan,
  attempts: number,
  retryAfter: number | undefined,
  maxRetryAfter: number,
): string | undefined {
  if (plan.retry || plan.reason === 'not-retryable') return undefined;
  if (plan.reason === 'exhausted') return `gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
  return `the server asked to wait ${Math.ceil((retryAfter ?? 0) / 1000)} s, more than maxRetryAfter ${maxRetryAfter} ms: not retried`;
}

/** A logger must not be able to break a call. */
function log(logger: ((event: LogEvent) => void) | undefined, event: () => LogEvent): void {
  try {
    logger?.(event());
  } catch {
    // ignored, as documented on the option
  }
}

function prepare(operation: OperationDefinition, operationId: string, params: unknown, apiKey: string): PreparedParams {
  try {
    // A validator message may echo a value: the key, pasted in the wrong field, must not show.
    return prepareParams(operation, operationId, params, (text) => redact(text, apiKey));
  } catch (error) {
    if (error instanceof UserplaneValidationError) throw error;
    // Params that throw when read (a getter, a Proxy): still a typed error, still nothing sent.
    throw new UserplaneValidationError([{ path: '', message: 'the params could not be read' }], {
      operationId,
      cause: error,
    });
  }
}

/**
 * Calls one operation: validates the params and options, sends them with retries, and turns
 * every outcome into either the parsed success body or a typed {@link UserplaneError}.
 */
export async function callOperation(
  ctx: CallContext,
  operationId: string,
  operation: OperationDefinition,
  params: unknown,
  requestOptions: RequestOptions | undefined,
  page?: number,
): Promise<CallResult> {
  const { apiKey, maxRetryAfter, logger } = ctx.options;
  const { maxRetries, timeout, signal, headers } = resolveCallOptions(ctx.options, requestOptions, operationId);
  if (signal?.aborted) throw new UserplaneAbortError({ operationId, cause: signal.reason });
  const prepared = prepare(operation, operationId, params, apiKey);
  // Per-call headers may add, never replace the key: merged over, then ours again on top.
  const callHeaders = headers && { ...headers, Authorization: ctx.authorization };
  // A paged list's errors say which page failed (the first call's page is the validated one).
  const requested = prepared.query?.['page'];
  const pageNumber =
    page ?? (operation.pageItems !== undefined && typeof requested === 'number' ? requested : undefined);

  for (let attempts = 1; ; attempts++) {
    const started = logger === undefined ? 0 : Date.now();
    const outcome = await attempt(ctx.transport, operation, prepared, callHeaders, timeout, signal);
    const context: UserplaneErrorOptions = { operationId, attempts, page: pageNumber };
    log(logger, () => ({
      type: 'attempt',
      operationId,
      method: operation.method.toUpperCase(),
      path: operation.path,
      attempt: attempts,
      status: outcome.ok ? outcome.response.status : undefined,
      failure: outcome.ok ? undefined : outcome.failure,
      durationMs: Date.now() - started,
    }));
    let plan: RetryPlan;
    let retryAfter: number | undefined;

    if (outcome.ok) {
      const { response } = outcome;
      if (response.status >= 200 && response.status < 300) {
        const { validateResponses } = ctx.options;
        const data = await successBody(
          operationId,
          operation,
          outcome.data,
          response,
          context,
          apiKey,
          validateResponses,
        );
        return { data, response };
      }
      retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      const retryable = isRetryableStatus(response.status, operation.method);
      plan = planRetry({ attempt: attempts, maxRetries, retryable, retryAfter, maxRetryAfter });
      if (!plan.retry) {
        const note = retryNote(plan, attempts, retryAfter, maxRetryAfter);
        throw apiError(operation, response, outcome.error, retryAfter, note, context, apiKey);
      }
    } else {
      const { failure, cause } = outcome;
      if (failure === 'abort') throw new UserplaneAbortError({ ...context, cause: signal?.reason });
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

    const { delay } = plan;
    log(logger, () => ({ type: 'retry', operationId, attempt: attempts, delayMs: delay, retryAfterMs: retryAfter }));
    if (!(await sleep(delay, signal))) throw new UserplaneAbortError({ ...context, cause: signal?.reason });
  }
}
