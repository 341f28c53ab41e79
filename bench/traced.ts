/**
 * The SDK's call with a `tracer` (bench/run.ts, "with a tracer"): a real OpenTelemetry SDK as an
 * application sets it up — sdk-trace-base's provider, the AsyncLocalStorage context manager for
 * parenting — with a span processor that drops what it is handed, so that what is measured is the
 * spans' making and ending, not an exporter's I/O.
 */
import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Userplane } from 'userplane';
import { methodFor, nonIdempotent } from '../tests/support/operations.js';
import { API_KEY, type Call } from './clients.js';

/** OpenTelemetry set up for the process; `stop` takes it down again. */
export function setUpTracing(): { tracer: Tracer; stop: () => Promise<void> } {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  const provider = new BasicTracerProvider({ spanProcessors: [new NoopSpanProcessor()] });
  return {
    tracer: provider.getTracer('bench'),
    stop: async () => {
      context.disable();
      await provider.shutdown();
    },
  };
}

/** The SDK's client of bench/clients.ts, and the same with `tracer`. */
export function sdkCalls(baseUrl: string, tracer: Tracer): { untraced: Call; traced: Call } {
  const params = nonIdempotent.params();
  const make = (options: { tracer?: Tracer }): Call => {
    const userplane = new Userplane({ apiKey: API_KEY, baseUrl, rateLimit: { requests: 100_000, per: 1 }, ...options });
    const call = methodFor(userplane, nonIdempotent.id);
    return () => call(params);
  };
  return { untraced: make({}), traced: make({ tracer }) };
}
