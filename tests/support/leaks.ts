/**
 * What "the key never shows" means, as a check: no view of an error a log line, a tracker or a
 * screenshot could show holds six characters in a row of the key's secret part (all of it, for a
 * shorter secret). Used by the invariants over generated servers and by the failure matrix.
 */
import { inspect } from 'node:util';

/** Six characters in a row of the secret (all of it, if shorter), anywhere in `text`. */
export function leaks(text: string, secret: string): boolean {
  const width = Math.min(6, secret.length);
  for (let at = 0; at + width <= secret.length; at++) if (text.includes(secret.slice(at, at + width))) return true;
  return false;
}

/**
 * Every view of an error, down its cause chain: message, stack, String, JSON.stringify and
 * util.inspect with showHidden — without the stack's frames (`    at …` lines): code locations,
 * never data, whose function and file names a generated key would otherwise match by chance.
 */
export function views(error: unknown): string[] {
  const frames = (text: string): string => text.replace(/^ {4}at .*$/gm, '');
  const out: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    out.push(frames(inspect(current, { showHidden: true, depth: Infinity })));
    // `JSON.stringify` gives undefined for some values, whatever its declared type says.
    out.push(`${JSON.stringify(current) as string | undefined}`);
    if (!(current instanceof Error)) break;
    out.push(String(current), current.message, frames(current.stack ?? ''));
    current = current.cause;
  }
  return out;
}

/** The views of `error` that leak the key (none, if it does not). */
export function leakingViews(error: unknown, apiKey: string): string[] {
  return views(error).filter((view) => leaks(view, apiKey.slice(5)));
}
