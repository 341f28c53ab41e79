import { redact, redactValue } from './auth.js';
import { readErrorBody } from './error-body.js';
import { UserplaneAbortError } from './errors/abort-error.js';
import type { UserplaneErrorOptions } from './errors/userplane-error.js';
import { createApiError, type UserplaneApiError } from './errors/api-error.js';
import { UserplaneConnectionError } from './errors/connection-error.js';
import { UserplaneResponseError } from './errors/response-error.js';
import { UserplaneTimeoutError } from './errors/timeout-error.js';
import { UserplaneValidationError } from './errors/validation-error.js';
import { resolveCallLimits, type LogEvent, type RequestOptions, type ResolvedOptions } from './options.js';
import { prepareParams, type OperationInputs, type PreparedParams } from './params.js';
import type * as ResponseValidation from './response-validation.js';
import { isIdempotent, isRetryableStatus, parseRetryAfter, planRetry, type RetryPlan } from './retry.js';
import { sleep } from './sleep.js';
import { attemptSignal } from './timeout.js';
import { passThrough, type Transport } from './transport.js';
import { serializeQuery } from './query.js';

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

let responseValidation: Promise<typeof ResponseValidation> | undefined;

/**
 * Response validation, imported on first use: only `validateResponses` needs it, so an
 * application that leaves it off does not load (or bundle into its main chunk) the schemas.
 */
function loadResponseValidation(): Promise<typeof ResponseValidation> {
  responseValidation ??= import('./response-validation.js');
  return responseValidation;
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

/** What one attempt produced: a response, or a failure before one arrived. */
type Attempt =
  | { ok: true; response: Response; data: unknown; error: unknown }
  | { ok: false; failure: 'abort' | 'timeout' | 'connection'; cause: unknown };

function headersOf(response: Response, apiKey: string): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = redact(value, apiKey);
  });
  return headers;
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

async function attempt(
  ctx: CallContext,
  operation: OperationDefinition,
  prepared: PreparedParams,
  headers: Record<string, string> | undefined,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  const attemptSignals = attemptSignal(timeout, signal);
  try {
    const { data, error, response } = await ctx.transport.request(operation.method, operation.path, {
      params: { path: prepared.path, query: prepared.query },
      body: prepared.body,
      bodySerializer: passThrough,
      querySerializer: (query) => serializeQuery(query, operation.query),
      parseAs: 'text',
      signal: attemptSignals.signal,
      // Per-call headers may add, never replace the key: merged over, then ours again on top.
      ...(headers === undefined ? {} : { headers: { ...headers, Authorization: ctx.authorization } }),
    });
    return { ok: true, response, data, error };
  } catch (cause) {
    const failure = signal?.aborted ? 'abort' : attemptSignals.timedOut() ? 'timeout' : 'connection';
    return { ok: false, failure, cause };
  } finally {
    attemptSignals.dispose();
  }
}

/**
 * Calls one operation: validates the params, sends them with retries, and turns every outcome
 * into either the parsed success body or a typed {@link UserplaneError}.
 */
export async function callOperation(
  ctx: CallContext,
  operationId: string,
  operation: OperationDefinition,
  params: unknown,
  requestOptions: RequestOptions | undefined,
  page?: number,
): Promise<CallResult> {
  const { apiKey, maxRetryAfter } = ctx.options;
  const signal = requestOptions?.signal;
  const { maxRetries, timeout } = resolveCallLimits(ctx.options, requestOptions);
  if (signal?.aborted) throw new UserplaneAbortError({ operationId, cause: signal.reason });

  let prepared: PreparedParams;
  try {
    // A validator message may echo a value: the key, pasted in the wrong field, must not show.
    prepared = prepareParams(operation, operationId, params, (text) => redact(text, apiKey));
  } catch (error) {
    if (error instanceof UserplaneValidationError) throw error;
    // Params that throw when read (a getter, a Proxy): still a typed error, still nothing sent.
    throw new UserplaneValidationError([{ path: '', message: 'the params could not be read' }], {
      operationId,
      cause: error,
    });
  }

  const { logger } = ctx.options;
  // A paged list's errors say which page failed (the first call's page is the validated one).
  const requested = prepared.query?.['page'];
  const pageNumber =
    page ?? (operation.pageItems !== undefined && typeof requested === 'number' ? requested : undefined);
  for (let attempts = 1; ; attempts++) {
    const started = logger === undefined ? 0 : Date.now();
    const outcome = await attempt(ctx, operation, prepared, requestOptions?.headers, timeout, signal);
    const context = { operationId, attempts, page: pageNumber };
    if (logger !== undefined) {
      log(logger, {
        type: 'attempt',
        operationId,
        method: operation.method.toUpperCase(),
        path: operation.path,
        attempt: attempts,
        status: outcome.ok ? outcome.response.status : undefined,
        failure: outcome.ok ? undefined : outcome.failure,
        durationMs: Date.now() - started,
      });
    }
    let plan: RetryPlan;
    let retryAfter: number | undefined;

    if (outcome.ok) {
      const { response } = outcome;
      if (response.status >= 200 && response.status < 300) {
        return { data: await parseSuccessBody(ctx, operationId, operation, outcome.data, response, context), response };
      }
      retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      const retryable = isRetryableStatus(response.status, operation.method);
      plan = planRetry({ attempt: attempts, maxRetries, retryable, retryAfter, maxRetryAfter });
      if (!plan.retry) {
        throw apiError(
          operation,
          response,
          outcome.error,
          retryAfter,
          retryNote(plan, attempts, retryAfter, maxRetryAfter),
          context,
          apiKey,
        );
      }
    } else {
      if (outcome.failure === 'abort') throw new UserplaneAbortError({ ...context, cause: signal?.reason });
      // No response: a POST may still have reached the server, so only idempotent methods retry.
      const retryable = isIdempotent(operation.method);
      plan = planRetry({ attempt: attempts, maxRetries, retryable, retryAfter: undefined, maxRetryAfter });
      if (!plan.retry) {
        throw outcome.failure === 'timeout'
          ? new UserplaneTimeoutError(timeout, context)
          : new UserplaneConnectionError('no response: the connection failed', {
              ...context,
              cause: outcome.cause,
            });
      }
    }

    if (logger !== undefined) {
      log(logger, { type: 'retry', operationId, attempt: attempts, delayMs: plan.delay, retryAfterMs: retryAfter });
    }
    if (!(await sleep(plan.delay, signal))) throw new UserplaneAbortError({ ...context, cause: signal?.reason });
  }
}

/** A logger must not be able to break a call. */
function log(logger: (event: LogEvent) => void, event: LogEvent): void {
  try {
    logger(event);
  } catch {
    // ignored, as documented on the option
  }
}

/** The typed error for a non-2xx response, with anything the server echoed of the key redacted. */
function apiError(
  operation: OperationDefinition,
  response: Response,
  errorBody: unknown,
  retryAfter: number | undefined,
  note: string | undefined,
  context: UserplaneErrorOptions,
  apiKey: string,
): UserplaneApiError {
  const body = readErrorBody(response.status, response.statusText, errorBody, operation.errors[response.status]);
  // Redirects are not followed (see client.ts); say so rather than leave a bare 3xx.
  const redirected = response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
  const location = response.headers.get('location');
  const redirectNote = `a redirect${location === null ? '' : ` to ${redact(location, apiKey)}`} is not followed`;
  return createApiError(
    {
      status: response.status,
      code: body.code,
      defined: body.defined,
      message: redact(body.message, apiKey),
      data: redactValue(body.data, apiKey),
      headers: headersOf(response, apiKey),
      retryAfter,
      note: redirected ? redirectNote : note,
    },
    context,
  );
}

async function parseSuccessBody(
  ctx: CallContext,
  operationId: string,
  operation: OperationDefinition,
  text: unknown,
  response: Response,
  context: UserplaneErrorOptions,
): Promise<unknown> {
  // A status declared without content (204), or any 2xx of an operation that declares no body.
  const declared = operation.successes[response.status];
  if (declared === false || !Object.values(operation.successes).includes(true)) return undefined;
  const { apiKey } = ctx.options;
  const body = typeof text === 'string' ? text : '';
  const details = () => ({ status: response.status, headers: headersOf(response, apiKey), body: redact(body, apiKey) });
  // A regex test finds the first non-space character without copying the body (trim() would).
  if (!/\S/.test(body)) {
    throw new UserplaneResponseError(
      `${response.status} with an empty body, where the spec declares one`,
      details(),
      context,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (cause) {
    throw new UserplaneResponseError(`${response.status} with a body that is not JSON`, details(), {
      ...context,
      cause,
    });
  }
  if (ctx.options.validateResponses) {
    const problems = (await loadResponseValidation()).responseProblems(operationId, response.status, data);
    if (problems !== undefined) {
      const list = problems.map((problem) => redact(problem, apiKey)).join('; ');
      throw new UserplaneResponseError(
        `${response.status} with a body that does not match the spec — ${list}`,
        details(),
        context,
      );
    }
  }
  return data;
}
