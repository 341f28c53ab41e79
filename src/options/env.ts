/**
 * Reads an environment variable where the runtime has one (Node, Bun, Deno with `--allow-env`).
 * Browsers and edge runtimes without `process` get `undefined`, as does a Deno process that
 * may not read the environment (it throws instead of answering).
 */
export function readEnv(name: string): string | undefined {
  try {
    if (typeof process === 'undefined') return undefined;
    const value = process.env[name]?.trim();
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}
