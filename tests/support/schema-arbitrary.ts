/**
 * fast-check arbitraries built from the spec's JSON schemas: values that are mostly valid and
 * sometimes not — lengths around each limit, wrong enums and types, missing and extra fields,
 * unicode, prototype-ish keys, very large payloads. Generic over the subset of JSON Schema
 * the spec uses, so a new operation gets property tests from its schemas.
 */
import fc from 'fast-check';
import type { OperationModel } from '../../scripts/generate/model.js';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
/** Keys that a careless object builder would turn into prototype changes, and other odd keys. */
const trickyKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'a.b',
);
const key = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: trickyKey },
);
/** Strings that are valid as strings but hard on URLs and servers. */
const trickyString = fc.constantFrom(
  '.',
  '..',
  '...',
  '/',
  'a/b',
  '%',
  '%2e%2e',
  '?x=1#y',
  ' ',
  'null',
  '\u0000',
  'é',
  '😀',
);

/** Builds an object with own data properties only ("__proto__" stays a key). */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries(entries);
}

function stringNear(schema: Schema): fc.Arbitrary<unknown> {
  const min = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : undefined;
  const valid: fc.WeightedArbitrary<unknown>[] = [
    { weight: 6, arbitrary: fc.string({ minLength: Math.max(min, 1), maxLength: 12 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: Math.max(min, 1), maxLength: 6 }) },
    { weight: 1, arbitrary: trickyString },
  ];
  const invalid: fc.WeightedArbitrary<unknown>[] = [
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({})) },
    { weight: 1, arbitrary: fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 2 }) },
  ];
  if (min > 0) invalid.push({ weight: 1, arbitrary: fc.constant('') });
  if (max !== undefined) {
    // At the limit, just over it, and far over it (a very large payload).
    valid.push({ weight: 2, arbitrary: fc.constantFrom(max, max - 1).map((n) => 'x'.repeat(n)) });
    valid.push({ weight: 1, arbitrary: fc.constant('é'.repeat(max)) });
    invalid.push({ weight: 2, arbitrary: fc.constant('x'.repeat(max + 1)) });
    // Within the limit in code points, over it in UTF-16 code units (how JavaScript counts).
    invalid.push({ weight: 1, arbitrary: fc.constant('😀'.repeat(Math.ceil((max + 1) / 2))) });
    invalid.push({ weight: 1, arbitrary: fc.constant('y'.repeat(1_000_000)) });
  }
  return fc.oneof({ weight: 9, arbitrary: fc.oneof(...valid) }, { weight: 1, arbitrary: fc.oneof(...invalid) });
}

function numberNear(schema: Schema): fc.Arbitrary<unknown> {
  const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -1e6;
  const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : 1e6;
  const integer = schema['type'] === 'integer';
  const valid = integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  return fc.oneof(
    { weight: 8, arbitrary: fc.oneof(valid, fc.constantFrom(min, max)) },
    { weight: 2, arbitrary: fc.oneof(fc.constantFrom(min - 1, max + 1, Number.NaN, 0.5 + min), fc.string()) },
  );
}

function objectNear(schema: Schema): fc.Arbitrary<unknown> {
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'].map(String) : [];
  const additional = schema['additionalProperties'];
  const fields = Object.entries(properties).map(([name, property]) =>
    fc.tuple(fc.constant(name), near(isSchema(property) ? property : {}), fc.double({ min: 0, max: 1, noNaN: true })),
  );
  const entries = fc.tuple(...fields).map((list) =>
    list
      // required fields almost always present; optional ones about half the time
      .filter(([name, , roll]) => (required.includes(name) ? roll < 0.97 : roll < 0.5))
      .map(([name, value]): [string, unknown] => [name, value]),
  );
  const extra: fc.Arbitrary<[string, unknown][]> = isSchema(additional)
    ? fc.oneof(
        { weight: 39, arbitrary: fc.array(fc.tuple(key, near(additional)), { maxLength: 5 }) },
        // a very large, valid map: 2,000 entries of 500 characters (about 1 MB) — rare, each one
        // costs Prism a third of a second to read, and a few per run find what one would
        {
          weight: 1,
          arbitrary: fc.constant(Array.from({ length: 2000 }, (_, i): [string, unknown] => [`k${i}`, 'v'.repeat(500)])),
        },
      )
    : fc.oneof(
        // an object with no known field has only extras to get wrong: offer them more often
        { weight: Object.keys(properties).length === 0 ? 4 : 19, arbitrary: fc.constant<[string, unknown][]>([]) },
        {
          weight: 1,
          arbitrary: fc.array(fc.tuple(key, fc.jsonValue() as fc.Arbitrary<unknown>), { minLength: 1, maxLength: 2 }),
        },
      );
  return fc.tuple(entries, extra).map(([known, more]) => objectOf([...known, ...more]));
}

/** Mostly-valid values for `schema`, with invalid ones mixed in. */
export function near(schema: Schema): fc.Arbitrary<unknown> {
  const type = schema['type'];
  if (Array.isArray(type)) {
    // `type: [string, null]`: each member, as a schema of its own
    return fc.oneof(...type.map((member) => near({ ...schema, type: member })));
  }
  const variants = [schema['anyOf'], schema['oneOf']].find(Array.isArray);
  if (variants) return fc.oneof(...variants.map((variant) => near(isSchema(variant) ? variant : {})));
  if ('const' in schema)
    return fc.oneof({ weight: 9, arbitrary: fc.constant(schema['const']) }, { weight: 1, arbitrary: fc.string() });
  if (Array.isArray(schema['enum'])) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...(schema['enum'] as unknown[])) },
      { weight: 2, arbitrary: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('INTERCOM'), fc.constant(null)) },
    );
  }
  switch (schema['type']) {
    case 'string':
      return stringNear(schema);
    case 'integer':
    case 'number':
      return numberNear(schema);
    case 'boolean':
      return fc.oneof(
        { weight: 9, arbitrary: fc.boolean() },
        { weight: 1, arbitrary: fc.constantFrom('true', 0, null) },
      );
    case 'null':
      return fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant('null') });
    case 'object':
      return objectNear(schema);
    case 'array':
      return arrayNear(schema);
    default:
      return fc.jsonValue();
  }
}

function arrayNear(schema: Schema): fc.Arbitrary<unknown> {
  const items = isSchema(schema['items']) ? schema['items'] : {};
  return fc.oneof(
    // one element is the case a wire format gets wrong (key=a reads as a string)
    { weight: 4, arbitrary: fc.array(near(items), { minLength: 1, maxLength: 1 }) },
    { weight: 4, arbitrary: fc.array(near(items), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.oneof(near(items), fc.constant(null), fc.constant({})) },
  );
}

/**
 * One flat params object for an operation (path and query parameters plus body fields), as the
 * SDK takes it; now and then not an object at all.
 */
export function paramsNear(model: OperationModel): fc.Arbitrary<unknown> {
  const body = model.body?.schema;
  const flat: Schema = {
    type: 'object',
    properties: {
      ...Object.fromEntries(model.parameters.map((p) => [p.name, p.schema])),
      ...(body && isSchema(body['properties']) ? body['properties'] : {}),
    },
    required: [
      ...model.parameters.filter((p) => p.required && !p.hasDefault).map((p) => p.name),
      ...(body && Array.isArray(body['required']) ? body['required'].map(String) : []),
    ],
    additionalProperties: body?.['additionalProperties'] ?? false,
  };
  return fc.oneof(
    { weight: 49, arbitrary: objectNear(flat) },
    { weight: 1, arbitrary: fc.constantFrom(null, 'ws_1', 42, [], undefined) },
  );
}
