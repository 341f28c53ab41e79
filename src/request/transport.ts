import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from '../generated/schema.js';
import { isRecord } from '../shared/is-record.js';
import type { HttpMethod } from './operation.js';

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
type AnyPaths = Record<string, Record<HttpMethod, AnyOperation>>;

/**
 * The transport as the generic layer uses it: openapi-fetch's client, which builds each request
 * (URL, path and query, headers, body), and `send`, the fetch it sends them with — which each
 * call wraps to read the body itself, up to its cap (src/request/attempt.ts): openapi-fetch reads a body
 * whole, whatever its size.
 */
export interface Transport {
  readonly client: Client<AnyPaths>;
  readonly send: (request: Request) => Promise<Response>;
  /** `send` is the runtime's own fetch: its Responses are the runtime's, not a `fetch` option's. */
  readonly own: boolean;
  /** The base URL, given again with each request (openapi-fetch would read a missing one from Object.prototype). */
  readonly baseUrl: string | undefined;
}

/** The typed openapi-fetch client, for calls the SDK does not wrap. */
export type RawClient = Client<paths>;

/**
 * The transport's `Request` when the SDK calls the runtime's own fetch. openapi-fetch builds a
 * Request per call, and `fetch(request)` then builds another from it, moving the body across —
 * the largest cost openapi-fetch adds over a plain fetch (bench/README.md). This stand-in keeps
 * only what openapi-fetch reads back (the method) and what fetch needs (url, init), so that
 * fetch builds the one Request itself. tests/sdk/transport.test.ts fails the day a new openapi-fetch
 * reads anything else of it.
 */
class DeferredRequest {
  readonly method: string;

  constructor(
    /** As a Request has it: for fetch, and for the SDK's own reading (the attempt's trace). */
    readonly url: string,
    readonly init: RequestInit,
  ) {
    this.method = init.method ?? 'GET';
  }
}

/**
 * The transport for the generic layer. A `fetch` the user supplied is called with real
 * `Request`s, as documented; otherwise requests go out as `fetch(url, init)` (see above).
 */
export function createTransport(options: ClientOptions): Transport {
  const userFetch = options.fetch;
  if (userFetch) {
    return {
      client: createClient<AnyPaths>(options),
      send: async (request) => responseFrom(await userFetch(request)),
      own: false,
      baseUrl: options.baseUrl,
    };
  }
  return {
    client: createClient<AnyPaths>({
      ...options,
      // openapi-fetch only constructs it and reads `method`; its type asks for the whole Request class.
      // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- see DeferredRequest
      Request: DeferredRequest as unknown as typeof Request,
    }),
    send: (request: Request | DeferredRequest) =>
      request instanceof DeferredRequest ? fetch(request.url, request.init) : fetch(request),
    own: true,
    baseUrl: options.baseUrl,
  };
}

/** A `fetch` option must give a Response (or one from another realm or a polyfill: it has headers). */
function responseFrom(value: unknown): Response {
  if (value instanceof Response) return value;
  if (isRecord(value) && isRecord(value['headers']) && typeof value['headers']['get'] === 'function') {
    // eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- checked as far as openapi-fetch reads it
    return value as unknown as Response;
  }
  throw new TypeError(`the fetch option returned ${value === null ? 'null' : typeof value}, not a Response`);
}

export function createRawClient(options: ClientOptions): RawClient {
  return createClient<paths>(options);
}

/** The body is serialized before the first attempt; openapi-fetch passes it through. */
export const passThrough = (body: unknown): unknown => body;
