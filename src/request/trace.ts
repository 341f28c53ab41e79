/**
 * Tracing a call with the caller's OpenTelemetry `Tracer` (the `tracer` option), by the two methods
 * of it the SDK calls (options.ts `TracerLike`): nothing of OpenTelemetry is imported. A call is an
 * INTERNAL span named by its operationId, active while it runs — so the caller's active span is
 * its parent, and each attempt, a CLIENT span after the HTTP conventions, its child. The attempts
 * and what the call waits for come from the events the `logger` hears (call.ts `observe`): one
 * source for both. The key is redacted from every string a span gets (the events' already are).
 */
import { UserplaneApiError } from '../errors/api-error.js';
import { UserplaneError } from '../errors/userplane-error.js';
import type { LogEvent, SpanLike, TracerLike } from '../options/options.js';

/** What a call did (a `LogEvent`), to its span. */
export type Trace = (event: LogEvent) => void;

// OpenTelemetry's SpanKind and SpanStatusCode values, which the SDK cannot import (a call's span
// is INTERNAL, the kind a span has when none is given).
const CLIENT = 2;
const ERROR = 2;

/** `run` inside the call's span, which ends with the call (an ERROR if it fails); `run` is given what feeds it. */
export const traceCall = <T>(tracer: TracerLike, name: string, run: (trace: Trace) => Promise<T>): Promise<T> =>
  tracer.startActiveSpan(name, {}, async (span) => {
    try {
      return await run((event) => {
        traceEvent(tracer, span, event);
      });
    } catch (error) {
      // The SDK's error, the key already redacted from it (call.ts `finish`): its API code, else its kind.
      if (error instanceof UserplaneError) {
        span.setAttributes({ 'error.type': error instanceof UserplaneApiError ? error.code : error.kind });
        span.setStatus({ code: ERROR, message: error.message });
      }
      throw error;
    } finally {
      span.end();
    }
  });

/**
 * What a call did, on its span: an attempt as a CLIENT span under it, after the HTTP client
 * conventions (made when the attempt's event comes, back-dated to its start; an attribute
 * without a value is left out); a wait, a 429's pause or a retry's backoff as an event named
 * `userplane.wait`, `userplane.pause` or `userplane.retry`, its attributes the logger's event.
 */
function traceEvent(tracer: TracerLike, span: SpanLike, event: LogEvent): void {
  if (event.type != 'attempt') {
    span.addEvent(`userplane.${event.type}`, event);
    return;
  }
  const { method, status = 0, url, attempt } = event;
  const target = url ? new URL(url) : undefined;
  // An attempt failed without an answer (its failure), or with a 4xx or 5xx (its status).
  const failed = event.failure ?? (status > 399 ? `${status}` : undefined);
  const attempted = tracer.startSpan(method, {
    kind: CLIENT,
    startTime: Date.now() - event.durationMs,
    attributes: {
      'http.request.method': method,
      'http.request.resend_count': attempt - 1 || undefined,
      'http.response.status_code': status || undefined,
      'url.full': url,
      'server.address': target?.hostname,
      'server.port': target && (+target.port || (target.protocol == 'https:' ? 443 : 80)),
      'error.type': failed,
    },
  });
  if (failed) attempted.setStatus({ code: ERROR });
  attempted.end();
}
