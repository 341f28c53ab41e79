/**
 * The release bump the regeneration workflow proposes (scripts/spec-bump.ts): one fixture per
 * rule, each a copy of the committed spec with one upstream-shaped change.
 */
import { describe, expect, it } from 'vitest';
import { classify, type Bump } from '../scripts/spec-bump.js';
import { loadSpec } from '../scripts/spec.js';

type Spec = Record<string, unknown>;
// The committed spec's shapes, for editing copies of it (a test's own view, checked by its use).
interface Schema {
  [key: string]: unknown;
  properties: Record<string, Schema>;
  required: string[];
  enum: string[];
}
interface Operation {
  operationId: string;
  summary: string;
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { content: { 'application/json': { schema: Schema } } }>;
}

const CREATE = ['/public/workspace/{workspaceId}/links', 'post'] as const;
const UPDATE = ['/public/workspace/{workspaceId}/links/{linkId}', 'put'] as const;

function op(spec: Spec, [path, method]: readonly [string, string]): Operation {
  return (spec['paths'] as Record<string, Record<string, Operation>>)[path]![method]!;
}
const body = (o: Operation): Schema => o.requestBody.content['application/json'].schema;
const ok = (o: Operation): Schema => o.responses['200']!.content['application/json'].schema;

const fixtures: [string, Bump | undefined, (spec: Spec) => void][] = [
  ['nothing changed', undefined, () => undefined],
  [
    'an operation removed',
    'major',
    (s) => delete (s['paths'] as Record<string, Record<string, unknown>>)[UPDATE[0]]!['put'],
  ],
  [
    'a response field removed',
    'major',
    (s) => delete ok(op(s, CREATE)).properties['data']!.properties['link']!.properties['linkURL'],
  ],
  ['a request field removed', 'major', (s) => delete body(op(s, CREATE)).properties['linkReference']],
  [
    'an enum value removed',
    'major',
    (s) => {
      const field = body(op(s, UPDATE)).properties['linkProviderType']!;
      field.enum = field.enum.filter((value) => value !== 'web');
    },
  ],
  [
    'a new required query parameter',
    'major',
    (s) => op(s, CREATE).parameters.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } }),
  ],
  [
    'a new required body field',
    'major',
    (s) => {
      body(op(s, CREATE)).properties['channel'] = { type: 'string', properties: {}, required: [], enum: [] };
      body(op(s, CREATE)).required.push('channel');
    },
  ],
  [
    'a narrowed constraint (maxLength 2048 → 1024)',
    'major',
    (s) => (body(op(s, CREATE)).properties['linkReference']!['maxLength'] = 1024),
  ],
  [
    'a response field that may now be missing',
    'major',
    (s) => {
      const data = ok(op(s, CREATE)).properties['data']!;
      data.required = data.required.filter((name) => name !== 'link');
    },
  ],
  [
    'an error code removed',
    'major',
    (s) => (op(s, CREATE).responses['403']!.content['application/json'].schema['oneOf'] as unknown[]).splice(3, 1),
  ],
  [
    'an operation added',
    'minor',
    (s) => {
      const paths = s['paths'] as Record<string, Record<string, unknown>>;
      paths['/public/me'] = { get: { ...op(s, CREATE), operationId: 'me', parameters: [], requestBody: undefined } };
    },
  ],
  [
    'a new optional query parameter',
    'minor',
    (s) => op(s, CREATE).parameters.push({ name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } }),
  ],
  [
    'a new required parameter with a default (upstream’s page)',
    'minor',
    (s) =>
      op(s, CREATE).parameters.push({
        name: 'page',
        in: 'query',
        required: true,
        schema: { type: 'integer', default: 1 },
      }),
  ],
  ['an enum value added', 'minor', (s) => body(op(s, UPDATE)).properties['linkProviderType']!.enum.push('discord')],
  [
    'a widened constraint (maxLength 2048 → 4096)',
    'minor',
    (s) => (body(op(s, CREATE)).properties['linkReference']!['maxLength'] = 4096),
  ],
  [
    'a new response field',
    'minor',
    (s) =>
      (ok(op(s, CREATE)).properties['data']!.properties['expiresAt'] = {
        type: 'string',
        properties: {},
        required: [],
        enum: [],
      }),
  ],
  [
    'a summary and a description changed',
    'patch',
    (s) => Object.assign(op(s, CREATE), { summary: 'Create a link', description: 'Creates a link.' }),
  ],
  [
    'a field description changed',
    'patch',
    (s) => (body(op(s, CREATE)).properties['domainId']!['description'] = 'The domain to record on'),
  ],
];

describe('the release bump of a spec change', () => {
  it.each(fixtures)('%s → %s', (name, expected, change) => {
    const before = loadSpec();
    const after = loadSpec();
    change(after);
    const { bump, changes } = classify(before, after);
    console.log(
      `${name}: ${bump ?? 'no release'}${changes.length > 0 ? ` — ${changes.map((c) => c.what).join('; ')}` : ''}`,
    );
    expect(bump).toBe(expected);
  });
});
