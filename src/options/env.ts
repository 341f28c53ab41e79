/**
 * Reads an environment variable where the runtime has one (Node, Bun, Deno with `--allow-env`).
 * Browsers and edge runtimes without `process` get `undefined`, as does a Deno process that
 * may not read the environment (it throws instead of answering).
 */
export function readEnv(name: string): string | undefined {
  try {
    if (typeof process === 'undefined') return undefined;
    // Its own variables only: process.env falls back to Object.prototype for a name it lacks.
    const value = Object.hasOwn(process.env, name) ? process.env[name]?.trim() : undefined;
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}
