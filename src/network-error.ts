/**
 * Whether an error thrown by `fetch` (or while reading a body) is a real network failure: the
 * only throws the SDK reports as `UserplaneConnectionError` and may retry. Anything else thrown
 * on the way out — an invalid header, a `fetch` option that breaks — is the caller's to fix.
 *
 * Each runtime words it its own way (a TypeError): Node/undici "fetch failed" and "terminated"
 * (body cut off), Chromium "Failed to fetch" and "network error", Firefox "NetworkError when
 * attempting to fetch resource.", Safari "Load failed" and "The Internet connection appears to
 * be offline.", Cloudflare "Network connection lost", React Native "Network request failed",
 * Deno "error sending request…", "error reading a body from connection", "Fetch failed: …";
 * Bun sets a system error `code` instead.
 */
const MESSAGE =
  /^(?:fetch failed|terminated|Failed to fetch|network error|NetworkError when|Load failed|The Internet connection appears|Network connection lost|Network request failed|error sending request|error reading a body|Fetch failed)/;
const CODE =
  /^(?:E(?:CONNRESET|CONNREFUSED|CONNABORTED|PIPE|TIMEDOUT|NOTFOUND|AI_AGAIN|HOSTUNREACH|NETUNREACH)|ConnectionRefused|ConnectionClosed|FailedToOpenSocket)$/;

export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, 'code');
  return (typeof code === 'string' && CODE.test(code)) || (error.name === 'TypeError' && MESSAGE.test(error.message));
}
