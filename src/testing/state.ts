/**
 * `createFakeUserplane({ stateful: true })`: the fake remembers what its calls did, read from the
 * paths alone. A path that ends in a parameter (`…/links/{linkId}`) is an item of the collection
 * above it (`…/links`): a POST on the collection creates one (its answer's record holding
 * `linkId` is what was made), a GET of the collection lists them, the item's GET and PUT answer
 * it, its DELETE makes it gone. Nothing here names an operation.
 */
import type { OperationDefinition } from '../request/operation.js';
import { isRecord } from '../shared/is-record.js';
import { checked, fill, type Step } from './answer.js';
import type { FakeRow } from './types.js';

/** An item path and the collection above it. */
interface Resource {
  readonly item: string;
  readonly collection: string;
  /** The item's path parameter: the name of the field that holds its id. */
  readonly id: string;
  /** Whether the collection has a create: only then is an id the fake never saw unknown to it. */
  tracked: boolean;
}

/** What an operation is to the state: a create or a list of a collection, an item's, or under an item. */
type Role = { readonly kind: 'create' | 'list' | 'item' | 'under'; readonly resource: Resource };

type Fields = Readonly<Record<string, unknown>>;

/** The template with the call's path parameters in it: the key of one collection or item. */
const instance = (template: string, params: Fields): string =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));

/** The keys leading to the first record (nearest the top) holding `field`, or `undefined`. */
function locate(body: unknown, field: string): string[] | undefined {
  const queue: [unknown, string[]][] = [[body, []]];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [value, at] = next;
    if (!isRecord(value)) continue;
    if (Object.hasOwn(value, field)) return at;
    for (const [key, child] of Object.entries(value)) queue.push([child, [...at, key]]);
  }
  return undefined;
}

function at(body: unknown, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((value, key) => (isRecord(value) ? value[key] : undefined), body);
}

/** `value` nested under `keys`: the partial answer that puts it where the sample has its record. */
const nest = (keys: readonly string[], value: unknown): unknown =>
  keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);

/** What of `value` the sample has room for, of the sample's types: another answer's record, fitted to this one. */
function fit(sample: unknown, value: unknown): unknown {
  if (Array.isArray(sample))
    return Array.isArray(value) ? value.map((item: unknown) => fit(sample[0], item)) : undefined;
  if (isRecord(sample)) {
    if (!isRecord(value)) return undefined;
    // A sample with no fields is a map's (`linkMeta`): its keys are the record's own.
    if (Object.keys(sample).length === 0) return value;
    const fitted: Record<string, unknown> = {};
    for (const key of Object.keys(sample)) {
      const field = Object.hasOwn(value, key) ? fit(sample[key], value[key]) : undefined;
      if (field !== undefined) fitted[key] = field;
    }
    return fitted;
  }
  return typeof value === typeof sample || sample === null ? value : undefined;
}

const kind = (value: unknown): string => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

/** `record` with what a change sent: each field named like a sent one, of its kind, at any depth, replaced whole. */
function changed(record: unknown, sent: Fields): unknown {
  if (!isRecord(record)) return record;
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const replaced =
      Object.hasOwn(sent, key) && (kind(sent[key]) === kind(value) || value === null || sent[key] === null);
    next[key] = replaced ? sent[key] : changed(value, sent);
  }
  return next;
}

/** The code `row` declares at `status` for this resource: `LINK_GONE` for `linkId`, else the only one. */
function codeAt(row: FakeRow, status: number, resource: Resource, suffix: string): string | undefined {
  const codes = Object.keys(row.errors).filter((code) => row.errors[code]?.[0] === status);
  const stem = resource.id
    .replace(/_?id$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();
  return codes.find((code) => code === `${stem}_${suffix}`) ?? (codes.length === 1 ? codes[0] : undefined);
}

/** The roles of every operation in the table, from the paths alone. */
function roles(table: Readonly<Record<string, OperationDefinition>>): Map<string, Role> {
  const resources = new Map<string, Resource>();
  for (const { path } of Object.values(table)) {
    const item = /^(.*)\/\{([^}/]+)\}$/.exec(path);
    if (item?.[1] !== undefined && item[2] !== undefined) {
      resources.set(path, { item: path, collection: item[1], id: item[2], tracked: false });
    }
  }
  const found = new Map<string, Role>();
  for (const [operationId, { path, method, pageItems }] of Object.entries(table)) {
    for (const resource of resources.values()) {
      if (path === resource.item) found.set(operationId, { kind: 'item', resource });
      else if (path === resource.collection && method === 'post') {
        resource.tracked = true;
        found.set(operationId, { kind: 'create', resource });
      } else if (path === resource.collection && method === 'get' && pageItems !== undefined) {
        found.set(operationId, { kind: 'list', resource });
      } else if (path.startsWith(`${resource.item}/`)) {
        // Under the deepest item it lies under: `…/recordings/{recordingId}/video`.
        const before = found.get(operationId);
        if (before === undefined || resource.item.length > before.resource.item.length) {
          found.set(operationId, { kind: 'under', resource });
        }
      }
    }
  }
  return found;
}

/** The records the fake's calls made, changed and deleted, keyed by item path. */
export class FakeWorld {
  private readonly roles: Map<string, Role>;
  private readonly records = new Map<string, Fields>();
  private readonly gone = new Set<string>();

  constructor(
    private readonly table: Readonly<Record<string, OperationDefinition>>,
    private readonly rows: Readonly<Record<string, FakeRow>>,
  ) {
    this.roles = roles(table);
  }

  /** The answer the state gives a call nothing planned for; `undefined`: the sample's. */
  answer(operationId: string, params: Fields): Step | undefined {
    const role = this.roles.get(operationId);
    const row = this.rows[operationId];
    if (role === undefined || row === undefined || role.kind === 'create') return undefined;
    const { resource } = role;
    if (role.kind === 'list') {
      if (!resource.tracked) return undefined;
      const prefix = `${instance(resource.collection, params)}/`;
      const items = [...this.records]
        .filter(([key]) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
        .map(([, record]) => record);
      return { kind: 'items', items };
    }
    const key = instance(resource.item, params);
    if (this.gone.has(key)) return this.failure(row, 410, resource, 'GONE');
    if (role.kind === 'under') return undefined;
    const record = this.records.get(key);
    if (record === undefined) return resource.tracked ? this.failure(row, 404, resource, 'NOT_FOUND') : undefined;
    const where = locate(row.body, resource.id);
    if (where === undefined) return undefined;
    // A change takes what was sent where the record has a field of that name (`linkTitle`).
    const method = this.table[operationId]?.method;
    const current = method === 'put' || method === 'patch' ? changed(record, params) : record;
    const answer = nest(where, fit(at(row.body, where), current));
    // A record the spec would not take back here (a limit this answer has, the create's had not): the sample.
    return checked(operationId, row.status, fill(row.body, answer, params)) instanceof TypeError
      ? undefined
      : { kind: 'body', answer };
  }

  /** What a 2xx answer did to the state; a create's answer gets a fresh id if its id is taken. */
  async record(operationId: string, params: Fields, response: Response): Promise<Response> {
    const role = this.roles.get(operationId);
    if (role === undefined || role.kind === 'list' || role.kind === 'under') return response;
    const { resource } = role;
    if (this.table[operationId]?.method === 'delete') {
      const key = instance(resource.item, params);
      this.records.delete(key);
      this.gone.add(key);
      return response;
    }
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    const where = locate(body, resource.id);
    const made = where === undefined ? undefined : at(body, where);
    if (!isRecord(made)) return response;
    if (role.kind === 'item') {
      const key = instance(resource.item, params);
      this.records.set(key, { ...this.records.get(key), ...made });
      return response;
    }
    const collection = instance(resource.collection, params);
    const id = made[resource.id];
    const keyOf = (value: unknown): string => `${collection}/${encodeURIComponent(String(value))}`;
    const taken = (value: unknown): boolean => this.records.has(keyOf(value)) || this.gone.has(keyOf(value));
    let fresh = id;
    for (let n = 2; typeof id === 'string' && taken(fresh); n++) fresh = `${id}-${n}`;
    const record = { ...made, [resource.id]: fresh };
    const answer = fresh === id ? body : replace(body, where ?? [], record);
    if (checked(operationId, response.status, answer) instanceof TypeError) {
      this.records.set(keyOf(id), made);
      return response;
    }
    this.records.set(keyOf(fresh), record);
    return fresh === id ? response : Response.json(answer, { status: response.status, headers: response.headers });
  }

  /** Nothing made, changed or deleted. */
  clear(): void {
    this.records.clear();
    this.gone.clear();
  }

  private failure(row: FakeRow, status: number, resource: Resource, suffix: string): Step | undefined {
    const code = codeAt(row, status, resource, suffix);
    return code === undefined ? undefined : { kind: 'error', code };
  }
}

/** `body` with the record at `keys` replaced. */
function replace(body: unknown, keys: readonly string[], record: unknown): unknown {
  const [key, ...rest] = keys;
  if (key === undefined) return record;
  return isRecord(body) ? { ...body, [key]: replace(body[key], rest, record) } : body;
}
