/**
 * One change per bump rule, each applied to a copy of the loaded spec at a place of the right
 * shape (tests/support/spec-edits.ts) — never at a named operation or field, so the fixtures
 * hold for any spec the pull can produce. Used by the classifier's tests and by the second
 * opinion on a bump (a consumer of the old spec type-checked against the new build).
 */
import type { Bump } from '../../scripts/upstream/spec-bump.js';
import { isRecord } from '../../scripts/spec.js';
import {
  errorVariants,
  findSpecOperation,
  requestBodySchema,
  requestPlace,
  responsePlace,
  specOperations,
  unusedOperation,
  variantCode,
  type Json,
} from './spec-edits.js';

export interface BumpFixture {
  name: string;
  bump: Bump | undefined;
  change: (spec: Json) => void;
}

const required = (schema: Json): string[] => (Array.isArray(schema['required']) ? schema['required'].map(String) : []);
const withBody = (spec: Json): Json =>
  findSpecOperation(spec, 'one with a JSON object body', (o) => requestBodySchema(o.operation) !== undefined).operation;
const parameters = (operation: Json): unknown[] => {
  if (!Array.isArray(operation['parameters'])) operation['parameters'] = [];
  return operation['parameters'] as unknown[];
};
const stringWithMax = (spec: Json) =>
  requestPlace(
    spec,
    'a string with a maxLength',
    (p) => p.schema['type'] === 'string' && typeof p.schema['maxLength'] === 'number',
  );
const requestEnum = (spec: Json) =>
  requestPlace(
    spec,
    'an enum of two values or more',
    (p) => Array.isArray(p.schema['enum']) && p.schema['enum'].length > 1,
  );
const objectResponse = (spec: Json) =>
  responsePlace(
    spec,
    'an object with properties',
    (p) => isRecord(p.schema['properties']) && Object.keys(p.schema['properties']).length > 0,
  );

export const bumpFixtures: BumpFixture[] = [
  { name: 'nothing changed', bump: undefined, change: () => undefined },
  {
    name: 'an operation removed',
    bump: 'major',
    change: (s) => {
      const [first] = specOperations(s);
      if (first === undefined) throw new Error('the spec has no operation');
      const item = (s['paths'] as Record<string, Json>)[first.path]!;
      delete item[first.method];
    },
  },
  {
    name: 'a response field removed',
    bump: 'major',
    change: (s) => {
      const place = responsePlace(s, 'a leaf field', (p) => p.schema['type'] === 'string');
      delete (place.parent['properties'] as Json)[place.name];
    },
  },
  {
    name: 'a request field removed',
    bump: 'major',
    change: (s) => {
      const place = requestPlace(s, 'any field', () => true);
      delete (place.parent['properties'] as Json)[place.name];
    },
  },
  {
    name: 'an enum value removed (a narrowed enum)',
    bump: 'major',
    change: (s) => {
      const place = requestEnum(s);
      place.schema['enum'] = (place.schema['enum'] as unknown[]).slice(0, -1);
    },
  },
  {
    name: 'a new required query parameter',
    bump: 'major',
    change: (s) =>
      parameters(withBody(s)).push({ name: 'sdkRegion', in: 'query', required: true, schema: { type: 'string' } }),
  },
  {
    name: 'a new required body field',
    bump: 'major',
    change: (s) => {
      const body = requestBodySchema(withBody(s))!;
      (body['properties'] as Json)['sdkChannel'] = { type: 'string' };
      body['required'] = [...required(body), 'sdkChannel'];
    },
  },
  {
    name: 'a narrowed constraint (maxLength halved)',
    bump: 'major',
    change: (s) => {
      const place = stringWithMax(s);
      place.schema['maxLength'] = Math.floor(Number(place.schema['maxLength']) / 2);
    },
  },
  {
    name: 'a response field that may now be missing',
    bump: 'major',
    change: (s) => {
      const place = responsePlace(s, 'an object with a required field', (p) => required(p.schema).length > 0);
      place.schema['required'] = required(place.schema).slice(1);
    },
  },
  {
    name: 'an error code removed',
    bump: 'major',
    change: (s) => {
      for (const { operation } of specOperations(s)) {
        for (const status of Object.keys(operation['responses'] as Json)) {
          const variants = errorVariants(operation, status);
          const index = variants?.findIndex((v) => variantCode(v) !== undefined) ?? -1;
          if (variants && index >= 0) {
            variants.splice(index, 1);
            return;
          }
        }
      }
      throw new Error('the spec declares no error code: this test needs one');
    },
  },
  {
    name: 'an operation added',
    bump: 'minor',
    change: (s) => {
      const [first] = specOperations(s);
      const { path, operationId } = unusedOperation(s);
      (s['paths'] as Record<string, Json>)[path] = {
        get: { ...structuredClone(first!.operation), operationId, parameters: [], requestBody: undefined },
      };
    },
  },
  {
    name: 'a new optional query parameter',
    bump: 'minor',
    change: (s) =>
      parameters(withBody(s)).push({ name: 'sdkDryRun', in: 'query', required: false, schema: { type: 'boolean' } }),
  },
  {
    name: 'a new required parameter with a default (upstream’s page)',
    bump: 'minor',
    change: (s) =>
      parameters(withBody(s)).push({
        name: 'sdkPage',
        in: 'query',
        required: true,
        schema: { type: 'integer', default: 1 },
      }),
  },
  {
    name: 'an enum value added',
    bump: 'minor',
    change: (s) => {
      const place = requestEnum(s);
      place.schema['enum'] = [...(place.schema['enum'] as unknown[]), 'sdk-added'];
    },
  },
  {
    name: 'a widened constraint (maxLength doubled)',
    bump: 'minor',
    change: (s) => {
      const place = stringWithMax(s);
      place.schema['maxLength'] = Number(place.schema['maxLength']) * 2;
    },
  },
  {
    name: 'a new optional response field',
    bump: 'minor',
    change: (s) => {
      (objectResponse(s).schema['properties'] as Json)['sdkExpiresAt'] = { type: 'string' };
    },
  },
  {
    name: 'a summary and a description changed',
    bump: 'patch',
    change: (s) => {
      const [first] = specOperations(s);
      Object.assign(first!.operation, { summary: 'Reworded', description: 'Reworded too.' });
    },
  },
  {
    name: 'a field description changed',
    bump: 'patch',
    change: (s) => {
      requestPlace(s, 'any field', () => true).schema['description'] = 'Reworded';
    },
  },
];
