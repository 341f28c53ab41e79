/**
 * Whether an error thrown by `fetch` (or while reading a body) is a real network failure: the
 * only throws the SDK reports as `UserplaneConnectionError` and may retry. Anything else thrown
 * on the way out — an invalid header, a `fetch` option that breaks — is the caller's to fix.
 *
 * Each runtime words it its own way (a TypeError): Node/undici "fetch failed" and "terminated"
 * (body cut off), Chromium "Failed to fetch" and "network error", Firefox "NetworkError when
 * attempting to fetch resource.", Safari "Load failed" and "The Internet connection appears to
 * be offline.", Cloudflare "Network connection lost", React Native "Network request failed",
 * Deno "error sending request…", "error reading a body from connection", "Fetch failed: …".
 * Bun sets a system error `code` instead (ECONNREFUSED, ConnectionRefused, FailedToOpenSocket…);
 * `ERR_…` codes are Node's own argument errors, not the network's.
 */
const MESSAGE =
  /^(?:fetch failed|failed to fetch|terminated|network ?error|load failed|the internet connection|network (?:connection lost|request failed)|error (?:sending request|reading a body))/i;
const CODE = /^(?:E(?!RR_)[A-Z_]+|Connection[A-Za-z]+|FailedToOpenSocket)$/;

export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, 'code');
  return (typeof code === 'string' && CODE.test(code)) || (error.name === 'TypeError' && MESSAGE.test(error.message));
}
