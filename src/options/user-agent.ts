import { VERSION } from '../shared/version.js';

/**
 * The SDK's identity, sent as `User-Agent` on every request where the runtime lets a script set
 * it: `userplane-typescript/0.1.0 node/20.20.2` (or `bun/…`, `deno/…`; the SDK alone on
 * runtimes without `process`, such as edge workers). Browsers keep their own User-Agent (they
 * ignore or refuse the header, and in some it would add a CORS preflight), so none is set there.
 */
export function userAgent(): string {
  let runtime = '';
  try {
    const versions: Partial<Record<string, string>> = process.versions;
    const name = ['bun', 'deno', 'node'].find((key) => versions[key]);
    if (name) runtime = ` ${name}/${versions[name] ?? ''}`;
  } catch {
    // no `process`, or one that may not be read (Deno without permissions): the SDK alone
  }
  return `userplane-typescript/${VERSION}${runtime}`;
}
