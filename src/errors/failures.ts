/**
 * The typed error of each failure of a call. describe.ts writes them up — the body read, the
 * subclass, the key redacted — and loads with the first failure, so that a bundle's first load
 * carries the success path only. This is the one place that builds an error when that chunk
 * cannot load (a browser offline, a broken install): still the right class and kind, saying why
 * the details are missing.
 */
import type { InvalidParams } from '../request/params.js';
import { lazy } from '../shared/lazy.js';
import { UserplaneApiError } from './api-error.js';
import { UserplaneConfigError } from './config-error.js';
import type { BadSuccess, NotRetried, Received } from './describe.js';
import { UserplaneResponseError } from './response-error.js';
import type { UserplaneError, UserplaneErrorOptions } from './userplane-error.js';
import { UserplaneValidationError } from './validation-error.js';

const failures = lazy(() => import('./describe.js'));
type Chunk = Awaited<ReturnType<typeof failures>>;

/** Why an error says less than it would: the chunk that writes errors up could not be loaded. */
export const UNREAD = 'the details could not be read: a chunk of this package failed to load';

/** Built by the chunk, or by `fallback` (given why) when it cannot load — or, a defect, throws. */
async function written<T>(build: (chunk: Chunk) => T, fallback: (cause: unknown) => T): Promise<T> {
  try {
    return build(await failures());
  } catch (cause) {
    return fallback(cause);
  }
}

/** The typed error for a non-2xx response (or, with none, for a call refused as over the daily budget). */
export const apiError = (
  received: Received | undefined,
  retryAfter: number | undefined,
  reason: NotRetried,
  maxRetryAfter: number,
  context: UserplaneErrorOptions,
  apiKey: string,
): Promise<UserplaneApiError> =>
  written(
    (chunk) => chunk.apiError(received, retryAfter, reason, maxRetryAfter, context, apiKey),
    (cause) => {
      // Kind `api` with the status; not its subclass, nor the headers: only the chunk has their table and can redact them.
      const status = received?.response.status ?? 429;
      const details = { status, code: `HTTP_${status}`, defined: false, message: UNREAD, data: undefined };
      return new UserplaneApiError({ ...details, headers: {}, retryAfter }, { ...context, cause });
    },
  );

/** The typed error for a 2xx whose body is not the success the spec declares (it was processed: never retried). */
export const responseError = (
  why: BadSuccess,
  response: Response,
  body: string,
  context: UserplaneErrorOptions,
  apiKey: string,
  cap?: number,
): Promise<UserplaneResponseError> =>
  written(
    (chunk) => chunk.responseError(why, response, body, context, apiKey, cap),
    (cause) =>
      new UserplaneResponseError(
        `${response.status}: ${UNREAD}`,
        { status: response.status, headers: {}, body: '' },
        {
          ...context,
          cause,
        },
      ),
  );

/** The validation error for params that cannot be sent, every problem listed. */
export const validationError = (
  invalid: InvalidParams,
  operationId: string,
  apiKey: string,
): Promise<UserplaneValidationError> =>
  written(
    (chunk) => chunk.validationError(invalid, operationId, apiKey),
    (cause) => new UserplaneValidationError([{ path: '', message: UNREAD }], { operationId, cause }),
  );

/** `error` with its cause made safe to show (it may quote the key); without it, if that cannot be done. */
export const safely = <E extends UserplaneError>(error: E, apiKey: string): Promise<E> =>
  written(
    (chunk) => chunk.withSafeCause(error, apiKey),
    (cause) => {
      error.cause = cause;
      return error;
    },
  );

/**
 * A part of the SDK loaded on first use (the paged-list walker) could not be: nothing more was
 * sent, and the cause says why (in a browser the chunk comes over the network; elsewhere, a
 * broken install).
 */
export const unloaded = (what: string, options: UserplaneErrorOptions): UserplaneConfigError =>
  new UserplaneConfigError(`${what} (a chunk of this package) could not be loaded`, options);
