/**
 * Params that cannot be sent, and their validation error: what the SDK found itself (a lone
 * surrogate, an unsafe key, a value that is not an object) and the parts the generated validators
 * refused, each problem listed with its field path.
 */
import { safeParse, type GenericSchema } from 'valibot';
import { isRecord } from '../shared/is-record.js';
import type { UserplaneErrorOptions } from './userplane-error.js';
import { UserplaneValidationError, type ValidationIssue } from './validation-error.js';

/** A part of the params the generated validators refused: described when the error is made. */
export interface RefusedPart {
  readonly schema: GenericSchema;
  readonly input: unknown;
}

/** The params could not be sent: the SDK's own findings, and the parts the validators refused. */
export interface InvalidParams {
  readonly issues: ValidationIssue[];
  readonly refused: RefusedPart[];
  /** What reading the params threw (a getter, a Proxy), if that is why. */
  readonly cause?: unknown;
}

/** `value` without the key at `path` (each object on the way copied), or `value` itself if there is none. */
function without(value: unknown, path: readonly string[]): unknown {
  const [key = '', ...rest] = path;
  if (!isRecord(value) || !Object.hasOwn(value, key)) return value;
  const inner = rest.length > 0 ? without(value[key], rest) : undefined;
  if (rest.length > 0 && inner === value[key]) return value;
  const copy = Object.fromEntries(Object.entries(value).filter(([name]) => name !== key));
  if (rest.length > 0) Object.defineProperty(copy, key, { value: inner, enumerable: true, writable: true });
  return copy;
}

/**
 * The problems of a part the validators refused, each with its field path. Messages are the
 * SDK's own for a missing or an unknown field, the validator's otherwise (cut to 200 characters).
 * A closed object reports one unknown key (expecting `never`) per run: it is left out and the
 * part checked again, so that every unknown key is listed.
 */
function describe(part: RefusedPart): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let { input } = part;
  let result = safeParse(part.schema, input);
  for (;;) {
    const unknown = result.issues?.find((i) => i.expected === 'never');
    if (unknown === undefined) break;
    const keys = unknown.path?.map((item) => String(item.key)) ?? [];
    issues.push({ path: keys.join('.'), message: 'is not a known field' });
    const rest = without(input, keys);
    if (rest === input) break;
    input = rest;
    result = safeParse(part.schema, input);
  }
  for (const issue of result.issues ?? []) {
    if (issue.expected === 'never') continue;
    const message = issue.received === 'undefined' ? 'is required' : issue.message;
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    issues.push({ path, message: message.length > 200 ? `${message.slice(0, 200)}…` : message });
  }
  return issues;
}

/** The validation error for params that cannot be sent, every problem listed. */
export function validationError(invalid: InvalidParams, context: UserplaneErrorOptions): UserplaneValidationError {
  const issues = [...invalid.issues, ...invalid.refused.flatMap(describe)];
  return new UserplaneValidationError(issues, { ...context, cause: invalid.cause });
}
