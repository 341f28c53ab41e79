/**
 * The SDK clients a server calls through, one per API key, made on first use and reused: the
 * process's own key (stdio, or HTTP with USERPLANE_API_KEY), or each request's in the remote
 * mode. Making one costs the same however many there are; the most recently used are kept (a
 * bound, not a session: a client dropped is made again, and its budget lives in its store —
 * this process's memory, or Redis shared by every replica).
 */
import { keyRedactor, type Userplane } from 'userplane';
import type { KeyedClient } from './call.js';

/** How many keys' clients a process keeps. */
export const MAX_CLIENTS = 1_000;

export class Clients {
  readonly #clients = new Map<string, KeyedClient>();

  /** `make` builds the client of a key (refusing a malformed one with the SDK's config error). */
  constructor(
    private readonly make: (apiKey: string) => Userplane,
    private readonly max = MAX_CLIENTS,
  ) {}

  /** The client of `apiKey`, made now if it is not kept. */
  get(apiKey: string): KeyedClient {
    const kept = this.#clients.get(apiKey);
    if (kept !== undefined) {
      // Most recently used last: the first key is the one to drop.
      this.#clients.delete(apiKey);
      this.#clients.set(apiKey, kept);
      return kept;
    }
    const made = { client: this.make(apiKey), redact: keyRedactor(apiKey) };
    this.#clients.set(apiKey, made);
    if (this.#clients.size > this.max) {
      const [oldest] = this.#clients.keys();
      if (oldest !== undefined) this.#clients.delete(oldest);
    }
    return made;
  }
}
