/**
 * Query strings as the live server parses them. How each parameter goes on the wire is decided
 * at generation (scripts/generate/model.ts, `ARRAY_QUERY_WIRE`) and recorded in the operation table:
 *
 * - `brackets`: `key[0]=a&key[1]=b` — arrays without an explicit `style`. The live server (oRPC's
 *   OpenAPIHandler) reads bracket notation; a bare `key=a` would reach it as a string.
 * - `form`: `key=a&key=b` (and every scalar: `key=value`)
 * - `comma`, `space`, `pipe`: `key=a,b`, `key=a%20b`, `key=a|b` (form without explode, and the
 *   delimited styles)
 *
 * `undefined` and `null` are omitted; so is an empty array, which no wire format can express.
 * Booleans and numbers are sent as `true`/`false` and their decimal text.
 */

import type { QueryWire } from './operation.js';

const DELIMITER: Record<string, string> = { comma: ',', space: '%20', pipe: '|' };

/** A value's text: strings as they are, numbers and booleans as JSON writes them. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function serializeQuery(
  query: Record<string, unknown>,
  wires: Readonly<Record<string, QueryWire>> = {},
): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    const key = encodeURIComponent(name);
    if (!Array.isArray(value)) {
      if (value != null) parts.push(`${key}=${encodeURIComponent(text(value))}`);
      continue;
    }
    const items = value.filter((item) => item != null).map((item) => encodeURIComponent(text(item)));
    const wire = wires[name] ?? 'form';
    if (wire === 'brackets') items.forEach((item, index) => parts.push(`${key}[${index}]=${item}`));
    else if (wire === 'form') for (const item of items) parts.push(`${key}=${item}`);
    else if (items.length > 0) parts.push(`${key}=${items.join(DELIMITER[wire])}`);
  }
  return parts.join('&');
}
