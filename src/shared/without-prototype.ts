/**
 * `value`, with no prototype: reading a key it lacks gives `undefined`, not what code elsewhere
 * in the application put on `Object.prototype` (prototype pollution). For the objects the SDK
 * hands to code that destructures them — openapi-fetch's request options, the validators' input.
 */
export function withoutPrototype<T extends object>(value: T): T {
  Object.setPrototypeOf(value, null);
  return value;
}
