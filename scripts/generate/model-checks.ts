/**
 * What the operation model refuses, each with a message naming the operations involved: a
 * spec the SDK cannot serve fails `npm run generate` instead of producing a client that
 * silently drops a method, an input or an error code.
 */
import { isRecord } from '../spec.js';

export type Json = Record<string, unknown>;

export class SpecError extends Error {
  override name = 'SpecError';
}

/**
 * Members of the client and of every object on the way to a method: an operationId segment
 * with one of these names would shadow it (`raw.list`) or break the object (`then`).
 * tests/tooling/generate.test.ts checks this list against a real client, so it cannot fall behind.
 */
export const CLIENT_MEMBERS: readonly string[] = ['baseUrl', 'raw', 'rateLimitState'];
/** Names no namespace or method may take, at any depth. */
export const RESERVED_NAMES: readonly string[] = [
  'then',
  'constructor',
  'prototype',
  '__proto__',
  'toString',
  'toJSON',
  'valueOf',
  'hasOwnProperty',
  // every operation method carries it
  'withResponse',
];

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i;

/** The JSON media type of a success response, or undefined when it declares no content. */
export function successMedia(
  operationId: string,
  status: string,
  content: unknown,
): { type: string; schema: Json | undefined } | undefined {
  if (!isRecord(content) || Object.keys(content).length === 0) return undefined;
  const types = Object.keys(content);
  const json = types.filter((type) => JSON_MEDIA.test(type));
  if (json.length !== 1 || json.length !== types.length) {
    throw new SpecError(
      `${operationId}: the ${status} response declares ${types.join(', ')}; the SDK reads exactly one JSON media type (application/json, …; charset=…, …+json)`,
    );
  }
  const [type = ''] = json;
  const media = content[type];
  return { type, schema: isRecord(media) && isRecord(media['schema']) ? media['schema'] : undefined };
}

/**
 * The `defined: true` codes an error response declares. Upstream's convention: a schema whose
 * variants (oneOf/anyOf, or the schema itself) are `{ defined: const true, code: const "…" }`
 * or the catch-all `{ defined: const false, code: string }`. Anything else would silently
 * yield no codes, so it is refused.
 */
export function declaredCodes(operationId: string, status: string, response: unknown): string[] {
  const refuse = (why: string): SpecError =>
    new SpecError(
      `${operationId}: the ${status} error response ${why}; the SDK reads errors in upstream's { defined, code } convention`,
    );
  const content = isRecord(response) ? response['content'] : undefined;
  const media = isRecord(content) ? content['application/json'] : undefined;
  const schema = isRecord(media) ? media['schema'] : undefined;
  if (!isRecord(schema)) throw refuse('has no application/json schema');
  const listed = [schema['oneOf'], schema['anyOf']].find(Array.isArray);
  const variants: unknown[] = listed ?? [schema];
  const codes: string[] = [];
  for (const variant of variants) {
    const properties = isRecord(variant) && isRecord(variant['properties']) ? variant['properties'] : {};
    const { defined, code } = properties;
    if (isRecord(defined) && defined['const'] === true && isRecord(code) && typeof code['const'] === 'string') {
      codes.push(code['const']);
    } else if (!(isRecord(defined) && defined['const'] === false && isRecord(code) && code['type'] === 'string')) {
      throw refuse('has a variant that is neither { defined: true, code: const } nor { defined: false, code: string }');
    }
  }
  return codes;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * operationIds become `userplane.<segments>`: each segment must be an identifier, must not
 * shadow a client member or a reserved name, and no operationId may also be a namespace
 * (`links` beside `links.create`: one method would silently replace the other).
 */
export function checkOperationIds(operations: readonly { operationId: string; name: string }[]): void {
  const ids = new Set<string>();
  const names = new Map<string, string>();
  for (const { operationId, name } of operations) {
    const segments = operationId.split('.');
    for (const [index, segment] of segments.entries()) {
      if (!IDENTIFIER.test(segment)) {
        throw new SpecError(`operationId "${operationId}": segment "${segment}" is not a JavaScript identifier`);
      }
      if (RESERVED_NAMES.includes(segment) || (index === 0 && CLIENT_MEMBERS.includes(segment))) {
        throw new SpecError(
          `operationId "${operationId}": "${segment}" would shadow a member of the client (${index === 0 ? 'userplane' : segments.slice(0, index).join('.')}.${segment})`,
        );
      }
    }
    if (ids.has(operationId)) throw new SpecError(`operationId "${operationId}" is used by two operations`);
    ids.add(operationId);
    const other = names.get(name);
    if (other !== undefined) {
      throw new SpecError(`operationIds "${other}" and "${operationId}" both generate the name ${name}`);
    }
    names.set(name, operationId);
  }
  for (const id of ids) {
    const segments = id.split('.');
    for (let length = 1; length < segments.length; length++) {
      const prefix = segments.slice(0, length).join('.');
      if (ids.has(prefix)) {
        throw new SpecError(`operationId "${prefix}" is also the namespace of "${id}": one would replace the other`);
      }
    }
  }
}
