/**
 * One tool call: the operation called through the SDK, ended in time and when asked.
 *
 *   - Every way a call ends early aborts the upstream request through the SDK's `signal`: the
 *     client cancels (`notifications/cancelled`, or its HTTP request goes away), the connection
 *     closes (stdin ends), the server shuts down (SIGTERM, SIGINT), the deadline passes.
 *   - The deadline is shorter than clients' default timeout (60 s), and the client the call goes
 *     through is built for it (callLimits): a wait that would pass it — a full window, a 429's
 *     pause, a long Retry-After — is not waited, the call answers at once saying when to retry.
 *   - A client that sent a `progressToken` hears, while the SDK waits, what it waits for and how
 *     long: the client's `logger` (one per client) reaches the call it is for through
 *     AsyncLocalStorage, which carries the call's context through every await of the SDK.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallToolResult, ServerContext } from '@modelcontextprotocol/server';
import type { LogEvent, Userplane, UserplaneOptions } from 'userplane';
import { reportFailure } from '../../shared/src/failure.js';
import type { Redact } from '../../shared/src/json.js';
import { operationCall } from '../../shared/src/operation.js';
import { waitText } from '../../shared/src/waits.js';
import type { ToolDefinition } from './generated/tools.js';
import { failure, success } from './results.js';

/** A client and the redactor of its key. */
export interface KeyedClient {
  readonly client: Userplane;
  readonly redact: Redact;
}

/** What every call of a server shares. */
export interface CallSettings {
  /** Milliseconds a call may take, its waits included, before it answers anyway. */
  readonly deadlineMs: number;
  /** Aborts every call in flight: the server is shutting down. */
  readonly shutdown: AbortSignal;
  /**
   * Registers a call by its JSON-RPC id, so that a cancellation arriving elsewhere can abort it
   * (HTTP's stateless 2025 serving); returns how to forget it.
   */
  readonly track?: ((requestId: string | number, abort: AbortController) => () => void) | undefined;
}

/**
 * The client options that fit a call in `deadlineMs`: an attempt gets at most 40 % of it (and no
 * more than the SDK's 30 s), a wait for a turn or a `Retry-After` as much — longer ones answer at
 * once with `retryAfter` — so that a wait and an attempt fit; the deadline itself ends the rest
 * (a hanging upstream retried).
 */
export function callLimits(
  deadlineMs: number,
): Pick<UserplaneOptions, 'timeout' | 'maxRetryAfter' | 'rateLimit' | 'logger'> {
  const share = Math.max(1_000, Math.floor(deadlineMs * 0.4));
  return {
    timeout: Math.min(30_000, share),
    maxRetryAfter: share,
    rateLimit: { maxWait: share },
    logger: (event) => {
      calls.getStore()?.(event);
    },
  };
}

/** The call the SDK's events belong to, across its awaits. */
const calls = new AsyncLocalStorage<(event: LogEvent) => void>();

const DEADLINE = Symbol('deadline');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Sends a progress notification for each wait, when the client asked for progress. */
function progressOf(ctx: ServerContext): (event: LogEvent) => void {
  const token = ctx.mcpReq._meta?.progressToken;
  if (token === undefined) return () => undefined;
  let progress = 0;
  return (event) => {
    const message = waitText(event);
    if (message === undefined) return;
    progress += 1;
    void ctx.mcpReq
      .notify({ method: 'notifications/progress', params: { progressToken: token, progress, message } })
      .catch(() => undefined);
  };
}

export async function callTool(
  tool: ToolDefinition,
  args: unknown,
  { client, redact }: KeyedClient,
  ctx: ServerContext,
  { deadlineMs, shutdown, track }: CallSettings,
): Promise<CallToolResult> {
  const call = operationCall(client, tool.operationId);
  if (call === undefined) {
    return failure(
      reportFailure(tool.operationId, new Error(`this version of the SDK has no ${tool.operationId}`), redact),
    );
  }
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort(DEADLINE);
  }, deadlineMs);
  const cancelled = new AbortController();
  const forget = track?.(ctx.mcpReq.id, cancelled);
  const signal = AbortSignal.any([ctx.mcpReq.signal, cancelled.signal, deadline.signal, shutdown]);
  try {
    return success(tool, await calls.run(progressOf(ctx), () => call(args, { signal })), redact);
  } catch (error) {
    const report = reportFailure(tool.operationId, error, redact);
    if (report.kind !== 'abort' || !(deadline.signal.aborted || shutdown.aborted)) return failure(report);
    // Ended by the deadline or the shutdown: whether the API did the work is not known.
    const why = shutdown.aborted
      ? 'the server is shutting down'
      : `no answer within the deadline, ${seconds(deadlineMs)}`;
    const again = tool.annotations.idempotentHint
      ? 'calling it again is safe'
      : 'it may have been done: check before calling again';
    return failure({
      line: `${tool.operationId}: ${shutdown.aborted ? 'shutdown' : 'deadline'} — ${why}; ${again}`,
      details: { ...report.details, kind: shutdown.aborted ? 'shutdown' : 'deadline', deadlineMs },
    });
  } finally {
    clearTimeout(timer);
    forget?.();
  }
}
