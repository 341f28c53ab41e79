import type { Clock } from '../shared/clock.js';
import { withoutPrototype } from '../shared/without-prototype.js';
import { isNetworkError } from './network-error.js';
import type { OperationDefinition } from './operation.js';
import type { PreparedParams } from './params.js';
import { serializeQuery } from './query.js';
import { readBody, type BodyText } from './read-body.js';
import { attemptSignal, TIMED_OUT } from './timeout.js';
import { passThrough, type Transport } from './transport.js';

/**
 * What one attempt produced: a response with its body read (up to the cap), or why none came —
 *   abort       the caller's signal fired
 *   timeout     the attempt's own time limit elapsed (sending, or reading the body)
 *   connection  a real network failure (network-error.ts): the request may have reached the server
 *   refused     anything else thrown on the way out — an invalid request, a `fetch` option that
 *               threw or returned no readable Response: the caller has something to fix
 */
export type Attempt = (
  | { readonly ok: true; readonly response: Response; readonly body: BodyText }
  | { readonly ok: false; readonly failure: 'abort' | 'timeout' | 'connection' | 'refused'; readonly cause: unknown }
) & {
  /** The URL the request went to, once it was built (for its trace). */
  readonly url?: string | undefined;
};

/** How to send one attempt: the call's transport, headers, limits and signal. */
export interface AttemptPlan {
  readonly transport: Transport;
  readonly operation: OperationDefinition;
  readonly prepared: PreparedParams;
  readonly headers: Record<string, string> | undefined;
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
  readonly cap: number;
  readonly clock: Clock;
}

/** Sends one attempt through openapi-fetch and says how it ended. Never throws. */
export async function attempt(plan: AttemptPlan): Promise<Attempt> {
  const { transport, operation, prepared, headers, signal, cap } = plan;
  let limit: ReturnType<typeof attemptSignal> | undefined;
  let received: { response: Response; body: BodyText } | undefined;
  let url: string | undefined;
  try {
    limit = attemptSignal(plan.timeout, signal, plan.clock);
    const request = transport.client.request(
      operation.method,
      operation.path,
      // Every option openapi-fetch reads, given (it copies these into an object of its own, so a
      // missing one would be read from a polluted Object.prototype).
      {
        baseUrl: transport.baseUrl ?? '',
        headers: headers ?? {},
        params: withoutPrototype({ path: prepared.path, query: prepared.query }),
        body: prepared.body,
        bodySerializer: passThrough,
        querySerializer: (query: Record<string, unknown>) => serializeQuery(query, operation.query),
        parseAs: 'stream',
        signal: limit.signal,
        // The body is read here, as a stream up to the cap; openapi-fetch is handed the response
        // without it, since it would read any body whole.
        fetch: async (sent: Request) => {
          url = sent.url;
          const response = await transport.send(sent);
          const body = await readBody(response, cap);
          // Read once, here: after the attempt nothing touches what a `fetch` option returned (a
          // getter that throws fails this attempt, as a request that could not be sent). An opaque
          // redirect (status 0, no body) cannot be re-made: it goes through as it is.
          const { status, statusText, headers } = response;
          const copy =
            status < 200 && response instanceof Response
              ? response
              : new Response(null, { status, statusText, headers });
          received = { response: transport.own ? response : copy, body };
          return copy;
        },
      },
    );
    // A `fetch` that ignores its signal must not hang the call: the attempt ends with its signal.
    void request.catch(() => undefined);
    await Promise.race([request, limit.ended]);
    if (received) return { ok: true, ...received, url };
    throw new TypeError('no response');
  } catch (cause) {
    // A response already in hand is the answer, whatever openapi-fetch did with its stand-in.
    if (received !== undefined && limit?.signal.aborted === false) return { ok: true, ...received, url };
    const failure = signal?.aborted
      ? 'abort'
      : limit?.signal.reason === TIMED_OUT
        ? 'timeout'
        : isNetworkError(cause)
          ? 'connection'
          : 'refused';
    return { ok: false, failure, cause, url };
  } finally {
    limit?.dispose();
  }
}
