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
 *   thrown      sending threw: a network failure or a request that could not be sent, told
 *               apart by the retry rules (src/retry.ts), which load with the first failure
 */
export type Attempt =
  | { ok: true; response: Response; body: BodyText }
  | { ok: false; failure: 'abort' | 'timeout' | 'thrown'; cause: unknown };

/** Sends one attempt of a call through openapi-fetch and classifies how it ended. */
export async function attempt(
  transport: Transport,
  operation: OperationDefinition,
  prepared: PreparedParams,
  headers: Record<string, string> | undefined,
  timeout: number,
  signal: AbortSignal | undefined,
  cap: number,
): Promise<Attempt> {
  const limit = attemptSignal(timeout, signal);
  let received: { response: Response; body: BodyText } | undefined;
  try {
    const request = transport.client.request(operation.method, operation.path, {
      params: { path: prepared.path, query: prepared.query },
      body: prepared.body,
      bodySerializer: passThrough,
      querySerializer: (query) => serializeQuery(query, operation.query),
      parseAs: 'stream',
      signal: limit.signal,
      ...(headers && { headers }),
      // The body is read here, as a stream up to the cap; openapi-fetch is handed the response
      // without it, since it would read any body whole.
      fetch: async (sent: Request) => {
        const response = await transport.send(sent);
        received = { response, body: await readBody(response, cap) };
        const { status, statusText } = response;
        // An opaque redirect (status 0, no body) cannot be re-made: it goes through as it is.
        return status < 200 ? response : new Response(null, { status, statusText, headers: response.headers });
      },
    });
    // A `fetch` that ignores its signal must not hang the call: the attempt ends with its signal.
    void request.catch(() => undefined);
    await Promise.race([request, limit.ended]);
    if (received) return { ok: true, ...received };
    throw new TypeError('no response');
  } catch (cause) {
    const reason: unknown = limit.signal.reason;
    // A response already in hand is the answer, whatever openapi-fetch did with its stand-in.
    if (received !== undefined && !limit.signal.aborted) return { ok: true, ...received };
    const failure = signal?.aborted ? 'abort' : reason === TIMED_OUT ? 'timeout' : 'thrown';
    return { ok: false, failure, cause };
  } finally {
    limit.dispose();
  }
}
