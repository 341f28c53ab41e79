/**
 * Valid values only, from the spec's JSON schemas: the schema's example or default when it has
 * one, else a value drawn by fast-check within every constraint. Seeded, so a test's sample is
 * the same on every run. Params for the contract tests and bodies for the fault servers come
 * from here, so they follow the spec instead of being written by hand.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function stringArbitrary(schema: Schema): fc.Arbitrary<unknown> {
  switch (schema['format']) {
    case 'date-time':
      return fc
        .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true })
        .map((date) => date.toISOString());
    case 'email':
      return fc.constantFrom('ada@example.com', 'grace@example.org');
    case 'uri':
    case 'url':
      return fc.constantFrom('https://example.com/a', 'https://userplane.io/r/x');
  }
  const min = Math.max(number(schema['minLength']) ?? 0, 1);
  const max = Math.max(min, Math.min(number(schema['maxLength']) ?? 12, 12));
  return fc.stringMatching(new RegExp(`^[a-z0-9_]{${min},${max}}$`));
}

/** Valid values for `schema`. */
export function valid(schema: Schema): fc.Arbitrary<unknown> {
  const examples = schema['examples'];
  if (Array.isArray(examples) && examples.length > 0) {
    const first: unknown = examples[0];
    return fc.constant(first);
  }
  if ('example' in schema) return fc.constant(schema['example']);
  if ('default' in schema) return fc.constant(schema['default']);
  if ('const' in schema) return fc.constant(schema['const']);
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as unknown[]));
  const variants = [schema['oneOf'], schema['anyOf']].find(Array.isArray);
  if (variants) return valid(isSchema(variants[0]) ? variants[0] : {});
  const declared: unknown = schema['type'];
  const type: unknown = Array.isArray(declared) ? declared.find((t) => t !== 'null') : declared;
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
    case 'number': {
      const min = number(schema['minimum']) ?? 0;
      return fc.integer({ min, max: number(schema['maximum']) ?? min + 1000 });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = isSchema(schema['items']) ? schema['items'] : {};
      const minLength = Math.max(number(schema['minItems']) ?? 0, 1);
      return fc.array(valid(items), {
        minLength,
        maxLength: Math.max(minLength, Math.min(number(schema['maxItems']) ?? 3, 3)),
      });
    }
    case 'object':
      return objectArbitrary(schema);
    default:
      return fc.constant('any');
  }
}

function objectArbitrary(schema: Schema): fc.Arbitrary<unknown> {
  const properties = isSchema(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'].map(String) : [];
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, valid(isSchema(property) ? property : {})]),
  );
  const known = fc.record(model, { requiredKeys: required.filter((name) => name in model) });
  const additional = schema['additionalProperties'];
  if (!isSchema(additional)) return known;
  const extra = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), valid(additional), { maxKeys: 2 });
  return fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a }));
}

/** One valid value, the same for the same seed. */
export function sampleValid(schema: Schema, seed: number): unknown {
  const [value] = fc.sample(valid(schema), { seed, numRuns: 1 });
  return value;
}
