import type { OperationDefinition } from './call.js';
import { isNetworkError } from './network-error.js';
import type { PreparedParams } from './params.js';
import { serializeQuery } from './query.js';
import { attemptSignal, TIMED_OUT } from './timeout.js';
import { passThrough, type Transport } from './transport.js';

/**
 * What one attempt produced: a response, or why none came —
 *   abort       the caller's signal fired
 *   timeout     the attempt's own time limit elapsed
 *   connection  a real network failure (network-error.ts): the only kind worth retrying
 *   refused     anything else thrown on the way out (an invalid header, a broken `fetch` option):
 *               the caller's to fix, never retried
 */
export type Attempt =
  | { ok: true; response: Response; data: unknown; error: unknown }
  | { ok: false; failure: 'abort' | 'timeout' | 'connection' | 'refused'; cause: unknown };

/** Sends one attempt of a call through openapi-fetch and classifies how it ended. */
export async function attempt(
  transport: Transport,
  operation: OperationDefinition,
  prepared: PreparedParams,
  headers: Record<string, string> | undefined,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  const limit = attemptSignal(timeout, signal);
  try {
    const request = transport.request(operation.method, operation.path, {
      params: { path: prepared.path, query: prepared.query },
      body: prepared.body,
      bodySerializer: passThrough,
      querySerializer: (query) => serializeQuery(query, operation.query),
      parseAs: 'text',
      signal: limit.signal,
      ...(headers && { headers }),
    });
    // A `fetch` that ignores its signal must not hang the call: the attempt ends with its signal.
    const ended = new Promise<never>((_, reject) => {
      limit.signal.addEventListener('abort', reject);
    });
    void request.catch(() => undefined);
    void ended.catch(() => undefined);
    const { data, error, response } = await Promise.race([request, ended]);
    return { ok: true, response, data, error };
  } catch (cause) {
    const reason: unknown = limit.signal.reason;
    const failure = signal?.aborted
      ? 'abort'
      : reason === TIMED_OUT
        ? 'timeout'
        : isNetworkError(cause)
          ? 'connection'
          : 'refused';
    return { ok: false, failure, cause };
  } finally {
    limit.dispose();
  }
}
