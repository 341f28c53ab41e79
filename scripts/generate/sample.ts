/**
 * One value valid under a JSON schema, the same on every run: the schema's example, default,
 * const or first enum member when it has one, else the plainest value within its constraints.
 * No randomness and no dependency — the twin answers with it, and the generated fake of
 * `userplane/testing` fills what a test leaves out with it (the fuzzing arbitraries live in
 * tests/support/). Schemas are dereferenced (scripts/generate/model.ts `deref`).
 */
import { isRecord } from '../spec.js';

type Schema = Record<string, unknown>;

const FORMATS: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00.000Z',
  date: '2026-01-01',
  time: '00:00:00Z',
  email: 'user@example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
};

const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function sampleString(schema: Schema, hint: string): string {
  const format = schema['format'];
  if (typeof format === 'string' && format in FORMATS) return FORMATS[format] ?? '';
  const min = number(schema['minLength']) ?? 0;
  const max = number(schema['maxLength']) ?? Infinity;
  const text = (hint || 'string').padEnd(min, '_');
  return text.slice(0, Math.max(min, Math.min(max, text.length)));
}

function sampleNumber(schema: Schema, integer: boolean): number {
  const exclusiveMin = number(schema['exclusiveMinimum']);
  const exclusiveMax = number(schema['exclusiveMaximum']);
  const min =
    number(schema['minimum']) ?? (exclusiveMin === undefined ? undefined : exclusiveMin + (integer ? 1 : 0.5));
  const max =
    number(schema['maximum']) ?? (exclusiveMax === undefined ? undefined : exclusiveMax - (integer ? 1 : 0.5));
  const value = min ?? (max !== undefined && max < 1 ? max : 1);
  return integer ? Math.ceil(value) : value;
}

function typeOf(schema: Schema): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null') ?? 'null';
  if (isRecord(schema['properties'])) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

/** A value valid under `schema`; `hint` (a property's name) makes strings readable. */
export function sample(schema: unknown, hint = ''): unknown {
  if (!isRecord(schema)) return null;
  const examples = schema['examples'];
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  if ('example' in schema) return schema['example'];
  if ('default' in schema) return schema['default'];
  if ('const' in schema) return schema['const'];
  const members = schema['enum'];
  if (Array.isArray(members) && members.length > 0) return members[0];
  for (const key of ['oneOf', 'anyOf']) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) return sample(branches[0], hint);
  }
  if (Array.isArray(schema['allOf'])) {
    const parts = schema['allOf'].map((part) => sample(part, hint));
    return parts.every(isRecord) ? Object.assign({}, ...parts) : parts[0];
  }
  switch (typeOf(schema)) {
    case 'object': {
      const properties = isRecord(schema['properties']) ? schema['properties'] : {};
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, sample(property, name)]));
    }
    case 'array': {
      const length = Math.min(Math.max(number(schema['minItems']) ?? 1, 1), number(schema['maxItems']) ?? 1);
      return Array.from({ length }, () => sample(schema['items'], hint));
    }
    case 'string':
      return sampleString(schema, hint);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      // `{}`: anything goes; an empty object reads as "no data".
      return {};
  }
}
