// The public surface of the package. Everything a user imports comes from here.

// Client
export { Userplane } from './client.js';
export type {
  FetchFunction,
  LogEvent,
  RateLimitOptions,
  RequestOptions,
  SpanAttributeValue,
  SpanLike,
  SpanOptionsLike,
  TracerLike,
  UserplaneOptions,
} from './options/options.js';
export { MemoryRateLimitStore, type RateLimitPause, type RateLimitState, type RateLimitStore } from './pacing/store.js';
export type { RawClient } from './request/transport.js';
export { DEFAULTS } from './options/options.js';
export { BACKOFF } from './retry/policy.js';

// Operations: types derived from the spec
export type {
  DeclaredError,
  OperationError,
  OperationErrorCode,
  OperationId,
  OperationCall,
  OperationMethod,
  OperationParams,
  OperationResult,
  PageItem,
  PagePromise,
  Resources,
  UndeclaredError,
  WithResponse,
} from './operations/types.js';
export type { paths, operations } from './generated/schema.js';

// Errors
export { isUserplaneError } from './operations/is-userplane-error.js';
export { UserplaneError, type UserplaneErrorKind, type UserplaneErrorOptions } from './errors/userplane-error.js';
export {
  AuthenticationError,
  BadRequestError,
  GoneError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UserplaneApiError,
  type ApiErrorDetails,
} from './errors/api-error.js';
export { UserplaneAbortError } from './errors/abort-error.js';
export { UserplaneConfigError } from './errors/config-error.js';
export { UserplaneConnectionError } from './errors/connection-error.js';
export { UserplanePacingError } from './errors/pacing-error.js';
export { UserplaneResponseError } from './errors/response-error.js';
export { UserplaneTimeoutError } from './errors/timeout-error.js';
export { UserplaneValidationError, type ValidationIssue } from './errors/validation-error.js';
export { redactor as keyRedactor } from './errors/redact.js';
