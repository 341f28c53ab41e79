/**
 * The fake's side of the contract: a request is matched to its operation and read the way the
 * live server (oRPC's OpenAPIHandler) reads it — path parameters, the query in bracket notation
 * with smart coercion, the JSON body — then checked with the spec's validators. What the live
 * server would refuse gets its 400 here too.
 */
import { safeParse, type GenericSchema } from 'valibot';
import { operations, specServerUrl } from '../generated/operations.js';
import type { OperationDefinition } from '../request/operation.js';
import { isRecord } from '../shared/is-record.js';
import type { FakeRow } from './types.js';

/** One issue of oRPC's `BAD_REQUEST` `data.issues` (standard-schema's shape). */
export interface Issue {
  readonly message: string;
  readonly path: readonly PropertyKey[];
}

/** A request read as one operation's call. */
export interface ReadRequest {
  readonly operationId: string;
  readonly params: Record<string, unknown>;
}

const table: Readonly<Record<string, OperationDefinition>> = operations;
const basePath = new URL(specServerUrl).pathname.replace(/\/$/, '');

const routes = Object.entries(table).map(([operationId, operation]) => {
  const names: string[] = [];
  const pattern = operation.path.replace(/[.*+?^$()|[\]\\]|\{([^}]+)\}/g, (match, name: string | undefined) => {
    if (name === undefined) return `\\${match}`;
    names.push(name);
    // An empty segment still routes (oRPC's router does): the parameter's check refuses it.
    return '([^/]*)';
  });
  return { operationId, operation, names, pattern: new RegExp(`^${pattern}$`) };
});

/** A path segment's text; malformed percent-encoding (`%zz`) stays as sent rather than throwing. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The operation a method and URL path name, with its path parameters; `undefined` if none. */
export function route(
  method: string,
  pathname: string,
): { operationId: string; path: Record<string, string> } | undefined {
  const at = pathname.indexOf(basePath);
  // A trailing slash is no empty last segment: the router strips it, as oRPC's does.
  const rest = (basePath !== '' && at >= 0 ? pathname.slice(at + basePath.length) : pathname).replace(/(.)\/$/, '$1');
  for (const { operationId, operation, names, pattern } of routes) {
    if (operation.method !== method.toLowerCase()) continue;
    const match = pattern.exec(rest);
    if (match === null) continue;
    const path: Record<string, string> = {};
    for (const [index, name] of names.entries()) path[name] = decoded(match[index + 1] ?? '');
    return { operationId, path };
  }
  return undefined;
}

const BRACKETS = /^([^[\]]+)\[(\d*)\]$/;

/** `key[]=a`, `key[0]=a`, `key=a&key=b` → arrays; a sparse index is kept as a hole, refused later. */
function readQuery(search: URLSearchParams): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of search) {
    const bracket = BRACKETS.exec(key);
    if (bracket !== null) {
      const name = bracket[1] ?? key;
      const existing: unknown = query[name];
      const list: unknown[] = Array.isArray(existing) ? existing : [];
      const index = bracket[2] === '' ? list.length : Number(bracket[2]);
      const before = list[index];
      const values: unknown[] = Array.isArray(before) ? before : [before];
      // An index given twice holds both values, as oRPC reads it (and the item check refuses it).
      list[index] = index in list ? [...values, value] : value;
      query[name] = list;
    } else if (Object.hasOwn(query, key)) {
      const before: unknown = query[key];
      const list: unknown[] = Array.isArray(before) ? before : [before];
      query[key] = [...list, value];
    } else query[key] = value;
  }
  return query;
}

/** oRPC's smart coercion: text becomes the number or boolean the schema asks for, when it reads as one. */
function coerce(text: unknown, type: string): unknown {
  if (typeof text !== 'string') return text;
  if ((type === 'number' || type === 'integer') && text.trim() !== '' && Number.isFinite(Number(text))) {
    return Number(text);
  }
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

const pathKey = (key: unknown): PropertyKey => (typeof key === 'string' || typeof key === 'number' ? key : String(key));

function check(schema: GenericSchema | undefined, input: unknown, issues: Issue[]): Record<string, unknown> {
  if (schema === undefined) return {};
  const result = safeParse(schema, input);
  if (!result.success) {
    for (const issue of result.issues) {
      const path = (issue.path ?? []).map(({ key }) => pathKey(key));
      // An unknown key is an issue of the object that has it, as standard-schema validators report it.
      const unknownKey = issue.type === 'strict_object' && issue.expected === 'never';
      issues.push({ message: issue.message, path: unknownKey ? path.slice(0, -1) : path });
    }
    return {};
  }
  return isRecord(result.output) ? result.output : {};
}

/** Reads one request of `operationId`: its params, or the issues the live server would answer 400 with. */
export function readRequest(
  operationId: string,
  row: FakeRow,
  path: Record<string, string>,
  url: URL,
  body: unknown,
): ReadRequest | { issues: Issue[] } {
  const operation = table[operationId];
  if (operation === undefined) return { issues: [{ message: 'no such operation', path: [] }] };
  const issues: Issue[] = [];
  const raw = readQuery(url.searchParams);
  const query: Record<string, unknown> = {};
  // The live server reads only the query parameters the operation declares; others are ignored.
  for (const [name, kind] of Object.entries(row.query ?? {})) {
    if (!Object.hasOwn(raw, name)) continue;
    const value = raw[name];
    // A hole in an array parameter (`list[1]=b` alone); for a scalar one the type check speaks.
    if (typeof kind !== 'string' && Array.isArray(value) && value.length !== Object.keys(value).length) {
      issues.push({ message: 'Invalid array: an index is missing', path: [name] });
    }
    query[name] = Array.isArray(value)
      ? value.map((item: unknown) => coerce(item, typeof kind === 'string' ? kind : kind[0]))
      : coerce(value, typeof kind === 'string' ? kind : 'array');
  }
  // Smart coercion reaches the body too: a top-level field's text read as its number or boolean.
  const fields = isRecord(body)
    ? Object.fromEntries(
        Object.entries(body).map(([name, value]) => [name, coerce(value, row.fields?.[name] ?? 'string')]),
      )
    : body;
  const params = {
    ...check(operation.validators.path, path, issues),
    ...check(operation.validators.query, query, issues),
    ...(operation.validators.body === undefined || (body === undefined && operation.bodyRequired !== true)
      ? {}
      : check(operation.validators.body, fields ?? {}, issues)),
  };
  return issues.length > 0 ? { issues } : { operationId, params };
}
