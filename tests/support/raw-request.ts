/**
 * A call's params sent straight to Prism, without the SDK: for the property tests' other
 * direction — an input the SDK refuses must be one Prism refuses too, or the SDK is stricter
 * than the spec. Written as plainly as a hand-rolled client would (form-style query arrays,
 * which Prism reads), so it shares no code with the SDK.
 */
import type { OperationModel } from '../../scripts/generate/model.js';
import type { ValidationIssue } from '../../src/index.js';

/** `undefined` when the params cannot be written into a URL at all (a lone surrogate). */
export function rawRequest(
  baseUrl: string,
  model: OperationModel,
  params: Record<string, unknown>,
): { url: string; init: RequestInit } | undefined {
  const values = model.parameters.flatMap((p) => [params[p.name]].flat());
  if (values.some((value) => typeof value === 'string' && /\p{Cs}/u.test(value))) return undefined;
  let path = model.path;
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const parameter = model.parameters.find((p) => p.name === key);
    if (parameter?.in === 'path') path = path.replace(`{${key}}`, encodeURIComponent(String(value)));
    else if (parameter?.in === 'query') {
      for (const item of Array.isArray(value) ? value : [value])
        if (item !== undefined) query.append(key, String(item));
    } else body[key] = value;
  }
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return {
    url: `${baseUrl}${path}${search}`,
    init: {
      method: model.method.toUpperCase(),
      headers: { Authorization: 'Bearer uspl_raw', 'Content-Type': 'application/json' },
      ...(model.body === undefined ? {} : { body: JSON.stringify(body) }),
    },
  };
}

/**
 * Refusals the SDK makes on purpose where Prism would accept, each for a stated reason; inputs
 * refused only for these are not sent raw.
 *   - params that are not an object, a key that is no parameter of the operation (the SDK
 *     refuses what it would otherwise drop), `__proto__`-like keys, "." and ".." as a path
 *     segment, lone surrogates (they cannot be encoded into a URL): safety, see README;
 *   - a path or query value of the wrong type, or a missing path parameter: on the wire all
 *     are text, so they cannot be sent as such;
 *   - an item of a query array: Prism does not validate query array items (the live server does);
 *   - a length over the limit in UTF-16 units but not in code points: valibot counts like
 *     JavaScript (and a JavaScript server), Prism counts code points.
 */
export function deliberate(issue: ValidationIssue, params: unknown, model: OperationModel): boolean {
  if (
    /^expected an object|is not a parameter|is not allowed|must not be "|lone surrogate|could not be read/.test(
      issue.message,
    )
  ) {
    return true;
  }
  const [head = '', index] = issue.path.split('.');
  const parameter = model.parameters.find((p) => p.name === head);
  // On the wire every path and query value is text: a wrong type or a missing path
  // parameter cannot even be written, so only the SDK can refuse it.
  if (parameter !== undefined && /^(Invalid type|is required)/.test(issue.message)) return true;
  if (parameter?.in === 'query' && parameter.schema['type'] === 'array' && index !== undefined) return true;
  return /length/i.test(issue.message) && /[\u{10000}-\u{10FFFF}]/u.test(JSON.stringify(params));
}

/**
 * Prism 5.14 puts each validation failure's message in an `sl-violations` header; a message
 * that names a key outside Latin-1 (an unknown field "𓐅") cannot go in a header, and the
 * uncaught TypeError ends the Prism process. Such inputs are not sent raw.
 */
export function crashesPrism(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(crashesPrism);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, item]) => /[^\x20-\xff]/.test(key) || crashesPrism(item));
}
