/**
 * Setting a client up from the environment and flags, for the MCP server and the CLI: each value
 * checked on its own, so that a refusal names the variable or flag it came from —
 * `USERPLANE_BASE_URL: …`, not a bad base URL blamed on the key — and a Redis store for a budget
 * shared across processes, reached within a bound or refused, never waited on for good.
 */
import { Userplane, type RateLimitStore, type UserplaneOptions } from 'userplane';

/** A refusal of the set-up, naming where the bad value came from. */
export class SetupError extends Error {
  static {
    this.prototype.name = 'SetupError';
  }
}

/** A value and where it came from (`USERPLANE_BASE_URL`, `--base-url`). */
export interface Setting {
  readonly value: string;
  readonly from: string;
}

/** The first of `candidates` that is set (a non-empty string), or `undefined`. */
export function setting(...candidates: [value: string | undefined, from: string][]): Setting | undefined {
  for (const [value, from] of candidates) {
    const trimmed = value?.trim();
    if (trimmed !== undefined && trimmed !== '') return { value: trimmed, from };
  }
  return undefined;
}

/** A stand-in for the value not being checked: each check makes a client of one value alone. */
const STAND_IN = { apiKey: 'uspl_setup_check_key', baseUrl: 'https://api.userplane.io/api/v1' } as const;

function check(options: UserplaneOptions, from: string): Userplane {
  try {
    return new Userplane({ ...options, rateLimit: false });
  } catch (error) {
    throw new SetupError(`${from}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Refuses a missing or malformed key, naming where it came from (USERPLANE_API_KEY when unset). */
export function checkKey(key: Setting | undefined): string {
  check({ apiKey: key?.value ?? '', baseUrl: STAND_IN.baseUrl }, key?.from ?? 'USERPLANE_API_KEY');
  return key?.value ?? '';
}

/** The base URL calls go to — `url`, checked, or the spec's server — refusing a bad one by its source. */
export function checkBaseUrl(url: Setting | undefined): string {
  return check({ apiKey: STAND_IN.apiKey, baseUrl: url?.value ?? STAND_IN.baseUrl }, url?.from ?? 'the base URL')
    .baseUrl;
}

/** A URL as it may be shown: no credentials, no query. */
export function shownUrl(url: string): string {
  return URL.canParse(url)
    ? `${new URL(url).protocol}//${new URL(url).host}${new URL(url).pathname}`
    : 'an unreadable URL';
}

/** FNV-1a of the key: the name of its budget in a shared store, never the key itself. */
export function keyHash(apiKey: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < apiKey.length; i++) hash = Math.imul(hash ^ apiKey.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** A connected Redis, and the stores of its budgets (one per key). */
export interface SharedBudget {
  storeFor(apiKey: string): RateLimitStore;
  close(): Promise<void>;
}

/**
 * Connects to the Redis at `url` (USERPLANE_REDIS_URL) and checks that it answers, within
 * `timeoutMs`: one that is unreachable or silent is refused naming the variable, rather than
 * waited on. Every process acting for the same key shares that key's budget (`userplane:<hash>`).
 */
export async function connectBudget(url: Setting, timeoutMs = 3_000): Promise<SharedBudget> {
  const where = `${url.from}: the Redis at ${shownUrl(url.value)}`;
  if (!URL.canParse(url.value) || !/^rediss?:$/.test(new URL(url.value).protocol)) {
    throw new SetupError(`${url.from}: not a redis:// or rediss:// URL (${shownUrl(url.value)})`);
  }
  const [{ createClient }, { RedisRateLimitStore }] = await Promise.all([import('redis'), import('userplane/redis')]);
  let connected = false;
  const client = createClient({
    url: url.value,
    socket: {
      connectTimeout: timeoutMs,
      // Refused at once before the first connection (a wrong URL); once connected, reconnect with backoff.
      reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(100 * 2 ** retries, 2_000) : cause),
    },
  });
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const bounded = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new SetupError(`${where} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), bounded]);
    connected = true;
  } catch (error) {
    client.destroy();
    throw error instanceof SetupError
      ? error
      : new SetupError(`${where} cannot be reached (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    clearTimeout(timer);
  }
  const stores = new Map<string, RateLimitStore>();
  return {
    storeFor(apiKey) {
      const key = `userplane:${keyHash(apiKey)}`;
      const store = stores.get(key) ?? new RedisRateLimitStore({ client, key });
      stores.set(key, store);
      return store;
    },
    close: () => {
      client.destroy();
      return Promise.resolve();
    },
  };
}
