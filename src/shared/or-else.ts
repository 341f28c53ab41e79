/** What `read()` gives, or `fallback` when it throws: a getter or a Proxy's trap of an object the SDK did not make. */
export function orElse<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
