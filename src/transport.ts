import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './generated/schema.js';

/**
 * openapi-fetch is the one HTTP transport. The generic layer drives it with the operation
 * table, so it sees every operation through this one shape: params as records, a body the SDK
 * has already serialized (sent as-is on every attempt), and the success body as text (parsed
 * by the SDK, so a malformed body becomes a typed error instead of a SyntaxError).
 */
interface AnyOperation {
  parameters: { path?: Record<string, unknown> | undefined; query?: Record<string, unknown> | undefined };
  requestBody?: { content: { 'application/json': string } };
  responses: { default: { content: { 'application/json': unknown } } };
}
type AnyPaths = Record<string, Record<'get' | 'put' | 'post' | 'delete' | 'patch' | 'head' | 'options', AnyOperation>>;

/** The transport as the generic layer uses it. */
export type Transport = Client<AnyPaths>;

/** The typed openapi-fetch client, for calls the SDK does not wrap. */
export type RawClient = Client<paths>;

export function createTransport(options: ClientOptions): Transport {
  return createClient<AnyPaths>(options);
}

export function createRawClient(options: ClientOptions): RawClient {
  return createClient<paths>(options);
}

/** The body is serialized before the first attempt; openapi-fetch passes it through. */
export function passThrough(body: unknown): unknown {
  return body;
}
