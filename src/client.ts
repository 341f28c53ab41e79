import { authorizationHeader } from './options/auth.js';
import { callOperation, type CallContext } from './request/call.js';
import { isBrowser, resolveOptions } from './options/resolve.js';
import type { UserplaneOptions } from './options/options.js';
import type { RateLimiter } from './pacing/limiter.js';
import type { RateLimitState } from './pacing/store.js';
import { buildResources } from './operations/namespaces.js';
import { createRawClient, createTransport, type RawClient } from './request/transport.js';
import type { Resources } from './operations/types.js';
import { userAgent } from './options/user-agent.js';
import { withoutPrototype } from './shared/without-prototype.js';

/**
 * The Userplane API client. One method per operation in the spec, grouped by the operationId's
 * namespace: `links.create` is `userplane.links.create(params, options?)`.
 *
 * @example
 * ```ts
 * import { Userplane } from 'userplane';
 *
 * const userplane = new Userplane(); // reads USERPLANE_API_KEY
 * const { data } = await userplane.links.create({ workspaceId: 'ws_1', domainId: 'dom_1' });
 * console.log(data.link.linkURL);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface below
export class Userplane {
  /** The base URL every request goes to. */
  readonly baseUrl: string;
  /**
   * The typed openapi-fetch client with the same base URL, key and headers, for raw access:
   * `{ data, error, response }` results, no validation, no retries.
   */
  readonly raw: RawClient;
  readonly #limiter: RateLimiter | undefined;

  /**
   * @throws {UserplaneConfigError} when the API key is missing or malformed, or an option is
   *   invalid. Nothing is sent.
   */
  constructor(options: UserplaneOptions = {}) {
    const resolved = resolveOptions(options);
    const authorization = authorizationHeader(resolved.apiKey);
    // Without a prototype: openapi-fetch and the transport read no option from a polluted Object.prototype.
    const transportOptions = withoutPrototype({
      baseUrl: resolved.baseUrl,
      headers: {
        Accept: 'application/json',
        // Where a script may set it: in a browser the page's own User-Agent stays (see user-agent.ts).
        ...(isBrowser() ? {} : { 'User-Agent': userAgent() }),
        ...resolved.headers,
        Authorization: authorization,
      },
      // Redirects are not followed: an API call that redirects is an error to report, and
      // following one could carry the key to another origin.
      redirect: 'manual' as const,
      ...(resolved.fetch === undefined ? {} : { fetch: resolved.fetch }),
    });
    this.baseUrl = resolved.baseUrl;
    this.#limiter = resolved.limiter;
    this.raw = createRawClient(transportOptions);
    const context: CallContext = { transport: createTransport(transportOptions), options: resolved, authorization };
    Object.assign(this, buildResources(callOperation.bind(undefined, context)));
  }

  /**
   * The rate-limit budget now, as the store the client uses sees it — every client and process
   * sharing that store counts (a key's in-memory store, a `MemoryRateLimitStore` passed to several
   * clients, a Redis store across processes). `undefined` with `rateLimit: false`. A store without
   * `state` (a custom one) reads `used`, `remaining` and `waitMs` as unknown.
   *
   * @example
   * ```ts
   * const state = await userplane.rateLimitState();
   * if (state?.remaining === 0) await new Promise((resolve) => setTimeout(resolve, state.waitMs));
   * ```
   */
  async rateLimitState(): Promise<RateLimitState | undefined> {
    return this.#limiter?.state();
  }
}

// The operation namespaces (`links`, …) are attached in the constructor, from the same
// operation table `Resources` is computed from.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- that is the point
export interface Userplane extends Resources {}
