import { safeParse, type GenericSchema } from 'valibot';
import type { InvalidParams, RefusedPart } from '../errors/invalid-params.js';
import type { ValidationIssue } from '../errors/validation-error.js';
import { isRecord } from '../shared/is-record.js';
import { withoutPrototype } from '../shared/without-prototype.js';
import type { OperationInputs } from './operation.js';

/** A call's params, split for openapi-fetch and validated. */
export interface PreparedParams {
  path: Record<string, unknown> | undefined;
  query: Record<string, unknown> | undefined;
  /** The JSON body, serialized once so that every attempt sends the same bytes. */
  body: string | undefined;
}

// Keys a JSON object may carry but that valibot drops and a JavaScript server may treat
// specially: refused rather than silently lost or turned into prototype pollution downstream.
const UNSAFE_KEY = /^(?:__proto__|constructor|prototype)$/;
// A lone UTF-16 surrogate cannot be percent-encoded into a URL.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Walks a value for what no validator catches: in the URL (path and query values, array items
 * too) a lone surrogate; in the body an unsafe key, at any depth.
 */
function scan(value: unknown, at: string, inUrl: boolean, issues: ValidationIssue[]): void {
  if (typeof value === 'string') {
    if (inUrl && LONE_SURROGATE.test(value))
      issues.push({ path: at, message: 'is not well-formed Unicode (lone surrogate)' });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const path = at ? `${at}.${key}` : key;
      if (!inUrl && UNSAFE_KEY.test(key)) issues.push({ path, message: `the key "${key}" is not allowed` });
      else scan(item, path, inUrl, issues);
    }
  }
}

/**
 * valibot walks an object schema's fields with for…in, which reaches into `Object.prototype`: a
 * name put there by pollution elsewhere would become a required field of every object. Each
 * schema's field tables are detached from it, once, before its first use.
 */
function detach(schema: unknown): void {
  if (!isRecord(schema)) return;
  const { entries, item, wrapped, options } = schema;
  if (isRecord(entries) && Object.getPrototypeOf(entries) !== null) {
    withoutPrototype(entries);
    Object.values(entries).forEach(detach);
  }
  const alternatives: unknown[] = Array.isArray(options) ? options : [];
  [item, wrapped, ...alternatives].forEach(detach);
}

/** Validates one part: its output, or the part noted as refused. */
function check(schema: GenericSchema | undefined, input: unknown, refused: RefusedPart[]): unknown {
  if (schema === undefined) return undefined;
  detach(schema);
  const result = safeParse(schema, input);
  if (!result.success) refused.push({ schema, input });
  return result.output;
}

/**
 * Splits one flat params object into path, query and body by the operation table, validates
 * each part with the generated validators, and serializes the body — or says what is wrong, so
 * that the call fails with every problem listed and nothing sent (also when the params cannot
 * even be read: a getter or a Proxy that throws). The refused parts are described when the
 * validation error is made (src/errors/invalid-params.ts).
 */
export function prepareParams(operation: OperationInputs, params: unknown): PreparedParams | InvalidParams {
  const invalid: InvalidParams = { issues: [], refused: [] };
  try {
    const prepared = split(operation, params, invalid);
    return invalid.issues.length > 0 || invalid.refused.length > 0 ? invalid : prepared;
  } catch (cause) {
    return { issues: [{ path: '', message: 'the params could not be read' }], refused: [], cause };
  }
}

function split(operation: OperationInputs, params: unknown, { issues, refused }: InvalidParams): PreparedParams {
  const prepared: PreparedParams = { path: undefined, query: undefined, body: undefined };
  if (params !== undefined && !isRecord(params)) {
    const got = params === null ? 'null' : Array.isArray(params) ? 'an array' : typeof params;
    issues.push({ path: '', message: `expected an object of params, got ${got}` });
    return prepared;
  }
  const { validators } = operation;
  const path: [string, unknown][] = [];
  const query: [string, unknown][] = [];
  const body: [string, unknown][] = [];
  for (const entry of Object.entries(params ?? {})) {
    const [key, value] = entry;
    if (operation.path.includes(`{${key}}`)) {
      path.push(entry);
      // "." and ".." as a path segment would be resolved away by URL parsing: another resource.
      if (value === '.' || value === '..') issues.push({ path: key, message: `must not be "${value}"` });
    } else if (operation.query && Object.hasOwn(operation.query, key)) query.push(entry);
    else if (validators.body) body.push(entry);
    else issues.push({ path: key, message: 'is not a parameter of this operation' });
  }
  // Object.fromEntries defines own properties: a "__proto__" key stays a key, never a prototype;
  // without a prototype, a field the caller left out is not read from a polluted Object.prototype.
  const pathValues = check(validators.path, withoutPrototype(Object.fromEntries(path)), refused);
  const queryValues = check(validators.query, withoutPrototype(Object.fromEntries(query)), refused);
  scan(Object.fromEntries([...path, ...query]), '', true, issues);
  if (body.length > 0 || operation.bodyRequired) {
    const input = withoutPrototype(Object.fromEntries(body));
    scan(input, '', false, issues);
    const bodyValue = check(validators.body, input, refused);
    prepared.body = bodyValue === undefined ? undefined : JSON.stringify(bodyValue);
  }
  if (isRecord(pathValues)) prepared.path = pathValues;
  if (isRecord(queryValues)) prepared.query = queryValues;
  return prepared;
}
