import { safeParse, type GenericSchema } from 'valibot';
import { UserplaneValidationError, type ValidationIssue } from './errors/validation-error.js';
import { isRecord } from './is-record.js';
import type { QueryWire } from './query.js';

/** What the generic layer needs to know about one operation's inputs (a row of the operation table). */
export interface OperationInputs {
  readonly pathParams: readonly string[];
  /** Query parameter names, each with how it goes on the wire. */
  readonly query: Readonly<Record<string, QueryWire>>;
  readonly bodyRequired: boolean;
  readonly validators: {
    readonly path: GenericSchema | undefined;
    readonly query: GenericSchema | undefined;
    readonly body: GenericSchema | undefined;
  };
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
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function unsafeKeys(value: unknown, path: string, issues: ValidationIssue[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      unsafeKeys(item, `${path}${path ? '.' : ''}${index}`, issues);
    });
    return;
  }
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (UNSAFE_KEYS.has(key)) issues.push({ path: at, message: `the key "${key}" is not allowed` });
    else unsafeKeys(value[key], at, issues);
  }
}

const MAX_MESSAGE = 200;
const LONE_SURROGATE = /\p{Cs}/u;

type Clean = (text: string) => string;

function check(schema: GenericSchema, input: unknown, issues: ValidationIssue[], clean: Clean): unknown {
  const result = safeParse(schema, input);
  if (result.success) return result.output;
  for (const issue of result.issues) {
    const path = (issue.path ?? []).map((item) => String(item.key)).join('.');
    const message = issue.type === 'strict_object' ? 'is not a known field' : clean(issue.message);
    issues.push({ path, message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message });
  }
  return undefined;
}

/**
 * Splits one flat params object into path, query and body by the operation table, validates
 * each part with the generated validators, and serializes the body. Throws a
 * {@link UserplaneValidationError} listing every problem; nothing is sent in that case.
 *
 * @param clean applied to validator messages, which may echo a value (see `redact` in auth.ts).
 */
export function prepareParams(
  operation: OperationInputs,
  operationId: string,
  params: unknown,
  clean: Clean,
): PreparedParams {
  if (params !== undefined && !isRecord(params)) {
    const got = params === null ? 'null' : Array.isArray(params) ? 'an array' : typeof params;
    throw new UserplaneValidationError([{ path: '', message: `expected an object of params, got ${got}` }], {
      operationId,
    });
  }
  const issues: ValidationIssue[] = [];
  const path: [string, unknown][] = [];
  const query: [string, unknown][] = [];
  const body: [string, unknown][] = [];
  for (const [key, value] of Object.entries(params ?? {})) {
    if (operation.pathParams.includes(key)) path.push([key, value]);
    else if (Object.hasOwn(operation.query, key)) query.push([key, value]);
    else if (operation.validators.body !== undefined) body.push([key, value]);
    else issues.push({ path: key, message: 'is not a parameter of this operation' });
  }

  // Object.fromEntries defines own properties: a "__proto__" key stays a key, never a prototype.
  const { validators } = operation;
  const pathValues = validators.path ? check(validators.path, Object.fromEntries(path), issues, clean) : undefined;
  for (const [key, value] of path) {
    // "." and ".." as a path segment would be resolved away by URL parsing: another resource.
    if (value === '.' || value === '..') issues.push({ path: key, message: `must not be "${value}"` });
  }
  for (const [key, value] of [...path, ...query]) {
    // A lone UTF-16 surrogate cannot be percent-encoded into a URL (nor can an array item).
    for (const [at, item] of Array.isArray(value)
      ? value.map((v, i) => [`${key}.${i}`, v] as const)
      : [[key, value] as const]) {
      if (typeof item === 'string' && LONE_SURROGATE.test(item)) {
        issues.push({ path: at, message: 'is not well-formed Unicode (lone surrogate)' });
      }
    }
  }
  const queryValues = validators.query ? check(validators.query, Object.fromEntries(query), issues, clean) : undefined;
  let bodyValue: unknown;
  if (validators.body !== undefined && (body.length > 0 || operation.bodyRequired)) {
    const input = Object.fromEntries(body);
    unsafeKeys(input, '', issues);
    bodyValue = check(validators.body, input, issues, clean);
  }
  if (issues.length > 0) throw new UserplaneValidationError(issues, { operationId });

  return {
    path: isRecord(pathValues) ? pathValues : undefined,
    query: isRecord(queryValues) ? queryValues : undefined,
    body: bodyValue === undefined ? undefined : JSON.stringify(bodyValue),
  };
}
