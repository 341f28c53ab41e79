/**
 * The error class a test expects for each HTTP status, written out here rather than read from the
 * SDK (src/errors/describe.ts), so that a wrong mapping there fails the tests that use it.
 */
import {
  AuthenticationError,
  BadRequestError,
  GoneError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  type UserplaneApiError,
} from '../../src/index.js';

export const CLASS_BY_STATUS: Readonly<Record<number, typeof UserplaneApiError>> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  410: GoneError,
  429: RateLimitError,
  500: InternalServerError,
  503: ServiceUnavailableError,
};
