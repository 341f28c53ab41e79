import { safeParse, type GenericSchema } from 'valibot';
import { redact } from './auth.js';
import { UserplaneValidationError, type ValidationIssue } from './errors/validation-error.js';
import { isRecord } from './is-record.js';
import type { QueryWire } from './query.js';

/** What the generic layer needs to know about one operation's inputs (a row of the operation table). */
export interface OperationInputs {
  /** The path template: `{name}` marks each path parameter. */
  readonly path: string;
  /** Query parameter names, each with how it goes on the wire. */
  readonly query?: Readonly<Record<string, QueryWire>>;
  readonly bodyRequired?: boolean;
  readonly validators: { readonly path?: GenericSchema; readonly query?: GenericSchema; readonly body?: GenericSchema };
}

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

/** Validates one part; each problem becomes an issue with its field path (messages redacted, at most 200 characters). */
function check(schema: GenericSchema | undefined, input: unknown, issues: ValidationIssue[], apiKey: string): unknown {
  const result = schema && safeParse(schema, input);
  if (result?.success === false) {
    for (const issue of result.issues) {
      // A closed object reports a key it does not know as expecting `never` (a missing one names the key).
      const message = issue.expected === 'never' ? 'is not a known field' : redact(issue.message, apiKey);
      const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      issues.push({ path, message: message.length > 200 ? `${message.slice(0, 200)}…` : message });
    }
  }
  return result?.output;
}

/**
 * Splits one flat params object into path, query and body by the operation table, validates
 * each part with the generated validators, and serializes the body. Throws a
 * {@link UserplaneValidationError} listing every problem; nothing is sent in that case —
 * also when the params cannot even be read (a getter or a Proxy that throws).
 *
 * @param apiKey redacted from validator messages, which may echo a value (the key, pasted in
 *   the wrong field, must not show).
 */
export function prepareParams(
  operation: OperationInputs,
  operationId: string,
  params: unknown,
  apiKey: string,
): PreparedParams {
  const issues: ValidationIssue[] = [];
  let prepared: PreparedParams;
  try {
    prepared = split(operation, params, issues, apiKey);
  } catch (cause) {
    throw new UserplaneValidationError([{ path: '', message: 'the params could not be read' }], { operationId, cause });
  }
  if (issues.length > 0) throw new UserplaneValidationError(issues, { operationId });
  return prepared;
}

function split(operation: OperationInputs, params: unknown, issues: ValidationIssue[], apiKey: string): PreparedParams {
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
  // Object.fromEntries defines own properties: a "__proto__" key stays a key, never a prototype.
  const pathValues = check(validators.path, Object.fromEntries(path), issues, apiKey);
  const queryValues = check(validators.query, Object.fromEntries(query), issues, apiKey);
  scan(Object.fromEntries([...path, ...query]), '', true, issues);
  if (body.length > 0 || operation.bodyRequired) {
    const input = Object.fromEntries(body);
    scan(input, '', false, issues);
    const bodyValue = check(validators.body, input, issues, apiKey);
    prepared.body = bodyValue === undefined ? undefined : JSON.stringify(bodyValue);
  }
  if (isRecord(pathValues)) prepared.path = pathValues;
  if (isRecord(queryValues)) prepared.query = queryValues;
  return prepared;
}
